"""A round's spreadsheet imports from the secretariat's pages (nominations, jury members, paper score sheets), run as
background jobs (catalog.jobs), so a 10,000-row file is never read inside a request.

The page checks what the upload is and its header (catalog.uploads.validate_spreadsheet_upload, header only: a
request never reads 10,000 rows) and keeps it in private storage under its job (`jobs/<job id>/`); the job reads
every row (a file over the row limit fails there, with that reason). A first job is the dry run: the kind's import
service runs over every row and rolls back, and its result (every row problem, the rows that would be stored) is the
job's result file. Only from that preview can the secretariat confirm; the commit is a second job over the same
stored file, which runs the service again (the data may have changed since the dry run), so it stores nothing if any
row is bad, unless skipping bad rows was chosen. One import of a round runs at a time (one active job per key).
The stored file is deleted IMPORT_UPLOAD_RETENTION_DAYS after its last job ended (`manage.py prune_uploads`); the
jobs' findings stay.

The services are the ones the management command and the admin call (all share the signature `(*, round, dataset,
by, dry_run, skip_bad_rows) -> PaperImportResult`): one definition of every rule.
"""

import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import tablib
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import jobs
from catalog.enums import JobState
from catalog.models import Job, private_storage
from catalog.uploads import validate_spreadsheet_upload

from . import jury_members_import, nomination_import, paper_sheets
from .models import SelectionRound
from .paper_sheets import PaperImportResult
from .permissions import ensure_manages_round

IMPORT_JOB = "round-import"
# The preview lists this many of the rows to be stored (the count is always exact).
PREVIEW_ROWS = 200


@dataclass(frozen=True)
class Kind:
    label: str
    run: Callable[..., PaperImportResult]
    headers: Callable[[SelectionRound], list[str]]


KINDS: dict[str, Kind] = {
    "nominations": Kind(gettext_lazy("Hồ sơ đề cử"), nomination_import.import_nominations,
                        lambda r: [nomination_import.TAX_CODE, nomination_import.PRODUCT,
                                   nomination_import.PRODUCT_ID]),
    "jury-members": Kind(gettext_lazy("Thành viên ban giám khảo"), jury_members_import.import_jury_members,
                         lambda r: [jury_members_import.JURY, jury_members_import.EMAIL, jury_members_import.ROLE]),
    "score-sheets": Kind(gettext_lazy("Phiếu chấm giấy"), paper_sheets.import_paper_sheets,
                         lambda r: [paper_sheets.NOMINATION, paper_sheets.PRODUCT, paper_sheets.MEMBER,
                                    *paper_sheets._codes(r)]),
}


def key(selection_round: SelectionRound) -> str:
    return f"{IMPORT_JOB}:{selection_round.pk}"


def blank_template(*, round: SelectionRound, kind: str) -> tablib.Dataset:
    """The kind's file with its Vietnamese headers and no rows (score sheets: one column per criterion code)."""
    return tablib.Dataset(headers=KINDS[kind].headers(round))


def _start(*, round: SelectionRound, params: dict, by, total: int) -> Job:
    job, mine = jobs.start(kind=IMPORT_JOB, key=key(round), params=params, by=by, total=total)
    if not mine:
        raise ValidationError(_("Một lần nhập khác của đợt này đang chạy; hãy chờ nó xong rồi thử lại."))
    return job


@transaction.atomic
def check_spreadsheet(*, round: SelectionRound, kind: str, upload, by) -> Job:
    """Queue the dry run of an uploaded file. Side effects: the file is kept in private storage under the job;
    the job runs after commit. Raises ValidationError (a refused file, an unknown kind, an import running)."""
    ensure_manages_round(by, round)
    if kind not in KINDS:
        raise ValidationError(_("Hãy chọn loại dữ liệu cần nhập."))
    sheet = validate_spreadsheet_upload(upload, header_only=True)  # the job reads every row (and counts them)
    job = _start(round=round, params={"round": round.pk, "kind": kind, "dry_run": True, "skip_bad_rows": False},
                 by=by, total=0)
    # Stored before the commit that lets the job run, so the worker always finds it.
    job.params["file"] = private_storage().save(f"jobs/{job.pk}/tep-nhap.{sheet.extension}",
                                                ContentFile(sheet.content))
    job.save(update_fields=["params"])
    return job


def is_confirmable(job: Job, result: dict | None, latest: Job | None) -> bool:
    """A dry run may be confirmed while it is the round's latest import job, found something to store and its
    uploaded file is still kept (catalog.jobs.prune_files deletes it some days after the job)."""
    return (job.state == JobState.DONE and job.params.get("dry_run") is True and result is not None
            and latest is not None and latest.pk == job.pk and result["count"] > 0 and job.files_pruned_at is None)


@transaction.atomic
def confirm_import(*, round: SelectionRound, checked: Job, by, skip_bad_rows: bool = False) -> Job:
    """Queue the commit of a checked file: the same file and kind as the dry run `checked`.

    Side effects: a job that runs the import for real (all or nothing unless `skip_bad_rows`). Raises
    ValidationError when the dry run is not the round's latest, found nothing to store, or found bad rows and
    skipping was not chosen.
    """
    ensure_manages_round(by, round)
    result = read_result(checked)
    if not is_confirmable(checked, result, jobs.latest(key(round))):
        raise ValidationError(_("Lần kiểm tra này không còn nhập được; hãy tải tệp lên lại."))
    if result["errors"] and not skip_bad_rows:
        raise ValidationError(_("Tệp có %(count)d lỗi: hãy sửa tệp và tải lên lại, hoặc chọn “bỏ qua dòng lỗi”.")
                              % {"count": len(result["errors"])})
    params = {**checked.params, "dry_run": False, "skip_bad_rows": skip_bad_rows, "checked": checked.pk}
    return _start(round=round, params=params, by=by, total=checked.total)


def read_result(job: Job) -> dict | None:
    """What a finished import job found (see `run_import`), or None before it is done."""
    if job.state != JobState.DONE or not job.result:
        return None
    with job.result.open("rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def _text(value) -> str:
    return "" if value is None else str(value)


@jobs.handler(IMPORT_JOB)
def run_import(job: Job) -> jobs.JobOutput:
    """The job's side: read the stored file again, run the kind's import service, keep what it found as JSON:
    {dry_run, skip_bad_rows, count, errors: [{row, column, message, text}], headers, rows: [[row, cells]]}."""
    selection_round = SelectionRound.objects.filter(pk=job.params.get("round")).first()
    kind = KINDS.get(job.params.get("kind"))
    if selection_round is None or kind is None or job.created_by is None:
        raise jobs.JobError(_("Đợt bình chọn hoặc người nhập không còn nữa."))
    name = job.params.get("file", "")
    try:
        with private_storage().open(name, "rb") as handle:
            sheet = validate_spreadsheet_upload(File(handle, name=name))
    except FileNotFoundError:
        raise jobs.JobError(_("Tệp đã tải lên không còn nữa; hãy tải lên lại.")) from None
    except ValidationError as exc:
        raise jobs.JobError(" ".join(exc.messages)) from None
    total = len(sheet.dataset)
    jobs.progress(job, 0, total=total)
    # The rows go in one transaction (all or nothing): the count is written beside it as the rows are reached.
    beside = jobs.ProgressBeside(job)
    try:
        result = kind.run(round=selection_round, dataset=sheet.dataset, by=job.created_by,
                          dry_run=job.params["dry_run"], skip_bad_rows=job.params["skip_bad_rows"], on_row=beside)
    except ValidationError as exc:  # the account no longer manages the round
        raise jobs.JobError(" ".join(exc.messages)) from None
    finally:
        beside.close()
    jobs.progress(job, total)
    payload = {
        "dry_run": result.dry_run, "skip_bad_rows": job.params["skip_bad_rows"], "count": result.submitted,
        "errors": [{"row": e.row, "column": e.column, "message": str(e.message), "text": str(e)}
                   for e in result.errors],
        "headers": list(sheet.dataset.headers),
        "rows": [[number, [_text(value) for value in sheet.dataset[number - 1]]]
                 for number in result.rows[:PREVIEW_ROWS]],
    }
    content = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return jobs.JobOutput(f"ket-qua-nhap-{job.pk}.json", io.BytesIO(content))
