"""Access funnels for rounds, nominations and forwardings. Missing and forbidden both answer 404.

Secretariat scope: a provincial secretariat manages its province's rounds (commune, legacy district and
province level); a regional one its region's rounds; a national one the national rounds. Administrators all.
Producers reach the nominations of products of producers they manage.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from catalog import enums as catalog_enums
from catalog.enums import Level
from catalog.models import Producer
from catalog.permissions import producers_for_user

from .enums import SCORING_JURY_ROLES, NominationState, RoundState
from .models import ConflictDeclaration, Forwarding, JuryMember, Nomination, ScoreSheet, SelectionRound

PROVINCE_LEVELS = (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE)


def _is_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_administrator


def rounds_for_secretariat(user) -> QuerySet[SelectionRound]:
    rounds = SelectionRound.objects.all()
    if _is_admin(user):
        return rounds
    if not (user.is_authenticated and user.is_active and user.is_secretariat):
        return rounds.none()
    scope = user.scope_level
    if scope == catalog_enums.ScopeLevel.PROVINCE and user.scope_province_id:
        return rounds.filter(level__in=PROVINCE_LEVELS, scope_province_id=user.scope_province_id)
    if scope == catalog_enums.ScopeLevel.REGION and user.scope_region_id:
        return rounds.filter(level=Level.REGION, scope_region_id=user.scope_region_id)
    if scope == catalog_enums.ScopeLevel.NATIONAL:
        return rounds.filter(level=Level.NATIONAL)
    return rounds.none()


def round_levels_for_secretariat(user) -> list[str]:
    """Levels this account may create rounds at (district is history only)."""
    if _is_admin(user):
        return [Level.COMMUNE, Level.PROVINCE, Level.REGION, Level.NATIONAL]
    if not user.is_secretariat:
        return []
    return {
        catalog_enums.ScopeLevel.PROVINCE: [Level.COMMUNE, Level.PROVINCE],
        catalog_enums.ScopeLevel.REGION: [Level.REGION],
        catalog_enums.ScopeLevel.NATIONAL: [Level.NATIONAL],
    }.get(user.scope_level, [])


def can_manage_round(user, selection_round: SelectionRound) -> bool:
    """Whether the round (saved or not yet saved) lies within the account's scope."""
    if _is_admin(user):
        return True
    if not (user.is_authenticated and user.is_active and user.is_secretariat):
        return False
    if user.scope_level == catalog_enums.ScopeLevel.PROVINCE:
        return selection_round.level in PROVINCE_LEVELS and selection_round.scope_province_id == user.scope_province_id
    if user.scope_level == catalog_enums.ScopeLevel.REGION:
        return selection_round.level == Level.REGION and selection_round.scope_region_id == user.scope_region_id
    return selection_round.level == Level.NATIONAL


def ensure_manages_round(user, selection_round: SelectionRound) -> None:
    """For services: refuse, with a message, a write on a round outside the account's scope."""
    if not can_manage_round(user, selection_round):
        raise ValidationError(_("Đợt bình chọn này nằm ngoài phạm vi phụ trách của bạn."))


def get_round_for_secretariat(user, round_id) -> SelectionRound:
    rounds = rounds_for_secretariat(user).select_related("scope_province", "scope_region", "rubric")
    return get_object_or_404(rounds, pk=round_id)


def nominations_for_secretariat(user) -> QuerySet[Nomination]:
    return Nomination.objects.filter(round__in=rounds_for_secretariat(user))


def get_nomination_for_secretariat(user, nomination_id) -> Nomination:
    nominations = nominations_for_secretariat(user).select_related(
        "round", "round__scope_province", "product", "product__producer", "product__producer__province"
    )
    return get_object_or_404(nominations, pk=nomination_id)


def manages_producer(user, producer) -> bool:
    """The account may act for this producer (its own accounts; administrators too)."""
    return producers_for_user(user, for_edit=True).filter(pk=producer.pk).exists()


def nominations_for_producer(user) -> QuerySet[Nomination]:
    return Nomination.objects.filter(product__producer__in=producers_for_user(user, for_edit=True))


def get_nomination_for_producer(user, nomination_id) -> Nomination:
    nominations = nominations_for_producer(user).select_related(
        "round", "round__scope_province", "round__scope_region", "product", "product__producer",
        "product__producer__province",
    )
    return get_object_or_404(nominations, pk=nomination_id)


def forwardings_for_producer(user) -> QuerySet[Forwarding]:
    return Forwarding.objects.filter(product__producer__in=producers_for_user(user, for_edit=True))


def get_forwarding_for_producer(user, forwarding_id) -> Forwarding:
    forwardings = forwardings_for_producer(user).select_related("from_round", "to_round", "product__producer")
    return get_object_or_404(forwardings, pk=forwarding_id)


# --- Judging -----------------------------------------------------------------------------------------------

# Jury members reach their nominations while scoring runs and after it closes (to read what they gave).
JUDGING_STATES = (RoundState.SCORING, RoundState.SCORING_CLOSED)


def conflicted_producer_ids(user_ids: Iterable[int]) -> dict[int, set[int]]:
    """THE conflict-of-interest rule, for many people at once: a person may not judge a producer whose account
    they hold, nor one they have a declared or recorded relation with (employee, family, same cooperative...).
    `has_conflict` and every list of nominations a judge sees are built on this one function."""
    user_ids = list(user_ids)
    result: dict[int, set[int]] = {user_id: set() for user_id in user_ids}
    accounts = Producer.users.through.objects.filter(user_id__in=user_ids).values_list("user_id", "producer_id")
    declared = ConflictDeclaration.objects.filter(user_id__in=user_ids).values_list("user_id", "producer_id")
    for user_id, producer_id in [*accounts, *declared]:
        result[user_id].add(producer_id)
    return result


def has_conflict(user, nomination: Nomination) -> bool:
    """Whether `user` is barred from judging `nomination` (see conflicted_producer_ids)."""
    return nomination.product.producer_id in conflicted_producer_ids([user.pk])[user.pk]


def judge_memberships(user) -> QuerySet[JuryMember]:
    """The account's scoring seats in juries of rounds being scored or just scored (secretaries do not score)."""
    return JuryMember.objects.filter(user=user, role__in=SCORING_JURY_ROLES,
                                     jury__round__state__in=JUDGING_STATES).select_related("jury__round")


def nominations_for_judge(user) -> QuerySet[Nomination]:
    """Accepted nominations of the juries' groups (only assigned ones when the round assigns N members),
    never one the account has a conflict with."""
    if not (user.is_authenticated and user.is_active):
        return Nomination.objects.none()
    condition = Q()
    for membership in judge_memberships(user):
        seat = Q(round_id=membership.jury.round_id, product__group__in=membership.jury.groups)
        if membership.jury.round.members_per_nomination:
            seat &= Q(assignments__user=user)
        condition |= seat
    if not condition:
        return Nomination.objects.none()
    return (Nomination.objects.filter(condition, state=NominationState.ACCEPTED)
            .exclude(product__producer_id__in=conflicted_producer_ids([user.pk])[user.pk]))


def may_judge(user, nomination: Nomination) -> bool:
    return nominations_for_judge(user).filter(pk=nomination.pk).exists() and not has_conflict(user, nomination)


def get_nomination_for_judge(user, nomination_id) -> Nomination:
    nomination = get_object_or_404(
        nominations_for_judge(user).select_related("round", "product", "product__producer"), pk=nomination_id)
    if has_conflict(user, nomination):
        raise Http404
    return nomination


def get_sheet_for_secretariat(user, sheet_id) -> ScoreSheet:
    sheets = ScoreSheet.objects.filter(nomination__round__in=rounds_for_secretariat(user)).select_related(
        "nomination__round", "nomination__product__producer", "member")
    return get_object_or_404(sheets, pk=sheet_id)
