"""Models of the artisan-title process. They belong to the awards app: awards/models.py imports this module.

Writes go through awards.artisans.services (nominations, dossier, comments, decisions, register) and
awards.artisans.voting (councils, sessions, attendance, ballots); nothing here changes state by itself.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.collation import vietnamese
from catalog.models import private_storage

from . import enums
from .standards import TitleRules

__all__ = ["ArtisanNomination", "ArtisanRound", "ArtisanTitle", "Ballot", "CommentPeriod", "Council", "CouncilMember",
           "CouncilSession", "Evidence", "NominationEvent", "PolicyVersion", "PriorTitle", "PublicComment",
           "SessionAttendance", "SessionCandidate", "VoteRecord", "Work"]

NUMBER = {"null": True, "blank": True}


class PolicyVersion(models.Model):
    """The numbers of the rules in force for a round, with their legal basis. Data, because several are not yet
    confirmed (marked "cần xác minh") and every decree changes some. Empty means "no figure": the standards check
    then leaves that line to the council (standards.py)."""

    name = models.CharField(_("tên"), max_length=200, unique=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, default="Nghị định 43/2024/NĐ-CP",
                                   help_text=_("Ví dụ: Nghị định 43/2024/NĐ-CP."))
    effective_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    # Nghệ nhân nhân dân
    nnnd_requires_nnut = models.BooleanField(_("NNND: phải có danh hiệu NNƯT"), default=True)
    nnnd_min_years = models.PositiveSmallIntegerField(_("NNND: số năm hành nghề tối thiểu"), default=20, **NUMBER)
    nnnd_min_learners = models.PositiveIntegerField(_("NNND: số người được truyền nghề tối thiểu"), default=150,
                                                    **NUMBER)
    nnnd_min_learners_special = models.PositiveIntegerField(
        _("NNND: số người được truyền nghề tối thiểu (nghề đặc thù)"), default=20, **NUMBER)
    nnnd_min_works = models.PositiveSmallIntegerField(_("NNND: số tác phẩm đạt giải tối thiểu"), default=2, **NUMBER)
    nnnd_national_rank = models.PositiveSmallIntegerField(
        _("NNND: giải toàn quốc tối thiểu"), choices=enums.PrizeRank.choices, default=enums.PrizeRank.SECOND, **NUMBER)
    nnnd_foreign_rank = models.PositiveSmallIntegerField(
        _("NNND: giải khu vực, quốc tế tối thiểu (do Nhà nước cử)"), choices=enums.PrizeRank.choices,
        default=enums.PrizeRank.THIRD, **NUMBER)
    # Nghệ nhân ưu tú: 15 years is the figure to verify; the others are not yet known (empty: council judges).
    nnut_min_years = models.PositiveSmallIntegerField(_("NNƯT: số năm hành nghề tối thiểu (cần xác minh)"),
                                                      default=15, **NUMBER)
    nnut_min_learners = models.PositiveIntegerField(_("NNƯT: số người được truyền nghề tối thiểu (cần xác minh)"),
                                                    **NUMBER)
    nnut_min_learners_special = models.PositiveIntegerField(
        _("NNƯT: số người được truyền nghề tối thiểu, nghề đặc thù (cần xác minh)"), **NUMBER)
    nnut_min_works = models.PositiveSmallIntegerField(_("NNƯT: số tác phẩm đạt giải tối thiểu (cần xác minh)"),
                                                      **NUMBER)
    nnut_national_rank = models.PositiveSmallIntegerField(_("NNƯT: giải toàn quốc tối thiểu (cần xác minh)"),
                                                          choices=enums.PrizeRank.choices, **NUMBER)
    nnut_foreign_rank = models.PositiveSmallIntegerField(
        _("NNƯT: giải khu vực, quốc tế tối thiểu (cần xác minh)"), choices=enums.PrizeRank.choices, **NUMBER)
    # Councils (the previous decree's rules, kept as defaults)
    quorum_percent = models.PositiveSmallIntegerField(_("tỷ lệ thành viên có mặt tối thiểu (%)"), default=75)
    quorum_needs_chair = models.BooleanField(_("phiên họp cần Chủ tịch hoặc Phó Chủ tịch được ủy quyền"),
                                             default=True)
    approval_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ phiếu đồng ý tối thiểu (%)"), default=90,
        help_text=_("Tính trên tổng số thành viên hội đồng, không chỉ số có mặt."))
    # Periods, in days
    comment_days = models.PositiveSmallIntegerField(_("số ngày lấy ý kiến nhân dân"), default=20)
    check_days = models.PositiveSmallIntegerField(_("số ngày kiểm tra hồ sơ"), default=10)
    completion_days = models.PositiveSmallIntegerField(_("số ngày bổ sung hồ sơ"), default=15)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chính sách xét tặng")
        verbose_name_plural = _("chính sách xét tặng")
        ordering = ["-effective_from", vietnamese("name")]
        constraints = [
            models.CheckConstraint(condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
                                   name="artisan_policy_quorum_percent"),
            models.CheckConstraint(condition=Q(approval_percent__gte=1, approval_percent__lte=100),
                                   name="artisan_policy_approval_percent"),
        ]

    def __str__(self):
        return self.name

    def rules_for(self, title: str) -> TitleRules:
        prefix = "nnnd" if title == enums.Title.NNND else "nnut"
        return TitleRules(
            min_years=getattr(self, f"{prefix}_min_years"),
            min_learners=getattr(self, f"{prefix}_min_learners"),
            min_learners_special=getattr(self, f"{prefix}_min_learners_special"),
            min_works=getattr(self, f"{prefix}_min_works"),
            national_rank=getattr(self, f"{prefix}_national_rank"),
            foreign_rank=getattr(self, f"{prefix}_foreign_rank"),
            requires_nnut=title == enums.Title.NNND and self.nnnd_requires_nnut,
        )


def national_day(year: int) -> datetime.date:
    """Titles are announced on National Day, 2 September of the award year."""
    return datetime.date(year, 9, 2)


class ArtisanRound(models.Model):
    """One round of the titles (e.g. lần thứ 6, 2025–2026), its schedule by stage and the policy it applies."""

    number = models.PositiveSmallIntegerField(_("lần thứ"), unique=True)
    title = models.CharField(_("tên đợt xét tặng"), max_length=255)
    award_year = models.PositiveSmallIntegerField(_("năm phong tặng"))
    announced_on = models.DateField(_("ngày công bố"), help_text=_("Mặc định: ngày 2/9 của năm phong tặng."))
    policy = models.ForeignKey(PolicyVersion, verbose_name=_("chính sách áp dụng"), on_delete=models.PROTECT,
                               related_name="rounds")
    submissions_open = models.DateField(_("bắt đầu nhận hồ sơ"))
    submissions_close = models.DateField(_("hết hạn nhận hồ sơ"))
    provincial_by = models.DateField(_("hội đồng cấp tỉnh xét xong trước"), null=True, blank=True)
    ministerial_by = models.DateField(_("hội đồng cấp Bộ xét xong trước"), null=True, blank=True)
    state_by = models.DateField(_("hội đồng cấp Nhà nước xét xong trước"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt xét tặng nghệ nhân")
        verbose_name_plural = _("đợt xét tặng nghệ nhân")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(condition=Q(submissions_open__lte=models.F("submissions_close")),
                                   name="artisan_round_submission_dates_ordered"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("artisans:round_detail", args=[self.pk])

    def is_open_for_submission(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.submissions_open <= on <= self.submissions_close


def _private_upload_to(instance, filename):
    return f"artisans/{instance.nomination_id}/{filename}"


def _nomination_upload_to(instance, filename):
    return f"artisans/{instance.pk}/{filename}"


class ArtisanNomination(models.Model):
    """One person's dossier for a title in a round: identity, craft, achievements, evidence, and its state.

    Filed from the candidate's own account (`user`) or entered by the provincial secretariat on their behalf
    (posthumous nominations always are). Identity and contacts are private: only the candidate, the secretariat
    in scope and administrators read them; council members see the achievements, never the contacts.
    """

    round = models.ForeignKey(ArtisanRound, verbose_name=_("đợt xét tặng"), on_delete=models.PROTECT,
                              related_name="nominations")
    title_sought = models.CharField(_("danh hiệu đề nghị"), max_length=4, choices=enums.Title.choices)
    state = models.CharField(_("trạng thái"), max_length=20, choices=enums.NominationState.choices,
                             default=enums.NominationState.DRAFT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản của người được đề nghị"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="artisan_nominations")
    # Identity (private)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    id_number = models.CharField(_("số căn cước công dân"), max_length=20, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    gender = models.CharField(_("giới tính"), max_length=6, choices=enums.Gender.choices, blank=True)
    address = models.CharField(_("địa chỉ thường trú"), max_length=255, blank=True)
    province = models.ForeignKey("catalog.Province", verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT,
                                 related_name="+")
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Craft and achievements
    craft = models.CharField(_("nghề"), max_length=150, help_text=_("Ví dụ: gốm sứ, sơn mài, dệt thổ cẩm."))
    special_craft = models.BooleanField(
        _("nghề đặc thù"), default=False,
        help_text=_("Nghề có nguy cơ mai một, ít người học (tiêu chuẩn truyền nghề riêng)."))
    years_in_craft = models.PositiveSmallIntegerField(_("số năm hành nghề"), default=0,
                                                      help_text=_("Liên tục hoặc cộng dồn."))
    learners = models.PositiveIntegerField(_("số người đã được truyền nghề"), default=0)
    other_distinctions = models.TextField(_("khen thưởng, thành tích khác"), blank=True)
    posthumous = models.BooleanField(_("đề nghị truy tặng"), default=False,
                                     help_text=_("Chỉ Sở Công Thương ghi."))
    # A re-encoded photo (uploads.process_photo), private until the title is awarded; the register copies it.
    portrait = models.ImageField(_("ảnh chân dung"), storage=private_storage, upload_to=_nomination_upload_to,
                                 blank=True)
    # Dossier check by the Sở Công Thương: deadlines set by the moves, what was missing when returned.
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    check_due = models.DateField(_("hạn kiểm tra hồ sơ"), null=True, blank=True)
    completion_due = models.DateField(_("hạn bổ sung hồ sơ"), null=True, blank=True)
    missing_items = models.JSONField(_("hồ sơ còn thiếu"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị xét tặng")
        verbose_name_plural = _("hồ sơ đề nghị xét tặng")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], condition=Q(user__isnull=False),
                                    name="one_artisan_nomination_per_account_and_round"),
            models.UniqueConstraint(fields=["round", "id_number"], condition=~Q(id_number=""),
                                    name="one_artisan_nomination_per_person_and_round"),
        ]

    def __str__(self):
        return f"{self.full_name} – {self.get_title_sought_display()}"

    @property
    def is_editable(self) -> bool:
        return self.state in enums.EDITABLE_STATES

    def is_check_overdue(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.state == enums.NominationState.SUBMITTED and self.check_due is not None and on > self.check_due

    def is_completion_overdue(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.state == enums.NominationState.RETURNED and self.completion_due is not None
                and on > self.completion_due)


class PriorTitle(models.Model):
    """A title the candidate already holds (an NNND candidate must hold NNƯT)."""

    nomination = models.ForeignKey(ArtisanNomination, on_delete=models.CASCADE, related_name="prior_titles")
    title = models.CharField(_("danh hiệu"), max_length=4, choices=enums.Title.choices)
    year = models.PositiveSmallIntegerField(_("năm phong tặng"))
    decision = models.CharField(_("số quyết định"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("danh hiệu đã có")
        verbose_name_plural = _("danh hiệu đã có")
        ordering = ["year", "id"]

    def __str__(self):
        return f"{self.get_title_display()} {self.year}"


class Work(models.Model):
    """A work and the prize it won (tác phẩm, giải thưởng)."""

    nomination = models.ForeignKey(ArtisanNomination, on_delete=models.CASCADE, related_name="works")
    name = models.CharField(_("tên tác phẩm"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm đạt giải"))
    competition = models.CharField(_("cuộc thi, triển lãm"), max_length=255, blank=True)
    level = models.CharField(_("cấp giải"), max_length=14, choices=enums.PrizeLevel.choices)
    rank = models.PositiveSmallIntegerField(_("giải"), choices=enums.PrizeRank.choices, null=True, blank=True)
    sent_by_state = models.BooleanField(_("do Nhà nước cử tham dự"), default=False,
                                        help_text=_("Với giải khu vực, quốc tế."))

    class Meta:
        verbose_name = _("tác phẩm, giải thưởng")
        verbose_name_plural = _("tác phẩm, giải thưởng")
        ordering = ["year", "id"]

    def __str__(self):
        return f"{self.name} ({self.year})"


class Evidence(models.Model):
    """A proof in the dossier: a file in private storage (photo, video, decision scan) or a video link."""

    nomination = models.ForeignKey(ArtisanNomination, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("loại minh chứng"), max_length=20, choices=enums.EvidenceKind.choices)
    caption = models.CharField(_("mô tả"), max_length=255, blank=True)
    file = models.FileField(_("tệp"), storage=private_storage, upload_to=_private_upload_to, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    original_name = models.CharField(max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["kind", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                                   name="evidence_is_a_file_or_a_link"),
        ]

    def __str__(self):
        return self.caption or self.original_name or self.url


class NominationEvent(models.Model):
    """One move of a nomination's state: who, when, why. The candidate reads it as the dossier's history."""

    nomination = models.ForeignKey(ArtisanNomination, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=enums.NominationState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=enums.NominationState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.nomination_id}: {self.from_state} → {self.to_state}"


# --- Councils and votes ------------------------------------------------------------------------------------


class Council(models.Model):
    """One of a round's councils: one provincial council per province, one ministerial, one State council."""

    round = models.ForeignKey(ArtisanRound, on_delete=models.PROTECT, related_name="councils")
    level = models.CharField(_("cấp hội đồng"), max_length=12, choices=enums.CouncilLevel.choices)
    province = models.ForeignKey("catalog.Province", verbose_name=_("tỉnh/thành phố"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên hội đồng"), max_length=255)
    founding_decision = models.CharField(_("quyết định thành lập"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội đồng xét tặng")
        verbose_name_plural = _("hội đồng xét tặng")
        ordering = ["round", "level", vietnamese("province__name")]
        constraints = [
            models.UniqueConstraint(fields=["round", "province"], condition=Q(level="provincial"),
                                    name="one_provincial_council_per_province_and_round"),
            models.UniqueConstraint(fields=["round", "level"], condition=~Q(level="provincial"),
                                    name="one_national_council_per_level_and_round"),
            models.CheckConstraint(condition=Q(level="provincial", province__isnull=False)
                                   | (~Q(level="provincial") & Q(province__isnull=True)),
                                   name="provincial_council_has_province"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("artisans:council_detail", args=[self.pk])


def by_rank(path: str = "role") -> models.Case:
    """Members in the order of the council's roles: chair, standing vice-chair, vice-chairs, members, secretary."""
    order = [enums.MemberRole.CHAIR, enums.MemberRole.STANDING_VICE_CHAIR, enums.MemberRole.VICE_CHAIR,
             enums.MemberRole.MEMBER, enums.MemberRole.SECRETARY]
    return models.Case(*[models.When(**{path: role}, then=rank) for rank, role in enumerate(order)],
                       output_field=models.IntegerField())


class CouncilMember(models.Model):
    """A listed member of a council, voting from their own account. The list's size is the approval base."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT,
                             related_name="council_seats")
    role = models.CharField(_("chức danh trong hội đồng"), max_length=20, choices=enums.MemberRole.choices,
                            default=enums.MemberRole.MEMBER)
    position = models.CharField(_("chức vụ, nơi công tác"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", by_rank(), "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="one_seat_per_person_and_council"),
            models.UniqueConstraint(fields=["council"], condition=Q(role="chair"), name="one_chair_per_council"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class CouncilSession(models.Model):
    """A meeting of a council that votes on the candidates at its stage.

    draft (attendance is recorded) → voting (quorum checked, the list of members and of candidates fixed) →
    closed (ballots counted, results stored on each SessionCandidate, nominations moved).
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=enums.SessionState.choices,
                             default=enums.SessionState.DRAFT)
    authorised_vice_chair = models.ForeignKey(
        CouncilMember, verbose_name=_("Phó Chủ tịch được ủy quyền chủ trì"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    # Fixed when voting opens: the approval base and the attendance it was checked against.
    listed_count = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    present_count = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    voting_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")
        ordering = ["-held_on", "-id"]
        constraints = [
            # Two sessions voting at once could both move the same candidates.
            models.UniqueConstraint(fields=["council"], condition=Q(state="voting"),
                                    name="one_voting_session_per_council"),
        ]

    def __str__(self):
        return f"{self.council} – {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("artisans:session_detail", args=[self.pk])


class SessionAttendance(models.Model):
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("có mặt"), default=False)

    class Meta:
        ordering = [by_rank("member__role"), "member_id"]
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="one_attendance_per_member")]

    def __str__(self):
        return f"{self.member}: {self.present}"


class SessionCandidate(models.Model):
    """A nomination on a session's ballot, and, once the session is closed, its counted result."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="candidates")
    nomination = models.ForeignKey(ArtisanNomination, on_delete=models.PROTECT, related_name="session_entries")
    position = models.PositiveSmallIntegerField(default=0)
    approvals = models.PositiveSmallIntegerField(null=True, blank=True)
    disapprovals = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "nomination"], name="one_ballot_line_per_candidate")]

    def __str__(self):
        return f"{self.session_id}: {self.nomination}"


class VoteRecord(models.Model):
    """THAT a member voted in a session (never how): one row per member and session, so nobody votes twice.

    It carries no choice and nothing points from it to a ballot. See voting.py for the whole design.
    """

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="vote_records")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="vote_records")
    channel = models.CharField(max_length=6, choices=enums.VoteChannel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("ghi nhận đã bỏ phiếu")
        verbose_name_plural = _("ghi nhận đã bỏ phiếu")
        ordering = [by_rank("member__role"), "member_id"]
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="one_vote_per_member_and_session")]

    def __str__(self):
        return f"{self.member} – {self.session_id}"


class Ballot(models.Model):
    """One mark in the ballot box: a candidate and a choice, nothing else.

    No voter, no time, no sequence: a random primary key, and the box of a session is rewritten in random order
    at every cast (voting._rewrite_box), so neither the keys nor the rows' physical order follow the order in
    which members voted.
    """

    id = models.UUIDField(primary_key=True, editable=False)
    candidate = models.ForeignKey(SessionCandidate, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=10, choices=enums.Choice.choices)

    class Meta:
        ordering = ["candidate", "choice"]

    def __str__(self):
        return f"{self.candidate_id}: {self.choice}"


# --- Public comment ------------------------------------------------------------------------------------------


class CommentPeriod(models.Model):
    """A public posting of proposed candidates before the State council decides (default 20 days). Usually one per
    round; candidates the ministerial council proposes later are posted in a further period."""

    round = models.ForeignKey(ArtisanRound, on_delete=models.PROTECT, related_name="comment_periods")
    opens_on = models.DateField(_("bắt đầu lấy ý kiến"))
    closes_on = models.DateField(_("kết thúc lấy ý kiến"))
    nominations = models.ManyToManyField(ArtisanNomination, related_name="comment_periods", blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt lấy ý kiến nhân dân")
        verbose_name_plural = _("đợt lấy ý kiến nhân dân")
        ordering = ["-opens_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(opens_on__lte=models.F("closes_on")),
                                              name="comment_period_dates_ordered")]

    def __str__(self):
        return f"{self.round}: {self.opens_on:%d/%m/%Y} – {self.closes_on:%d/%m/%Y}"

    def is_open(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.opens_on <= on <= self.closes_on

    def has_ended(self, on: datetime.date | None = None) -> bool:
        return (on or timezone.localdate()) > self.closes_on


class PublicComment(models.Model):
    """A signed comment from the public about a posted candidate, and the secretariat's response. Private."""

    period = models.ForeignKey(CommentPeriod, on_delete=models.CASCADE, related_name="comments")
    nomination = models.ForeignKey(ArtisanNomination, verbose_name=_("về nghệ nhân"), on_delete=models.CASCADE,
                                   related_name="public_comments")
    full_name = models.CharField(_("họ và tên người góp ý"), max_length=150)
    phone = models.CharField(_("điện thoại"), max_length=30)
    address = models.CharField(_("địa chỉ"), max_length=255)
    text = models.TextField(_("nội dung góp ý"))
    submitted_at = models.DateTimeField(default=timezone.now)
    response = models.TextField(_("trả lời của cơ quan thường trực"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = _("ý kiến nhân dân")
        verbose_name_plural = _("ý kiến nhân dân")
        # Unanswered first on every database (PostgreSQL puts NULLs last, SQLite first).
        ordering = [models.F("responded_at").asc(nulls_first=True), "submitted_at", "id"]

    def __str__(self):
        return f"{self.full_name} → {self.nomination}"


# --- The title register --------------------------------------------------------------------------------------


def _register_photo_upload_to(instance, filename):
    return f"artisans/{filename}"


class ArtisanTitle(models.Model):
    """A line of the title register: who holds which title since when. Public, except nothing else is.

    Written when a final decision awards a title (services.record_decision) or imported from the lists of
    earlier rounds (resources.ArtisanTitleResource). Only these public facts are stored here.
    """

    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("danh hiệu"), max_length=4, choices=enums.Title.choices)
    year = models.PositiveSmallIntegerField(_("năm phong tặng"))
    craft = models.CharField(_("nghề"), max_length=150)
    province = models.ForeignKey("catalog.Province", verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT,
                                 related_name="+")
    posthumous = models.BooleanField(_("truy tặng"), default=False)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    round = models.ForeignKey(ArtisanRound, verbose_name=_("đợt xét tặng"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="titles")
    nomination = models.OneToOneField(ArtisanNomination, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="awarded_title")
    photo = models.ImageField(_("ảnh"), upload_to=_register_photo_upload_to, blank=True)
    source = models.CharField(max_length=10, choices=enums.TitleSource.choices, default=enums.TitleSource.IMPORTED)
    # Derived keys for the public directory (catalog.text): Vietnamese order, word-start search, craft filter.
    sort_name = models.CharField(max_length=600, editable=False, default="")
    search_words = models.CharField(max_length=800, editable=False, default="")
    craft_key = models.CharField(max_length=150, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nghệ nhân trong sổ danh hiệu")
        verbose_name_plural = _("sổ danh hiệu nghệ nhân")
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["sort_name", "id"], name="artisan_title_name"),
            models.Index(fields=["title", "sort_name"], name="artisan_title_title"),
            models.Index(fields=["year", "sort_name"], name="artisan_title_year"),
            models.Index(fields=["province", "sort_name"], name="artisan_title_province"),
            models.Index(fields=["craft_key", "sort_name"], name="artisan_title_craft"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["full_name", "title", "year", "province"], name="one_register_line"),
        ]

    def __str__(self):
        return f"{self.full_name} – {self.get_title_display()} {self.year}"

    def save(self, *args, **kwargs):
        # Derived search keys, not business logic (as catalog's Province.name_ascii): every write path keeps them
        # in step; the import's batch writes call set_register_keys themselves.
        set_register_keys(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_name", "search_words", "craft_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("artisans:artisan", args=[self.pk])


def set_register_keys(line: ArtisanTitle, province_name: str | None = None) -> None:
    """The directory's keys: the name's Vietnamese sort key, the folded words of name, craft and province (a space
    before each, for word-start matches), the folded craft for the craft filter."""
    from catalog.text import fold, search_document, sort_key

    line.sort_name = sort_key(line.full_name)
    province = province_name if province_name is not None else (line.province.name if line.province_id else "")
    line.search_words = search_document(line.full_name, line.craft, province)[:800]
    line.craft_key = fold(line.craft)[:150]
