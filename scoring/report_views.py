"""The round report for the secretariat (statistics, warnings, charts, the top of the ranking), the paged ranking
itself, and both as XLSX and PDF."""

from io import BytesIO
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog import spreadsheets
from catalog.decorators import secretariat_required
from catalog.enums import JobState
from catalog.jobs import job_status
from catalog.numbers import number_text
from catalog.pdf import pdf_response

from . import charts, report_files
from .aggregation import FLAG_OUTLIER_SHEET, FLAG_TOO_FEW_SHEETS
from .permissions import get_round_for_secretariat
from .results import MemberColumn, Ranking, ReportRow, RoundReport, round_ranking, round_report

AGREEMENT_WORDS = {"poor": gettext_lazy("kém"), "moderate": gettext_lazy("trung bình"), "good": gettext_lazy("tốt"),
                   "excellent": gettext_lazy("rất tốt")}


def _charts(report: RoundReport) -> dict:
    threshold = report.round.threshold
    members = [(m.label, m.deviation.mean_deviation if m.deviation else None, bool(m.deviation and m.deviation.flagged))
               for m in report.members]
    # Our own SVG: every text in it is escaped in scoring.charts.
    return {
        "histogram": mark_safe(charts.histogram(  # noqa: S308
            report.bins, threshold=threshold, title=_("Phân bố điểm trung bình"),
            threshold_label=_("Ngưỡng %(t)s") % {"t": _number(threshold)})),
        "deviations": mark_safe(charts.deviation_bars(  # noqa: S308
            members, title=_("Độ lệch trung bình của từng giám khảo so với hội đồng"))),
    }


def _number(value) -> str:
    return number_text(value, 2)


def flag_texts(members: list[MemberColumn], flags) -> list[str]:
    """The flags of one nomination in words a secretary can act on (members by their label on this report)."""
    labels = {m.user_id: m.label for m in members}
    texts = []
    for flag in flags:
        params = flag.params
        if flag.code == FLAG_TOO_FEW_SHEETS:
            texts.append(_("Chỉ có %(count)d phiếu hợp lệ (tối thiểu %(minimum)d): cần thêm phiếu chấm.")
                         % {"count": params["count"], "minimum": params["minimum"]})
        elif flag.code == FLAG_OUTLIER_SHEET:
            texts.append(_("Phiếu của %(member)s (%(total)s điểm) cách điểm trung bình %(mean)s của hội đồng "
                           "%(distance)s điểm, quá giới hạn %(limit)s: nên xem lại.")
                         % {"member": labels.get(params["judge_id"], "?"), "total": _number(params["total"]),
                            "mean": _number(params["panel_mean"]), "distance": _number(params["distance"]),
                            "limit": _number(params["limit"])})
        else:
            texts.append(flag.code)
    return texts


def _items(ranking: Ranking, rows: list[ReportRow]) -> list[dict]:
    return [{"row": row, "flags": flag_texts(ranking.members, row.flags)} for row in rows]


def _columns(ranking: Ranking) -> int:
    return 9 + len(ranking.group_codes) + len(ranking.members)


def _group(request, selection_round) -> str | None:
    group = request.GET.get("nhom") or None
    return group if group in selection_round.groups else None


@secretariat_required
def round_report_view(request, pk):
    """The statistics of the round and the top of its ranking; the whole ranking is on its own paged page."""
    selection_round = get_round_for_secretariat(request.user, pk)
    report = round_report(selection_round)
    page, rows = report.ranking.page(1)
    flagged_page, flagged_rows = report.flagged_page(request.GET.get("canh-bao"))
    return render(request, "scoring/report.html", {
        "round": selection_round, "report": report, "ranking": report.ranking, "page": page,
        "rows": _items(report.ranking, rows), "flagged_page": flagged_page,
        "flagged_rows": _items(report.ranking, flagged_rows), "charts": _charts(report),
        "agreement_words": AGREEMENT_WORDS, "columns": _columns(report.ranking)})


@secretariat_required
def round_ranking_view(request, pk):
    """The whole ranking of the round (or of one product group), a page at a time."""
    selection_round = get_round_for_secretariat(request.user, pk)
    group = _group(request, selection_round)
    ranking = round_ranking(selection_round, group=group)
    page, rows = ranking.page(request.GET.get("trang"))
    return render(request, "scoring/ranking.html", {
        "round": selection_round, "ranking": ranking, "page": page, "rows": _items(ranking, rows),
        "group": group, "groups": list(zip(selection_round.groups, selection_round.group_labels(), strict=True)),
        "query": urlencode({"nhom": group}) if group else "", "columns": _columns(ranking)})


@secretariat_required
def round_report_pdf(request, pk):
    """The printed report, every row: made now for a small round, else by a background job (report_files)."""
    return _report_file(request, pk, "pdf")


@secretariat_required
def round_report_xlsx(request, pk):
    return _report_file(request, pk, "xlsx")


def _report_file(request, pk, fmt):
    selection_round = get_round_for_secretariat(request.user, pk)
    if not report_files.inline(selection_round, fmt):
        return redirect("scoring:round_report_file", selection_round.pk, fmt)
    content = report_files.render(selection_round, fmt, request=request)
    if fmt == "pdf":
        return pdf_response(content, report_files.filename(selection_round, fmt))
    return spreadsheets.download(content, report_files.filename(selection_round, fmt))


# --- A large round's report files, made by a background job --------------------------------------------------
# The page queues the job and job.js polls its JSON status (any app server answers it from the job row).


def _round(request, pk, fmt):
    """The round (in the secretariat's scope) and a known file format, or 404."""
    if fmt not in report_files.FORMATS:
        raise Http404
    return get_round_for_secretariat(request.user, pk)


def _file_status(selection_round, fmt):
    job = report_files.latest(selection_round, fmt)
    done = job is not None and job.state == JobState.DONE
    url = reverse("scoring:round_report_file_download", args=[selection_round.pk, fmt]) if done else None
    return job, job_status(job, url)


@secretariat_required
def round_report_file(request, pk, fmt):
    selection_round = _round(request, pk, fmt)
    job, status = _file_status(selection_round, fmt)
    return render(request, "scoring/report_file.html", {
        "round": selection_round, "fmt": fmt, "job": job, "status": status,
        "rows": report_files.row_count(selection_round)})


@secretariat_required
@require_POST
def round_report_file_build(request, pk, fmt):
    selection_round = _round(request, pk, fmt)
    _job, mine = report_files.start(selection_round=selection_round, fmt=fmt, by=request.user)
    _job, status = _file_status(selection_round, fmt)  # the immediate backend (demo) has already run it
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(status, status=202 if mine else 409)
    if not mine:
        messages.warning(request, _("Tệp đang được tạo; trang này cho biết tiến độ."))
    return redirect("scoring:round_report_file", selection_round.pk, fmt)


@secretariat_required
def round_report_file_status(request, pk, fmt):
    selection_round = _round(request, pk, fmt)
    return JsonResponse(_file_status(selection_round, fmt)[1])


@secretariat_required
def round_report_file_download(request, pk, fmt):
    selection_round = _round(request, pk, fmt)
    job = report_files.latest(selection_round, fmt)
    if job is None or job.state != JobState.DONE or not job.result:
        raise Http404
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)


def report_workbook(ranking: Ranking, *, on_rows=None) -> bytes:
    """Two sheets: the ranking with per-member totals, and the members' deviation. Written row by row
    (openpyxl's write-only mode) from the ranking read in chunks; `on_rows(done)` hears the progress."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Xếp hạng"))
    sheet.append(spreadsheets.xlsx_row(sheet, [
        _("Hạng"), _("Mã hồ sơ"), _("Sản phẩm"), _("Cơ sở"), _("Nhóm"), _("Điểm trung bình"),
        *[_("Nhóm tiêu chí %(code)s") % {"code": code} for code in ranking.group_codes],
        _("Điểm chuẩn hóa (tham khảo)"), _("Độ lệch chuẩn"), _("Chênh lệch cao–thấp"), _("Số phiếu"),
        _("Đạt ngưỡng"), _("Cảnh báo"),
        *[m.label for m in ranking.members],
    ]))
    for done, row in enumerate(ranking.all_rows(), start=1):
        if on_rows and done % 500 == 0:
            on_rows(done)
        sheet.append(spreadsheets.xlsx_row(sheet, [
            row.ranked.rank, row.nomination.pk, row.nomination.product.name, row.nomination.product.producer.name,
            row.nomination.product.group, row.ranked.average,
            *[row.group_averages.get(code) for code in ranking.group_codes],
            row.zscore, row.spread, row.range, row.sheet_count,
            row.standing[0],
            " ".join(flag_texts(ranking.members, row.flags)),
            *row.member_totals,
        ]))
    members = book.create_sheet(_("Giám khảo"))
    members.append(spreadsheets.xlsx_row(members, [_("Giám khảo"), _("Độ lệch trung bình"), _("Số hồ sơ so sánh"),
                                                   _("Cảnh báo")]))
    for member in ranking.members:
        deviation = member.deviation
        members.append(spreadsheets.xlsx_row(members, [
            member.label, deviation.mean_deviation if deviation else None, deviation.n if deviation else 0,
            _("Chấm lệch") if deviation and deviation.flagged else ""]))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
