"""The reporting side's rows: statistics facts (derived, kept by the services), holders' annual reports, and the
snapshots of periodic reports. Imported by awards/models.py, so they belong to the awards app."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.collation import vietnamese
from catalog.enums import CertificateStatus, LegalForm, Level, Market, ProductGroup
from catalog.models import CertificateQuerySet

from . import enums

__all__ = ["AnnualReport", "AnnualReportCycle", "AnnualReportReminder", "CertificateFact", "PeriodicReport",
           "RoundResult"]

MONEY = {"max_digits": 16, "decimal_places": 0}  # đồng have no subunit in use


# What the statistics group or filter by, and what CertificateQuerySet's methods read: every index of CertificateFact
# carries them all.
DIMENSIONS = ["level", "year", "group", "province", "legal_form", "producer", "product"]
COVERED = ["published_on", "status", "revoked_on", "valid_until", "issued_on"]


class CertificateFact(models.Model):
    """One certificate as the statistics count it: what they group by (the product's group, its producer, the
    producer's legal form and the province it is filed under, an old unit staying old) beside copies of the fields
    the certificate vocabulary reads (issue, validity, publication, revocation).

    The manager *is* catalog's CertificateQuerySet: `in_force`, `public`, `recognising`, `revoked`, `expired`
    mean here what they mean on certificates, because they are the same methods reading the same columns.
    Derived and narrow, so a statistic over every recognition of twenty years is one scan of one small table:
    written only by `awards.reports.facts.refresh`, which follows every `catalog.listing.refresh` (the call the
    services make whenever a certificate, product or producer changes) and is checked by `facts.verify`.
    """

    certificate = models.OneToOneField("catalog.Certificate", primary_key=True, on_delete=models.CASCADE,
                                       related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    producer = models.ForeignKey("catalog.Producer", on_delete=models.CASCADE, related_name="+", db_index=False)
    province = models.ForeignKey("catalog.Province", on_delete=models.PROTECT, related_name="+", db_index=False)
    legal_form = models.CharField(max_length=20, choices=LegalForm.choices)
    group = models.CharField(max_length=1, choices=ProductGroup.choices)
    level = models.CharField(max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField()  # of issue
    issued_on = models.DateField()
    valid_until = models.DateField()
    published_on = models.DateField(null=True)
    status = models.CharField(max_length=10, choices=CertificateStatus.choices)
    revoked_on = models.DateField(null=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        # One index per grouping the statistics do, led by the grouped columns and holding every other column a
        # query reads: SQLite then walks an index in the group's order (or a year range of it) without touching the
        # table, and PostgreSQL can answer from the index alone. Each costs a few MB at 100,000 products.
        indexes = [models.Index(fields=[*lead, *[d for d in DIMENSIONS if d not in lead], *COVERED],
                                name=f"certfact_{name}") for name, lead in (
            ("year", ["year", "level"]),
            ("level", ["level", "year"]),
            ("group", ["group", "level"]),
            ("province", ["province", "level"]),
            ("producer", ["producer", "product"]),
            ("legal_form", ["legal_form", "province", "producer"]),
        )]

    def __str__(self):
        return f"{self.certificate_id}: {self.level} {self.year}"


class RoundResult(models.Model):
    """The figures of a round's results decision, recorded when it is published (a published decision no longer
    changes): entries, those at or above the threshold (Decimal comparison), recognised, and the averages counted
    in 5-point bins. The statistics of rounds and of scores read these rows, one per round, never the entries.
    Written by `awards.reports.results.record` (called by publication), checked by `results.verify`."""

    decision = models.OneToOneField("awards.ResultsDecision", primary_key=True, on_delete=models.CASCADE,
                                    related_name="+")
    round = models.OneToOneField("scoring.SelectionRound", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10, choices=Level.choices)
    scope_province = models.ForeignKey("catalog.Province", null=True, on_delete=models.PROTECT, related_name="+")
    scope_region = models.ForeignKey("catalog.Region", null=True, on_delete=models.PROTECT, related_name="+")
    threshold = models.DecimalField(max_digits=5, decimal_places=2)
    entries = models.PositiveIntegerField()
    scored = models.PositiveIntegerField()  # entries with an average
    eligible = models.PositiveIntegerField()  # average ≥ threshold
    recognised = models.PositiveIntegerField()
    bins = models.JSONField()  # 20 counts: averages in [0, 5), [5, 10) … [95, 100]

    class Meta:
        indexes = [models.Index(fields=["year", "level"], name="roundresult_year_level")]

    def __str__(self):
        return f"{self.round_id}: {self.recognised}/{self.entries}"


# --- Holders' annual reports -------------------------------------------------------------------------------


class AnnualReportCycle(models.Model):
    """One province's yearly collection of its certificate holders' reports (báo cáo hằng năm), opened by the
    secretariat with a deadline. The holders are the province's producers with a certificate in force at the end
    of the reported year (`awards.reports.annual.holders`); reminders go out before and after the deadline."""

    year = models.PositiveSmallIntegerField(_("năm báo cáo"), help_text=_("Năm có số liệu được báo cáo."))
    province = models.ForeignKey("catalog.Province", verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT,
                                 related_name="+")
    opens_on = models.DateField(_("ngày mở nhận báo cáo"))
    deadline = models.DateField(_("hạn nộp"))
    remind_days_before = models.PositiveSmallIntegerField(
        _("nhắc trước hạn (ngày)"), default=7, help_text=_("Gửi e-mail nhắc cơ sở chưa nộp, trước hạn số ngày này."))
    remind_days_after = models.PositiveSmallIntegerField(
        _("nhắc sau hạn (ngày)"), default=3, help_text=_("Gửi e-mail nhắc cơ sở chưa nộp, sau hạn số ngày này."))
    instructions = models.TextField(_("hướng dẫn cho cơ sở"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt báo cáo hằng năm")
        verbose_name_plural = _("đợt báo cáo hằng năm")
        ordering = ["-year", vietnamese("province__name")]
        constraints = [
            models.UniqueConstraint(fields=["year", "province"], name="one_annual_cycle_per_province_year"),
            models.CheckConstraint(condition=Q(deadline__gte=F("opens_on")), name="annual_deadline_after_opening",
                                   violation_error_message=_("Hạn nộp không thể trước ngày mở nhận báo cáo.")),
        ]

    def __str__(self):
        return _("Báo cáo năm %(year)s – %(province)s") % {"year": self.year, "province": self.province}

    @property
    def year_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def is_open(self, on: datetime.date | None = None) -> bool:
        return (on or timezone.localdate()) >= self.opens_on


class AnnualReport(models.Model):
    """A holder's report for one cycle: the year's production, revenue, jobs, markets, logo use and support.

    Saved as a draft as often as the producer likes, then submitted once (late if after the deadline); a
    submitted report no longer changes. Written only by `awards.reports.annual`."""

    cycle = models.ForeignKey(AnnualReportCycle, on_delete=models.PROTECT, related_name="reports")
    producer = models.ForeignKey("catalog.Producer", verbose_name=_("cơ sở"), on_delete=models.PROTECT,
                                 related_name="annual_reports")
    state = models.CharField(_("trạng thái"), max_length=10, choices=enums.AnnualReportState.choices,
                             default=enums.AnnualReportState.DRAFT)
    production_volume = models.CharField(_("sản lượng trong năm"), max_length=255,
                                         help_text=_("Ví dụ: 12.000 sản phẩm; 35 tấn."))
    revenue = models.DecimalField(_("doanh thu (đồng)"), **MONEY)
    export_revenue = models.DecimalField(_("trong đó doanh thu xuất khẩu (đồng)"), default=0, **MONEY)
    jobs = models.PositiveIntegerField(_("số lao động"))
    market = models.CharField(_("thị trường"), max_length=10, choices=Market.choices, default=Market.DOMESTIC)
    export_markets = models.CharField(_("nước, vùng lãnh thổ xuất khẩu"), max_length=255, blank=True)
    logo_use = models.CharField(_("sử dụng biểu trưng của chương trình"), max_length=10,
                                choices=enums.LogoUse.choices)
    support = models.JSONField(_("hỗ trợ đã nhận trong năm"), default=list, blank=True)
    support_amount = models.DecimalField(_("kinh phí hỗ trợ đã nhận (đồng)"), default=0, **MONEY)
    notes = models.TextField(_("ghi chú, kiến nghị"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = _("báo cáo hằng năm của cơ sở")
        verbose_name_plural = _("báo cáo hằng năm của cơ sở")
        ordering = ["cycle", vietnamese("producer__name")]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "producer"], name="one_annual_report_per_holder"),
            models.CheckConstraint(condition=Q(export_revenue__lte=F("revenue")), name="export_within_revenue",
                                   violation_error_message=_("Doanh thu xuất khẩu không thể lớn hơn tổng doanh thu.")),
            models.CheckConstraint(condition=Q(state="draft") | Q(submitted_at__isnull=False),
                                   name="submitted_report_has_date"),
        ]

    def __str__(self):
        return f"{self.producer} – {self.cycle}"

    @property
    def is_submitted(self) -> bool:
        return self.state == enums.AnnualReportState.SUBMITTED

    @property
    def is_late(self) -> bool:
        return self.is_submitted and timezone.localdate(self.submitted_at) > self.cycle.deadline

    def support_labels(self) -> list[str]:
        labels = dict(enums.SupportKind.choices)
        return [str(labels.get(code, code)) for code in self.support]


class AnnualReportReminder(models.Model):
    """One reminder e-mail sent to a holder: each kind goes once per cycle and holder."""

    cycle = models.ForeignKey(AnnualReportCycle, on_delete=models.CASCADE, related_name="reminders")
    producer = models.ForeignKey("catalog.Producer", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=enums.ReminderKind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "producer", "kind"], name="one_reminder_per_kind")]

    def __str__(self):
        return f"{self.cycle_id}/{self.producer_id}: {self.kind}"


# --- Periodic reports --------------------------------------------------------------------------------------


class PeriodicReport(models.Model):
    """A province's report to the ministry, or the ministry's national summary, for a year or half-year: the
    figures as they stood when it was generated (`figures`, written once by `awards.reports.periodic.generate`).
    Downloading it again gives the same numbers; generating again makes a new snapshot beside it."""

    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=enums.PeriodicReportKind.choices)
    province = models.ForeignKey("catalog.Province", verbose_name=_("tỉnh/thành phố"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    half = models.PositiveSmallIntegerField(_("kỳ báo cáo"), choices=enums.Half.choices, default=enums.Half.YEAR)
    figures = models.JSONField(editable=False)
    generated_at = models.DateTimeField(_("thời điểm lập"), default=timezone.now)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-generated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="provincial", province__isnull=False) | Q(kind="national", province__isnull=True),
                name="periodic_report_scope"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.half == enums.Half.YEAR:
            return str(_("Năm %(year)s") % {"year": self.year})
        return str(_("%(half)s năm %(year)s") % {"half": self.get_half_display(), "year": self.year})
