"""Holders' annual reports: who must report, their status, the writes, the province's aggregate, the reminders.

A cycle (AnnualReportCycle) is one province's collection for one year. Its holders are the producers filed under
the province (old units included) with a published certificate in force at the end of the reported year: they
held a recognition that year, so they report on it. Services are keyword-only, one transaction each, and raise
ValidationError with a message the person can act on.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, QuerySet, Sum, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import mail
from catalog.collation import vietnamese
from catalog.enums import Market
from catalog.geography import ProvinceIndex, provinces_with_predecessors
from catalog.models import Certificate, Producer
from scoring.permissions import manages_producer

from .enums import AnnualReportState, HolderStatus, LogoUse, ReminderKind, SupportKind
from .models import AnnualReport, AnnualReportCycle, AnnualReportReminder
from .permissions import covers

# A reminder is sent on the first daily run inside its window, never after it: a timer switched on late does not
# write to every holder of years-old cycles.
REMINDER_WINDOW = datetime.timedelta(days=30)
FIGURE_FIELDS = ("production_volume", "revenue", "export_revenue", "jobs", "market", "export_markets", "logo_use",
                 "support", "support_amount", "notes")


# --- Who reports -------------------------------------------------------------------------------------------


def obliging_certificates(year: int) -> QuerySet[Certificate]:
    """The certificates that oblige their holder to report on `year`: made public and in force at its end."""
    end = datetime.date(year, 12, 31)
    return Certificate.objects.public(end).in_force(end)


def holders(cycle: AnnualReportCycle) -> QuerySet[Producer]:
    """The producers that must report in this cycle (see the module docstring)."""
    producer_ids = obliging_certificates(cycle.year).values("product__producer_id")
    return Producer.objects.filter(province_id__in=provinces_with_predecessors([cycle.province]),
                                   pk__in=producer_ids)


def obliged_cycles(producer: Producer, *, on: datetime.date | None = None) -> list[AnnualReportCycle]:
    """The open cycles (opened by `on`) of the producer's province in which it must report, newest first."""
    on = on or timezone.localdate()
    unit = ProvinceIndex.load().current_unit(producer.province, on)
    cycles = list(AnnualReportCycle.objects.filter(province=unit, opens_on__lte=on).select_related("province")
                  .order_by("-year"))
    years = obliged_years(producer, {cycle.year for cycle in cycles})
    return [cycle for cycle in cycles if cycle.year in years]


def obliged_years(producer: Producer, years: set[int]) -> set[int]:
    """Which of these years the producer must report on: one query (a UNION of one test per year)."""
    tests = [obliging_certificates(year).filter(product__producer=producer).order_by()
             .values_list(Value(year, output_field=IntegerField())) for year in sorted(years)]
    if not tests:
        return set()
    return {year for (year,) in tests[0].union(*tests[1:])}


def holder_status(cycle: AnnualReportCycle, report: AnnualReport | None, on: datetime.date) -> str:
    """Not started / draft / submitted, or late once the deadline has passed without a submission."""
    if report is not None and report.is_submitted:
        return HolderStatus.SUBMITTED
    if on > cycle.deadline:
        return HolderStatus.LATE
    return HolderStatus.DRAFT if report is not None else HolderStatus.NOT_STARTED


@dataclass
class HolderLine:
    producer: Producer
    report: AnnualReport | None
    status: str

    @property
    def status_label(self) -> str:
        return HolderStatus(self.status).label


def holder_lines(cycle: AnnualReportCycle, *, on: datetime.date | None = None) -> list[HolderLine]:
    """Every holder of the cycle with its report (if any) and status, by name. Two queries."""
    on = on or timezone.localdate()
    reports = {r.producer_id: r for r in cycle.reports.select_related("cycle")}
    producers = holders(cycle).select_related("province").order_by(vietnamese("name"), "pk")
    return [HolderLine(producer, reports.get(producer.pk), holder_status(cycle, reports.get(producer.pk), on))
            for producer in producers]


# --- Writes ------------------------------------------------------------------------------------------------


@transaction.atomic
def save_cycle(*, cycle: AnnualReportCycle, by) -> AnnualReportCycle:
    """Open a province's cycle for a year, or change its dates, reminders and instructions (its year and province
    stay). Only for a province the account's scope covers, a province in force today, a year already begun."""
    if not cycle.province.is_current():
        raise ValidationError(_("Hãy chọn một tỉnh/thành phố hiện hành."))
    if not covers(by, cycle.province):
        raise ValidationError(_("Tỉnh/thành phố này nằm ngoài phạm vi phụ trách của bạn."))
    if cycle.pk:
        stored = AnnualReportCycle.objects.get(pk=cycle.pk)
        if (stored.year, stored.province_id) != (cycle.year, cycle.province_id):
            raise ValidationError(_("Không đổi được năm báo cáo hay tỉnh/thành phố của một đợt đã mở."))
    if cycle.opens_on and cycle.year > cycle.opens_on.year:
        raise ValidationError(_("Chỉ mở được đợt báo cáo cho năm đã bắt đầu (năm báo cáo không sau năm mở đợt)."))
    if AnnualReportCycle.objects.filter(year=cycle.year, province=cycle.province).exclude(pk=cycle.pk).exists():
        raise ValidationError(_("Tỉnh/thành phố này đã có đợt báo cáo năm %(year)s.") % {"year": cycle.year})
    if not cycle.pk:
        cycle.opened_by = by
    cycle.full_clean()
    cycle.save()
    return cycle


def _check_figures(report: AnnualReport) -> None:
    errors = {}
    if report.export_revenue is not None and report.revenue is not None and report.export_revenue > report.revenue:
        errors["export_revenue"] = _("Doanh thu xuất khẩu không thể lớn hơn tổng doanh thu.")
    for name in ("revenue", "export_revenue", "support_amount"):
        value = getattr(report, name)
        if value is not None and value < 0:
            errors[name] = _("Số tiền không thể âm.")
    if not isinstance(report.support, list) or not set(report.support) <= set(SupportKind.values):
        errors["support"] = _("Loại hỗ trợ không hợp lệ.")
    if report.market == Market.DOMESTIC and report.export_revenue:
        errors["market"] = _("Có doanh thu xuất khẩu thì thị trường phải có xuất khẩu.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_annual_report(*, cycle: AnnualReportCycle, producer: Producer, by, figures: dict,
                       submit: bool = False) -> AnnualReport:
    """Store the holder's figures as a draft, or submit them (then they no longer change; after the deadline the
    report is marked late). Only an account managing the producer, in an open cycle it must report in."""
    if not manages_producer(by, producer):
        raise ValidationError(_("Chỉ tài khoản của cơ sở mới gửi được báo cáo của cơ sở."))
    if cycle not in obliged_cycles(producer):
        raise ValidationError(_("Cơ sở không phải báo cáo trong đợt này (chưa mở, hoặc không có giấy chứng nhận "
                                "còn hiệu lực cuối năm báo cáo)."))
    report = (AnnualReport.objects.select_for_update().filter(cycle=cycle, producer=producer).first()
              or AnnualReport(cycle=cycle, producer=producer, created_by=by))
    if report.is_submitted:
        raise ValidationError(_("Báo cáo đã nộp, không sửa được nữa. Liên hệ cơ quan thường trực nếu cần sửa."))
    unknown = set(figures) - set(FIGURE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown figures: {sorted(unknown)}")
    for name, value in figures.items():
        setattr(report, name, value)
    if submit:
        report.state, report.submitted_at, report.submitted_by = AnnualReportState.SUBMITTED, timezone.now(), by
    _check_figures(report)
    report.full_clean(exclude=["cycle", "producer"], validate_unique=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:  # a second tab created the draft meanwhile
        raise ValidationError(_("Báo cáo vừa được lưu ở nơi khác; hãy tải lại trang.")) from error
    return report


@transaction.atomic
def reopen_annual_report(*, report: AnnualReport, by, reason: str) -> AnnualReport:
    """The secretariat sends a submitted report back to draft so its holder can correct it; the holder is told
    why by e-mail after the commit."""
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("cycle__province", "producer").get(
        pk=report.pk)
    if not covers(by, report.cycle.province):
        raise ValidationError(_("Đợt báo cáo này nằm ngoài phạm vi phụ trách của bạn."))
    if not report.is_submitted:
        raise ValidationError(_("Báo cáo chưa nộp, không cần trả lại."))
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do trả lại báo cáo."))
    report.state, report.submitted_at, report.submitted_by = AnnualReportState.DRAFT, None, None
    report.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    transaction.on_commit(lambda: mail.send_templated(
        "awards/reports/email/reopened", {"report": report, "reason": reason.strip(), "url": report_url(report)},
        mail.producer_recipients(report.producer)))
    return report


def report_url(report: AnnualReport) -> str:
    return reverse("reports:annual_report", args=[report.cycle_id, report.producer_id])


# --- The province's aggregate ------------------------------------------------------------------------------


@dataclass
class Aggregate:
    """The submitted reports of one or more cycles, summed; and how many holders are where."""

    holders: int = 0
    statuses: Counter = field(default_factory=Counter)
    submitted_late: int = 0
    revenue: int = 0
    export_revenue: int = 0
    jobs: int = 0
    support_amount: int = 0
    markets: Counter = field(default_factory=Counter)
    logo_use: Counter = field(default_factory=Counter)
    support: Counter = field(default_factory=Counter)

    @property
    def submitted(self) -> int:
        return self.statuses[HolderStatus.SUBMITTED]

    def rows(self) -> list[tuple[str, int]]:
        """The aggregate as labelled lines, in the order the province reports them."""
        lines = [(_("Cơ sở phải báo cáo"), self.holders)]
        lines += [(str(HolderStatus(status).label), self.statuses[status]) for status in HolderStatus.values]
        lines += [(_("Trong đó nộp sau hạn"), self.submitted_late),
                  (_("Tổng doanh thu (đồng)"), self.revenue), (_("Doanh thu xuất khẩu (đồng)"), self.export_revenue),
                  (_("Tổng số lao động"), self.jobs), (_("Kinh phí hỗ trợ đã nhận (đồng)"), self.support_amount)]
        lines += [(_("Thị trường: %(m)s") % {"m": label}, self.markets[value]) for value, label in Market.choices]
        lines += [(_("Biểu trưng: %(m)s") % {"m": label}, self.logo_use[value]) for value, label in LogoUse.choices]
        lines += [(_("Hỗ trợ: %(m)s") % {"m": label}, self.support[value]) for value, label in SupportKind.choices]
        return lines


def _int(value: Decimal | int | None) -> int:
    return int(value or 0)


def aggregate(cycles: list[AnnualReportCycle], *, on: datetime.date | None = None) -> Aggregate:
    """The aggregate of some cycles (one province's, or a year's across provinces): holders' statuses on `on`, and
    sums and counts over the submitted reports. A few queries per cycle."""
    on = on or timezone.localdate()
    result = Aggregate()
    for cycle in cycles:
        lines = holder_lines(cycle, on=on)
        result.holders += len(lines)
        result.statuses.update(line.status for line in lines)
        result.submitted_late += sum(1 for line in lines if line.report is not None and line.report.is_late)
    submitted = AnnualReport.objects.filter(cycle__in=cycles, state=AnnualReportState.SUBMITTED)
    sums = submitted.aggregate(revenue=Sum("revenue"), export_revenue=Sum("export_revenue"), jobs=Sum("jobs"),
                               support_amount=Sum("support_amount"))
    result.revenue, result.export_revenue = _int(sums["revenue"]), _int(sums["export_revenue"])
    result.jobs, result.support_amount = _int(sums["jobs"]), _int(sums["support_amount"])
    result.markets.update(dict(submitted.values_list("market").annotate(n=Count("*")).order_by()))
    result.logo_use.update(dict(submitted.values_list("logo_use").annotate(n=Count("*")).order_by()))
    for kinds in submitted.values_list("support", flat=True):
        result.support.update(kinds)
    return result


# --- Reminders ---------------------------------------------------------------------------------------------


def reminder_due(cycle: AnnualReportCycle, on: datetime.date) -> str | None:
    """Which reminder a cycle's unsubmitted holders are due on `on`: "before" from `remind_days_before` days
    before the deadline up to it, "after" from `remind_days_after` days after it; each within REMINDER_WINDOW."""
    before = cycle.deadline - datetime.timedelta(days=cycle.remind_days_before)
    after = cycle.deadline + datetime.timedelta(days=max(cycle.remind_days_after, 1))
    if max(before, cycle.opens_on) <= on <= cycle.deadline and on - before <= REMINDER_WINDOW:
        return ReminderKind.BEFORE
    if after <= on <= after + REMINDER_WINDOW:
        return ReminderKind.AFTER
    return None


def send_reminders(*, on: datetime.date | None = None) -> int:
    """Remind, by e-mail, every holder that has not submitted and is due a reminder on `on` (see reminder_due) and
    has not had that reminder yet. Each reminder is recorded before it is sent, in a transaction that locks the
    cycle, so two runs never send it twice (a message that then fails to go is not retried). Returns how many
    messages were sent. Meant for a daily timer: `manage.py annual_report_reminders`."""
    on = on or timezone.localdate()
    sent = 0
    for cycle_id in AnnualReportCycle.objects.filter(opens_on__lte=on).values_list("pk", flat=True):
        messages = []
        with transaction.atomic():
            cycle = AnnualReportCycle.objects.select_for_update().select_related("province").get(pk=cycle_id)
            kind = reminder_due(cycle, on)
            if kind is None:
                continue
            reminded = set(cycle.reminders.filter(kind=kind).values_list("producer_id", flat=True))
            due = [line for line in holder_lines(cycle, on=on)
                   if line.status != HolderStatus.SUBMITTED and line.producer.pk not in reminded]
            for line in due:
                recipients = mail.producer_recipients(line.producer)
                if not recipients:
                    continue
                context = {"cycle": cycle, "producer": line.producer, "kind": kind, "status": line.status_label,
                           "url": reverse("reports:annual_report", args=[cycle.pk, line.producer.pk])}
                messages.append(mail.render_message("awards/reports/email/reminder", context, recipients))
                AnnualReportReminder.objects.create(cycle=cycle, producer=line.producer, kind=kind)
        if messages:
            sent += mail.send_many(messages)
    return sent
