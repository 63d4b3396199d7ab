"""The secretariat's export of a round's nominations (XLSX or CSV, with the list's current filters): made in the
request for a small list, by a background job past EXPORT_INLINE_MAX_ROWS rows.

The filters travel with the job as a canonical query string (only the list's filter fields, sorted), which
also names the job's key: two secretaries asking for the same filtered list share one job, any app server shows
its progress and serves its file. One definition of the file: the request and the job call the same `render`,
through the import-export resource (cells neutralised by NeutralisedExport and catalog.spreadsheets).
"""

import hashlib
import io
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

from catalog import jobs, spreadsheets
from catalog.collation import vietnamese
from catalog.models import Job

from . import queries
from .filters import NominationFilter
from .models import SelectionRound
from .resources import NominationResource

EXPORT_JOB = "nominations-export"
FORMATS = spreadsheets.FORMATS


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


def inline(rows: int) -> bool:
    """Whether the file is small enough to make while the user waits for the response."""
    return rows <= settings.EXPORT_INLINE_MAX_ROWS


def filename(selection_round: SelectionRound) -> str:
    """Without extension (catalog.spreadsheets adds it)."""
    return f"ho-so-dot-{selection_round.pk}"


def render(queryset, fmt: str, selection_round: SelectionRound, *, on_rows=None) -> tuple[bytes, str]:
    """The file's bytes and name. `on_rows(done)` is told how many rows are written, as they are."""
    dataset = NominationResource(on_rows=on_rows).export(queryset)
    return spreadsheets.dataset_file(dataset, fmt, filename(selection_round))


def key(selection_round: SelectionRound, fmt: str, query: str) -> str:
    digest = hashlib.sha256(query.encode()).hexdigest()[:16]
    return f"{EXPORT_JOB}:{fmt}:{selection_round.pk}:{digest}"


def start(*, selection_round: SelectionRound, fmt: str, query: str, total: int, by=None) -> tuple[Job, bool]:
    """Queue the file's build: (job, True) when queued now, (the running job, False) when one runs already."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return jobs.start(kind=EXPORT_JOB, key=key(selection_round, fmt, query),
                      params={"round": selection_round.pk, "fmt": fmt, "query": query}, by=by, total=total)


def latest(selection_round: SelectionRound, fmt: str, query: str) -> Job | None:
    return jobs.latest(key(selection_round, fmt, query))


@jobs.handler(EXPORT_JOB)
def build(job: Job) -> jobs.JobOutput:
    """The job's side: the same file as the request makes, kept as the job's result once complete (a killed
    worker leaves nothing half-made; the job runs again from the start)."""
    selection_round = SelectionRound.objects.filter(pk=job.params["round"]).first()
    if selection_round is None:
        raise jobs.JobError(_("Đợt bình chọn không còn nữa."))
    queryset = nomination_filter(selection_round, QueryDict(job.params["query"])).qs
    jobs.progress(job, 0, queryset.count())
    content, name = render(queryset, job.params["fmt"], selection_round,
                           on_rows=lambda done: jobs.progress(job, done))
    jobs.progress(job, job.total)
    return jobs.JobOutput(name, io.BytesIO(content))
