"""Derived figures stored where they are decided, so that no list ever recomputes them from raw scores:

- a sheet's total and group totals, stored by the sheet services on every save (`sheet_totals`);
- a nomination's counted figures (NominationFigures), stored by `refresh_figures`, which every service that
  changes what counts calls: submitting and reopening a sheet, a recusal. Autosaved drafts count for nothing,
  so they never touch these rows.

The arithmetic is the pure one (scoring.aggregation.nomination_result, scoring.ranking.sort_key): a stored row is
what the pure functions give for that nomination's sheets, read from the sheets' stored group totals.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction

from . import aggregation, ranking
from .enums import SheetStatus
from .models import FlagReview, Nomination, NominationFigures, Recusal, ScoreSheet, SelectionRound

FIGURE_FIELDS = ["sheet_count", "total_sum", "average", "mean", "median", "trimmed_mean", "spread", "range",
                 "group_averages", "flags", "flag_count", "unreviewed_flags", "sort_key", "updated_at"]
CHUNK = 500


def sheet_totals(values: Mapping[str, Decimal | None], group_of: Mapping[str, str]) -> tuple[Decimal, dict[str, str]]:
    """A sheet's exact total and its exact totals per criterion group code, as 2-place text for the JSON field
    (scores have 2 places, so their sums are exact at 2 places)."""
    sheet = aggregation.Sheet(judge_id=None, nomination_id=None, group_of=group_of,
                              scores={code: value for code, value in values.items() if value is not None})
    return aggregation.sheet_total(sheet), {g: f"{v:.2f}" for g, v in aggregation.group_totals(sheet).items()}


def stored_sheet(*, member_id, nomination_id, status: str, group_totals: Mapping[str, str],
                 recused: bool) -> aggregation.Sheet:
    """A sheet for the pure arithmetic from its stored group totals: one "criterion" per group, whose points
    are the group's total. Totals and group totals are then exactly those of the sheet's scores."""
    totals = {code: Decimal(points) for code, points in group_totals.items()}
    return aggregation.Sheet(judge_id=member_id, nomination_id=nomination_id, scores=totals,
                             group_of={code: code for code in totals},
                             submitted=status == SheetStatus.SUBMITTED, recused=recused)


def encode_flags(flags: Iterable[aggregation.Flag]) -> list[dict]:
    # Decimals are kept as text (exact); every text parameter of a flag is a decimal, see decode_flags.
    return [{"code": f.code, "params": {k: str(v) if isinstance(v, Decimal) else v for k, v in f.params.items()}}
            for f in flags]


def decode_flags(stored: Iterable[dict]) -> tuple[aggregation.Flag, ...]:
    return tuple(aggregation.Flag(f["code"], {k: Decimal(v) if isinstance(v, str) else v
                                              for k, v in f["params"].items()}) for f in stored)


def decode_group_averages(stored: Mapping[str, str]) -> dict[str, Decimal]:
    return {code: Decimal(value) for code, value in sorted(stored.items())}


def figures_row(result: aggregation.NominationResult, counted_totals: Iterable[Decimal],
                tie_breaks, reviewed: set[tuple[str, str]] = frozenset()) -> NominationFigures:
    return NominationFigures(
        nomination_id=result.nomination_id, sheet_count=result.sheet_count,
        total_sum=sum(counted_totals, Decimal(0)), average=result.average, mean=result.mean, median=result.median,
        trimmed_mean=result.trimmed_mean, spread=result.spread, range=result.range,
        group_averages={code: str(value) for code, value in result.group_averages.items()},
        flags=encode_flags(result.flags), flag_count=len(result.flags),
        unreviewed_flags=aggregation.unreviewed_count(result.flags, reviewed),
        sort_key=None if result.average is None else ranking.encode_key(ranking.sort_key(result, tie_breaks)),
    )


@transaction.atomic
def refresh_figures(*, nominations: Iterable[int]) -> int:
    """Recompute and store the counted figures of these nominations (ids) with their rounds' settings.

    Called inside the transaction that changed what counts (its own otherwise). The nominations are locked
    first (in id order, so two callers never deadlock): two members submitting on the same nomination at once
    then refresh one after the other, and the second sees the first's sheet. Returns the number of rows stored.
    """
    ids = sorted(set(nominations))
    stored = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        rounds = dict(Nomination.objects.select_for_update().filter(pk__in=chunk).order_by("pk")
                      .values_list("pk", "round_id"))
        settings = {r.pk: r for r in SelectionRound.objects.filter(pk__in=set(rounds.values())).only(
            "method", "min_sheets", "outlier_distance", "tie_break_chain")}
        recused = set(Recusal.objects.filter(nomination_id__in=chunk).values_list("nomination_id", "user_id"))
        reviewed: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for nomination_id, code, key in FlagReview.objects.filter(nomination_id__in=chunk).values_list(
                "nomination_id", "code", "key"):
            reviewed[nomination_id].add((code, key))
        by_nomination: dict[int, list[aggregation.Sheet]] = defaultdict(list)
        for nomination_id, member_id, status, group_totals in (
                ScoreSheet.objects.filter(nomination_id__in=chunk).order_by("nomination_id", "member_id")
                .values_list("nomination_id", "member_id", "status", "group_totals")):
            by_nomination[nomination_id].append(stored_sheet(
                member_id=member_id, nomination_id=nomination_id, status=status, group_totals=group_totals,
                recused=(nomination_id, member_id) in recused))
        rows = []
        for nomination_id, round_id in rounds.items():
            selection_round = settings[round_id]
            sheets = by_nomination.get(nomination_id, [])
            result = aggregation.nomination_result(
                sheets, method=selection_round.method, min_sheets=selection_round.min_sheets,
                outlier_distance=selection_round.outlier_distance)
            # With no sheet at all the pure function cannot know whose result it is.
            result = dataclasses.replace(result, nomination_id=nomination_id)
            counted = [aggregation.sheet_total(s) for s in sheets if s.counts]
            rows.append(figures_row(result, counted, selection_round.tie_break_chain, reviewed[nomination_id]))
        NominationFigures.objects.bulk_create(rows, update_conflicts=True, unique_fields=["nomination"],
                                              update_fields=FIGURE_FIELDS)
        stored += len(rows)
    return stored


@transaction.atomic
def refresh_round_figures(*, round: SelectionRound) -> int:
    """Every nomination of the round: after its results settings changed, or to repair rows written by hand."""
    return refresh_figures(nominations=round.nominations.values_list("pk", flat=True))
