"""Juries, their members, conflicts of interest, recusals and the assignment of nominations to members."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Producer

from .assignment import AssignmentError, assign
from .enums import NominationState
from .figures import refresh_figures
from .models import (
    Assignment,
    ConflictDeclaration,
    Jury,
    JuryMember,
    Nomination,
    Recusal,
    ScoreSheet,
    SelectionRound,
)
from .permissions import conflicted_producer_ids, ensure_manages_round, may_judge


@transaction.atomic
def create_jury(*, round: SelectionRound, name: str, groups: list[str], by) -> Jury:
    ensure_manages_round(by, round)
    if not groups or not set(groups) <= set(round.groups):
        raise ValidationError(_("Chọn các nhóm sản phẩm mà đợt bình chọn này nhận."))
    taken = {g for jury in round.juries.all() for g in jury.groups} & set(groups)
    if taken:
        raise ValidationError(_("Nhóm %(groups)s đã có ban giám khảo khác chấm.")
                              % {"groups": ", ".join(sorted(taken))})
    return Jury.objects.create(round=round, name=name, groups=list(groups))


@transaction.atomic
def add_jury_member(*, jury: Jury, user, role: str, by) -> JuryMember:
    ensure_manages_round(by, jury.round)
    if not user.is_jury:
        raise ValidationError(_("Tài khoản %(email)s không phải tài khoản giám khảo.") % {"email": user.email})
    if JuryMember.objects.filter(jury=jury, user=user).exists():
        raise ValidationError(_("%(user)s đã có trong ban giám khảo này.") % {"user": user})
    return JuryMember.objects.create(jury=jury, user=user, role=role)


def scoring_members(jury: Jury) -> list[JuryMember]:
    return [m for m in jury.members.select_related("user") if m.scores]


def jury_warnings(jury: Jury) -> list[str]:
    """Advice, not a refusal: the rule asks for an odd number of scoring members."""
    count = len(scoring_members(jury))
    if count and count % 2 == 0:
        return [_("Ban giám khảo “%(jury)s” có %(n)d thành viên chấm điểm; quy chế yêu cầu số lẻ.")
                % {"jury": jury.name, "n": count}]
    return []


@transaction.atomic
def declare_conflict(*, user, producer: Producer, relation: str, note: str, by) -> ConflictDeclaration:
    """A member declares their own conflict, or the secretariat records one. Either way it bars at once."""
    if by.pk != user.pk and not (by.is_secretariat or by.is_administrator):
        raise ValidationError(_("Chỉ giám khảo hoặc thư ký mới ghi được xung đột lợi ích."))
    conflict, _created = ConflictDeclaration.objects.update_or_create(
        user=user, producer=producer, defaults={"relation": relation, "note": note, "recorded_by": by})
    return conflict


@transaction.atomic
def recuse(*, nomination: Nomination, by, reason: str) -> Recusal:
    """A member steps aside from a nomination while scoring. Their sheet stays, but no longer counts.

    Side effect: the nomination's figures refreshed.
    """
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do xin không chấm sản phẩm này."))
    if not may_judge(by, nomination):
        raise ValidationError(_("Bạn không được phân công chấm sản phẩm này."))
    recusal, _created = Recusal.objects.get_or_create(nomination=nomination, user=by,
                                                      defaults={"reason": reason.strip()})
    refresh_figures(nominations=[nomination.pk])
    return recusal


def _accepted(selection_round: SelectionRound, groups: list[str]):
    return selection_round.nominations.filter(state=NominationState.ACCEPTED, product__group__in=groups).order_by(
        "product__group", "pk").select_related("product")


@transaction.atomic
def assign_nominations(*, round: SelectionRound, by) -> int:
    """Share each accepted nomination among `members_per_nomination` members of its jury, balanced and
    avoiding conflicts (assignment.assign). Replaces earlier assignments; refused once a sheet exists."""
    ensure_manages_round(by, round)
    per = round.members_per_nomination
    if not per:
        raise ValidationError(_("Đợt này để mọi giám khảo chấm mọi sản phẩm; không cần phân công."))
    if ScoreSheet.objects.filter(nomination__round=round).exists():
        raise ValidationError(_("Đã có phiếu chấm; không phân công lại được."))
    Assignment.objects.filter(nomination__round=round).delete()
    created = 0
    for jury in round.juries.all():
        members = [m.user_id for m in scoring_members(jury)]
        nominations = list(_accepted(round, jury.groups))
        barred = conflicted_producer_ids(members)
        conflicts = [(m, n.pk) for n in nominations for m in members if n.product.producer_id in barred[m]]
        try:
            plan = assign([n.pk for n in nominations], members, per, conflicts)
        except AssignmentError as exc:
            raise ValidationError(str(exc)) from exc
        rows = [Assignment(nomination_id=n, user_id=m) for n, chosen in plan.items() for m in chosen]
        Assignment.objects.bulk_create(rows)
        created += len(rows)
    return created


def expected_judges(selection_round: SelectionRound) -> dict[int, list[int]]:
    """Nomination id → ids of the members who should score it (conflicted and recused members left out)."""
    result: dict[int, list[int]] = {}
    recused = set(Recusal.objects.filter(nomination__round=selection_round).values_list("nomination_id", "user_id"))
    assigned = set(Assignment.objects.filter(nomination__round=selection_round).values_list("nomination_id",
                                                                                           "user_id"))
    for jury in selection_round.juries.all():
        members = [m.user_id for m in scoring_members(jury)]
        barred = conflicted_producer_ids(members)
        for nomination in _accepted(selection_round, jury.groups):
            result[nomination.pk] = [
                m for m in members
                if nomination.product.producer_id not in barred[m]
                and (nomination.pk, m) not in recused
                and (not selection_round.members_per_nomination or (nomination.pk, m) in assigned)
            ]
    return result
