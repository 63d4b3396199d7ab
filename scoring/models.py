from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.collation import vietnamese
from catalog.enums import Level, ProductGroup
from catalog.validity import CERTIFICATE_VALID_YEARS

from . import enums
from .enums import NominationState, RoundState


class Rubric(models.Model):
    """The scoring grid a round uses. Minimal for now: the judging work adds its criteria."""

    name = models.CharField(_("tên"), max_length=200)
    version = models.CharField(_("phiên bản"), max_length=20, default="1")
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2, default=Decimal("100"))
    description = models.TextField(_("ghi chú"), blank=True)
    based_on = models.ForeignKey("self", verbose_name=_("sao từ phiên bản"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="copies")
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("thang điểm")
        verbose_name_plural = _("thang điểm")
        ordering = [vietnamese("name"), "version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="rubric_name_version_unique")]

    def __str__(self):
        return f"{self.name} (v{self.version})"


class RoundQuerySet(models.QuerySet):
    def open_for_registration(self, on=None):
        """Rounds taking nominations on a date: state and dates must both agree."""
        on = on or timezone.localdate()
        return self.filter(state=RoundState.REGISTRATION_OPEN, registration_opens__lte=on,
                           registration_closes__gte=on)


# The methods of scoring.aggregation.METHODS, in words.
AGGREGATION_METHODS = [
    ("mean", _("Trung bình cộng (chính thức)")),
    ("median", _("Trung vị")),
    ("trimmed_mean", _("Trung bình bỏ phiếu cao nhất và thấp nhất")),
]


def default_tie_break_chain() -> list[str]:
    return ["group:1", "group:2", "group:3", "group:4"]


class SelectionRound(models.Model):
    """One selection round (đợt bình chọn) at one level for one scope."""

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    title = models.CharField(_("tên đợt bình chọn"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True,
                                   help_text=_("Ví dụ: Thông tư 26/2014/TT-BCT; kế hoạch số .../KH-UBND."))
    scope_province = models.ForeignKey("catalog.Province", verbose_name=_("tỉnh/thành phố"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="selection_rounds")
    scope_region = models.ForeignKey("catalog.Region", verbose_name=_("khu vực"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="selection_rounds")
    commune = models.CharField(_("xã/phường"), max_length=120, blank=True,
                               help_text=_("Chỉ với đợt cấp xã: tên xã/phường tổ chức."))
    groups = models.JSONField(_("nhóm sản phẩm nhận"), default=list, blank=True)
    registration_opens = models.DateField(_("bắt đầu nhận hồ sơ"))
    registration_closes = models.DateField(_("hết hạn nhận hồ sơ"))
    scoring_opens = models.DateField(_("bắt đầu chấm"), null=True, blank=True)
    scoring_closes = models.DateField(_("kết thúc chấm"), null=True, blank=True)
    results_due = models.DateField(_("hạn công bố kết quả"), null=True, blank=True)
    threshold = models.DecimalField(_("ngưỡng công nhận"), max_digits=5, decimal_places=2,
                                    default=Decimal("70"),
                                    help_text=_("Điểm trung bình tối thiểu để được xét công nhận."))
    quota = models.PositiveIntegerField(_("số lượng tối đa được công nhận"), null=True, blank=True)
    certificate_valid_years = models.PositiveSmallIntegerField(
        _("số năm hiệu lực của giấy chứng nhận"), default=CERTIFICATE_VALID_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Tính cả năm cấp: 3 năm nghĩa là cấp năm 2025 có hiệu lực đến 31/12/2027."))
    rubric = models.ForeignKey(Rubric, verbose_name=_("thang điểm"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="rounds")
    # Results arithmetic (scoring.results): the official figure is the mean; median and trimmed mean are for
    # rounds whose regulation asks for them.
    method = models.CharField(_("cách tính điểm trung bình"), max_length=12, choices=AGGREGATION_METHODS,
                              default="mean")
    min_sheets = models.PositiveSmallIntegerField(
        _("số phiếu tối thiểu"), default=3,
        help_text=_("Sản phẩm có ít phiếu hợp lệ hơn số này bị đánh dấu để hội đồng xem lại."))
    outlier_distance = models.DecimalField(
        _("độ lệch phiếu bất thường"), max_digits=5, decimal_places=2, default=Decimal("15"),
        help_text=_("Phiếu có tổng điểm cách điểm trung bình của hội đồng hơn số điểm này bị đánh dấu."))
    outlier_review_required = models.BooleanField(
        _("phiếu bất thường phải được xem xét trước khi ra quyết định"), default=False,
        help_text=_("Sản phẩm có phiếu bất thường chưa được thư ký xem xét thì chưa được đưa vào quyết định công "
                    "nhận."))
    bias_threshold = models.DecimalField(
        _("ngưỡng chấm lệch của giám khảo"), max_digits=5, decimal_places=2, default=Decimal("5"),
        help_text=_("Giám khảo chấm cao hoặc thấp hơn hội đồng trung bình quá số điểm này bị đánh dấu."))
    tie_break_chain = models.JSONField(
        _("thứ tự xét khi bằng điểm"), default=default_tie_break_chain, blank=True,
        help_text=_("Mặc định: điểm trung bình nhóm tiêu chí 1, rồi 2, 3, 4; sau đó hội đồng quyết định."))
    blind_judging = models.BooleanField(
        _("chấm ẩn danh"), default=False,
        help_text=_("Giám khảo không thấy tên, liên hệ và giấy tờ của cơ sở sản xuất."),
    )
    members_per_nomination = models.PositiveSmallIntegerField(
        _("số giám khảo chấm mỗi sản phẩm"), null=True, blank=True,
        help_text=_("Để trống: mọi giám khảo chấm mọi sản phẩm của nhóm (theo quy chế). "
                    "Nếu ghi số, hệ thống phân công cân bằng và tránh xung đột lợi ích."),
    )
    allow_without_commune_round = models.BooleanField(
        _("nhận sản phẩm khi cấp xã không tổ chức bình chọn"), default=False,
        help_text=_("Chỉ với đợt cấp tỉnh: không đòi giấy chứng nhận cấp xã."),
    )
    state = models.CharField(_("trạng thái"), max_length=20, choices=RoundState.choices,
                             default=RoundState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt bình chọn")
        verbose_name_plural = _("đợt bình chọn")
        ordering = ["-year", "level", vietnamese("title")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registration_opens__lte=models.F("registration_closes")),
                name="round_registration_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scoring:round_detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        needs_province = self.level in {Level.COMMUNE, Level.DISTRICT, Level.PROVINCE}
        if needs_province and not self.scope_province_id:
            errors["scope_province"] = _("Đợt cấp xã hoặc cấp tỉnh phải chọn tỉnh/thành phố.")
        if self.level == Level.REGION and not self.scope_region_id:
            errors["scope_region"] = _("Đợt cấp khu vực phải chọn khu vực.")
        if self.level == Level.COMMUNE and not self.commune.strip():
            errors["commune"] = _("Đợt cấp xã phải ghi tên xã/phường.")
        if self.allow_without_commune_round and self.level != Level.PROVINCE:
            errors["allow_without_commune_round"] = _("Ngoại lệ này chỉ áp dụng cho đợt cấp tỉnh.")
        if not self.groups:
            errors["groups"] = _("Chọn ít nhất một nhóm sản phẩm.")
        elif not set(self.groups) <= set(ProductGroup.values):
            errors["groups"] = _("Nhóm sản phẩm không hợp lệ.")
        if self.registration_opens and self.registration_closes and self.registration_opens > self.registration_closes:
            errors["registration_closes"] = _("Ngày hết hạn phải sau ngày bắt đầu nhận hồ sơ.")
        if self.scoring_opens and self.registration_closes and self.scoring_opens < self.registration_closes:
            errors["scoring_opens"] = _("Chỉ bắt đầu chấm sau khi hết hạn nhận hồ sơ.")
        if self.scoring_opens and self.scoring_closes and self.scoring_closes < self.scoring_opens:
            errors["scoring_closes"] = _("Ngày kết thúc chấm phải sau ngày bắt đầu chấm.")
        if errors:
            raise ValidationError(errors)

    @property
    def scope_label(self) -> str:
        if self.level == Level.NATIONAL:
            return str(_("Toàn quốc"))
        if self.level == Level.REGION:
            return str(self.scope_region or "")
        if self.level == Level.COMMUNE and self.commune:
            return f"{self.commune}, {self.scope_province}"
        return str(self.scope_province or "")

    def group_labels(self) -> list[str]:
        labels = dict(ProductGroup.choices)
        return [str(labels.get(code, code)) for code in self.groups]

    def accepts_group(self, group: str) -> bool:
        return group in self.groups

    def is_registration_open(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (self.state == RoundState.REGISTRATION_OPEN
                and self.registration_opens <= on <= self.registration_closes)

    @property
    def is_before_scoring(self) -> bool:
        return self.state in enums.ROUND_STATES_BEFORE_SCORING


class RoundEvent(models.Model):
    """One move of a round's state: who, when, why."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=RoundState.choices)
    to_state = models.CharField(max_length=20, choices=RoundState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.round}: {self.from_state} → {self.to_state}"


class NominationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(state__in=[NominationState.WITHDRAWN, NominationState.REJECTED])


def frozen_upload_to(nomination_id: int, filename: str) -> str:
    return f"frozen/{nomination_id}/{filename}"


class Nomination(models.Model):
    """A product entered into a round, with the round-specific part of its dossier.

    The rest of the dossier (registration data, description, photos, documents) is read live from the product
    and producer until acceptance, then frozen in `snapshot` so the jury sees what was accepted.
    """

    round = models.ForeignKey(SelectionRound, verbose_name=_("đợt bình chọn"), on_delete=models.PROTECT,
                              related_name="nominations")
    product = models.ForeignKey("catalog.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT,
                                related_name="nominations")
    state = models.CharField(_("trạng thái"), max_length=12, choices=NominationState.choices,
                             default=NominationState.DRAFT)
    round_notes = models.TextField(
        _("thông tin bổ sung cho đợt này"), blank=True,
        help_text=_("Điểm mới, thành tích hoặc thông tin riêng cho đợt bình chọn này (nếu có)."),
    )
    sample_delivery = models.TextField(
        _("giao sản phẩm mẫu"),
        blank=True,
        help_text=_("Cách, nơi và thời gian giao sản phẩm mẫu cho hội đồng (ví dụ: nộp trực tiếp tại Sở Công "
                    "Thương ngày 15/3)."),
    )
    snapshot = models.JSONField(_("hồ sơ đã khóa"), null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ đề cử")
        verbose_name_plural = _("hồ sơ đề cử")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "product"], name="one_nomination_per_product_and_round"),
        ]

    def __str__(self):
        return f"{self.product} – {self.round}"

    def get_absolute_url(self):
        return reverse("scoring:nomination_detail", args=[self.pk])

    @property
    def is_editable_by_producer(self) -> bool:
        return self.state in {NominationState.DRAFT, NominationState.RETURNED}

    @property
    def is_frozen(self) -> bool:
        return self.snapshot is not None


class NominationEvent(models.Model):
    """One move of a nomination's state; the producer reads this as the history of its dossier."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, choices=NominationState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=NominationState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.nomination_id}: {self.from_state} → {self.to_state}"


class Forwarding(models.Model):
    """A recognised product proposed by a lower round to the next level's round (Phụ lục 5 line)."""

    from_round = models.ForeignKey(SelectionRound, on_delete=models.PROTECT, related_name="forwardings_out")
    to_round = models.ForeignKey(SelectionRound, on_delete=models.PROTECT, related_name="forwardings_in")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="forwardings")
    source_nomination = models.ForeignKey(Nomination, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="forwardings_out")
    state = models.CharField(_("trạng thái"), max_length=10, choices=enums.ForwardingState.choices,
                             default=enums.ForwardingState.PROPOSED)
    nomination = models.OneToOneField(Nomination, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="forwarding_in")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sản phẩm chuyển lên cấp trên")
        verbose_name_plural = _("sản phẩm chuyển lên cấp trên")
        ordering = ["from_round", vietnamese("product__name")]
        constraints = [
            models.UniqueConstraint(fields=["to_round", "product"], name="one_forwarding_per_product_and_round"),
        ]

    def __str__(self):
        return f"{self.product}: {self.from_round} → {self.to_round}"


# --- Rubric content ----------------------------------------------------------------------------------------


class CriterionGroup(models.Model):
    """A criterion group of a rubric (Phụ lục 4: 1 market, 2 economic-technical, 3 culture, 4 other)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã"), max_length=10)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=255, blank=True)
    max = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="criterion_group_code_unique")]

    def __str__(self):
        return f"{self.code}. {self.name_vi}"


class Criterion(models.Model):
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã"), max_length=10)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=255, blank=True)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    max = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    step = models.DecimalField(_("bước điểm"), max_digits=4, decimal_places=2, null=True, blank=True,
                               help_text=_("Ví dụ 0,5: chỉ nhận 0; 0,5; 1; 1,5..."))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["group__position", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="criterion_code_unique")]

    def __str__(self):
        return f"{self.code}. {self.name_vi}"


class PointBand(models.Model):
    """A descriptor for a range of points, as the jury head may define them for a round."""

    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.CASCADE, related_name="bands")
    group = models.ForeignKey(CriterionGroup, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="bands")
    low = models.DecimalField(_("từ"), max_digits=6, decimal_places=2)
    high = models.DecimalField(_("đến"), max_digits=6, decimal_places=2)
    descriptor = models.CharField(_("mô tả"), max_length=500)

    class Meta:
        verbose_name = _("khung điểm")
        verbose_name_plural = _("khung điểm")
        ordering = ["low"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(criterion__isnull=False, group__isnull=True)
                | models.Q(criterion__isnull=True, group__isnull=False),
                name="point_band_one_owner",
            ),
        ]

    def __str__(self):
        return f"{self.low}–{self.high}: {self.descriptor}"


class RoundRubric(models.Model):
    """A rubric for one product group of a round, overriding the round's rubric for that group."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="group_rubrics")
    group = models.CharField(_("nhóm sản phẩm"), max_length=1, choices=ProductGroup.choices)
    rubric = models.ForeignKey(Rubric, verbose_name=_("thang điểm"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "group"], name="one_rubric_per_round_group")]

    def __str__(self):
        return f"{self.round} – {self.group}: {self.rubric}"


# --- Juries and conflicts ----------------------------------------------------------------------------------


class Jury(models.Model):
    """A ban giám khảo of a round, covering some product groups."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="juries")
    name = models.CharField(_("tên ban giám khảo"), max_length=200)
    groups = models.JSONField(_("nhóm sản phẩm"), default=list)

    class Meta:
        verbose_name = _("ban giám khảo")
        verbose_name_plural = _("ban giám khảo")
        ordering = ["round", vietnamese("name")]

    def __str__(self):
        return self.name

    def group_labels(self) -> list[str]:
        labels = dict(ProductGroup.choices)
        return [str(labels.get(code, code)) for code in self.groups]


class JuryMember(models.Model):
    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT,
                             related_name="jury_memberships")
    role = models.CharField(_("vai trò"), max_length=10, choices=enums.JuryRole.choices,
                            default=enums.JuryRole.MEMBER)

    class Meta:
        verbose_name = _("thành viên ban giám khảo")
        verbose_name_plural = _("thành viên ban giám khảo")
        ordering = ["jury", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["jury", "user"], name="one_membership_per_jury")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def scores(self) -> bool:
        return self.role in enums.SCORING_JURY_ROLES


class Assignment(models.Model):
    """Who scores what, when a round assigns each nomination to N members instead of to all."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nomination", "user"], name="one_assignment_per_member")]

    def __str__(self):
        return f"{self.user} – {self.nomination}"


class ConflictDeclaration(models.Model):
    """A link between a person and a producer that bars the person from scoring that producer's products."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("giám khảo"), on_delete=models.CASCADE,
                             related_name="conflicts")
    producer = models.ForeignKey("catalog.Producer", verbose_name=_("cơ sở"), on_delete=models.CASCADE,
                                 related_name="conflicts")
    relation = models.CharField(_("quan hệ"), max_length=12, choices=enums.ConflictRelation.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("xung đột lợi ích")
        verbose_name_plural = _("xung đột lợi ích")
        constraints = [models.UniqueConstraint(fields=["user", "producer"], name="one_conflict_per_pair")]

    def __str__(self):
        return f"{self.user} – {self.producer} ({self.get_relation_display()})"


class ConflictReport(models.Model):
    """A jury member's own declaration, by the tax code they know: nothing happens until the secretariat reviews
    it (scoring.juries.review_conflict_report), so the form answers the same whatever is typed and cannot tell a
    member whether a code exists or is in the round."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("giám khảo"), on_delete=models.CASCADE,
                             related_name="conflict_reports")
    tax_code = models.CharField(_("mã số thuế của cơ sở"), max_length=20)
    relation = models.CharField(_("quan hệ"), max_length=12, choices=enums.ConflictRelation.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    at = models.DateTimeField(default=timezone.now)
    state = models.CharField(_("trạng thái"), max_length=10, choices=enums.ConflictReportState.choices,
                             default=enums.ConflictReportState.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("ghi chú của thư ký"), blank=True)
    conflict = models.ForeignKey(ConflictDeclaration, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="reports")

    class Meta:
        verbose_name = _("khai báo xung đột lợi ích")
        verbose_name_plural = _("khai báo xung đột lợi ích")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.user} – {self.tax_code}"


class Recusal(models.Model):
    """A member is out of one nomination: they stepped aside while scoring, or a conflict of interest was
    recorded after they had a sheet (`conflict`, `recorded_by`: who recorded it; `at`: from when). Their sheet
    is kept but no longer counts (ScoreSheetQuerySet.counting, aggregation.Sheet.counts)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recusals")
    reason = models.TextField(_("lý do"))
    at = models.DateTimeField(default=timezone.now)
    conflict = models.ForeignKey(ConflictDeclaration, verbose_name=_("xung đột lợi ích"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="recusals")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nomination", "user"], name="one_recusal_per_member")]

    def __str__(self):
        return f"{self.user} – {self.nomination}"


# --- Score sheets ------------------------------------------------------------------------------------------


class ScoreSheetQuerySet(models.QuerySet):
    def counting(self):
        """THE rule "does this sheet count", in the database: submitted, and its member is not out of the
        nomination (no Recusal: stepped aside, or a conflict recorded late). aggregation.Sheet.counts is the
        same rule for the pure arithmetic, fed from the same Recusal rows (scoring.figures)."""
        out = Recusal.objects.filter(nomination_id=models.OuterRef("nomination_id"),
                                     user_id=models.OuterRef("member_id"))
        return self.filter(status=enums.SheetStatus.SUBMITTED).exclude(models.Exists(out))


class ScoreSheet(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="score_sheets")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("giám khảo"), on_delete=models.PROTECT,
                               related_name="score_sheets")
    status = models.CharField(_("trạng thái"), max_length=10, choices=enums.SheetStatus.choices,
                              default=enums.SheetStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    overall_comment = models.TextField(_("nhận xét chung"), blank=True)
    entered_on_behalf_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="+")
    # Stored by the sheet services on every save (scoring.sheets): the exact sum of the scores, and the exact
    # sum per criterion group code ({"1": "35.5", ...}, decimals as text so JSON keeps them exact).
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2, default=Decimal(0))
    group_totals = models.JSONField(_("tổng điểm theo nhóm tiêu chí"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScoreSheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["nomination", "member"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="one_sheet_per_member_and_nomination"),
        ]

    def __str__(self):
        return f"{self.member} – {self.nomination}"

    @property
    def is_submitted(self) -> bool:
        return self.status == enums.SheetStatus.SUBMITTED


FIGURE = {"max_digits": 7, "decimal_places": 2, "null": True, "blank": True}


class NominationFigures(models.Model):
    """The counted figures of one nomination, as scoring.aggregation.nomination_result gives them over its
    counted sheets with its round's settings: stored by scoring.figures.refresh_figures, which the services
    that change what counts call (submit, reopen, recusal). Every list of results reads these rows.

    `sort_key` is scoring.ranking.sort_key in its text form (encode_key): the database orders by it, NULL
    when nothing counts yet. `total_sum` is the exact sum of the counted totals (for the judges' deviation).
    """

    nomination = models.OneToOneField(Nomination, primary_key=True, on_delete=models.CASCADE, related_name="figures")
    sheet_count = models.PositiveSmallIntegerField(default=0)
    total_sum = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal(0))
    average = models.DecimalField(_("điểm trung bình"), **FIGURE)
    mean = models.DecimalField(**FIGURE)
    median = models.DecimalField(**FIGURE)
    trimmed_mean = models.DecimalField(**FIGURE)
    spread = models.DecimalField(**FIGURE)
    range = models.DecimalField(**FIGURE)
    group_averages = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=list, blank=True)
    flag_count = models.PositiveSmallIntegerField(default=0)
    # Flags of a kind the secretariat reviews (scoring.aggregation.REVIEWED_FLAGS) with no FlagReview yet: a round
    # with outlier_review_required recognises the nomination only at 0 (RankedRow.eligible).
    unreviewed_flags = models.PositiveSmallIntegerField(default=0)
    sort_key = models.CharField(max_length=100, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả tổng hợp của hồ sơ")
        verbose_name_plural = _("kết quả tổng hợp của hồ sơ")

    def __str__(self):
        return f"{self.nomination_id}: {self.average}"


class FlagReview(models.Model):
    """The secretariat has looked at one flag of a nomination's figures (an outlier sheet: checked with its
    member) and says what it found. Tied to the flag's identity (scoring.aggregation.flag_key): a sheet that
    changes gives a new flag, reviewed anew."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="flag_reviews")
    code = models.CharField(max_length=30)
    key = models.CharField(max_length=100)
    note = models.TextField(_("kết quả xem xét"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nomination", "code", "key"], name="one_review_per_flag")]
        verbose_name = _("xem xét cờ kết quả")
        verbose_name_plural = _("xem xét cờ kết quả")

    def __str__(self):
        return f"{self.nomination_id} {self.code} {self.key}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class ScoreChange(models.Model):
    """One change to a score sheet, kept for ever: who, when, old and new value, through which path."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="changes")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    old = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    new = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    path = models.CharField(max_length=10, choices=enums.ChangePath.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.sheet_id} {self.path}: {self.old} → {self.new}"
