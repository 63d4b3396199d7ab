"""Access funnels for rounds, nominations and forwardings. Missing and forbidden both answer 404.

Secretariat scope: a provincial secretariat manages its province's rounds (commune, legacy district and
province level); a regional one its region's rounds; a national one the national rounds. Administrators all.
Producers reach the nominations of products of producers they manage.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from catalog import enums as catalog_enums
from catalog.enums import Level
from catalog.models import Job, Producer
from catalog.permissions import producers_for_user

from .enums import SCORING_JURY_ROLES, NominationState, RoundState
from .models import (
    Assignment,
    ConflictDeclaration,
    Forwarding,
    JuryMember,
    Nomination,
    ScoreSheet,
    SelectionRound,
)

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


def get_import_job_for_secretariat(user, round_id, job_id):
    """A spreadsheet import job (scoring.round_imports) of a round in the account's scope: (round, job)."""
    from .round_imports import IMPORT_JOB, key  # it imports this module

    selection_round = get_round_for_secretariat(user, round_id)
    job = get_object_or_404(Job.objects.filter(kind=IMPORT_JOB, key=key(selection_round)), pk=job_id)
    return selection_round, job


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


def _conflict_links(user_ids: Iterable[int]) -> tuple[QuerySet, QuerySet]:
    """Where THE conflict-of-interest rule reads from: a person may not judge a producer whose account they hold,
    nor one they have a declared or recorded relation with (employee, family, same cooperative...).
    `conflicted_producer_ids` (many people, in Python) and `conflict_of_interest` (a database condition) are
    both built on these two sources, so the rule is written once."""
    return (Producer.users.through.objects.filter(user_id__in=user_ids),
            ConflictDeclaration.objects.filter(user_id__in=user_ids))


def conflicted_producer_ids(user_ids: Iterable[int]) -> dict[int, set[int]]:
    """The conflict rule for many people at once (assignment, expected judges): person → barred producer ids."""
    user_ids = list(user_ids)
    result: dict[int, set[int]] = {user_id: set() for user_id in user_ids}
    for links in _conflict_links(user_ids):
        for user_id, producer_id in links.values_list("user_id", "producer_id"):
            result[user_id].add(producer_id)
    return result


def _path(nomination: str, field: str) -> str:
    """A field of the nomination seen from the outer query (`nomination` is the path to it, "" on Nomination)."""
    return f"{nomination}__{field}" if nomination else field


def conflict_of_interest(user_id: int, nomination: str = "") -> Q:
    """The conflict rule as a condition on a queryset reaching a nomination through `nomination`."""
    producer = OuterRef(_path(nomination, "product__producer_id"))
    return Q(*[Exists(links.filter(producer_id=producer)) for links in _conflict_links([user_id])],
             _connector=Q.OR)


def judging_seat(user_id: int, nomination: str = "") -> Q:
    """The account sits, as a scoring member, on a jury of the nomination's round (being scored or just scored)
    that covers its product group, and is assigned to it when the round assigns N members per nomination.

    A jury's groups are a JSON list of one-character codes; it covers a group when the list's text holds the
    quoted code (["1", "2"] holds "2"), which both SQLite and PostgreSQL can test (JSON containment is
    PostgreSQL-only)."""
    seats = JuryMember.objects.annotate(groups_text=Cast("jury__groups", TextField())).filter(
        user_id=user_id, role__in=SCORING_JURY_ROLES, jury__round_id=OuterRef(_path(nomination, "round_id")),
        groups_text__contains=Concat(Value('"'), OuterRef(_path(nomination, "product__group")), Value('"'),
                                     output_field=CharField()))
    assigned = Assignment.objects.filter(user_id=user_id, nomination_id=OuterRef(_path(nomination, "pk")))
    everyone_scores = (Q(**{_path(nomination, "round__members_per_nomination__isnull"): True})
                       | Q(**{_path(nomination, "round__members_per_nomination"): 0}))
    return (Q(**{_path(nomination, "state"): NominationState.ACCEPTED,
                 _path(nomination, "round__state__in"): JUDGING_STATES})
            & Exists(seats) & (everyone_scores | Exists(assigned)))


def nominations_for_judge(user) -> QuerySet[Nomination]:
    """Accepted nominations of the juries' groups (only assigned ones when the round assigns N members),
    never one the account has a conflict with: one query."""
    if not (user.is_authenticated and user.is_active):
        return Nomination.objects.none()
    return Nomination.objects.filter(judging_seat(user.pk)).exclude(conflict_of_interest(user.pk))


def may_judge(user, nomination: Nomination) -> bool:
    return nominations_for_judge(user).filter(pk=nomination.pk).exists()


def get_nomination_for_judge(user, nomination_id) -> Nomination:
    return get_object_or_404(
        nominations_for_judge(user).select_related("round", "product", "product__producer"), pk=nomination_id)


def get_sheet_for_secretariat(user, sheet_id) -> ScoreSheet:
    sheets = ScoreSheet.objects.filter(nomination__round__in=rounds_for_secretariat(user)).select_related(
        "nomination__round", "nomination__product__producer", "member")
    return get_object_or_404(sheets, pk=sheet_id)
