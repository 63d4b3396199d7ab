"""Score sheets: create, save (draft and autosave), submit, reopen. Keyword-only, one transaction each.

Every change of a value is a ScoreChange row (who, when, old, new, path). A sheet row is unique per member and
nomination (database constraint); writes lock it (select_for_update) so concurrent saves of one sheet queue up
instead of overwriting each other. The query that locks the sheet also answers, once, whether its member may
judge the nomination now (seat, conflict of interest, recusal: scoring.permissions), so an autosave of one value
is a handful of queries: lock and check, the rubric's criteria with this sheet's scores, the score, its history
row, the sheet's stored totals.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import audit

from .enums import ChangePath, RoundState, SheetStatus
from .figures import refresh_figures, sheet_totals
from .models import Criterion, Nomination, Recusal, Score, ScoreChange, ScoreSheet, SelectionRound
from .permissions import can_manage_round, conflict_of_interest, judging_seat
from .rubric_services import rubric_id_of
from .rubrics import parse_score, score_problem


class NotJudging(ValidationError):
    """The member may not judge this nomination, or there is no such nomination: pages answer 404 for both,
    as the access funnels do."""


def _member_facts(member_id: int, nomination: str) -> dict:
    """Annotations answering whether the member may judge the nomination reached through `nomination`."""
    prefix = f"{nomination}__" if nomination else ""
    return {
        "member_seated": ExpressionWrapper(judging_seat(member_id, nomination), output_field=BooleanField()),
        "member_conflicted": ExpressionWrapper(conflict_of_interest(member_id, nomination),
                                               output_field=BooleanField()),
        "member_recused": Exists(Recusal.objects.filter(nomination_id=OuterRef(f"{prefix}pk"), user_id=member_id)),
        "rubric_pk": rubric_id_of(nomination),
    }


def _check_judge(row, member, round_state: str | None) -> None:
    """The member may hold a sheet for this nomination now: assigned, no conflict, not recused, round scoring.
    `row` carries the answers of _member_facts (None: no such nomination)."""
    if row is None or not member.is_active:
        raise NotJudging(_("Giám khảo không được phân công chấm sản phẩm này."))
    if row.member_conflicted:
        raise NotJudging(_("Giám khảo có xung đột lợi ích với cơ sở này; không được chấm sản phẩm."))
    if not row.member_seated:
        raise NotJudging(_("Giám khảo không được phân công chấm sản phẩm này."))
    if row.member_recused:
        raise ValidationError(_("Giám khảo đã xin không chấm sản phẩm này."))
    if round_state != RoundState.SCORING:
        raise ValidationError(_("Đợt bình chọn không trong giai đoạn chấm điểm."))


def _create_sheet(nomination_id: int, member) -> None:
    """Create the member's sheet unless the member may not score the nomination now. Two first saves at once
    meet on the unique constraint: the second finds the first's row."""
    row = (Nomination.objects.filter(pk=nomination_id).select_related("round")
           .annotate(**_member_facts(member.pk, "")).first())
    _check_judge(row, member, row.round.state if row else None)
    try:
        with transaction.atomic():
            ScoreSheet.objects.create(nomination_id=nomination_id, member=member)
    except IntegrityError:
        pass


# Stand-ins for the two ids in the compiled lock query (see _lock): no real id is negative.
_NOMINATION, _MEMBER = -7_000_001, -7_000_002
_LOCK_SQL: dict[str, tuple[str, tuple]] = {}


def _lock_query(nomination_id: int, member_id: int) -> QuerySet[ScoreSheet]:
    return (ScoreSheet.objects.select_for_update(of=("self",))
            .annotate(**_member_facts(member_id, "nomination"), round_pk=F("nomination__round_id"),
                      round_state=F("nomination__round__state"))
            .filter(nomination_id=nomination_id, member_id=member_id))


def _lock(nomination_id: int, member_id: int) -> ScoreSheet | None:
    """The sheet, locked, with the answers of _member_facts about its member and its round's id and state
    (None when there is no sheet).

    Every autosave runs this query first, and building it costs Django several times what running it costs
    the database (about 7 ms of Python against 1 ms). Only the two ids change from one save to the next, so it
    is compiled once per process and database vendor with stand-in ids, which are then swapped for the real
    ones; the query itself stays the ORM's (_lock_query)."""
    vendor = connection.vendor
    if vendor not in _LOCK_SQL:
        sql, params = _lock_query(_NOMINATION, _MEMBER).query.get_compiler(connection=connection).as_sql()
        if not {_NOMINATION, _MEMBER} <= {p for p in params if isinstance(p, int)}:
            raise RuntimeError("The lock query no longer takes both ids as parameters.")
        _LOCK_SQL[vendor] = sql, tuple(params)
    sql, params = _LOCK_SQL[vendor]
    ids = {_NOMINATION: nomination_id, _MEMBER: member_id}
    values = [ids.get(p, p) if isinstance(p, int) else p for p in params]
    return next(iter(ScoreSheet.objects.raw(sql, values)), None)


def _round(sheet: ScoreSheet) -> SelectionRound:
    return SelectionRound.objects.get(pk=sheet.round_pk)


def _check_writer(sheet: ScoreSheet, member, by, path: str) -> None:
    if path == ChangePath.PAPER:
        if not can_manage_round(by, _round(sheet)):
            raise ValidationError(_("Chỉ thư ký phụ trách đợt bình chọn mới nhập được phiếu giấy."))
    elif by.pk != sheet.member_id:
        raise ValidationError(_("Chỉ giám khảo của phiếu này mới được chấm."))
    _check_judge(sheet, member, sheet.round_state)


def _criteria_with_scores(sheet: ScoreSheet) -> dict[str, Criterion]:
    """The criteria of the sheet's rubric (code → criterion, in rubric order), each annotated with this sheet's
    score row if any: `score_id`, `score_value`, `score_comment`. One query."""
    criteria = (Criterion.objects.filter(group__rubric_id=sheet.rubric_pk).select_related("group")
                .annotate(mine=FilteredRelation("scores", condition=Q(scores__sheet_id=sheet.pk)))
                .annotate(score_id=F("mine__id"), score_value=F("mine__value"), score_comment=F("mine__comment")))
    return {c.code: c for c in criteria}


def _store_totals(sheet: ScoreSheet, criteria: Mapping[str, Criterion], values: Mapping[str, Decimal | None]) -> None:
    current = {code: values.get(code, c.score_value) for code, c in criteria.items()}
    sheet.total, sheet.group_totals = sheet_totals(current, {code: c.group.code for code, c in criteria.items()})


@transaction.atomic
def save_scores(*, nomination_id: int, member, by, path: str, values: Mapping[str, object] | None = None,
                comments: Mapping[str, str] | None = None, overall_comment: str | None = None,
                submit: bool = False) -> ScoreSheet:
    """Store draft values (criterion code → typed value; "" clears) and comments on the member's sheet for the
    nomination, created on the first save. All or nothing: one bad value refuses the whole save, with the
    problem per criterion code. A member who may not judge the nomination gets NotJudging.

    Side effects: one ScoreChange per value that changed; the sheet's total and group totals recomputed and
    stored; on the paper path, the sheet records who entered it. A draft counts for nothing, so the
    nomination's figures are not touched. With `submit`, the saved sheet is then submitted as
    submit_score_sheet does, on the same locked row: one check of the member's right per request.
    """
    sheet = _lock(nomination_id, member.pk)
    if sheet is None:
        _create_sheet(nomination_id, member)
        sheet = _lock(nomination_id, member.pk)
    _check_writer(sheet, member, by, path)
    if sheet.is_submitted:
        raise ValidationError(_("Phiếu đã nộp và đã khóa; chỉ thư ký mới mở lại được."))
    values, comments = values or {}, comments or {}
    criteria = _criteria_with_scores(sheet)
    errors: dict[str, str] = {}
    parsed: dict[str, Decimal | None] = {}
    for code in [*values, *[c for c in comments if c not in values]]:
        if code not in criteria:
            errors[code] = _("Không có tiêu chí “%(code)s” trong thang điểm.") % {"code": code}
            continue
        if code not in values:
            continue
        raw = values[code]
        if raw is None or str(raw).strip() == "":
            parsed[code] = None
            continue
        problem = score_problem(raw, criteria[code].max, criteria[code].step)
        if problem:
            errors[code] = problem
        else:
            parsed[code] = parse_score(raw)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    created, updated, changes = [], [], []
    for code in dict.fromkeys([*parsed, *comments]):
        criterion = criteria[code]
        value = parsed.get(code, criterion.score_value)
        comment = comments.get(code, criterion.score_comment or "")
        if value != criterion.score_value:
            changes.append(ScoreChange(sheet=sheet, criterion=criterion, old=criterion.score_value, new=value, by=by,
                                       at=now, path=path))
        if criterion.score_id is None:
            if value is not None or comment:
                created.append(Score(sheet=sheet, criterion=criterion, value=value, comment=comment))
        elif (value, comment) != (criterion.score_value, criterion.score_comment):
            updated.append(Score(pk=criterion.score_id, value=value, comment=comment))
    Score.objects.bulk_create(created)
    Score.objects.bulk_update(updated, ["value", "comment"])
    ScoreChange.objects.bulk_create(changes)
    if changes:
        audit.record(action="score.save", obj=sheet, by=by,
                     round_id=sheet.round_pk, before={c.criterion.code: c.old for c in changes},
                     after={c.criterion.code: c.new for c in changes})
    fields = ["total", "group_totals", "updated_at"]
    if overall_comment is not None:
        sheet.overall_comment = overall_comment
        fields.append("overall_comment")
    if path == ChangePath.PAPER:
        sheet.entered_on_behalf_by = by
        fields.append("entered_on_behalf_by")
    _store_totals(sheet, criteria, parsed)
    sheet.save(update_fields=fields)
    if submit:
        _submit_locked(sheet, by, path)
    return sheet


@transaction.atomic
def submit_score_sheet(*, sheet: ScoreSheet, by) -> ScoreSheet:
    """Lock a complete sheet. Refused when incomplete, already submitted, outside the scoring window, or by
    anyone but its member (or the round's secretariat entering a paper sheet).

    Side effects: the sheet's totals stored again; a ScoreChange (path submit); the nomination's figures
    refreshed (the sheet now counts).
    """
    member = sheet.member
    sheet = _lock(sheet.nomination_id, sheet.member_id)
    path = ChangePath.WEB if by.pk == sheet.member_id else ChangePath.PAPER
    _check_writer(sheet, member, by, path)
    return _submit_locked(sheet, by, path)


def _submit_locked(sheet: ScoreSheet, by, path: str) -> ScoreSheet:
    """submit_score_sheet's rules and writes on a sheet already locked and whose writer is already checked."""
    if sheet.is_submitted:
        raise ValidationError(_("Phiếu đã nộp rồi; không nộp lại được."))
    selection_round = _round(sheet)
    today = timezone.localdate()
    if selection_round.scoring_closes and today > selection_round.scoring_closes:
        raise ValidationError(_("Đã hết hạn chấm điểm (%(date)s); liên hệ thư ký hội đồng.")
                              % {"date": selection_round.scoring_closes.strftime("%d/%m/%Y")})
    if selection_round.scoring_opens and today < selection_round.scoring_opens:
        raise ValidationError(_("Chưa đến ngày bắt đầu chấm (%(date)s).")
                              % {"date": selection_round.scoring_opens.strftime("%d/%m/%Y")})
    criteria = _criteria_with_scores(sheet)
    missing = [code for code, c in criteria.items() if c.score_value is None]
    if missing:
        raise ValidationError(_("Còn thiếu điểm các tiêu chí: %(codes)s.") % {"codes": ", ".join(missing)})
    _store_totals(sheet, criteria, {})
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    fields = ["status", "submitted_at", "total", "group_totals", "updated_at"]
    if path == ChangePath.PAPER:
        sheet.entered_on_behalf_by = by
        fields.append("entered_on_behalf_by")
    sheet.save(update_fields=fields)
    ScoreChange.objects.create(sheet=sheet, by=by, path=ChangePath.SUBMIT, new=sheet.total)
    audit.record(action="sheet.submit", obj=sheet, by=by,
                 round_id=sheet.round_pk, before={"status": SheetStatus.DRAFT},
                 after={"status": sheet.status, "total": sheet.total})
    refresh_figures(nominations=[sheet.nomination_id])
    return sheet


@transaction.atomic
def reopen_score_sheet(*, sheet: ScoreSheet, by, reason: str) -> ScoreSheet:
    """The secretariat unlocks a submitted sheet, with a reason kept in the history.

    Side effects: a ScoreChange (path reopen); the nomination's figures refreshed (the sheet no longer counts).
    """
    sheet = _lock(sheet.nomination_id, sheet.member_id)
    if not can_manage_round(by, _round(sheet)):
        raise ValidationError(_("Chỉ thư ký phụ trách đợt bình chọn mới mở lại được phiếu chấm."))
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do mở lại phiếu."))
    if not sheet.is_submitted:
        raise ValidationError(_("Phiếu chưa nộp; không cần mở lại."))
    if sheet.round_state != RoundState.SCORING:
        raise ValidationError(_("Đợt bình chọn không trong giai đoạn chấm điểm."))
    sheet.status = SheetStatus.DRAFT
    sheet.submitted_at = None
    sheet.save(update_fields=["status", "submitted_at", "updated_at"])
    ScoreChange.objects.create(sheet=sheet, by=by, path=ChangePath.REOPEN, note=reason.strip())
    audit.record(action="sheet.reopen", obj=sheet, by=by,
                 round_id=sheet.round_pk, before={"status": SheetStatus.SUBMITTED},
                 after={"status": sheet.status, "reason": reason.strip()})
    refresh_figures(nominations=[sheet.nomination_id])
    return sheet
