"""Choices and the declared state machines of selection rounds and nominations."""


from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.enums import Level

# Where recognised products of a round are forwarded.
NEXT_LEVEL = {
    Level.COMMUNE: Level.PROVINCE,
    Level.DISTRICT: Level.PROVINCE,
    Level.PROVINCE: Level.REGION,
    Level.REGION: Level.NATIONAL,
}


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    REGISTRATION_OPEN = "registration_open", _("Đang nhận hồ sơ")
    REGISTRATION_CLOSED = "registration_closed", _("Hết hạn nhận hồ sơ")
    SCORING = "scoring", _("Đang chấm điểm")
    SCORING_CLOSED = "scoring_closed", _("Đã chấm xong")
    RESULTS_PUBLISHED = "results_published", _("Đã công bố kết quả")
    ARCHIVED = "archived", _("Lưu trữ")


ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundState.DRAFT: {RoundState.REGISTRATION_OPEN},
    RoundState.REGISTRATION_OPEN: {RoundState.REGISTRATION_CLOSED},
    RoundState.REGISTRATION_CLOSED: {RoundState.SCORING},
    RoundState.SCORING: {RoundState.SCORING_CLOSED},
    RoundState.SCORING_CLOSED: {RoundState.RESULTS_PUBLISHED, RoundState.SCORING},
    RoundState.RESULTS_PUBLISHED: {RoundState.ARCHIVED},
    RoundState.ARCHIVED: set(),
}

# Moves only the results decision makes (awards.services): the round's results are published by publishing its
# decision, and scoring is reopened by an audited reopen that also sends the decision back to draft
# (awards.services.reopen_scoring). set_round_state refuses them by hand; the state form does not offer them.
MOVES_THROUGH_DECISION = {(RoundState.SCORING_CLOSED, RoundState.RESULTS_PUBLISHED),
                          (RoundState.SCORING_CLOSED, RoundState.SCORING)}


def hand_transitions(state: str) -> list[str]:
    """The states a person may move a round to from `state` with the round's state form."""
    return [s for s in ROUND_TRANSITIONS[state] if (state, s) not in MOVES_THROUGH_DECISION]


# Scoring is over: no sheet changes (short of an audited reopen), the figures are final.
SCORING_CLOSED_STATES = {RoundState.SCORING_CLOSED, RoundState.RESULTS_PUBLISHED, RoundState.ARCHIVED}

# From scoring on, the set of nominations is fixed: no withdrawal, no correction.
ROUND_STATES_BEFORE_SCORING = {RoundState.DRAFT, RoundState.REGISTRATION_OPEN, RoundState.REGISTRATION_CLOSED}


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại để bổ sung")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    REJECTED = "rejected", _("Không đủ điều kiện")
    WITHDRAWN = "withdrawn", _("Đã rút")


NOMINATION_TRANSITIONS: dict[str, set[str]] = {
    NominationState.DRAFT: {NominationState.SUBMITTED, NominationState.WITHDRAWN},
    NominationState.SUBMITTED: {NominationState.RETURNED, NominationState.ACCEPTED, NominationState.REJECTED,
                                NominationState.WITHDRAWN},
    NominationState.RETURNED: {NominationState.SUBMITTED, NominationState.REJECTED, NominationState.WITHDRAWN},
    NominationState.ACCEPTED: {NominationState.WITHDRAWN},
    NominationState.REJECTED: set(),
    NominationState.WITHDRAWN: set(),
}

# Who makes each move: the producer decides to submit or withdraw, the secretariat decides the rest.
PRODUCER_MOVES = {NominationState.SUBMITTED, NominationState.WITHDRAWN}
SECRETARIAT_MOVES = {NominationState.RETURNED, NominationState.ACCEPTED, NominationState.REJECTED}
# The secretariat must say why it sends a dossier back or turns it down.
MOVES_NEEDING_REASON = {NominationState.RETURNED, NominationState.REJECTED}


class ForwardingState(models.TextChoices):
    PROPOSED = "proposed", _("Chờ cơ sở xác nhận")
    CONFIRMED = "confirmed", _("Cơ sở đã xác nhận")
    DECLINED = "declined", _("Cơ sở từ chối")


# --- Judging -----------------------------------------------------------------------------------------------


class JuryRole(models.TextChoices):
    HEAD = "head", _("Trưởng ban")
    DEPUTY = "deputy", _("Phó trưởng ban")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký (không chấm điểm)")


SCORING_JURY_ROLES = {JuryRole.HEAD, JuryRole.DEPUTY, JuryRole.MEMBER}


class ConflictReportState(models.TextChoices):
    PENDING = "pending", _("Chờ thư ký xem xét")
    CONFIRMED = "confirmed", _("Đã ghi nhận")
    DISMISSED = "dismissed", _("Không ghi nhận")


class ConflictRelation(models.TextChoices):
    EMPLOYEE = "employee", _("Làm việc cho cơ sở")
    FAMILY = "family", _("Quan hệ gia đình")
    COOPERATIVE = "cooperative", _("Cùng hợp tác xã")
    OTHER = "other", _("Quan hệ khác")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SUBMITTED = "submitted", _("Đã nộp")


class ChangePath(models.TextChoices):
    """Through which door a score changed: the audit names it."""

    WEB = "web", _("Trang chấm điểm")
    AUTOSAVE = "autosave", _("Tự động lưu")
    API = "api", _("API")
    PAPER = "paper", _("Nhập từ phiếu giấy")
    REOPEN = "reopen", _("Mở lại phiếu")
    SUBMIT = "submit", _("Nộp phiếu")
