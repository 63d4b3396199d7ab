"""The recorded figures of published results decisions (RoundResult): what the round and score statistics read.

A published decision no longer changes (awards.enums.TRANSITIONS), so its figures are computed once, when it is
published (`record`, called by awards.services.set_decision_state), from the entries as the decision stored
them: `recognised` and `average`. Eligible means average ≥ the round's threshold, compared as Decimals.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from ..enums import DecisionState
from ..models import DecisionEntry, ResultsDecision
from .models import RoundResult

BIN_WIDTH = 5
BINS = 20  # [0, 5), [5, 10) … [95, 100]: a perfect 100 counts in the last bin


def bin_of(average: Decimal) -> int:
    """The bin an average falls in: exact Decimal division, so 70.00 opens the [70, 75) bin and 69.99 does not."""
    return max(0, min(int(average // BIN_WIDTH), BINS - 1))


def bin_label(index: int) -> str:
    low = index * BIN_WIDTH
    return f"{low}–{low + BIN_WIDTH}" if index < BINS - 1 else f"{low}–100"


def compute(decision: ResultsDecision, entries: Iterable[tuple[bool, Decimal | None]]) -> RoundResult:
    """The figures of a decision from its entries' (recognised, average) pairs (not saved)."""
    selection_round = decision.round
    threshold = selection_round.threshold
    bins = [0] * BINS
    counts = {"entries": 0, "scored": 0, "eligible": 0, "recognised": 0}
    for recognised, average in entries:
        counts["entries"] += 1
        counts["recognised"] += bool(recognised)
        if average is not None:
            counts["scored"] += 1
            counts["eligible"] += average >= threshold
            bins[bin_of(average)] += 1
    return RoundResult(decision=decision, round=selection_round, year=selection_round.year,
                       level=selection_round.level, scope_province_id=selection_round.scope_province_id,
                       scope_region_id=selection_round.scope_region_id, threshold=threshold, bins=bins, **counts)


def _entries(decision: ResultsDecision) -> list[tuple[bool, Decimal | None]]:
    return list(DecisionEntry.objects.filter(decision=decision).values_list("recognised", "average"))


@transaction.atomic
def record(*, decision: ResultsDecision) -> RoundResult:
    """Store the figures of a published decision (again, if they were stored before)."""
    result = compute(decision, _entries(decision))
    RoundResult.objects.filter(decision=decision).delete()
    result.save(force_insert=True)
    return result


def rebuild() -> int:
    """The figures of every published decision from scratch."""
    with transaction.atomic():
        RoundResult.objects.all().delete()
        decisions = ResultsDecision.objects.filter(state=DecisionState.PUBLISHED).select_related("round")
        entries: dict[int, list] = {}
        for decision_id, recognised, average in DecisionEntry.objects.filter(
                decision__state=DecisionState.PUBLISHED).values_list("decision_id", "recognised", "average"):
            entries.setdefault(decision_id, []).append((recognised, average))
        results = [compute(decision, entries.get(decision.pk, [])) for decision in decisions.iterator(chunk_size=2000)]
        RoundResult.objects.bulk_create(results, batch_size=2000)
        return len(results)


FIELDS = ("round_id", "year", "level", "scope_province_id", "scope_region_id", "threshold", "entries", "scored",
          "eligible", "recognised", "bins")


def verify() -> list[str]:
    """Differences between the stored figures and the published decisions, one line each (empty: they agree)."""
    problems = []
    stored = {result.decision_id: result for result in RoundResult.objects.all()}
    for decision in ResultsDecision.objects.filter(state=DecisionState.PUBLISHED).select_related("round"):
        fresh, kept = compute(decision, _entries(decision)), stored.pop(decision.pk, None)
        if kept is None:
            problems.append(f"decision {decision.pk}: published but no recorded figures")
            continue
        problems += [f"decision {decision.pk}: {name} is {getattr(kept, name)!r}, should be {getattr(fresh, name)!r}"
                     for name in FIELDS if getattr(kept, name) != getattr(fresh, name)]
    problems += [f"decision {pk}: figures recorded but not published" for pk in stored]
    return problems
