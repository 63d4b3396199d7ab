"""Ranking of a round (or of one product group): a pure function producers can redo from the results sheet.

`sort_key` is the one definition of the order (average, then the tie-break chain's group averages); `rank` sorts
on it, and the database path (scoring.ranking_queries) sorts on its stored text form `encode_key`, so both orders
are the same by construction. `placement` is the one definition of pass / quota / council decision for a row.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.aggregation import NominationResult

# Each figure of a key is written as this many digits of cents: fixed width, so that the text order of two
# encoded keys is the order of the keys (up to 99 999.99 points, far above any rubric's 100).
KEY_DIGITS = 7


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


def sort_key(result: NominationResult, tie_breaks: Sequence[str]) -> tuple[Decimal, ...]:
    """THE order of a ranking: higher official average first, then each group average of the chain.

    A group nobody scored counts 0.00, as in the sheet total. Only for nominations with an average.
    """
    groups = [result.group_averages.get(code, Decimal("0.00")) for code in tie_break_groups(tie_breaks)]
    return (result.average, *groups)


def encode_key(key: Sequence[Decimal]) -> str:
    """The key as text whose order is the key's order (what the database sorts on): fixed-width cents."""
    parts = []
    for figure in key:
        cents = int(figure * 100)
        if figure < 0 or cents != figure * 100 or len(str(cents)) > KEY_DIGITS:
            raise ValueError(f"{figure} cannot be part of a ranking key (2 places, 0 to 99 999.99).")
        parts.append(f"{cents:0{KEY_DIGITS}d}")
    return "".join(parts)


def decode_key(text: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(int(text[i:i + KEY_DIGITS])).scaleb(-2) for i in range(0, len(text), KEY_DIGITS))


def placement(*, average: Decimal | None, rank: int | None, tie_size: int, threshold: Decimal,
              quota: int | None) -> Placement:
    """What a row's rank means. `passes` when average ≥ threshold (70.00 passes, 69.99 does not). Without a
    quota every passing row is within it; with a quota N a passing row is within it when its whole tie group fits
    in the first N places, and a tie group straddling the N-th place is a `quota_tie` (the council decides).
    A row without an average is unranked: it never passes."""
    if average is None:
        return Placement(False, False, False, False)
    passes = average >= threshold
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
    SelectionRound field defaults, defined there once).
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
        place = placement(average=result.average, rank=ranks[key], tie_size=len(rows_by_key[key]),
                          threshold=threshold, quota=quota)
        rows.append(RankedRow(
            nomination_id=result.nomination_id,
            average=result.average,
            rank=ranks[key],
            passes=place.passes,
            within_quota=place.within_quota,
            tie_break_key=key,
            council_decision_needed=place.council_decision_needed,
            quota_tie=place.quota_tie,
        ))
    for result in sorted(unscored, key=lambda r: r.nomination_id):
        rows.append(RankedRow(result.nomination_id, None, None, False, False, (), False, False))
    return rows
