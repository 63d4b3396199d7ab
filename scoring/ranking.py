"""Ranking of a round (or of one product group): a pure function producers can redo from the results sheet."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.aggregation import NominationResult

DEFAULT_THRESHOLD = Decimal("70")
DEFAULT_TIE_BREAKS = ("group:1", "group:2", "group:3", "group:4")


@dataclass(frozen=True)
class RankedRow:
    nomination_id: Hashable
    average: Decimal | None
    rank: int | None
    passes: bool
    within_quota: bool
    # (average, then each tie-break figure in the declared chain): stored with the result to reproduce the order.
    tie_break_key: tuple[Decimal, ...]
    council_decision_needed: bool
    quota_tie: bool


def _tie_break_value(result: NominationResult, rule: str) -> Decimal:
    kind, _, code = rule.partition(":")
    if kind != "group" or not code:
        raise ValueError(f"Unknown tie-break {rule!r}; use 'group:<group code>'.")
    # A group nobody scored contributes 0 points, as in the sheet total.
    return result.group_averages.get(code, Decimal("0.00"))


def rank(
    results: Iterable[NominationResult],
    *,
    threshold: Decimal = DEFAULT_THRESHOLD,
    tie_breaks: Sequence[str] = DEFAULT_TIE_BREAKS,
    quota: int | None = None,
) -> list[RankedRow]:
    """Rank nominations by their published (2-place, rounded) figures.

    Tie rule:
    1. Higher official average first.
    2. Equal averages: higher average of the first group in `tie_breaks` (default group 1, then 2, 3, 4).
    3. Still equal on every figure of the chain: the rows share a rank and are marked
       `council_decision_needed`: the legal texts do not settle ties, the council decides by majority.
    Ranks are competition ranks ("1224"): after two rows sharing 2nd place comes 4th. Inside a remaining tie
    rows are listed by nomination id, for display only: that order decides nothing.

    `passes` when average ≥ threshold (70.00 passes, 69.99 does not). Without a quota every passing row is
    `within_quota`. With a quota N, passing rows whose whole tie group fits in the first N places are
    `within_quota`; a tie group that straddles the N-th place is `quota_tie` and NOT within_quota until the
    council decides, so no id order ever picks a winner. Nominations without any counted sheet come last,
    unranked (rank None) and not passing.
    """
    scored, unscored = [], []
    for result in results:
        (scored if result.average is not None else unscored).append(result)
    keyed = [((r.average, *(_tie_break_value(r, rule) for rule in tie_breaks)), r) for r in scored]
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
        passes = result.average >= threshold
        tie_size = len(rows_by_key[key])
        last_place = ranks[key] + tie_size - 1
        within = passes and (quota is None or last_place <= quota)
        quota_tie = passes and quota is not None and ranks[key] <= quota < last_place
        rows.append(RankedRow(
            nomination_id=result.nomination_id,
            average=result.average,
            rank=ranks[key],
            passes=passes,
            within_quota=within,
            tie_break_key=key,
            council_decision_needed=tie_size > 1,
            quota_tie=quota_tie,
        ))
    for result in sorted(unscored, key=lambda r: r.nomination_id):
        rows.append(RankedRow(result.nomination_id, None, None, False, False, (), False, False))
    return rows
