"""Ranking of a round (or of one product group): a pure function producers can redo from the results sheet.

`sort_key` is the one definition of the order (average, then the tie-break chain's group averages); `rank` sorts
on it, and the database path (scoring.ranking_queries) sorts on its stored text form `encode_key`, so both orders
are the same by construction. `placement` is the one definition of pass / quota / council decision for a row.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.aggregation import NominationResult, exact_text, round_result

# Each figure of a key is an EXACT fraction (a mean of 2-place totals), written as the floor of its value times
# 10^KEY_SCALE in this many digits: fixed width, so the text order of two encoded keys is the order of the keys
# (up to 99 999.99 points). Two different means over at most 10 000 sheets differ by at least 10^-8 points,
# so different figures never share a text and equal figures always do: a tie in the text is an exact tie. The
# floor keeps every comparison with a 2-place figure (threshold, rounding boundary x.xx5) exact as well.
KEY_SCALE = 10
KEY_DIGITS = 15


@dataclass(frozen=True)
class RankedRow:
    nomination_id: Hashable
    average: Decimal | None
    rank: int | None
    passes: bool
    within_quota: bool
    # (average, then each tie-break figure in the declared chain), rounded for display; the order itself is
    # decided on the exact figures (sort_key).
    tie_break_key: tuple[Decimal, ...]
    council_decision_needed: bool
    quota_tie: bool
    # The exact official average (what `passes` compared with the threshold).
    exact_average: Fraction | None = None
    # Fewer counted sheets than the round's minimum: never eligible, shown as provisional while scoring runs.
    sheets_short: bool = False
    # Scoring is not closed yet: every figure can still change.
    provisional: bool = False
    # The round's threshold this row was placed against, and its counted sheets.
    threshold: Decimal | None = None
    sheet_count: int = 0
    # Flags the round's settings say the secretariat must review first (outlier_review_required), not reviewed.
    unreviewed_flags: int = 0

    @property
    def eligible(self) -> bool:
        """What a results decision may recognise: exact average at or above the threshold, enough counted
        sheets, scoring closed, no flag left unreviewed that the round requires reviewed (see
        scoring.results.eligibility_problem for the words)."""
        return self.passes and not self.sheets_short and not self.provisional and not self.unreviewed_flags

    @property
    def rounding_hides_failure(self) -> bool:
        """Displayed at or above the threshold but below it exactly (69.995 shown as 70.00)."""
        return (self.average is not None and self.threshold is not None and not self.passes
                and self.average >= self.threshold)

    @property
    def standing(self) -> str:
        """THE words of a row against the threshold, as a code (templates and exports word it): "passes" only
        when eligible; "provisional_*" while scoring runs; "short" (too few sheets) and "fails" after."""
        if self.provisional:
            if self.sheets_short:
                return "provisional_short"
            return "provisional_passes" if self.passes else "provisional_fails"
        if self.sheets_short:
            return "short"
        if self.passes and self.unreviewed_flags:
            return "review"
        return "passes" if self.passes else "fails"

    @property
    def exact_average_text(self) -> str:
        return "" if self.exact_average is None else exact_text(self.exact_average)


@dataclass(frozen=True)
class Placement:
    passes: bool
    within_quota: bool
    quota_tie: bool
    council_decision_needed: bool


def tie_break_groups(tie_breaks: Sequence[str]) -> list[str]:
    """Criterion-group codes named by a tie-break chain ("group:1" → "1"), in chain order."""
    codes = []
    for rule in tie_breaks:
        kind, _, code = rule.partition(":")
        if kind != "group" or not code:
            raise ValueError(f"Unknown tie-break {rule!r}; use 'group:<group code>'.")
        codes.append(code)
    return codes


def sort_key(result: NominationResult, tie_breaks: Sequence[str]) -> tuple[Fraction, ...]:
    """THE order of a ranking: higher official average first, then each group average of the chain, all EXACT
    (two nominations shown 80.00 are tied only when their averages are equal, not when they round alike).

    A group nobody scored counts 0, as in the sheet total. Only for nominations with an average. A result built
    without exact figures (by hand, in tests) is ordered by its 2-place figures.
    """
    exact_groups = result.exact_group_averages or result.group_averages
    groups = [Fraction(exact_groups.get(code, 0)) for code in tie_break_groups(tie_breaks)]
    average = result.exact_average if result.exact_average is not None else result.average
    return (Fraction(average), *groups)


def display_key(key: Sequence[Fraction | Decimal]) -> tuple[Decimal, ...]:
    return tuple(round_result(figure) for figure in key)


def encode_key(key: Sequence[Fraction | Decimal]) -> str:
    """The key as text whose order is the key's order (what the database sorts on): see KEY_SCALE."""
    parts = []
    for figure in key:
        value = Fraction(figure) * 10 ** KEY_SCALE
        units = value.numerator // value.denominator
        if figure < 0 or len(str(units)) > KEY_DIGITS:
            raise ValueError(f"{figure} cannot be part of a ranking key (0 to 99 999.99).")
        parts.append(f"{units:0{KEY_DIGITS}d}")
    return "".join(parts)


def decode_exact_key(text: str) -> tuple[Fraction, ...]:
    """The key's figures as stored (exact, or their floor at 10^-10: equal to the exact figure for every
    comparison with a 2-place figure and for rounding)."""
    return tuple(Fraction(int(text[i:i + KEY_DIGITS]), 10 ** KEY_SCALE) for i in range(0, len(text), KEY_DIGITS))


# exact_figure recovers a stored figure exactly while its denominator (≤ 200 × sheets) keeps neighbours
# further apart than the stored precision: up to this many counted sheets (juries have far fewer members).
EXACT_MAX_SHEETS = 300


def exact_figure(stored: Fraction, sheet_count: int) -> Fraction:
    """The exact figure behind a stored one (a floor at 10^-10 of a mean, median or trimmed mean of 2-place totals
    over `sheet_count` sheets, whose denominator is at most 200 × sheet_count): the closest fraction with such a
    denominator. Beyond EXACT_MAX_SHEETS, the stored floor itself (still exact for every comparison)."""
    if not 0 < sheet_count <= EXACT_MAX_SHEETS:
        return stored
    return (stored + Fraction(1, 2 * 10 ** KEY_SCALE)).limit_denominator(200 * sheet_count)


def decode_key(text: str) -> tuple[Decimal, ...]:
    """The key's figures rounded for display (the same as rounding the exact figures)."""
    return display_key(decode_exact_key(text))


def placement(*, average: Decimal | Fraction | None, rank: int | None, tie_size: int, threshold: Decimal,
              quota: int | None) -> Placement:
    """What a row's rank means. `passes` when the EXACT average ≥ threshold (70.00 passes, 69.995 does not,
    though it is displayed 70.00: pass the exact figure). Without a
    quota every passing row is within it; with a quota N a passing row is within it when its whole tie group fits
    in the first N places, and a tie group straddling the N-th place is a `quota_tie` (the council decides).
    A row without an average is unranked: it never passes."""
    if average is None:
        return Placement(False, False, False, False)
    passes = Fraction(average) >= Fraction(threshold)
    last_place = rank + tie_size - 1
    within = passes and (quota is None or last_place <= quota)
    quota_tie = passes and quota is not None and rank <= quota < last_place
    return Placement(passes, within, quota_tie, tie_size > 1)


def rank(
    results: Iterable[NominationResult],
    *,
    threshold: Decimal,
    tie_breaks: Sequence[str],
    quota: int | None,
    min_sheets: int = 0,
    scoring_closed: bool = True,
) -> list[RankedRow]:
    """Rank nominations by their published (2-place, rounded) figures.

    Tie rule:
    1. Higher official average first.
    2. Equal averages: higher average of the first group in `tie_breaks` (the round's chain), then the next...
    3. Still equal on every figure of the chain: the rows share a rank and are marked
       `council_decision_needed`: the legal texts do not settle ties, the council decides by majority.
    Ranks are competition ranks ("1224"): after two rows sharing 2nd place comes 4th. Inside a remaining tie
    rows are listed by nomination id, for display only: that order decides nothing.

    Pass, quota and quota ties: see `placement`. Nominations without any counted sheet come last, unranked
    (rank None) and not passing. The round's settings are passed explicitly (their defaults are the
    SelectionRound field defaults, defined there once). Rows with fewer counted sheets than `min_sheets` are
    `sheets_short`; every row is `provisional` until `scoring_closed` (see RankedRow.eligible).
    """
    scored, unscored = [], []
    for result in results:
        (scored if result.average is not None else unscored).append(result)
    keyed = [(sort_key(r, tie_breaks), r) for r in scored]
    keyed.sort(key=lambda item: item[1].nomination_id)
    keyed.sort(key=lambda item: item[0], reverse=True)  # stable: id order survives inside a tie

    rows_by_key: dict[tuple[Decimal, ...], list[NominationResult]] = {}
    for key, result in keyed:
        rows_by_key.setdefault(key, []).append(result)
    ranks: dict[tuple[Decimal, ...], int] = {}
    places_before = 0
    for key, group in rows_by_key.items():
        ranks[key] = places_before + 1
        places_before += len(group)

    rows = []
    for key, result in keyed:
        place = placement(average=key[0], rank=ranks[key], tie_size=len(rows_by_key[key]),
                          threshold=threshold, quota=quota)
        rows.append(RankedRow(
            nomination_id=result.nomination_id,
            average=result.average,
            rank=ranks[key],
            passes=place.passes,
            within_quota=place.within_quota,
            tie_break_key=display_key(key),
            council_decision_needed=place.council_decision_needed,
            quota_tie=place.quota_tie,
            exact_average=key[0],
            sheets_short=result.sheet_count < min_sheets,
            provisional=not scoring_closed,
            sheet_count=result.sheet_count,
            threshold=threshold,
        ))
    for result in sorted(unscored, key=lambda r: r.nomination_id):
        rows.append(RankedRow(result.nomination_id, None, None, False, False, (), False, False,
                              sheets_short=min_sheets > 0, provisional=not scoring_closed, threshold=threshold))
    return rows
