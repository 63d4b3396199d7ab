"""Juries, their members, conflicts of interest, recusals and the assignment of nominations to members."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, OuterRef, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import audit
from catalog.models import Producer

from .assignment import AssignmentError, assign
from .enums import ConflictRelation, ConflictReportState, NominationState, RoundState
from .figures import refresh_figures
from .models import (
    Assignment,
    ConflictDeclaration,
    ConflictReport,
    Jury,
    JuryMember,
    Nomination,
    Recusal,
    ScoreSheet,
    SelectionRound,
)
from .permissions import conflicted_producer_ids, ensure_manages_round, may_judge, rounds_for_secretariat


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


# A conflict recorded late changes the counts of rounds still being decided; a published result stands (the
# complaint procedure is the way to challenge it).
LATE_CONFLICT_STATES = (RoundState.SCORING, RoundState.SCORING_CLOSED)


@transaction.atomic
def declare_conflict(*, user, producer: Producer, relation: str, note: str, by) -> ConflictDeclaration:
    """A member declares their own conflict, or the secretariat records one. Either way it bars at once.

    Side effect (late conflicts): every sheet the member already holds on that producer's nominations in a round
    being scored or just scored stops counting, from now: a Recusal saying who recorded the conflict and when
    (the sheet itself is kept), and those nominations' stored figures refreshed, so the ranking, the report,
    the decision figures and the agreement statistics all leave the sheet out.
    """
    if by.pk != user.pk and not (by.is_secretariat or by.is_administrator):
        raise ValidationError(_("Chỉ giám khảo hoặc thư ký mới ghi được xung đột lợi ích."))
    conflict, _created = ConflictDeclaration.objects.update_or_create(
        user=user, producer=producer, defaults={"relation": relation, "note": note, "recorded_by": by})
    exclude_conflicted_sheets(conflict=conflict, by=by)
    audit.record(action="conflict.declare", obj=conflict, by=by,
                 after={"user": user.pk, "producer": producer.pk, "relation": relation})
    return conflict


def report_conflict(*, user, tax_code: str, relation: str, note: str) -> ConflictReport:
    """A jury member declares a conflict by tax code. Stored for the secretariat's review, nothing else: no
    lookup, no refusal that depends on the code, no change to what the member sees (see ConflictReport)."""
    if not user.is_jury:
        raise ValidationError(_("Chỉ giám khảo mới khai báo được xung đột lợi ích."))
    if relation not in ConflictRelation.values:
        raise ValidationError(_("Hãy chọn quan hệ với cơ sở."))
    return ConflictReport.objects.create(user=user, tax_code=tax_code.strip()[:20], relation=relation,
                                         note=note.strip())


def reports_for_secretariat(by, round: SelectionRound | None = None):
    """Declarations by members of juries of the rounds `by` manages (of `round` only, if given), pending first,
    with the producer that holds the typed tax code (`producer_name`, None when none has it): one query."""
    rounds = rounds_for_secretariat(by)
    members = JuryMember.objects.filter(jury__round__in=rounds.filter(pk=round.pk) if round else rounds)
    members = members.values("user_id")
    holder = Producer.objects.filter(tax_code=OuterRef("tax_code"))
    return (ConflictReport.objects.filter(user_id__in=members).select_related("user")
            .annotate(producer_name=Subquery(holder.values("name")[:1]))
            .order_by(Case(When(state=ConflictReportState.PENDING, then=0), default=1), "at", "pk"))


@transaction.atomic
def review_conflict_report(*, report: ConflictReport, confirm: bool, by, note: str = "") -> ConflictReport:
    """The secretariat confirms a declaration (it becomes a ConflictDeclaration with its late-conflict effect,
    see declare_conflict) or dismisses it with a note. Once only."""
    report = ConflictReport.objects.select_for_update().get(pk=report.pk)
    if not reports_for_secretariat(by).filter(pk=report.pk).exists():
        raise ValidationError(_("Khai báo này nằm ngoài phạm vi phụ trách của bạn."))
    if report.state != ConflictReportState.PENDING:
        raise ValidationError(_("Khai báo này đã được xem xét."))
    if confirm:
        producer = Producer.objects.filter(tax_code=report.tax_code).first()
        if producer is None:
            raise ValidationError(_("Không có cơ sở nào có mã số thuế %(code)s; hãy liên hệ giám khảo rồi ghi nhận "
                                    "bằng tay, hoặc không ghi nhận khai báo.") % {"code": report.tax_code})
        report.conflict = declare_conflict(user=report.user, producer=producer, relation=report.relation,
                                           note=report.note, by=by)
    elif not note.strip():
        raise ValidationError(_("Hãy ghi lý do không ghi nhận khai báo."))
    report.state = ConflictReportState.CONFIRMED if confirm else ConflictReportState.DISMISSED
    report.reviewed_by, report.reviewed_at, report.review_note = by, timezone.now(), note.strip()
    report.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note", "conflict"])
    return report


def exclude_conflicted_sheets(*, conflict: ConflictDeclaration, by) -> list[int]:
    """The late-conflict rule (see declare_conflict). Returns the ids of the nominations whose counts changed."""
    sheets = ScoreSheet.objects.filter(member_id=conflict.user_id,
                                       nomination__product__producer_id=conflict.producer_id,
                                       nomination__round__state__in=LATE_CONFLICT_STATES)
    nominations = sorted(set(sheets.values_list("nomination_id", flat=True)))
    already = set(Recusal.objects.filter(user_id=conflict.user_id, nomination_id__in=nominations)
                  .values_list("nomination_id", flat=True))
    now = timezone.now()
    reason = _("Xung đột lợi ích với cơ sở “%(producer)s” (%(relation)s), %(by)s ghi nhận lúc %(at)s.") % {
        "producer": conflict.producer.name, "relation": conflict.get_relation_display(), "by": by,
        "at": timezone.localtime(now).strftime("%H:%M %d/%m/%Y")}
    Recusal.objects.bulk_create([
        Recusal(nomination_id=pk, user_id=conflict.user_id, reason=reason, at=now, conflict=conflict, recorded_by=by)
        for pk in nominations if pk not in already])
    changed = [pk for pk in nominations if pk not in already]
    if changed:
        refresh_figures(nominations=changed)
    return changed


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
    audit.record(action="conflict.recuse", obj=recusal, by=by,
                 round_id=nomination.round_id,
                 after={"user": by.pk, "nomination": nomination.pk, "reason": recusal.reason})
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
