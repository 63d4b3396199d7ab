"""The round report's files (PDF, XLSX): made in the request for a small round, by a background job past a size.

WeasyPrint lays out every row of the PDF (about 10 rows a second on a small machine) and the XLSX reads the
whole ranking, so for a national round either would hold a request for minutes. Past REPORT_INLINE_MAX_ROWS
(PDF) or EXPORT_INLINE_MAX_ROWS (XLSX, like every large spreadsheet export)
the download link leads to a page that queues a job (catalog.jobs) and shows its progress; the file is kept as
the job's result and served by any app server. One definition of each file: the request and the job call the
same `render`.
"""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import jobs
from catalog.models import Job
from catalog.pdf import render_pdf

from . import ranking_queries
from .models import SelectionRound

REPORT_JOB = "round-report"
FORMATS = ("pdf", "xlsx")


def row_count(selection_round: SelectionRound) -> int:
    return ranking_queries.ranking(selection_round).count()


def inline(selection_round: SelectionRound, fmt: str) -> bool:
    """Whether the file is small enough to make while the user waits for the response."""
    limit = settings.EXPORT_INLINE_MAX_ROWS if fmt == "xlsx" else settings.REPORT_INLINE_MAX_ROWS[fmt]
    return row_count(selection_round) <= limit


def filename(selection_round: SelectionRound, fmt: str) -> str:
    return f"bao-cao-ket-qua-dot-{selection_round.pk}.{fmt}"


def render(selection_round: SelectionRound, fmt: str, *, request=None, on_rows=None) -> bytes:
    """The file's bytes. `on_rows(done)` is told how many ranking rows are written, as they are."""
    from .report_views import AGREEMENT_WORDS, _charts, _columns, _items, report_workbook
    from .results import round_ranking, round_report

    if fmt == "xlsx":
        return report_workbook(round_ranking(selection_round), on_rows=on_rows)
    report = round_report(selection_round)
    rows = []
    for row in report.ranking.all_rows():
        rows.append(row)
        if on_rows and len(rows) % 100 == 0:
            on_rows(len(rows))
    context = {"round": selection_round, "report": report, "ranking": report.ranking,
               "rows": _items(report.ranking, rows), "charts": _charts(report),
               "agreement_words": AGREEMENT_WORDS, "today": timezone.localdate(),
               "columns": _columns(report.ranking)}
    return render_pdf("scoring/pdf/report.html", context, request=request)


def key(selection_round: SelectionRound, fmt: str) -> str:
    return f"{REPORT_JOB}:{fmt}:{selection_round.pk}"


def start(*, selection_round: SelectionRound, fmt: str, by=None) -> tuple[Job, bool]:
    """Queue the file's build: (job, True) when queued now, (the running job, False) when one runs already."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return jobs.start(kind=REPORT_JOB, key=key(selection_round, fmt),
                      params={"round": selection_round.pk, "fmt": fmt}, by=by, total=row_count(selection_round))


def latest(selection_round: SelectionRound, fmt: str) -> Job | None:
    return jobs.latest(key(selection_round, fmt))


@jobs.handler(REPORT_JOB, disposable_result=True)
def build(job: Job) -> jobs.JobOutput:
    """The job's side: the same file as the request makes, kept as the job's result once complete (a killed
    worker leaves nothing half-made; the job runs again from the start)."""
    selection_round = SelectionRound.objects.filter(pk=job.params["round"]).first()
    if selection_round is None:
        raise jobs.JobError(_("Đợt bình chọn không còn nữa."))
    fmt = job.params["fmt"]
    content = render(selection_round, fmt, on_rows=lambda done: jobs.progress(job, done))
    jobs.progress(job, job.total)
    return jobs.JobOutput(filename(selection_round, fmt), io.BytesIO(content))
