"""Writes for judging: rubrics, juries, conflicts, assignment and score sheets. Keyword-only, one transaction each.

Score sheets: every change of a value is a ScoreChange row (who, when, old, new, path). A sheet row is unique per
member and nomination (database constraint); writes lock it (select_for_update) so concurrent saves of one
sheet queue up instead of overwriting each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Producer

from . import aggregation, enums
from .assignment import AssignmentError, assign
from .enums import ChangePath, NominationState, RoundState, SheetStatus
from .models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    CriterionGroup,
    Jury,
    JuryMember,
    Nomination,
    PointBand,
    Recusal,
    RoundRubric,
    Rubric,
    Score,
    ScoreChange,
    ScoreSheet,
    SelectionRound,
)
from .permissions import can_manage_round, conflicted_producer_ids, has_conflict, may_judge
from .rubrics import BandSpec, CriterionSpec, GroupSpec, parse_score, rubric_problems, score_problem

# --- Rubrics -----------------------------------------------------------------------------------------------


def rubric_specs(rubric: Rubric) -> list[GroupSpec]:
    """The rubric as plain data for the pure checks in rubrics.py."""
    groups = rubric.groups.prefetch_related("criteria__bands", "bands")
    return [
        GroupSpec(code=g.code, max=g.max,
                  bands=[BandSpec(b.low, b.high, b.descriptor) for b in g.bands.all()],
                  criteria=[CriterionSpec(code=c.code, max=c.max, step=c.step,
                                          bands=[BandSpec(b.low, b.high, b.descriptor) for b in c.bands.all()])
                            for c in g.criteria.all()])
        for g in groups
    ]


def rubric_check(rubric: Rubric) -> list[str]:
    return rubric_problems(rubric.total, rubric_specs(rubric))


def criteria_of(rubric: Rubric | None) -> list[Criterion]:
    if rubric is None:
        return []
    return list(Criterion.objects.filter(group__rubric=rubric).select_related("group").prefetch_related("bands"))


def rubric_for(nomination: Nomination) -> Rubric | None:
    """The group's own rubric when the round sets one, else the round's rubric."""
    own = RoundRubric.objects.filter(round_id=nomination.round_id, group=nomination.product.group).select_related(
        "rubric").first()
    return own.rubric if own else nomination.round.rubric


def rubrics_of_round(selection_round: SelectionRound) -> dict[str, Rubric | None]:
    own = {rr.group: rr.rubric for rr in selection_round.group_rubrics.select_related("rubric")}
    return {group: own.get(group, selection_round.rubric) for group in selection_round.groups}


def is_rubric_frozen(rubric: Rubric) -> bool:
    """A rubric is frozen once a round using it (for all groups or for one) has entered scoring."""
    started = ~Q(state__in=enums.ROUND_STATES_BEFORE_SCORING)
    return (SelectionRound.objects.filter(started, rubric=rubric).exists()
            or SelectionRound.objects.filter(started, group_rubrics__rubric=rubric).exists())


def _ensure_editable(rubric: Rubric) -> None:
    if is_rubric_frozen(rubric):
        raise ValidationError(_("Thang điểm “%(rubric)s” đang được dùng trong một đợt đã bắt đầu chấm; hãy sao "
                                "sang phiên bản mới rồi sửa bản mới.") % {"rubric": rubric})


@transaction.atomic
def update_criterion(*, criterion: Criterion, by, **fields) -> Criterion:
    """Edit a criterion of a rubric not yet frozen (names, guidance, max, step)."""
    _ensure_editable(criterion.group.rubric)
    for name, value in fields.items():
        setattr(criterion, name, value)
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def add_point_band(*, criterion: Criterion, low: Decimal, high: Decimal, descriptor: str, by) -> PointBand:
    """The jury head's finer bands, checked with the whole rubric so no band leaves its criterion's range."""
    rubric = criterion.group.rubric
    _ensure_editable(rubric)
    band = PointBand.objects.create(criterion=criterion, low=low, high=high, descriptor=descriptor)
    problems = rubric_check(rubric)
    if problems:
        raise ValidationError(problems)
    return band


@transaction.atomic
def copy_rubric(*, rubric: Rubric, version: str, by) -> Rubric:
    """A new version with the same groups, criteria and bands; the original stays as it is."""
    if Rubric.objects.filter(name=rubric.name, version=version).exists():
        raise ValidationError(_("Thang điểm “%(name)s” đã có phiên bản %(version)s.")
                              % {"name": rubric.name, "version": version})
    copy = Rubric.objects.create(name=rubric.name, version=version, total=rubric.total,
                                 description=rubric.description, based_on=rubric)
    for group in rubric.groups.prefetch_related("criteria__bands", "bands"):
        new_group = CriterionGroup.objects.create(rubric=copy, code=group.code, name_vi=group.name_vi,
                                                  name_en=group.name_en, max=group.max, position=group.position)
        for band in group.bands.all():
            PointBand.objects.create(group=new_group, low=band.low, high=band.high, descriptor=band.descriptor)
        for criterion in group.criteria.all():
            new = Criterion.objects.create(group=new_group, code=criterion.code, name_vi=criterion.name_vi,
                                           name_en=criterion.name_en, guidance=criterion.guidance,
                                           max=criterion.max, step=criterion.step, position=criterion.position)
            for band in criterion.bands.all():
                PointBand.objects.create(criterion=new, low=band.low, high=band.high, descriptor=band.descriptor)
    return copy


def _decimal(row: Mapping, key: str, line: int, *, required: bool = True) -> Decimal | None:
    raw = row.get(key)
    if raw in (None, "") and not required:
        return None
    value = parse_score(raw if raw is not None else "")
    if value is None:
        raise ValidationError(_("Dòng %(line)d: cột “%(col)s” phải là số.") % {"line": line, "col": key})
    return value


@transaction.atomic
def import_rubric(*, name: str, version: str, total: Decimal, rows: Iterable[Mapping], by) -> Rubric:
    """Create a rubric from spreadsheet rows (one per criterion, columns as RubricCriterionResource exports).

    All or nothing: a rubric that does not add up is refused with the list of problems.
    """
    if Rubric.objects.filter(name=name, version=version).exists():
        raise ValidationError(_("Thang điểm “%(name)s” đã có phiên bản %(version)s.")
                              % {"name": name, "version": version})
    rubric = Rubric.objects.create(name=name, version=version, total=total)
    groups: dict[str, CriterionGroup] = {}
    for line, row in enumerate(rows, start=2):
        code = str(row.get("group_code") or "").strip()
        criterion_code = str(row.get("code") or "").strip()
        if not code or not criterion_code:
            raise ValidationError(_("Dòng %(line)d: thiếu mã nhóm hoặc mã tiêu chí.") % {"line": line})
        if code not in groups:
            groups[code] = CriterionGroup.objects.create(
                rubric=rubric, code=code, name_vi=str(row.get("group_name_vi") or code),
                name_en=str(row.get("group_name_en") or ""), max=_decimal(row, "group_max", line),
                position=len(groups))
        Criterion.objects.create(group=groups[code], code=criterion_code, name_vi=str(row.get("name_vi") or ""),
                                 name_en=str(row.get("name_en") or ""), guidance=str(row.get("guidance") or ""),
                                 max=_decimal(row, "max", line), step=_decimal(row, "step", line, required=False),
                                 position=line)
    problems = rubric_check(rubric)
    if problems:
        raise ValidationError(problems)
    return rubric


@transaction.atomic
def set_round_rubrics(*, round: SelectionRound, rubric: Rubric | None, per_group: Mapping[str, Rubric | None],
                      by) -> SelectionRound:
    """One rubric for every group, with optional overrides per product group. Only before scoring."""
    if not can_manage_round(by, round):
        raise ValidationError(_("Đợt bình chọn này nằm ngoài phạm vi phụ trách của bạn."))
    if not round.is_before_scoring:
        raise ValidationError(_("Đợt bình chọn đã bắt đầu chấm; không đổi được thang điểm."))
    round.rubric = rubric
    round.save(update_fields=["rubric"])
    RoundRubric.objects.filter(round=round).delete()
    for group, group_rubric in per_group.items():
        if group_rubric is not None and group_rubric != rubric:
            RoundRubric.objects.create(round=round, group=group, rubric=group_rubric)
    return round


def round_rubric_problems(selection_round: SelectionRound) -> list[str]:
    """What stops a round from entering scoring: a group without a rubric, or a rubric that does not add up."""
    problems = []
    checked: dict[int, list[str]] = {}
    for group, rubric in rubrics_of_round(selection_round).items():
        if rubric is None:
            problems.append(_("Nhóm %(group)s chưa có thang điểm.") % {"group": group})
            continue
        if rubric.pk not in checked:
            checked[rubric.pk] = rubric_check(rubric)
            problems += [f"{rubric}: {problem}" for problem in checked[rubric.pk]]
    return problems


# --- Juries, conflicts, assignment -------------------------------------------------------------------------


def _manage(by, selection_round: SelectionRound) -> None:
    if not can_manage_round(by, selection_round):
        raise ValidationError(_("Đợt bình chọn này nằm ngoài phạm vi phụ trách của bạn."))


@transaction.atomic
def create_jury(*, round: SelectionRound, name: str, groups: list[str], by) -> Jury:
    _manage(by, round)
    if not groups or not set(groups) <= set(round.groups):
        raise ValidationError(_("Chọn các nhóm sản phẩm mà đợt bình chọn này nhận."))
    taken = {g for jury in round.juries.all() for g in jury.groups} & set(groups)
    if taken:
        raise ValidationError(_("Nhóm %(groups)s đã có ban giám khảo khác chấm.")
                              % {"groups": ", ".join(sorted(taken))})
    return Jury.objects.create(round=round, name=name, groups=list(groups))


@transaction.atomic
def add_jury_member(*, jury: Jury, user, role: str, by) -> JuryMember:
    _manage(by, jury.round)
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
    """A member steps aside from a nomination while scoring. Their sheet stays, but no longer counts."""
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do xin không chấm sản phẩm này."))
    if not may_judge(by, nomination):
        raise ValidationError(_("Bạn không được phân công chấm sản phẩm này."))
    recusal, _created = Recusal.objects.get_or_create(nomination=nomination, user=by,
                                                      defaults={"reason": reason.strip()})
    return recusal


def _accepted(selection_round: SelectionRound, groups: list[str]):
    return selection_round.nominations.filter(state=NominationState.ACCEPTED, product__group__in=groups).order_by(
        "product__group", "pk").select_related("product")


@transaction.atomic
def assign_nominations(*, round: SelectionRound, by) -> int:
    """Share each accepted nomination among `members_per_nomination` members of its jury, balanced and
    avoiding conflicts (assignment.assign). Replaces earlier assignments; refused once a sheet exists."""
    _manage(by, round)
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


# --- Score sheets ------------------------------------------------------------------------------------------


def _check_judge(nomination: Nomination, member) -> None:
    """The member may hold a sheet for this nomination now: assigned, no conflict, not recused, round scoring."""
    if has_conflict(member, nomination):
        raise ValidationError(_("Giám khảo có xung đột lợi ích với cơ sở này; không được chấm sản phẩm."))
    if not may_judge(member, nomination):
        raise ValidationError(_("Giám khảo không được phân công chấm sản phẩm này."))
    if Recusal.objects.filter(nomination=nomination, user_id=member.pk).exists():
        raise ValidationError(_("Giám khảo đã xin không chấm sản phẩm này."))
    if nomination.round.state != RoundState.SCORING:
        raise ValidationError(_("Đợt bình chọn không trong giai đoạn chấm điểm."))


@transaction.atomic
def get_or_create_sheet(*, nomination: Nomination, member) -> ScoreSheet:
    """The member's sheet for the nomination; the unique constraint makes concurrent first saves meet on one row.
    Refused (nothing created) when the member may not score it now."""
    existing = ScoreSheet.objects.filter(nomination=nomination, member=member).first()
    if existing is not None:
        return existing
    _check_judge(nomination, member)
    sheet, _created = ScoreSheet.objects.get_or_create(nomination=nomination, member=member)
    return sheet


def _lock(sheet: ScoreSheet) -> ScoreSheet:
    return ScoreSheet.objects.select_for_update(of=("self",)).select_related(
        "nomination__round", "nomination__product", "member").get(pk=sheet.pk)


def _check_writer(sheet: ScoreSheet, by, path: str) -> None:
    nomination = sheet.nomination
    if path == ChangePath.PAPER:
        if not can_manage_round(by, nomination.round):
            raise ValidationError(_("Chỉ thư ký phụ trách đợt bình chọn mới nhập được phiếu giấy."))
    elif by.pk != sheet.member_id:
        raise ValidationError(_("Chỉ giám khảo của phiếu này mới được chấm."))
    _check_judge(nomination, sheet.member)


def _store_total(sheet: ScoreSheet) -> None:
    scores = {code: value for code, value in sheet.scores.values_list("criterion__code", "value") if value is not None}
    sheet.total = aggregation.sheet_total(aggregation.Sheet(judge_id=sheet.member_id,
                                                            nomination_id=sheet.nomination_id, scores=scores))


@dataclass
class _Entry:
    criterion: Criterion
    value: Decimal | None


@transaction.atomic
def save_scores(*, sheet: ScoreSheet, values: Mapping[str, object], by, path: str,
                comments: Mapping[str, str] | None = None, overall_comment: str | None = None) -> ScoreSheet:
    """Store draft values (criterion code → typed value; "" clears) and comments. All or nothing: one bad
    value refuses the whole save, with the problem per criterion code.

    Side effects: one ScoreChange per value that changed; the sheet's total recomputed; on the paper path,
    the sheet records who entered it.
    """
    sheet = _lock(sheet)
    _check_writer(sheet, by, path)
    if sheet.is_submitted:
        raise ValidationError(_("Phiếu đã nộp và đã khóa; chỉ thư ký mới mở lại được."))
    criteria = {c.code: c for c in criteria_of(rubric_for(sheet.nomination))}
    comments = comments or {}
    errors: dict[str, str] = {}
    entries: list[_Entry] = []
    for code in [*values, *[c for c in comments if c not in values]]:
        criterion = criteria.get(code)
        if criterion is None:
            errors[code] = _("Không có tiêu chí “%(code)s” trong thang điểm.") % {"code": code}
            continue
        if code not in values:
            continue
        raw = values[code]
        if raw is None or str(raw).strip() == "":
            entries.append(_Entry(criterion, None))
            continue
        problem = score_problem(raw, criterion.max, criterion.step)
        if problem:
            errors[code] = problem
        else:
            entries.append(_Entry(criterion, parse_score(raw)))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for entry in entries:
        score, _created = Score.objects.get_or_create(sheet=sheet, criterion=entry.criterion)
        if score.value != entry.value:
            ScoreChange.objects.create(sheet=sheet, criterion=entry.criterion, old=score.value, new=entry.value,
                                       by=by, at=now, path=path)
            score.value = entry.value
            score.save(update_fields=["value"])
    for code, comment in comments.items():
        Score.objects.update_or_create(sheet=sheet, criterion=criteria[code], defaults={"comment": comment})
    fields = ["total", "updated_at"]
    if overall_comment is not None:
        sheet.overall_comment = overall_comment
        fields.append("overall_comment")
    if path == ChangePath.PAPER:
        sheet.entered_on_behalf_by = by
        fields.append("entered_on_behalf_by")
    _store_total(sheet)
    sheet.save(update_fields=fields)
    return sheet


@transaction.atomic
def submit_score_sheet(*, sheet: ScoreSheet, by) -> ScoreSheet:
    """Lock a complete sheet. Refused when incomplete, already submitted, outside the scoring window, or by
    anyone but its member (or the round's secretariat entering a paper sheet)."""
    sheet = _lock(sheet)
    path = ChangePath.WEB if by.pk == sheet.member_id else ChangePath.PAPER
    _check_writer(sheet, by, path)
    if sheet.is_submitted:
        raise ValidationError(_("Phiếu đã nộp rồi; không nộp lại được."))
    selection_round = sheet.nomination.round
    today = timezone.localdate()
    if selection_round.scoring_closes and today > selection_round.scoring_closes:
        raise ValidationError(_("Đã hết hạn chấm điểm (%(date)s); liên hệ thư ký hội đồng.")
                              % {"date": selection_round.scoring_closes.strftime("%d/%m/%Y")})
    if selection_round.scoring_opens and today < selection_round.scoring_opens:
        raise ValidationError(_("Chưa đến ngày bắt đầu chấm (%(date)s).")
                              % {"date": selection_round.scoring_opens.strftime("%d/%m/%Y")})
    filled = set(sheet.scores.filter(value__isnull=False).values_list("criterion_id", flat=True))
    missing = [c for c in criteria_of(rubric_for(sheet.nomination)) if c.pk not in filled]
    if missing:
        raise ValidationError(_("Còn thiếu điểm các tiêu chí: %(codes)s.")
                              % {"codes": ", ".join(c.code for c in missing)})
    _store_total(sheet)
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    fields = ["status", "submitted_at", "total", "updated_at"]
    if path == ChangePath.PAPER:
        sheet.entered_on_behalf_by = by
        fields.append("entered_on_behalf_by")
    sheet.save(update_fields=fields)
    ScoreChange.objects.create(sheet=sheet, by=by, path=ChangePath.SUBMIT, new=sheet.total)
    return sheet


@transaction.atomic
def reopen_score_sheet(*, sheet: ScoreSheet, by, reason: str) -> ScoreSheet:
    """The secretariat unlocks a submitted sheet, with a reason kept in the history."""
    sheet = _lock(sheet)
    if not can_manage_round(by, sheet.nomination.round):
        raise ValidationError(_("Chỉ thư ký phụ trách đợt bình chọn mới mở lại được phiếu chấm."))
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do mở lại phiếu."))
    if not sheet.is_submitted:
        raise ValidationError(_("Phiếu chưa nộp; không cần mở lại."))
    if sheet.nomination.round.state != RoundState.SCORING:
        raise ValidationError(_("Đợt bình chọn không trong giai đoạn chấm điểm."))
    sheet.status = SheetStatus.DRAFT
    sheet.submitted_at = None
    sheet.save(update_fields=["status", "submitted_at", "updated_at"])
    ScoreChange.objects.create(sheet=sheet, by=by, path=ChangePath.REOPEN, note=reason.strip())
    return sheet


# --- Progress and reminders --------------------------------------------------------------------------------


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


def send_reminders(*, round: SelectionRound, by) -> int:
    """E-mail every member who still owes sheets; returns how many were reminded."""
    _manage(by, round)
    reminded = 0
    for row in round_progress(round)["members"]:
        if row.submitted < row.expected and row.user.email:
            context = {"round": round, "row": row, "site_url": settings.SITE_URL}
            body = render_to_string("scoring/email/score_reminder_body.txt", context)
            send_mail(_("Nhắc chấm điểm: %(round)s") % {"round": round.title}, body, None, [row.user.email])
            reminded += 1
    return reminded


def sheets_for_aggregation(selection_round: SelectionRound) -> list[aggregation.Sheet]:
    """Every sheet of the round as aggregation.Sheet, flagged submitted/recused, for the results arithmetic.

    A recused member's sheet is kept (the record shows it) but marked recused, so it never counts.
    """
    recused = set(Recusal.objects.filter(nomination__round=selection_round).values_list("nomination_id", "user_id"))
    sheets = ScoreSheet.objects.filter(nomination__round=selection_round).prefetch_related("scores__criterion__group")
    return [
        aggregation.Sheet(
            judge_id=sheet.member_id, nomination_id=sheet.nomination_id,
            scores={s.criterion.code: s.value for s in sheet.scores.all() if s.value is not None},
            group_of={s.criterion.code: s.criterion.group.code for s in sheet.scores.all()},
            submitted=sheet.is_submitted, recused=(sheet.nomination_id, sheet.member_id) in recused,
        )
        for sheet in sheets
    ]
