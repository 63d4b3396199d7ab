"""Access funnels for the artisan-title process. Missing and forbidden both answer 404.

- Candidates reach their own nominations (`user` is their account).
- The provincial secretariat (Sở Công Thương) reaches the nominations of its province (units merged into it in
  2025 included) and runs its provincial council; the national secretariat and administrators reach every
  nomination and run the rounds, the ministerial and State councils, the public comment and the register.
- Council members reach their councils' sessions and the dossiers on their ballots, achievements only (never an
  identity number or contact). A council's secretary (ủy viên thư ký) runs its sessions like the secretariat.
Nobody reaches how a member voted: there is no such link to reach (voting.py).
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from catalog import enums as catalog_enums
from catalog.geography import provinces_with_predecessors

from .enums import STAGE_OF_COUNCIL, CouncilLevel, MemberRole
from .models import (
    ArtisanNomination,
    Council,
    CouncilMember,
    CouncilSession,
    Evidence,
    PublicComment,
    SessionCandidate,
)


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def is_national(user) -> bool:
    """Administrators and the national secretariat: rounds, national councils, public comment, decisions."""
    return _active(user) and (user.is_administrator or (
        user.is_secretariat and user.scope_level == catalog_enums.ScopeLevel.NATIONAL))


def is_provincial(user) -> bool:
    return (_active(user) and user.is_secretariat and user.scope_level == catalog_enums.ScopeLevel.PROVINCE
            and user.scope_province_id is not None)


def province_ids(user) -> list[int]:
    """The provinces a provincial secretariat covers: its own and every unit merged into it."""
    return provinces_with_predecessors([user.scope_province_id]) if is_provincial(user) else []


def ensure_national(user) -> None:
    if not is_national(user):
        raise ValidationError(_("Chỉ cơ quan thường trực cấp Bộ hoặc quản trị viên làm được việc này."))


# --- Nominations -------------------------------------------------------------------------------------------


def nominations_for_secretariat(user) -> QuerySet[ArtisanNomination]:
    if is_national(user):
        return ArtisanNomination.objects.all()
    if is_provincial(user):
        return ArtisanNomination.objects.filter(province_id__in=province_ids(user))
    return ArtisanNomination.objects.none()


def manages_nomination(user, nomination: ArtisanNomination) -> bool:
    return nominations_for_secretariat(user).filter(pk=nomination.pk).exists()


def get_nomination_for_secretariat(user, nomination_id) -> ArtisanNomination:
    nominations = nominations_for_secretariat(user).select_related("round__policy", "province", "user")
    return get_object_or_404(nominations, pk=nomination_id)


def nominations_for_candidate(user) -> QuerySet[ArtisanNomination]:
    if not _active(user):
        return ArtisanNomination.objects.none()
    return ArtisanNomination.objects.filter(user=user)


def is_candidate(user, nomination: ArtisanNomination) -> bool:
    return _active(user) and nomination.user_id == user.pk


def nominations_for_editor(user) -> QuerySet[ArtisanNomination]:
    """Who may fill in a dossier: the candidate, or the secretariat entering it on their behalf."""
    return nominations_for_candidate(user) | nominations_for_secretariat(user)


def get_nomination_for_editor(user, nomination_id) -> ArtisanNomination:
    nominations = nominations_for_editor(user).select_related("round__policy", "province", "user")
    return get_object_or_404(nominations, pk=nomination_id)


def may_edit(user, nomination: ArtisanNomination) -> bool:
    return is_candidate(user, nomination) or manages_nomination(user, nomination)


# --- Councils ----------------------------------------------------------------------------------------------


def councils_for_secretariat(user) -> QuerySet[Council]:
    """Councils the account runs: its province's provincial council; nationally, the ministerial and State
    councils (administrators: all)."""
    if _active(user) and user.is_administrator:
        return Council.objects.all()
    if is_national(user):
        return Council.objects.exclude(level=CouncilLevel.PROVINCIAL)
    if is_provincial(user):
        return Council.objects.filter(level=CouncilLevel.PROVINCIAL, province_id=user.scope_province_id)
    return Council.objects.none()


def can_manage_council(user, council: Council) -> bool:
    """Create the council, list its members, hold its sessions. Unsaved councils are judged by their fields."""
    if _active(user) and user.is_administrator:
        return True
    if council.level == CouncilLevel.PROVINCIAL:
        return is_provincial(user) and council.province_id == user.scope_province_id
    return is_national(user)


def ensure_manages_council(user, council: Council) -> None:
    if not can_manage_council(user, council):
        raise ValidationError(_("Hội đồng này nằm ngoài phạm vi phụ trách của bạn."))


def get_council_for_secretariat(user, council_id) -> Council:
    councils = councils_for_secretariat(user).select_related("round__policy", "province")
    return get_object_or_404(councils, pk=council_id)


def seats_of(user) -> QuerySet[CouncilMember]:
    if not _active(user):
        return CouncilMember.objects.none()
    return CouncilMember.objects.filter(user=user)


def runs_session(user, session: CouncilSession) -> bool:
    """Record attendance, open voting, enter paper ballots, close: the secretariat in scope or the council's
    secretary."""
    return (can_manage_council(user, session.council)
            or seats_of(user).filter(council_id=session.council_id, role=MemberRole.SECRETARY).exists())


def sessions_for_user(user) -> QuerySet[CouncilSession]:
    """Sessions of the councils the account runs or sits on."""
    return CouncilSession.objects.filter(Q(council__in=councils_for_secretariat(user))
                                         | Q(council__members__in=seats_of(user))).distinct()


def get_session_for_user(user, session_id) -> CouncilSession:
    sessions = sessions_for_user(user).select_related("council__round__policy", "council__province",
                                                      "authorised_vice_chair__user")
    return get_object_or_404(sessions, pk=session_id)


def nominations_for_council_member(user) -> QuerySet[ArtisanNomination]:
    """Dossiers a council member reads: those on the ballots of their councils' sessions, and those waiting at
    their councils' stage (so they can prepare before the session)."""
    seats = list(seats_of(user).select_related("council"))
    if not seats:
        return ArtisanNomination.objects.none()
    condition = Q(pk__in=SessionCandidate.objects.filter(session__council__in=[s.council for s in seats])
                  .values("nomination_id"))
    for seat in seats:
        council = seat.council
        waiting = Q(round_id=council.round_id, state=STAGE_OF_COUNCIL[council.level])
        if council.level == CouncilLevel.PROVINCIAL:
            waiting &= Q(province_id__in=provinces_with_predecessors([council.province_id]))
        condition |= waiting
    return ArtisanNomination.objects.filter(condition)


def get_nomination_for_council_member(user, nomination_id) -> ArtisanNomination:
    nominations = nominations_for_council_member(user).select_related("round__policy", "province")
    return get_object_or_404(nominations, pk=nomination_id)


def nominations_for_reader(user) -> QuerySet[ArtisanNomination]:
    """Everyone who may read a dossier's achievements and evidence (candidate, secretariat, council member)."""
    return nominations_for_candidate(user) | nominations_for_secretariat(user) | nominations_for_council_member(user)


def get_nomination_for_reader(user, nomination_id) -> ArtisanNomination:
    return get_object_or_404(nominations_for_reader(user), pk=nomination_id)


def get_evidence_for_user(user, evidence_id) -> Evidence:
    evidence = Evidence.objects.filter(nomination__in=nominations_for_reader(user)).select_related("nomination")
    return get_object_or_404(evidence, pk=evidence_id)


# --- Public comment ----------------------------------------------------------------------------------------


def comments_for_secretariat(user) -> QuerySet[PublicComment]:
    """The signed comments, with their signers' phone and address: the national secretariat and administrators."""
    return PublicComment.objects.all() if is_national(user) else PublicComment.objects.none()


def comments_of_round(user, artisan_round) -> QuerySet[PublicComment]:
    """A round's comments for its back office (page and API), unanswered first (PublicComment.Meta.ordering)."""
    return comments_for_secretariat(user).filter(period__round=artisan_round).select_related("nomination", "period")


def get_comment_for_secretariat(user, comment_id) -> PublicComment:
    return get_object_or_404(comments_for_secretariat(user).select_related("nomination", "period"), pk=comment_id)

