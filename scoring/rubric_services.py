"""Writes and reads of rubrics: checks, copies, imports, a round's rubric per product group.

The pure checks are in rubrics.py; this module loads rows for them and refuses changes to a rubric in use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from . import enums
from .models import (
    Criterion,
    CriterionGroup,
    Nomination,
    PointBand,
    RoundRubric,
    Rubric,
    SelectionRound,
)
from .permissions import ensure_manages_round
from .rubrics import BandSpec, CriterionSpec, GroupSpec, parse_score, rubric_problems


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


def rubric_id_of(nomination: str = ""):
    """THE rule for which rubric scores a nomination, as a database expression on a queryset reaching the
    nomination through `nomination` ("" on Nomination itself): the product group's own rubric when the round
    sets one, else the round's rubric."""
    prefix = f"{nomination}__" if nomination else ""
    own = RoundRubric.objects.filter(round_id=OuterRef(f"{prefix}round_id"),
                                     group=OuterRef(f"{prefix}product__group")).values("rubric_id")[:1]
    return Coalesce(Subquery(own), F(f"{prefix}round__rubric_id"), output_field=BigIntegerField())


def rubric_for(nomination: Nomination) -> Rubric | None:
    """The rubric that scores the nomination (see rubric_id_of), in one query."""
    chosen = Nomination.objects.filter(pk=nomination.pk).annotate(rubric_pk=rubric_id_of()).values("rubric_pk")
    return Rubric.objects.filter(pk=Subquery(chosen)).first()


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


def _decimal(row: Mapping, key: str, *, required: bool = True) -> Decimal | None:
    """A cell as Decimal; ValueError (its message for the row) when it is not a number."""
    raw = row.get(key)
    if raw in (None, "") and not required:
        return None
    value = parse_score(raw if raw is not None else "")
    if value is None:
        raise ValueError(_("“%(value)s” không phải là số.") % {"value": "" if raw is None else raw})
    return value


@transaction.atomic
def import_rubric(*, name: str, version: str, total: Decimal, rows: Iterable[Mapping], by) -> Rubric:
    """Create a rubric from spreadsheet rows (one per criterion, columns as RubricCriterionResource exports).

    A new version only: a name and version already stored (a frozen rubric among them) are never overwritten.
    All or nothing: every bad cell (row 1 = first row under the header, as every import numbers rows), then a
    rubric that does not add up, is refused with the list of problems.
    """
    from .paper_sheets import RowError  # the one row-error format; paper_sheets builds on this module

    if Rubric.objects.filter(name=name, version=version).exists():
        raise ValidationError(_("Thang điểm “%(name)s” đã có phiên bản %(version)s.")
                              % {"name": name, "version": version})
    rubric = Rubric.objects.create(name=name, version=version, total=total)
    groups: dict[str, CriterionGroup] = {}
    errors: list[RowError] = []
    for line, row in enumerate(rows, start=1):
        if all(value in (None, "") for value in row.values()):
            continue
        code = str(row.get("group_code") or "").strip()
        criterion_code = str(row.get("code") or "").strip()
        row_errors = [RowError(line, column, _("Chưa ghi mã.")) for column, value in
                      (("group_code", code), ("code", criterion_code)) if not value]
        values = {}
        for column, required in (("group_max", code not in groups), ("max", True), ("step", False)):
            try:
                values[column] = _decimal(row, column, required=required)
            except ValueError as exc:
                row_errors.append(RowError(line, column, str(exc)))
        if row_errors:
            errors += row_errors
            continue
        if code not in groups:
            groups[code] = CriterionGroup.objects.create(
                rubric=rubric, code=code, name_vi=str(row.get("group_name_vi") or code),
                name_en=str(row.get("group_name_en") or ""), max=values["group_max"], position=len(groups))
        Criterion.objects.create(group=groups[code], code=criterion_code, name_vi=str(row.get("name_vi") or ""),
                                 name_en=str(row.get("name_en") or ""), guidance=str(row.get("guidance") or ""),
                                 max=values["max"], step=values["step"], position=line)
    if errors:
        raise ValidationError([str(error) for error in errors])
    problems = rubric_check(rubric)
    if problems:
        raise ValidationError(problems)
    return rubric


@transaction.atomic
def set_round_rubrics(*, round: SelectionRound, rubric: Rubric | None, per_group: Mapping[str, Rubric | None],
                      by) -> SelectionRound:
    """One rubric for every group, with optional overrides per product group. Only before scoring."""
    ensure_manages_round(by, round)
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
