"""The ranking of a round computed in the database, for list pages: one query, whatever the number of rows.

It must agree EXACTLY with the pure path (scoring.aggregation.nomination_result + scoring.ranking.rank, method
"mean"); tests/scoring/test_ranking_db.py proves it on SQLite and PostgreSQL. How it stays exact:

- Rows are the nomination's scores on counted sheets (submitted, member not recused); a sheet's total is the
  sum of its scores, so the mean is Σ scores / number of counted sheets and a group's average is
  Σ scores of that group / the same count (a group missing from a sheet counts as 0, as in the pure path).
- Sums are turned into integer cents first (ROUND(Σ × 100): exact on PostgreSQL's numeric; on SQLite, whose
  decimals are floats, it removes the float noise of adding 2-place values). ROUND_HALF_UP to cents of
  cents / n is then FLOOR((2·cents + n) / (2·n)) on non-negative integers: both databases divide exactly
  enough (the fraction is a multiple of 1/(2n), far from the next integer), so no database rounding mode is
  trusted. The ordering keys are those rounded cents, the same keys `rank` sorts on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, FilteredRelation, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Floor, NullIf, Round

from .enums import NominationState, SheetStatus
from .models import Nomination, SelectionRound

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=9, decimal_places=2))


def group_codes(tie_breaks: Sequence[str]) -> list[str]:
    """Criterion-group codes named by a tie-break chain ("group:1" → "1"), in chain order."""
    codes = []
    for rule in tie_breaks:
        kind, _, code = rule.partition(":")
        if kind != "group" or not code:
            raise ValueError(f"Unknown tie-break {rule!r}; use 'group:<group code>'.")
        codes.append(code)
    return codes


def ranked_nominations(selection_round: SelectionRound, group: str | None = None,
                       tie_breaks: Sequence[str] | None = None) -> QuerySet[Nomination]:
    """The round's accepted nominations (of one product group if given), best first, annotated with

    `n_sheets` (counted sheets), `points` (Σ of their scores), `avg_cents` (official mean, rounded, in cents),
    `g0_cents`, `g1_cents`... (the tie-break groups' averages in chain order, in cents). Order: average, then
    each tie-break group, then id (display only), nominations without a counted sheet last, as `rank` does.
    Read the Decimal figures with `ranked_figures(row)`. The mean is the official method; a round that uses the
    median or the trimmed mean ranks through `scoring.results.round_ranking` instead.
    """
    chain = group_codes(tie_breaks if tie_breaks is not None else selection_round.tie_break_chain)
    # The frozen dossier (snapshot) can be large and no list shows it.
    nominations = Nomination.objects.filter(round=selection_round, state=NominationState.ACCEPTED).defer("snapshot")
    if group:
        nominations = nominations.filter(product__group=group)
    # Conditions sit in the joins (LEFT JOIN sheet ON submitted; LEFT JOIN recusal ON same nomination and the
    # sheet's member), so the aggregates share one plain FILTER the database evaluates once per row, and
    # nominations without a counted sheet stay in the list with NULL figures.
    nominations = nominations.annotate(
        submitted_sheets=FilteredRelation("score_sheets", condition=Q(score_sheets__status=SheetStatus.SUBMITTED)),
        sheet_recusal=FilteredRelation("recusals", condition=Q(recusals__user=F("submitted_sheets__member"))),
    )
    counted = Q(sheet_recusal__isnull=True)
    value = "submitted_sheets__scores__value"
    group_sums = {
        f"g{i}_points": Sum(value, filter=counted & Q(submitted_sheets__scores__criterion__group__code=code))
        for i, code in enumerate(chain)
    }
    nominations = nominations.annotate(
        n_sheets=Count("submitted_sheets", filter=counted, distinct=True),
        points=Sum(value, filter=counted),
        **group_sums,
    ).annotate(
        avg_cents=_cents("points"),
        **{f"g{i}_cents": _cents(f"g{i}_points") for i in range(len(chain))},
    )
    keys = [F("avg_cents").desc(nulls_last=True)]
    keys += [F(f"g{i}_cents").desc(nulls_last=True) for i in range(len(chain))]
    return nominations.order_by(*keys, "pk")


def _cents(points: str):
    cents = Round(Coalesce(F(points), ZERO) * 100)
    return Floor((cents * 2 + F("n_sheets")) / NullIf(F("n_sheets") * 2, 0))


@dataclass(frozen=True)
class RankedFigures:
    average: Decimal | None
    group_averages: tuple[Decimal, ...]
    sheet_count: int

    @property
    def tie_break_key(self) -> tuple[Decimal, ...]:
        """The key `scoring.ranking.rank` sorts on (a group nobody scored counts 0.00)."""
        if self.average is None:
            return ()
        return (self.average, *(g if g is not None else Decimal("0.00") for g in self.group_averages))


def _decimal(cents) -> Decimal | None:
    return None if cents is None else Decimal(int(cents)).scaleb(-2)


def ranked_figures(nomination: Nomination) -> RankedFigures:
    """The Decimal figures of a row of `ranked_nominations` (tie-break groups in chain order)."""
    groups = []
    i = 0
    while hasattr(nomination, f"g{i}_cents"):
        groups.append(_decimal(getattr(nomination, f"g{i}_cents")))
        i += 1
    return RankedFigures(_decimal(nomination.avg_cents), tuple(groups), nomination.n_sheets)
