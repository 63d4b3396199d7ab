from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    APPROVED = "approved", _("Đã phê duyệt")
    PUBLISHED = "published", _("Đã công bố")


# An approved decision may go back to draft (with a reason) until it is published; publishing is final,
# because certificates then exist and participants have been notified. Corrections after that are revocations.
TRANSITIONS: dict[str, set[str]] = {
    DecisionState.DRAFT: {DecisionState.APPROVED},
    DecisionState.APPROVED: {DecisionState.DRAFT, DecisionState.PUBLISHED},
    DecisionState.PUBLISHED: set(),
}
MOVES_NEEDING_REASON = {(DecisionState.APPROVED, DecisionState.DRAFT)}


class HolidayKind(models.TextChoices):
    OFF = "off", _("Ngày nghỉ")
    WORKING = "working", _("Ngày làm việc")
