"""Score sheets: create, save (draft and autosave), submit, reopen. Keyword-only, one transaction each.

Every change of a value is a ScoreChange row (who, when, old, new, path). A sheet row is unique per member and
nomination (database constraint); writes lock it (select_for_update) so concurrent saves of one sheet queue up
instead of overwriting each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import aggregation
from .enums import ChangePath, RoundState, SheetStatus
from .models import (
    Criterion,
    Nomination,
    Recusal,
    Score,
    ScoreChange,
    ScoreSheet,
)
from .permissions import can_manage_round, has_conflict, may_judge
from .rubric_services import criteria_of, rubric_for
from .rubrics import parse_score, score_problem


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
