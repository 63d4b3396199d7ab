"""The round report for the secretariat: ranking, per-member totals, flags, agreement, charts; XLSX and PDF."""

from io import BytesIO

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.decorators import secretariat_required
from catalog.pdf import pdf_response, render_pdf

from . import charts
from .aggregation import FLAG_OUTLIER_SHEET, FLAG_TOO_FEW_SHEETS
from .permissions import get_round_for_secretariat
from .results import RoundReport, round_report

AGREEMENT_WORDS = {"poor": gettext_lazy("kém"), "moderate": gettext_lazy("trung bình"), "good": gettext_lazy("tốt"),
                   "excellent": gettext_lazy("rất tốt")}


def _charts(report: RoundReport) -> dict:
    averages = [row.ranked.average for row in report.rows if row.ranked.average is not None]
    threshold = report.round.threshold
    members = [(m.label, m.deviation.mean_deviation if m.deviation else None, bool(m.deviation and m.deviation.flagged))
               for m in report.members]
    # Our own SVG: every text in it is escaped in scoring.charts.
    return {
        "histogram": mark_safe(charts.histogram(  # noqa: S308
            averages, threshold=threshold, title=_("Phân bố điểm trung bình"),
            threshold_label=_("Ngưỡng %(t)s") % {"t": _number(threshold)})),
        "deviations": mark_safe(charts.deviation_bars(  # noqa: S308
            members, title=_("Độ lệch trung bình của từng giám khảo so với hội đồng"))),
    }


def _number(value) -> str:
    return formats.number_format(value, 2, use_l10n=True)


def flag_texts(report: RoundReport, flags) -> list[str]:
    """The flags of one nomination in words a secretary can act on (members by their label on this report)."""
    labels = {m.user_id: m.label for m in report.members}
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


def _context(report: RoundReport) -> dict:
    rows = [{"row": row, "flags": flag_texts(report, row.result.flags)} for row in report.rows]
    return {"round": report.round, "report": report, "rows": rows, "charts": _charts(report),
            "agreement_words": AGREEMENT_WORDS, "today": timezone.localdate(),
            "columns": 9 + len(report.group_codes) + len(report.members)}


@secretariat_required
def round_report_view(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    return render(request, "scoring/report.html", _context(round_report(selection_round)))


@secretariat_required
def round_report_pdf(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    content = render_pdf("scoring/pdf/report.html", _context(round_report(selection_round)), request=request)
    return pdf_response(content, f"bao-cao-ket-qua-dot-{selection_round.pk}.pdf")


@secretariat_required
def round_report_xlsx(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    content = report_workbook(round_report(selection_round))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-ket-qua-dot-{selection_round.pk}.xlsx"'
    return response


def report_workbook(report: RoundReport) -> bytes:
    """Two sheets: the ranking with per-member totals, and the members' deviation."""
    from openpyxl import Workbook

    book = Workbook()
    ranking = book.active
    ranking.title = _("Xếp hạng")
    ranking.append([
        _("Hạng"), _("Mã hồ sơ"), _("Sản phẩm"), _("Cơ sở"), _("Nhóm"), _("Điểm trung bình"),
        *[_("Nhóm tiêu chí %(code)s") % {"code": code} for code in report.group_codes],
        _("Điểm chuẩn hóa (tham khảo)"), _("Độ lệch chuẩn"), _("Chênh lệch cao–thấp"), _("Số phiếu"),
        _("Đạt ngưỡng"), _("Cảnh báo"),
        *[m.label for m in report.members],
    ])
    for row in report.rows:
        result = row.result
        ranking.append([
            row.ranked.rank, row.nomination.pk, row.nomination.product.name, row.nomination.product.producer.name,
            row.nomination.product.group, row.ranked.average,
            *[result.group_averages.get(code) for code in report.group_codes],
            row.zscore, result.spread, result.range, result.sheet_count,
            _("Đạt") if row.ranked.passes else _("Không đạt"),
            " ".join(flag_texts(report, result.flags)),
            *row.member_totals,
        ])
    members = book.create_sheet(_("Giám khảo"))
    members.append([_("Giám khảo"), _("Độ lệch trung bình"), _("Số hồ sơ so sánh"), _("Cảnh báo")])
    for member in report.members:
        deviation = member.deviation
        members.append([member.label, deviation.mean_deviation if deviation else None, deviation.n if deviation else 0,
                        _("Chấm lệch") if deviation and deviation.flagged else ""])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
