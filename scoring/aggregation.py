"""Score arithmetic for one round: pure functions, no ORM, so every figure can be redone by hand.

Rounding rule (the only one): a published figure has 2 decimal places, rounded ROUND_HALF_UP (70.005 → 70.01,
69.994999 → 69.99), as Vietnamese official scoring tables do. It is applied ONCE, to the final figure:
sums, means, medians and variances are carried as exact fractions until then, so no figure depends on the
order in which sheets were added. Standard deviations are rounded exactly too (integer square root).

A sheet counts when it is submitted and its judge is not recused; everything below uses counted sheets only.
Spread is the POPULATION standard deviation: the panel is the whole set of judges of that nomination, not a
sample of a larger one, and it is defined (0.00) for a single sheet.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

PLACES = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
METHODS = ("mean", "median", "trimmed_mean")
# The trimmed mean drops one highest and one lowest sheet only from this many sheets on (with 4 it is the mean).
TRIM_MIN_SHEETS = 5

FLAG_TOO_FEW_SHEETS = "too_few_sheets"
FLAG_OUTLIER_SHEET = "outlier_sheet"
# Flags the secretariat reviews one by one (FlagReview); too few sheets is settled by more sheets, not a review.
REVIEWED_FLAGS = (FLAG_OUTLIER_SHEET,)


@dataclass(frozen=True)
class Sheet:
    """One judge's score sheet for one nomination.

    `scores` maps a criterion code to its points. `group_of` maps a criterion code to its criterion group
    ("1".."4" in Phụ lục 4); a code missing from it belongs to the group named before its first dot
    ("1.2" → "1", "3" → "3"), the numbering of Phụ lục 3.
    """

    judge_id: Hashable
    nomination_id: Hashable
    scores: Mapping[str, Decimal]
    group_of: Mapping[str, str] = field(default_factory=dict)
    submitted: bool = True
    recused: bool = False

    @property
    def counts(self) -> bool:
        return self.submitted and not self.recused


@dataclass(frozen=True)
class Flag:
    """Something a person should look at: a plain code and its parameters; the UI words and translates it."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


def flag_key(flag: Flag) -> str:
    """The identity of a reviewable flag: whose sheet and which total (a changed sheet is a new flag)."""
    return f"{flag.params['judge_id']}:{flag.params['total']}"


def unreviewed_count(flags, reviewed: set[tuple[str, str]]) -> int:
    """How many of `flags` are of a reviewed kind and have no (code, key) in `reviewed`."""
    return sum(1 for f in flags if f.code in REVIEWED_FLAGS and (f.code, flag_key(f)) not in reviewed)


@dataclass(frozen=True)
class NominationResult:
    """Figures for one nomination. `average` is the round's official figure (by `method`; "mean" by law)."""

    nomination_id: Hashable
    method: str
    average: Decimal | None
    mean: Decimal | None
    median: Decimal | None
    trimmed_mean: Decimal | None
    group_averages: dict[str, Decimal]
    spread: Decimal | None
    range: Decimal | None
    sheet_count: int
    recused_judges: tuple[Hashable, ...]
    flags: tuple[Flag, ...]
    # The same figures before rounding: what decides a pass and a tie (rounding only displays).
    exact_average: Fraction | None = None
    exact_group_averages: Mapping[str, Fraction] = field(default_factory=dict)


@dataclass(frozen=True)
class JudgeDeviation:
    """How far a judge's totals sit from the other judges' mean on the same nominations (+ lenient, − harsh)."""

    mean_deviation: Decimal | None
    n: int
    flagged: bool


def round_result(value: Decimal | Fraction | int) -> Decimal:
    """The rounding rule: 2 places, half away from zero, computed exactly (no float, no context precision)."""
    scaled = abs(Fraction(value)) * 100
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-2)


def exact_text(value: Decimal | Fraction, places: int = 6) -> str:
    """An exact figure written out for a person (not rounded up): every decimal when it ends within `places`,
    else the first `places` truncated and "…". 69.995 → "69.995", 209/3 → "69.666666…"."""
    value = Fraction(value)
    scaled = abs(value) * 10 ** places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    digits = f"{whole:0{places + 1}d}"
    text = (digits[:-places] + "." + digits[-places:]).rstrip("0").rstrip(".")
    if "." not in text:
        text += ".00"
    elif len(text.split(".")[1]) < 2:
        text += "0"
    return ("-" if value < 0 else "") + text + ("…" if rest else "")


def _round_sqrt(variance: Fraction) -> Decimal:
    # round_half_up(sqrt(v) * 100) without floats: q = floor(sqrt(x)); round up when x ≥ (q + ½)².
    x = variance * 10_000
    q = math.isqrt(x.numerator // x.denominator)
    if x >= Fraction((2 * q + 1) ** 2, 4):
        q += 1
    return Decimal(q).scaleb(-2)


def group_for(sheet: Sheet, criterion: str) -> str:
    return sheet.group_of.get(criterion) or criterion.split(".", 1)[0]


def sheet_total(sheet: Sheet) -> Decimal:
    """Exact sum of the sheet's points (not rounded: it is an input to averages)."""
    return sum(sheet.scores.values(), Decimal(0))


def group_totals(sheet: Sheet) -> dict[str, Decimal]:
    """Exact points per criterion group."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for criterion, points in sheet.scores.items():
        totals[group_for(sheet, criterion)] += points
    return dict(totals)


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _trimmed_mean(values: Sequence[Fraction]) -> Fraction:
    if len(values) < TRIM_MIN_SHEETS:
        return _mean(values)
    return _mean(sorted(values)[1:-1])


def _pvariance(values: Sequence[Fraction]) -> Fraction:
    mean = _mean(values)
    return _mean([(v - mean) ** 2 for v in values])


def nomination_result(
    sheets: Iterable[Sheet],
    *,
    method: str,
    min_sheets: int,
    outlier_distance: Decimal,
) -> NominationResult:
    """Aggregate the sheets of ONE nomination.

    Counted sheets only; recused judges are listed so the record says who was left out. Flags:
    `too_few_sheets` (fewer than `min_sheets` counted; the round's quorum) and `outlier_sheet`
    (|sheet total − mean of all counted totals, that sheet included| > `outlier_distance`, compared exactly).
    With no counted sheet every figure is None. The settings are the round's (SelectionRound fields, whose
    defaults are the legal ones): always passed, never defaulted here.
    """
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; use one of {METHODS}.")
    sheets = list(sheets)
    nomination_ids = {s.nomination_id for s in sheets}
    if len(nomination_ids) > 1:
        raise ValueError("nomination_result() takes the sheets of one nomination only.")
    counted = [s for s in sheets if s.counts]
    recused = tuple(s.judge_id for s in sheets if s.recused)
    flags: list[Flag] = []
    if len(counted) < min_sheets:
        flags.append(Flag(FLAG_TOO_FEW_SHEETS, {"count": len(counted), "minimum": min_sheets}))
    nomination_id = next(iter(nomination_ids), None)
    if not counted:
        return NominationResult(nomination_id, method, None, None, None, None, {}, None, None, 0, recused,
                                tuple(flags))

    totals = [Fraction(sheet_total(s)) for s in counted]
    mean = _mean(totals)
    for sheet, total in zip(counted, totals, strict=True):
        if abs(total - mean) > outlier_distance:
            flags.append(Flag(FLAG_OUTLIER_SHEET, {
                "judge_id": sheet.judge_id, "total": round_result(total), "panel_mean": round_result(mean),
                "distance": round_result(abs(total - mean)), "limit": outlier_distance,
            }))
    by_group: dict[str, Fraction] = defaultdict(Fraction)
    for sheet in counted:
        for group, points in group_totals(sheet).items():
            by_group[group] += Fraction(points)
    # A group missing from a counted sheet counts as 0 there, so group averages add up to the mean.
    exact_groups = {g: v / len(counted) for g, v in sorted(by_group.items())}
    group_averages = {g: round_result(v) for g, v in exact_groups.items()}
    figures = {"mean": mean, "median": statistics.median(totals), "trimmed_mean": _trimmed_mean(totals)}
    return NominationResult(
        nomination_id=nomination_id,
        method=method,
        average=round_result(figures[method]),
        mean=round_result(figures["mean"]),
        median=round_result(figures["median"]),
        trimmed_mean=round_result(figures["trimmed_mean"]),
        group_averages=group_averages,
        spread=_round_sqrt(_pvariance(totals)),
        range=round_result(max(totals) - min(totals)),
        sheet_count=len(counted),
        recused_judges=recused,
        flags=tuple(flags),
        exact_average=figures[method],
        exact_group_averages=exact_groups,
    )


def _totals_by_nomination(sheets: Iterable[Sheet]) -> dict[Hashable, dict[Hashable, Fraction]]:
    table: dict[Hashable, dict[Hashable, Fraction]] = defaultdict(dict)
    for sheet in sheets:
        if sheet.counts:
            table[sheet.nomination_id][sheet.judge_id] = Fraction(sheet_total(sheet))
    return table


# One nomination is no pattern: a judge is flagged only over at least this many shared nominations.
BIAS_MIN_NOMINATIONS = 3


def judge_deviation(offsets: Fraction, n: int, *, threshold: Decimal,
                    min_nominations: int = BIAS_MIN_NOMINATIONS) -> JudgeDeviation:
    """A judge's deviation from `offsets`, the exact sum of (own total − mean of the other judges' totals) over
    the `n` nominations they share with another judge. Flagged when |mean| > threshold (exact) over at least
    `min_nominations` nominations. The rule `judge_deviation_report` and the database path share."""
    if not n:
        return JudgeDeviation(None, 0, False)
    mean = offsets / n
    return JudgeDeviation(round_result(mean), n, n >= min_nominations and abs(mean) > threshold)


def judge_deviation_report(
    all_sheets: Iterable[Sheet], *, threshold: Decimal, min_nominations: int = BIAS_MIN_NOMINATIONS
) -> dict[Hashable, JudgeDeviation]:
    """Per judge: mean of (own total − mean of the OTHER judges' totals) over the nominations they share.

    Positive means more lenient than the panel, negative harsher; see `judge_deviation` for the flag.
    A judge whose nominations have no other counted sheet appears with n = 0 and no deviation.
    """
    deviations: dict[Hashable, list[Fraction]] = defaultdict(list)
    for totals in _totals_by_nomination(all_sheets).values():
        for judge, total in totals.items():
            deviations.setdefault(judge, [])
            others = [t for j, t in totals.items() if j != judge]
            if others:
                deviations[judge].append(total - _mean(others))
    return {judge: judge_deviation(sum(values, Fraction(0)), len(values), threshold=threshold,
                                   min_nominations=min_nominations)
            for judge, values in deviations.items()}


@dataclass(frozen=True)
class Moments:
    """Sufficient statistics of some totals: how many, their exact sum and sum of squares."""

    n: int
    total: Fraction
    squares: Fraction

    @classmethod
    def of(cls, values: Sequence[Fraction]) -> Moments:
        return cls(len(values), sum(values, Fraction(0)), sum((v * v for v in values), Fraction(0)))

    def __add__(self, other: Moments) -> Moments:
        return Moments(self.n + other.n, self.total + other.total, self.squares + other.squares)

    @property
    def mean(self) -> Fraction:
        return self.total / self.n

    @property
    def pvariance(self) -> Fraction:
        # Exactly the mean of the squared distances to the mean (Fractions carry no rounding).
        return self.squares / self.n - self.mean ** 2


@dataclass(frozen=True)
class ZScales:
    """What the judge-normalised averages need: the panel's mean and sd and each judge's (50 digits)."""

    panel_mean: Decimal
    panel_sd: Decimal
    judges: Mapping[Hashable, tuple[Fraction, Decimal]]


def zscore_scales(moments_by_judge: Mapping[Hashable, Moments]) -> ZScales | None:
    """The scales of `zscore_averages` from each judge's moments over all their counted sheets."""
    if not moments_by_judge:
        return None
    with localcontext(prec=50):
        panel = sum(moments_by_judge.values(), Moments(0, Fraction(0), Fraction(0)))
        judges = {j: (m.mean, _as_decimal(m.pvariance).sqrt()) for j, m in moments_by_judge.items()}
        return ZScales(_as_decimal(panel.mean), _as_decimal(panel.pvariance).sqrt(), judges)


def zscore_average(totals: Iterable[tuple[Hashable, Decimal]], scales: ZScales) -> Decimal | None:
    """One nomination's judge-normalised average from its counted (judge, total) pairs, in the given order."""
    with localcontext(prec=50):
        normalised = []
        for judge, total in totals:
            judge_mean, judge_sd = scales.judges[judge]
            offset = _as_decimal(Fraction(total) - judge_mean)
            z = offset / judge_sd if judge_sd else Decimal(0)
            normalised.append(scales.panel_mean + z * scales.panel_sd)
        if not normalised:
            return None
        return round_result(sum(normalised, Decimal(0)) / len(normalised))


def zscore_averages(all_sheets: Iterable[Sheet]) -> dict[Hashable, Decimal]:
    """Judge-normalised averages: a SECOND OPINION for the report, never the official figure.

    Each judge's totals are standardised by that judge's own mean and population sd over all their counted
    sheets (z = (t − μ_judge) / σ_judge), mapped back onto the panel's scale (M + z·S, with M and S the mean and
    population sd of every counted total of the round) and averaged per nomination. A judge with one sheet or
    no spread gives z = 0 (no information about their scale). Square roots use 50 significant digits.
    """
    sheets = [s for s in all_sheets if s.counts]
    by_judge: dict[Hashable, list[Fraction]] = defaultdict(list)
    by_nomination: dict[Hashable, list[tuple[Hashable, Decimal]]] = defaultdict(list)
    for sheet in sheets:
        by_judge[sheet.judge_id].append(Fraction(sheet_total(sheet)))
        by_nomination[sheet.nomination_id].append((sheet.judge_id, sheet_total(sheet)))
    scales = zscore_scales({j: Moments.of(t) for j, t in by_judge.items()})
    if scales is None:
        return {}
    return {n: zscore_average(totals, scales) for n, totals in by_nomination.items()}


def _as_decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)
