"""Scoring progress per member and per nomination, and the reminder e-mails."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from catalog import mail

from .enums import SheetStatus
from .juries import expected_judges
from .models import (
    ScoreSheet,
    SelectionRound,
)
from .permissions import ensure_manages_round


@dataclass
class MemberProgress:
    user: object
    expected: int
    submitted: int
    late: bool

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 100


def round_progress(selection_round: SelectionRound) -> dict:
    """Sheets done per member and per nomination. Late: scoring has closed (or closes within two days) and the
    member still owes sheets."""
    expected = expected_judges(selection_round)
    submitted = set(ScoreSheet.objects.filter(nomination__round=selection_round, status=SheetStatus.SUBMITTED)
                    .values_list("nomination_id", "member_id"))
    closes = selection_round.scoring_closes
    pressing = bool(closes and (closes - timezone.localdate()).days <= 2)
    members = {}
    for jury in selection_round.juries.prefetch_related("members__user"):
        for membership in jury.members.all():
            if membership.scores:
                members[membership.user_id] = membership.user
    per_member = []
    for user_id, user in members.items():
        owed = [n for n, judges in expected.items() if user_id in judges]
        done = sum(1 for n in owed if (n, user_id) in submitted)
        per_member.append(MemberProgress(user, len(owed), done, pressing and done < len(owed)))
    nominations = {n.pk: n for n in selection_round.nominations.filter(pk__in=expected).select_related("product")}
    per_nomination = [
        {"nomination": nominations[n], "expected": len(judges),
         "submitted": sum(1 for j in judges if (n, j) in submitted)}
        for n, judges in expected.items()
    ]
    return {"members": per_member, "nominations": per_nomination}


def members_to_remind(progress: dict) -> list:
    """The rows of round_progress(...) whose member still owes sheets and has an e-mail: who a reminder reaches."""
    return [row for row in progress["members"] if row.submitted < row.expected and row.user.email]


def send_reminders(*, round: SelectionRound, by) -> int:
    """E-mail every member who still owes sheets; returns how many were reminded."""
    ensure_manages_round(by, round)
    reminded = 0
    for row in members_to_remind(round_progress(round)):
        reminded += mail.send_templated("scoring/email/score_reminder", {"round": round, "row": row}, [row.user.email])
    return reminded
