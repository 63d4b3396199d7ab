"""Periodic reports: a province's report to the ministry and the ministry's national summary, for a year or a half.

`generate` computes every figure once and stores them in the report (`PeriodicReport.figures`): downloading it
again, as XLSX or PDF, renders the same numbers; generating again makes a new snapshot. The figures, for the
report's scope (a province with its old units, or the whole country) and period:
- rounds held: rounds whose registration closed in the period, their entries, accepted dossiers, and, once the
  results decision is published, those at or above the threshold, recognised and forwarded;
- recognised products by level and product group: certificates issued in the period, not revoked when the report
  is generated;
- certificates issued and revoked in the period, by level;
- products forwarded upward from the scope's rounds in the period, by level and by the producer's answer;
- complaints filed in the period: answered in time, answered late, open and overdue, open and not yet due;
- holders' annual reports of the period's year (the province's cycle; every province's for the national one);
- in the national summary, the main figures province by province.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.collation import vietnamese
from catalog.enums import Level, ProductGroup
from catalog.models import Province
from catalog.pdf import render_pdf
from catalog.spreadsheets import Sheet, xlsx
from scoring.enums import ForwardingState, NominationState
from scoring.models import Forwarding, SelectionRound

from ..models import Complaint
from . import annual
from . import statistics as st
from .audience import MINISTRY, Audience, for_province
from .enums import Half, PeriodicReportKind
from .filters import Filters
from .models import AnnualReportCycle, PeriodicReport, RoundResult
from .permissions import covers, is_national
from .tables import Table


def period(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the year, or of its first or second half."""
    if half == Half.FIRST:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if half == Half.SECOND:
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _level_label(level: str) -> str:
    return str(Level(level).label)


def _used_levels(*counters) -> list[str]:
    return [level for level in Level.values if any(counter.get(level) for counter in counters)]


# --- The figures ---------------------------------------------------------------------------------------------


def rounds_table(audience: Audience, start: datetime.date, end: datetime.date) -> Table:
    rounds = (SelectionRound.objects.filter(st.round_scope(audience), registration_closes__range=(start, end))
              .select_related("scope_province", "scope_region")
              .annotate(entered=Count("nominations", filter=Q(nominations__submitted_at__isnull=False)),
                        accepted=Count("nominations", filter=Q(nominations__state=NominationState.ACCEPTED)))
              .order_by("registration_closes", vietnamese("title"), "pk"))
    rounds = list(rounds)
    results = {r.round_id: r for r in RoundResult.objects.filter(round__in=rounds)}
    forwarded = dict(Forwarding.objects.filter(from_round__in=rounds).values_list("from_round_id")
                     .annotate(n=Count("*")).order_by())
    rows = []
    for r in rounds:
        result = results.get(r.pk)
        rows.append([r.title, _level_label(r.level), r.scope_label, str(r.get_state_display()), r.entered, r.accepted,
                     result.eligible if result else None, result.recognised if result else None,
                     forwarded.get(r.pk, 0)])
    footer = [_("Tổng cộng: %(n)s đợt") % {"n": len(rows)}, "", "", "",
              *[sum(row[i] or 0 for row in rows) for i in range(4, 9)]]
    return Table(title=_("Đợt bình chọn tổ chức trong kỳ"), headers=[
        _("Đợt bình chọn"), _("Cấp"), _("Phạm vi"), _("Trạng thái"), _("Hồ sơ đăng ký"), _("Hồ sơ được tiếp nhận"),
        _("Đạt ngưỡng điểm"), _("Được công nhận"), _("Chuyển lên cấp trên")], rows=rows, footer=footer)


def _issued_in(facts, start: datetime.date, end: datetime.date):
    return facts.filter(issued_on__range=(start, end))


def recognised_table(audience: Audience, start: datetime.date, end: datetime.date, on: datetime.date) -> Table:
    counts = Counter()
    for group, level, n in _issued_in(st.recognitions(audience, Filters(), on), start, end).values_list(
            "group", "level").annotate(n=Count("*")):
        counts[(group, level)] += n
    levels = _used_levels({level: n for (_g, level), n in counts.items()}) or [Level.PROVINCE]
    rows = [[str(label), *[counts[(group, level)] for level in levels],
             sum(counts[(group, level)] for level in levels)] for group, label in ProductGroup.choices]
    footer = [_("Tổng cộng"), *[sum(counts[(g, level)] for g in ProductGroup.values) for level in levels],
              sum(counts.values())]
    return Table(title=_("Sản phẩm được công nhận trong kỳ theo nhóm và cấp"),
                 headers=[_("Nhóm sản phẩm"), *map(_level_label, levels), _("Tổng")], rows=rows, footer=footer)


def certificates_table(audience: Audience, start: datetime.date, end: datetime.date) -> Table:
    facts = st.certificates(audience, Filters(), end)
    issued = Counter(dict(_issued_in(facts, start, end).values_list("level").annotate(n=Count("*"))))
    # Revoked in the period: revoked by its last day and not already by the day before it began.
    revoked = Counter(dict(facts.revoked(end).values_list("level").annotate(n=Count("*"))))
    revoked.subtract(dict(facts.revoked(start - datetime.timedelta(days=1)).values_list("level")
                          .annotate(n=Count("*"))))
    levels = _used_levels(issued, revoked) or [Level.PROVINCE]
    rows = [[_level_label(level), issued[level], revoked[level]] for level in levels]
    return Table(title=_("Giấy chứng nhận cấp và thu hồi trong kỳ"),
                 headers=[_("Cấp"), _("Cấp mới"), _("Thu hồi")], rows=rows,
                 footer=[_("Tổng cộng"), sum(issued.values()), sum(revoked.values())])


def forwarded_table(audience: Audience, start: datetime.date, end: datetime.date) -> Table:
    forwardings = Forwarding.objects.filter(from_round__in=SelectionRound.objects.filter(st.round_scope(audience)))
    counts = Counter()
    for level, state, created_at in forwardings.values_list("from_round__level", "state", "created_at"):
        if start <= timezone.localdate(created_at) <= end:
            counts[(level, state)] += 1
    levels = _used_levels({level: 1 for level, _state in counts}) or [Level.PROVINCE]
    states = list(ForwardingState.choices)
    rows = [[_level_label(level), *[counts[(level, state)] for state, _label in states],
             sum(counts[(level, state)] for state, _label in states)] for level in levels]
    return Table(title=_("Sản phẩm đề nghị lên cấp trên trong kỳ"),
                 headers=[_("Từ đợt cấp"), *[str(label) for _state, label in states], _("Tổng")], rows=rows,
                 footer=[_("Tổng cộng"), *[sum(counts[(lv, state)] for lv in levels) for state, _l in states],
                         sum(counts.values())])


def complaints_table(audience: Audience, start: datetime.date, end: datetime.date, on: datetime.date) -> Table:
    complaints = Complaint.objects.filter(decision__round__in=SelectionRound.objects.filter(st.round_scope(audience)))
    counts = Counter()
    for filed_at, answer_due, answered_at in complaints.values_list("filed_at", "answer_due", "answered_at"):
        if not start <= timezone.localdate(filed_at) <= end:
            continue
        counts["received"] += 1
        if answered_at is not None:
            counts["in_time" if timezone.localdate(answered_at) <= answer_due else "late"] += 1
        else:
            counts["overdue" if on > answer_due else "open"] += 1
    rows = [[_("Khiếu nại nhận trong kỳ"), counts["received"]],
            [_("Đã trả lời đúng hạn"), counts["in_time"]],
            [_("Đã trả lời quá hạn"), counts["late"]],
            [_("Chưa trả lời, đã quá hạn"), counts["overdue"]],
            [_("Chưa trả lời, còn trong hạn"), counts["open"]],
            [_("Tỉ lệ trả lời đúng hạn (%)"), st.rate(counts["in_time"], counts["received"])]]
    return Table(title=_("Khiếu nại"), headers=[_("Chỉ tiêu"), _("Số lượng")], rows=rows)


def _cycles(kind: str, province: Province | None, year: int) -> list[AnnualReportCycle]:
    cycles = AnnualReportCycle.objects.filter(year=year).select_related("province")
    return list(cycles if kind == PeriodicReportKind.NATIONAL else cycles.filter(province=province))


def holders_table(cycles: list[AnnualReportCycle], year: int, on: datetime.date) -> Table:
    rows = [[label, value] for label, value in annual.aggregate(cycles, on=on).rows()]
    title = _("Báo cáo hằng năm của cơ sở có giấy chứng nhận (năm %(year)s)") % {"year": year}
    if not cycles:
        rows = [[_("Chưa mở đợt báo cáo hằng năm cho năm này."), None]]
    return Table(title=title, headers=[_("Chỉ tiêu"), _("Số liệu")], rows=rows)


def provinces_table(start: datetime.date, end: datetime.date, on: datetime.date,
                    cycles: list[AnnualReportCycle]) -> Table:
    """The national summary's line per province: recognitions and revocations in the period, rounds held, holders'
    reports submitted."""
    units = st.Units(on)
    facts = st.certificates(MINISTRY, Filters(), on)
    figures: dict[str, Counter] = defaultdict(Counter)
    for province_id, n in _issued_in(st.recognitions(MINISTRY, Filters(), on), start, end).values_list(
            "province_id").annotate(n=Count("*")):
        figures[units.unit(province_id).code]["recognised"] += n
    # Revoked in the period: by its last day and not already by the day before it began (as certificates_table).
    for sign, day in ((1, end), (-1, start - datetime.timedelta(days=1))):
        for province_id, n in facts.revoked(day).values_list("province_id").annotate(n=Count("*")):
            figures[units.unit(province_id).code]["revoked"] += sign * n
    for province_id, n in (SelectionRound.objects.filter(registration_closes__range=(start, end),
                                                         scope_province__isnull=False)
                           .values_list("scope_province_id").annotate(n=Count("*")).order_by()):
        figures[units.unit(province_id).code]["rounds"] += n
    for cycle in cycles:
        result = annual.aggregate([cycle], on=on)
        figures[cycle.province.code]["holders"] += result.holders
        figures[cycle.province.code]["submitted"] += result.submitted
    keys = ("rounds", "recognised", "revoked", "holders", "submitted")
    rows = [[province.name, *[figures[province.code][key] for key in keys]] for province in units.current]
    return Table(title=_("Số liệu theo tỉnh/thành phố"), headers=[
        _("Tỉnh/thành phố"), _("Đợt bình chọn cấp tỉnh, xã"), _("Sản phẩm được công nhận"),
        _("Giấy chứng nhận thu hồi"), _("Cơ sở phải báo cáo hằng năm"), _("Báo cáo đã nộp")], rows=rows,
        footer=[_("Tổng cộng"), *[sum(row[i] for row in rows) for i in range(1, len(keys) + 1)]])


def compute(*, kind: str, province: Province | None, year: int, half: int, on: datetime.date) -> dict:
    """Every figure of the report, as JSON (see the module docstring)."""
    audience = MINISTRY if kind == PeriodicReportKind.NATIONAL else for_province(province)
    start, end = period(year, half)
    cycles = _cycles(kind, province, year)
    tables = [rounds_table(audience, start, end), recognised_table(audience, start, end, on),
              certificates_table(audience, start, end), forwarded_table(audience, start, end),
              complaints_table(audience, start, end, on), holders_table(cycles, year, on)]
    if kind == PeriodicReportKind.NATIONAL:
        tables.append(provinces_table(start, end, on, cycles))
    return {"start": start.isoformat(), "end": end.isoformat(), "computed_on": on.isoformat(),
            "scope": province.name if province else str(_("Toàn quốc")),
            "tables": [_encode_table(table) for table in tables]}


# --- Snapshot: stored as JSON, read back as tables -----------------------------------------------------------


def _encode(value):
    # JSON has no decimals: a rate is kept as its exact digits.
    return {"decimal": str(value)} if isinstance(value, Decimal) else value


def _decode(value):
    return Decimal(value["decimal"]) if isinstance(value, dict) and "decimal" in value else value


def _encode_table(table: Table) -> dict:
    return {"title": table.title, "headers": [str(h) for h in table.headers],
            "rows": [[_encode(v) for v in row] for row in table.rows],
            "footer": [_encode(v) for v in table.footer] if table.footer else None}


def tables(report: PeriodicReport) -> list[Table]:
    return [Table(title=t["title"], headers=t["headers"], rows=[[_decode(v) for v in row] for row in t["rows"]],
                  footer=[_decode(v) for v in t["footer"]] if t["footer"] else None)
            for t in report.figures["tables"]]


@transaction.atomic
def generate(*, kind: str, province: Province | None, year: int, half: int, by) -> PeriodicReport:
    """Compute and store a new snapshot. A national summary needs the ministry (administrators, national
    secretariat); a province's report needs an account covering that province, today's unit."""
    if kind == PeriodicReportKind.NATIONAL:
        if not is_national(by):
            raise ValidationError(_("Chỉ Bộ Công Thương lập được báo cáo tổng hợp toàn quốc."))
        province = None
    else:
        if province is None or not province.is_current():
            raise ValidationError(_("Hãy chọn một tỉnh/thành phố hiện hành."))
        if not covers(by, province):
            raise ValidationError(_("Tỉnh/thành phố này nằm ngoài phạm vi phụ trách của bạn."))
    if half not in Half.values:
        raise ValidationError(_("Kỳ báo cáo không hợp lệ."))
    now = timezone.now()
    figures = compute(kind=kind, province=province, year=year, half=half, on=timezone.localdate(now))
    return PeriodicReport.objects.create(kind=kind, province=province, year=year, half=half, figures=figures,
                                         generated_at=now, generated_by=by)


def _about(report: PeriodicReport) -> list[tuple[str, str]]:
    figures = report.figures
    return [(_("Loại báo cáo"), str(report.get_kind_display())), (_("Phạm vi"), figures["scope"]),
            (_("Kỳ báo cáo"), report.period_label),
            (_("Từ ngày"), datetime.date.fromisoformat(figures["start"]).strftime("%d/%m/%Y")),
            (_("Đến ngày"), datetime.date.fromisoformat(figures["end"]).strftime("%d/%m/%Y")),
            (_("Số liệu tính đến"), timezone.localtime(report.generated_at).strftime("%H:%M %d/%m/%Y")),
            (_("Người lập"), str(report.generated_by or "—"))]


def workbook(report: PeriodicReport) -> bytes:
    """The snapshot as XLSX: what the report is about, then one sheet per table."""
    sheets = [Sheet(_("Thông tin"), [_("Mục"), _("Nội dung")], _about(report))]
    sheets += [Sheet(f"{index}. {table.title}", table.headers, table.all_rows())
               for index, table in enumerate(tables(report), start=1)]
    return xlsx(sheets)


def pdf(report: PeriodicReport) -> bytes:
    return render_pdf("awards/reports/pdf/periodic.html", {"report": report, "about": _about(report),
                                                          "tables": tables(report)})


def filename(report: PeriodicReport, extension: str) -> str:
    scope = report.province.code if report.province else "toan-quoc"
    period_part = f"{report.year}" if report.half == Half.YEAR else f"{report.year}-6t{report.half}"
    return f"bao-cao-{scope}-{period_part}-{report.pk}.{extension}"
