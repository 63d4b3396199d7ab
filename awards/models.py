import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.enums import Level
from catalog.models import private_storage

from . import enums
from .enums import HolidayKind


class CertificateCounter(models.Model):
    """The last sequence number used for one (level, scope, year): the only source of certificate numbers.

    Rows only ever count up, and issuing locks the row (select_for_update), so two publications running at
    the same time wait for each other instead of taking the same number; a revoked number stays taken.
    """

    level = models.CharField(max_length=10, choices=Level.choices)
    scope_code = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "scope_code", "year"],
                                               name="certificate_counter_unique")]

    def __str__(self):
        return f"{self.level}-{self.scope_code}-{self.year}: {self.last_sequence}"


class PublicHoliday(models.Model):
    """A change to the working-day calendar used for complaint deadlines (edited in the admin).

    The statutory days off come from the maintained `holidays` package (awards.holidays.days_off); this table
    holds what an administrator adds from a Government notice the package does not have yet: an extra day off,
    or a working day (a weekend day made a working day, or a day off cancelled).
    """

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=120)
    kind = models.CharField(_("loại"), max_length=8, choices=HolidayKind.choices, default=HolidayKind.OFF,
                            help_text=_("Ngày nghỉ thêm, hoặc ngày làm việc (làm bù vào thứ Bảy/Chủ nhật, hoặc "
                                        "bỏ một ngày nghỉ) theo thông báo của Chính phủ."))

    class Meta:
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


def decision_scan_upload_to(instance, filename):
    return f"decisions/{instance.round_id}/{filename}"


class ResultsDecision(models.Model):
    """The recognition decision (quyết định công nhận) closing one round; one per round."""

    round = models.OneToOneField("scoring.SelectionRound", verbose_name=_("đợt bình chọn"),
                                 on_delete=models.PROTECT, related_name="results_decision")
    number = models.CharField(_("số quyết định"), max_length=60, blank=True,
                              help_text=_("Ví dụ: 1234/QĐ-UBND."))
    decided_on = models.DateField(_("ngày ký quyết định"), null=True, blank=True,
                                  help_text=_("Cũng là ngày cấp các giấy chứng nhận."))
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True,
                                    help_text=_("Ví dụ: Chủ tịch Ủy ban nhân dân thành phố Hà Nội."))
    # The certificate's administrative format (Nghị định 30/2020/NĐ-CP): the issuing body at the top, the place
    # before the date, the authority lines above the signer. Blank means awards.pdf.document_format's default.
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True,
                                    help_text=_("Ví dụ: Ủy ban nhân dân thành phố Hà Nội. Để trống: theo phạm vi đợt."))
    signing_place = models.CharField(_("địa danh"), max_length=100, blank=True,
                                     help_text=_("Ghi trước ngày tháng, ví dụ: Hà Nội. Để trống: theo phạm vi đợt."))
    signature_block = models.TextField(_("thẩm quyền ký"), blank=True,
                                       help_text=_("Mỗi dòng một cấp, ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / "
                                                   "PHÓ CHỦ TỊCH. Để trống: theo chức vụ người ký."))
    signed_scan = models.FileField(_("bản quét quyết định đã ký"), storage=private_storage,
                                   upload_to=decision_scan_upload_to, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=enums.DecisionState.choices,
                             default=enums.DecisionState.DRAFT)
    # The day participants were told their result: complaint deadlines count from it.
    notified_on = models.DateField(_("ngày thông báo kết quả"), null=True, blank=True)
    # Computed once, when the notice is sent: a later edit of the calendar cannot move a deadline already given.
    complaint_due = models.DateField(_("hạn khiếu nại"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("thời điểm công bố"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.number or str(_("Quyết định (chưa có số) – %(round)s") % {"round": self.round})

    @property
    def is_draft(self) -> bool:
        return self.state == enums.DecisionState.DRAFT

    @property
    def is_published(self) -> bool:
        return self.state == enums.DecisionState.PUBLISHED


class DecisionEvent(models.Model):
    """One move of a decision's state: who, when, why."""

    decision = models.ForeignKey(ResultsDecision, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=10, choices=enums.DecisionState.choices)
    to_state = models.CharField(max_length=10, choices=enums.DecisionState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.decision_id}: {self.from_state} → {self.to_state}"


SCORE = {"max_digits": 5, "decimal_places": 2, "null": True, "blank": True}


class DecisionEntry(models.Model):
    """One accepted nomination's line in the decision: recognised or not (then why), with its averages.

    The figures are the ranking's when the list was proposed (awards.services.propose_entries): rank, official
    average and the average per criterion group code of the round's rubric. They stay empty for a nomination
    nobody scored; notification shows them when present.
    """

    decision = models.ForeignKey(ResultsDecision, on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey("scoring.Nomination", on_delete=models.PROTECT, related_name="decision_entries")
    # The certificate issued for this recognised entry (catalog keeps the record; awards only links to it).
    certificate = models.OneToOneField("catalog.Certificate", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="entry")
    recognised = models.BooleanField(_("được công nhận"), default=False)
    exclusion_reason = models.TextField(_("lý do không công nhận"), blank=True)
    rank = models.PositiveIntegerField(_("thứ hạng"), null=True, blank=True)
    average = models.DecimalField(_("điểm trung bình"), **SCORE)
    # Criterion group code → average, decimals as text so JSON keeps them exact: {"1": "35.00", "2": "26.50"}.
    group_averages = models.JSONField(_("điểm trung bình theo nhóm tiêu chí"), default=dict, blank=True)

    class Meta:
        verbose_name = _("dòng quyết định")
        verbose_name_plural = _("dòng quyết định")
        ordering = ["rank", "nomination__product__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "nomination"], name="one_entry_per_nomination"),
            models.CheckConstraint(condition=Q(recognised=True) | ~Q(exclusion_reason=""),
                                   name="excluded_entry_has_reason"),
        ]

    def __str__(self):
        return f"{self.decision_id}: {self.nomination_id}"

    @property
    def group_figures(self) -> list[tuple[str, Decimal]]:
        """(criterion group code, average) in code order, for display."""
        return [(code, Decimal(value)) for code, value in sorted(self.group_averages.items())]

    @property
    def has_scores(self) -> bool:
        return self.average is not None


class Complaint(models.Model):
    """A producer's complaint about the result of one of its nominations (khiếu nại)."""

    decision = models.ForeignKey(ResultsDecision, on_delete=models.PROTECT, related_name="complaints")
    nomination = models.ForeignKey("scoring.Nomination", verbose_name=_("hồ sơ"), on_delete=models.PROTECT,
                                   related_name="complaints")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("nội dung khiếu nại"))
    filed_at = models.DateTimeField(_("ngày gửi"), default=timezone.now)
    answer_due = models.DateField(_("hạn trả lời"))
    answer = models.TextField(_("trả lời"), blank=True)
    answered_at = models.DateTimeField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("khiếu nại")
        verbose_name_plural = _("khiếu nại")
        # Unanswered first on every database (PostgreSQL puts NULLs last, SQLite first).
        ordering = [models.F("answered_at").asc(nulls_first=True), "answer_due", "id"]

    def __str__(self):
        return f"{self.nomination} ({self.filed_at:%d/%m/%Y})"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return not self.is_answered and (on or timezone.localdate()) > self.answer_due


def bundle_upload_to(instance, filename):
    """Kept for migration 0003 (the certificate ZIP was a model of its own until it became a catalog.Job)."""
    return f"certificate-bundles/{instance.decision_id}/{filename}"


# The artisan-title models and the reporting side's (statistics facts, holders' annual reports, periodic reports)
# live in their sub-packages; imported here, they belong to this app.
from .artisans.models import *  # noqa: E402, F401, F403
from .reports.models import *  # noqa: E402, F403
