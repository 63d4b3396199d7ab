"""The secretariat's list exports (XLSX or CSV, with the list's current filters) that may be large: made in the
request for a small list, by a background job past EXPORT_INLINE_MAX_ROWS rows.

Each such list is one `ListExport` in LISTS: the list's owner (a round, a decision, the secretary for a list
of their scope), the page's own filter and funnel (`rows`), the file (`render`, through an import-export resource
whose cells NeutralisedExport neutralises). The page (`?export=` on its address) and the job call the same
`rows` and `render`, so the file is the same whichever makes it. The filters travel with the job as a canonical
query string (only the list's filter fields, sorted), which also names the job's key with the owner: two
secretaries asking for the same filtered list share one job (a list of one secretary's scope is keyed by them),
any app server shows its progress and serves its file. The pages and their four addresses are
scoring.views.list_export*; the small lists of the secretariat (complaints, public comments...) are made in the
request only (catalog.spreadsheets.requested_format).
"""

import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from catalog import jobs, spreadsheets
from catalog.collation import vietnamese
from catalog.models import AuditEntry, Job, User

from . import queries
from .filters import NominationFilter
from .forms import AuditFilterForm
from .models import SelectionRound
from .permissions import get_round_for_secretariat
from .resources import AuditEntryResource, NominationResource

EXPORT_JOB = "nominations-export"
FORMATS = spreadsheets.FORMATS
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class ListExport:
    """One list whose file a job may make.

    - `funnel(user, pk)`: the list page's access funnel, giving the owner (404 when out of reach); `url_args(owner)`
      the owner's part of the addresses.
    - `owner_params(owner)`: the job's parameters naming the owner; `load(params)` finds it again in the worker
      (None: gone, `gone` says so).
    - `rows(owner, data, request=None)`: the page's own filtered queryset and the canonical query of the filters
      it applied; `dataset(rows, owner)` the import-export resource's export; `filename(owner)` without extension.
    - `page`: the URL name of the progress page (and `_build`, `_status`, `_download`); `back`: the list's;
      `template`: the progress page's."""

    kind: str
    funnel: Callable[[object, int | None], object]
    url_args: Callable[[object], list]
    owner_params: Callable[[object], dict]
    load: Callable[[dict], object | None]
    rows: Callable[..., tuple[QuerySet, str]]
    dataset: Callable[[Iterable, object], object]
    filename: Callable[[object], str]
    page: str
    back: str
    template: str = "scoring/list_export.html"
    gone: str = gettext_lazy("Danh sách không còn nữa.")


LISTS: dict[str, ListExport] = {}


def register(spec: ListExport) -> ListExport:
    LISTS[spec.kind] = spec
    jobs.handler(spec.kind, disposable_result=True)(build)  # prune_uploads may delete its file: it can be made again
    return spec


def inline(rows: int) -> bool:
    """Whether the file is small enough to make while the user waits for the response."""
    return rows <= settings.EXPORT_INLINE_MAX_ROWS


def _counted(rows: QuerySet, on_rows) -> Iterable:
    """The rows, one query in chunks, telling `on_rows(done)` every PROGRESS_EVERY rows (a job's progress)."""
    for done, row in enumerate(rows.iterator(chunk_size=2000), start=1):
        if on_rows and done % PROGRESS_EVERY == 0:
            on_rows(done)
        yield row


def file(spec: ListExport, rows: QuerySet, fmt: str, owner, *, on_rows=None) -> tuple[bytes, str]:
    """The file's bytes and name (the request's download and the job's result)."""
    source = _counted(rows, on_rows) if on_rows else rows
    return spreadsheets.dataset_file(spec.dataset(source, owner), fmt, spec.filename(owner))


def list_key(spec: ListExport, owner, fmt: str, query: str) -> str:
    owner_part = ":".join(str(value) for _name, value in sorted(spec.owner_params(owner).items()))
    digest = hashlib.sha256(query.encode()).hexdigest()[:16]
    return f"{spec.kind}:{fmt}:{owner_part}:{digest}"


def start_list(spec: ListExport, *, owner, fmt: str, query: str, total: int, by=None) -> tuple[Job, bool]:
    """Queue the file's build: (job, True) when queued now, (the running job, False) when one runs already."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return jobs.start(kind=spec.kind, key=list_key(spec, owner, fmt, query),
                      params={**spec.owner_params(owner), "fmt": fmt, "query": query}, by=by, total=total)


def latest_list(spec: ListExport, owner, fmt: str, query: str) -> Job | None:
    return jobs.latest(list_key(spec, owner, fmt, query))


def build(job: Job) -> jobs.JobOutput:
    """The job's side: the same file as the request makes, kept as the job's result once complete (a killed
    worker leaves nothing half-made; the job runs again from the start)."""
    spec = LISTS[job.kind]
    owner = spec.load(job.params)
    if owner is None:
        raise jobs.JobError(str(spec.gone))
    queryset, _query = spec.rows(owner, QueryDict(job.params["query"]))
    jobs.progress(job, 0, queryset.count())
    content, name = file(spec, queryset, job.params["fmt"], owner, on_rows=lambda done: jobs.progress(job, done))
    jobs.progress(job, job.total)
    return jobs.JobOutput(name, io.BytesIO(content))


# --- The round's nominations (scoring:round_nominations) ----------------------------------------------------


def nomination_filter(selection_round: SelectionRound, data, request=None) -> NominationFilter:
    """The round's nominations as the secretariat's list shows them (province, then product, in Vietnamese
    order), filtered by `data` (the list's query parameters)."""
    nominations = queries.with_completeness(
        selection_round.nominations.select_related("product", "product__producer", "product__producer__province")
    ).order_by(vietnamese("product__producer__province__name"), vietnamese("product__name"))
    return NominationFilter(data or None, queryset=nominations, request=request)


def filter_query(filterset: NominationFilter) -> str:
    """The filters the list applies (valid, non-empty, sorted by name) as a query string: what a job keeps to
    make the same list again. Other parameters (export, page) and refused values are left out."""
    if not filterset.is_bound:
        return ""
    errors = filterset.form.errors
    data = filterset.data
    return urlencode([(name, data.get(name)) for name in sorted(filterset.filters)
                      if data.get(name) and name not in errors])


def filename(selection_round: SelectionRound) -> str:
    """Without extension (catalog.spreadsheets adds it)."""
    return f"ho-so-dot-{selection_round.pk}"


def _nomination_rows(selection_round, data, request=None):
    filterset = nomination_filter(selection_round, data, request=request)
    return filterset.qs, filter_query(filterset)


NOMINATIONS = register(ListExport(
    kind=EXPORT_JOB, funnel=get_round_for_secretariat, url_args=lambda selection_round: [selection_round.pk],
    owner_params=lambda selection_round: {"round": selection_round.pk},
    load=lambda params: SelectionRound.objects.filter(pk=params["round"]).first(),
    rows=_nomination_rows, dataset=lambda rows, _round: NominationResource().export(rows), filename=filename,
    page="scoring:nominations_export", back="scoring:round_nominations", template="scoring/nominations_export.html",
    gone=gettext_lazy("Đợt bình chọn không còn nữa.")))


def render(queryset, fmt: str, selection_round: SelectionRound, *, on_rows=None) -> tuple[bytes, str]:
    """The nominations file's bytes and name. `on_rows(done)` is told how many rows are written, as they are."""
    return file(NOMINATIONS, queryset, fmt, selection_round, on_rows=on_rows)


def start(*, selection_round: SelectionRound, fmt: str, query: str, total: int, by=None) -> tuple[Job, bool]:
    return start_list(NOMINATIONS, owner=selection_round, fmt=fmt, query=query, total=total, by=by)


def latest(selection_round: SelectionRound, fmt: str, query: str) -> Job | None:
    return latest_list(NOMINATIONS, selection_round, fmt, query)


# --- The round's audit log (scoring:round_audit) -------------------------------------------------------------


def audit_entries(selection_round: SelectionRound, action: str = "") -> QuerySet[AuditEntry]:
    """The round's log as its page lists it, newest first, of one action when `action` is given."""
    entries = AuditEntry.objects.filter(round_id=selection_round.pk).order_by("-seq")
    return entries.filter(action=action) if action else entries


def _audit_rows(selection_round, data, request=None):
    form = AuditFilterForm(data)
    action = form.cleaned_data["hanh_dong"] if form.is_valid() else ""
    return audit_entries(selection_round, action), urlencode({"hanh_dong": action}) if action else ""


def _audit_dataset(rows, selection_round):
    actors = User.objects.filter(pk__in=AuditEntry.objects.filter(round_id=selection_round.pk).values("actor_id"))
    return AuditEntryResource(actors={user.pk: user.full_name or user.email for user in actors}).export(rows)


AUDIT = register(ListExport(
    kind="audit-export", funnel=get_round_for_secretariat, url_args=lambda selection_round: [selection_round.pk],
    owner_params=lambda selection_round: {"round": selection_round.pk},
    load=lambda params: SelectionRound.objects.filter(pk=params["round"]).first(), rows=_audit_rows,
    dataset=_audit_dataset, filename=lambda selection_round: f"nhat-ky-dot-{selection_round.pk}",
    page="scoring:round_audit_export", back="scoring:round_audit", gone=gettext_lazy("Đợt bình chọn không còn nữa.")))
