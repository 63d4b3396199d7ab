"""Quorum and approval arithmetic of a council session: pure functions on whole numbers, no ORM, no floats.

Rules (numbers from the policy version; defaults of the previous decree, kept by Nghị định 43/2024/NĐ-CP's
councils until confirmed otherwise):
- a session is valid when present × 100 ≥ quorum_percent × listed members (default 75), and, when the policy
  asks for it, the chair is present or a vice-chair the chair authorised presides in their place;
- a candidate passes when approvals × 100 ≥ approval_percent × listed members (default 90): counted against every
  listed member of the council, not against those present, so an absent member counts as not approving.
  With 11 listed members 10 approvals pass (1000 ≥ 990) and 9 fail (900 < 990), however many were present.
Percentages are shown rounded for people; the comparison is always the exact one above.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Quorum:
    valid: bool
    listed: int
    present: int
    required: int  # the fewest members present that make the number
    problems: list[str] = field(default_factory=list)


def fewest(percent: int, listed: int) -> int:
    """The smallest whole n with n × 100 ≥ percent × listed."""
    return -(-percent * listed // 100)


def quorum(*, listed: int, present: int, chair_present: bool, authorised_vice_chair_present: bool,
           quorum_percent: int, needs_chair: bool = True) -> Quorum:
    problems = []
    required = fewest(quorum_percent, listed)
    if listed == 0:
        problems.append(_("Hội đồng chưa có thành viên nào."))
    elif present * 100 < quorum_percent * listed:
        problems.append(_("Có mặt %(present)s trên %(listed)s thành viên; cần ít nhất %(required)s (%(percent)s%%).")
                        % {"present": present, "listed": listed, "required": required, "percent": quorum_percent})
    if needs_chair and not (chair_present or authorised_vice_chair_present):
        problems.append(_("Vắng Chủ tịch hội đồng và không có Phó Chủ tịch được ủy quyền chủ trì."))
    return Quorum(valid=not problems, listed=listed, present=present, required=required, problems=problems)


def passes(*, approvals: int, listed: int, approval_percent: int) -> bool:
    """Whether a candidate with `approvals` approving ballots passes a council of `listed` members."""
    return listed > 0 and approvals * 100 >= approval_percent * listed
