"""Rubric arithmetic: is a grid well formed, is a score acceptable. Pure functions on Decimal, no ORM.

A rubric is well formed when every maximum is positive, each group's criteria add up to the group's maximum,
the groups add up to the rubric's total, every maximum is a whole number of steps, codes are unique, and the
point bands of a criterion (or group) lie inside its range without overlapping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from catalog.numbers import number_text, read_number

# The default grid, shipped by migration 0003 (Phụ lục 4, Thông tư 26/2014/TT-BCT).
OFFICIAL_RUBRIC = ("Phụ lục 4 – Thông tư 26/2014/TT-BCT", "1")


@dataclass(frozen=True)
class BandSpec:
    low: Decimal
    high: Decimal
    descriptor: str = ""


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    max: Decimal
    step: Decimal | None = None
    bands: Sequence[BandSpec] = ()


@dataclass(frozen=True)
class GroupSpec:
    code: str
    max: Decimal
    criteria: Sequence[CriterionSpec] = ()
    bands: Sequence[BandSpec] = field(default_factory=tuple)


def is_multiple(value: Decimal, step: Decimal | None) -> bool:
    """Whether value is a whole number of steps (no step: any value)."""
    if not step:
        return True
    return (value % step) == 0


def _band_problems(label: str, maximum: Decimal, bands: Sequence[BandSpec]) -> list[str]:
    problems = []
    ordered = sorted(bands, key=lambda b: b.low)
    for band in ordered:
        if band.low < 0 or band.high > maximum or band.low > band.high:
            problems.append(_("%(label)s: khoảng điểm %(low)s–%(high)s phải nằm trong 0–%(max)s.")
                            % {"label": label, "low": _plain(band.low), "high": _plain(band.high),
                               "max": _plain(maximum)})
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.low <= before.high:
            problems.append(_("%(label)s: khoảng điểm %(a)s–%(b)s chồng lên khoảng %(c)s–%(d)s.")
                            % {"label": label, "a": _plain(before.low), "b": _plain(before.high),
                               "c": _plain(after.low), "d": _plain(after.high)})
    return problems


def rubric_problems(total: Decimal, groups: Sequence[GroupSpec]) -> list[str]:
    """Everything wrong with a rubric, in words a secretary can act on; an empty list means it is sound."""
    problems: list[str] = []
    if not groups:
        return [_("Thang điểm chưa có nhóm tiêu chí nào.")]
    seen: set[str] = set()
    for group in groups:
        label = _("Nhóm %(code)s") % {"code": group.code}
        if group.code in seen:
            problems.append(_("Mã “%(code)s” bị trùng.") % {"code": group.code})
        seen.add(group.code)
        if group.max <= 0:
            problems.append(_("%(label)s: điểm tối đa phải lớn hơn 0.") % {"label": label})
        if not group.criteria:
            problems.append(_("%(label)s chưa có tiêu chí nào.") % {"label": label})
        problems += _band_problems(label, group.max, group.bands)
        criteria_sum = Decimal(0)
        for criterion in group.criteria:
            clabel = _("Tiêu chí %(code)s") % {"code": criterion.code}
            if criterion.code in seen and criterion.code != group.code:
                problems.append(_("Mã “%(code)s” bị trùng.") % {"code": criterion.code})
            seen.add(criterion.code)
            criteria_sum += criterion.max
            if criterion.max <= 0:
                problems.append(_("%(label)s: điểm tối đa phải lớn hơn 0.") % {"label": clabel})
            if criterion.step is not None and criterion.step <= 0:
                problems.append(_("%(label)s: bước điểm phải lớn hơn 0.") % {"label": clabel})
            elif not is_multiple(criterion.max, criterion.step):
                problems.append(_("%(label)s: điểm tối đa %(max)s không chia hết cho bước %(step)s.")
                                % {"label": clabel, "max": _plain(criterion.max), "step": _plain(criterion.step)})
            problems += _band_problems(clabel, criterion.max, criterion.bands)
        if group.criteria and criteria_sum != group.max:
            problems.append(_("%(label)s: tổng điểm các tiêu chí là %(sum)s, phải bằng %(max)s.")
                            % {"label": label, "sum": _plain(criteria_sum), "max": _plain(group.max)})
    group_sum = sum((g.max for g in groups), Decimal(0))
    if group_sum != total:
        problems.append(_("Tổng điểm các nhóm là %(sum)s, phải bằng tổng của thang điểm (%(total)s).")
                        % {"sum": _plain(group_sum), "total": _plain(total)})
    return problems


def parse_score(raw) -> Decimal | None:
    """A typed score as Decimal ("7,5" and "7.5" both read 7.5); None when it is not a finite number."""
    return read_number(raw)


def score_problem(raw, maximum: Decimal, step: Decimal | None) -> str | None:
    """Why a typed score is refused for a criterion (not a number, outside 0–max, off the step), or None."""
    value = parse_score(raw)
    if value is None:
        return _("Hãy nhập một số.")
    if value < 0:
        return _("Điểm không được âm.")
    if value > maximum:
        return _("Điểm tối đa của tiêu chí này là %(max)s.") % {"max": _plain(maximum)}
    if not is_multiple(value, step):
        return _("Điểm phải là bội số của %(step)s.") % {"step": _plain(step)}
    return None


def _plain(value: Decimal) -> str:
    """40.00 → "40", 0.50 → "0,5" (vi): how people write points, in the page's language."""
    return number_text(value)
