"""Choices and the declared state machine of an artisan nomination."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Title(models.TextChoices):
    """The two titles. The values are the abbreviations people write ("NNND", "NNƯT" folds to "nnut")."""

    NNND = "nnnd", _("Nghệ nhân nhân dân")
    NNUT = "nnut", _("Nghệ nhân ưu tú")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class PrizeLevel(models.TextChoices):
    """Where a work won its prize. Regional means an international region (ASEAN...), not a Vietnamese one."""

    PROVINCIAL = "provincial", _("Cấp tỉnh")
    NATIONAL = "national", _("Toàn quốc")
    REGIONAL = "regional", _("Khu vực")
    INTERNATIONAL = "international", _("Quốc tế")


class PrizeRank(models.IntegerChoices):
    """Lower is better, so "second prize or better" is rank ≤ 2."""

    SPECIAL = 0, _("Giải đặc biệt")
    FIRST = 1, _("Giải nhất / huy chương vàng")
    SECOND = 2, _("Giải nhì / huy chương bạc")
    THIRD = 3, _("Giải ba / huy chương đồng")
    CONSOLATION = 4, _("Giải khuyến khích")


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Ảnh tác phẩm, ảnh hành nghề")
    VIDEO = "video", _("Tệp video")
    VIDEO_LINK = "video_link", _("Đường dẫn video")
    AWARD_DECISION = "award_decision", _("Quyết định, giấy chứng nhận giải thưởng")
    TEACHING = "teaching", _("Minh chứng truyền nghề")
    SIGNED_DECLARATION = "signed_declaration", _("Bản khai có xác nhận của địa phương")
    OTHER = "other", _("Khác")


class Outcome(models.TextChoices):
    """What the standards check says about one standard. It informs; the council's vote decides."""

    MET = "met", _("Đạt")
    NOT_MET = "not_met", _("Chưa đạt")
    JUDGEMENT = "judgement", _("Hội đồng xem xét")


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp, chờ kiểm tra")
    RETURNED = "returned", _("Trả lại để bổ sung")
    ACCEPTED = "accepted", _("Hồ sơ hợp lệ, chờ hội đồng cấp tỉnh")
    PROVINCIAL_PASSED = "provincial_passed", _("Hội đồng cấp tỉnh đề nghị, chờ hội đồng cấp Bộ")
    MINISTERIAL_PASSED = "ministerial_passed", _("Hội đồng cấp Bộ đề nghị, chờ hội đồng cấp Nhà nước")
    STATE_PASSED = "state_passed", _("Hội đồng cấp Nhà nước đề nghị, chờ quyết định")
    AWARDED = "awarded", _("Được phong tặng")
    NOT_PASSED = "not_passed", _("Không được đề nghị")
    REJECTED = "rejected", _("Không đủ điều kiện")
    WITHDRAWN = "withdrawn", _("Đã rút")


S = NominationState
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.ACCEPTED, S.RETURNED, S.REJECTED, S.WITHDRAWN},
    S.RETURNED: {S.SUBMITTED, S.REJECTED, S.WITHDRAWN},
    S.ACCEPTED: {S.PROVINCIAL_PASSED, S.NOT_PASSED, S.WITHDRAWN},
    S.PROVINCIAL_PASSED: {S.MINISTERIAL_PASSED, S.NOT_PASSED, S.WITHDRAWN},
    S.MINISTERIAL_PASSED: {S.STATE_PASSED, S.NOT_PASSED, S.WITHDRAWN},
    S.STATE_PASSED: {S.AWARDED, S.NOT_PASSED},
    S.AWARDED: set(),
    S.NOT_PASSED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}
# The dossier moves (awards.artisans.services.set_nomination_state). A council's vote (voting.close_session) and
# the final decision (services.record_decision) make the others, each through its own service.
CANDIDATE_MOVES = {S.SUBMITTED, S.WITHDRAWN}
SECRETARIAT_MOVES = {S.SUBMITTED, S.ACCEPTED, S.RETURNED, S.REJECTED, S.WITHDRAWN}
MOVES_NEEDING_REASON = {S.RETURNED, S.REJECTED}
EDITABLE_STATES = {S.DRAFT, S.RETURNED}


class CouncilLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("Hội đồng cấp tỉnh")
    MINISTERIAL = "ministerial", _("Hội đồng chuyên ngành cấp Bộ")
    STATE = "state", _("Hội đồng cấp Nhà nước")


# Which nominations a council votes on, and where a candidate goes when it passes.
STAGE_OF_COUNCIL = {
    CouncilLevel.PROVINCIAL: S.ACCEPTED,
    CouncilLevel.MINISTERIAL: S.PROVINCIAL_PASSED,
    CouncilLevel.STATE: S.MINISTERIAL_PASSED,
}
PASSED_AT = {
    CouncilLevel.PROVINCIAL: S.PROVINCIAL_PASSED,
    CouncilLevel.MINISTERIAL: S.MINISTERIAL_PASSED,
    CouncilLevel.STATE: S.STATE_PASSED,
}


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    STANDING_VICE_CHAIR = "standing_vice_chair", _("Phó Chủ tịch thường trực")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Ủy viên thư ký")


# Who may preside in the chair's absence, when the chair has authorised them.
VICE_CHAIR_ROLES = {MemberRole.STANDING_VICE_CHAIR, MemberRole.VICE_CHAIR}


class SessionState(models.TextChoices):
    DRAFT = "draft", _("Chuẩn bị, điểm danh")
    VOTING = "voting", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kiểm phiếu")


class Choice(models.TextChoices):
    APPROVE = "approve", _("Đồng ý")
    DISAPPROVE = "disapprove", _("Không đồng ý")


class VoteChannel(models.TextChoices):
    ONLINE = "online", _("Bỏ phiếu trên hệ thống")
    PAPER = "paper", _("Phiếu giấy do thư ký nhập")


class TitleSource(models.TextChoices):
    AWARDED = "awarded", _("Phong tặng qua hệ thống")
    IMPORTED = "imported", _("Nhập từ danh sách đã công bố")
