"""THE database path for a round's results: every page and export that lists results reads these querysets
and aggregates over stored figures (a sheet's total, a nomination's NominationFigures), never raw scores.

They agree EXACTLY with the pure functions (scoring.aggregation, scoring.ranking, scoring.agreement) on the same
sheets; tests/scoring/test_ranking_db.py proves it on SQLite and PostgreSQL. How they stay exact:

- The ranking orders by NominationFigures.sort_key, the text form of scoring.ranking.sort_key (fixed-width
  cents), and ranks with a window (competition rank, size of each tie group) over the whole round, so a page
  of it shows the same ranks as the full list. What a rank means (pass, quota) is scoring.ranking.placement.
- Sums are taken over integer cents (ROUND(total × 100): exact on PostgreSQL's numeric; on SQLite, whose
  decimals are floats, it removes the float noise of 2-place values), then turned into Fractions in Python,
  where the pure functions' formulas finish the job (judge_deviation, zscore_scales, icc_from_sums,
  kendalls_w_from_ranks).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    Min,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import Cast, Floor, Rank, Round

from . import agreement
from .aggregation import JudgeDeviation, Moments, ZScales, judge_deviation, zscore_scales
from .enums import SCORING_CLOSED_STATES, NominationState
from .models import Jury, Nomination, NominationFigures, ScoreSheet, SelectionRound
from .ranking import RankedRow, decode_exact_key, display_key, exact_figure, placement

BIG = BigIntegerField()


def _cents(field: str):
    return Cast(Round(F(field) * 100), BIG)


def accepted(selection_round: SelectionRound, *, group: str | None = None) -> QuerySet[Nomination]:
    """The nominations a ranking lists: accepted into the round (of one product group if given)."""
    nominations = Nomination.objects.filter(round=selection_round, state=NominationState.ACCEPTED)
    return nominations.filter(product__group=group) if group else nominations


LISTED_FIGURES = ("sheet_count", "average", "spread", "range", "group_averages", "flags", "flag_count",
                  "unreviewed_flags", "sort_key")


def ranking(selection_round: SelectionRound, *, group: str | None = None) -> QuerySet[Nomination]:
    """The round's ranking, best first, one query whatever its length: accepted nominations with their stored
    figures (`figures`, absent or without average when nothing counts yet), `place` (competition rank) and
    `tied` (rows sharing that key). Slicing it gives a page with the ranks of the full list. Inside a full tie
    rows follow the nomination id, for display only; rows without a counted sheet come last, as in `rank`.
    Read a row as scoring.ranking.RankedRow with `ranked_row`.
    """
    key = F("figures__sort_key")
    # Only what a list shows: narrow rows keep the database's sorts for the window in memory (the frozen
    # dossier alone can be large).
    return (accepted(selection_round, group=group).select_related("figures", "product__producer")
            .only("round_id", "state", "product__name", "product__group", "product__producer__name",
                  *[f"figures__{name}" for name in LISTED_FIGURES])
            .annotate(place=Window(Rank(), order_by=key.desc(nulls_last=True)),
                      tied=Window(Count("pk"), partition_by=[key]))
            .order_by(key.desc(nulls_last=True), "pk"))


def figures_of(nomination: Nomination) -> NominationFigures | None:
    try:
        return nomination.figures
    except NominationFigures.DoesNotExist:
        return None


def ranked_row(nomination: Nomination, selection_round: SelectionRound) -> RankedRow:
    """A row of `ranking` as the pure `rank` gives it, with the round's threshold, quota, minimum of sheets and
    state. Pass and order are decided on the exact figures the sort key stores (decode_exact_key)."""
    figures = figures_of(nomination)
    provisional = selection_round.state not in SCORING_CLOSED_STATES
    if figures is None or figures.average is None:
        return RankedRow(nomination.pk, None, None, False, False, (), False, False,
                         sheets_short=selection_round.min_sheets > 0, provisional=provisional,
                         threshold=selection_round.threshold)
    exact = decode_exact_key(figures.sort_key)
    exact = (exact_figure(exact[0], figures.sheet_count), *exact[1:])
    place = placement(average=exact[0], rank=nomination.place, tie_size=nomination.tied,
                      threshold=selection_round.threshold, quota=selection_round.quota)
    return RankedRow(nomination_id=nomination.pk, average=figures.average, rank=nomination.place,
                     passes=place.passes, within_quota=place.within_quota,
                     tie_break_key=display_key(exact),
                     council_decision_needed=place.council_decision_needed, quota_tie=place.quota_tie,
                     exact_average=exact[0], sheets_short=figures.sheet_count < selection_round.min_sheets,
                     provisional=provisional, threshold=selection_round.threshold,
                     sheet_count=figures.sheet_count,
                     unreviewed_flags=figures.unreviewed_flags if selection_round.outlier_review_required else 0)


def counted_sheets(selection_round: SelectionRound, *, group: str | None = None) -> QuerySet[ScoreSheet]:
    """The sheets that count (submitted, member not recused) on the nominations a ranking lists."""
    sheets = ScoreSheet.objects.counting().filter(nomination__round=selection_round,
                                                  nomination__state=NominationState.ACCEPTED)
    return sheets.filter(nomination__product__group=group) if group else sheets


def member_totals(nomination_ids: Iterable[int]) -> dict[int, list[tuple[int, Decimal]]]:
    """Nomination id → its counted (member id, sheet total) pairs, by member id: one query for a page."""
    rows = (ScoreSheet.objects.counting().filter(nomination_id__in=list(nomination_ids))
            .order_by("nomination_id", "member_id")
            .values_list("nomination_id", "member_id", "total"))
    totals: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for nomination_id, member_id, total in rows:
        totals[nomination_id].append((member_id, total))
    return totals


def sheet_judges(selection_round: SelectionRound, *, group: str | None = None) -> list[int]:
    """Everyone holding a sheet (any state) on the listed nominations, by their first nomination: the report
    keeps members who scored and have since left the jury."""
    sheets = ScoreSheet.objects.filter(nomination__in=accepted(selection_round, group=group))
    return list(sheets.values("member_id").annotate(first=Min("nomination_id")).order_by("first", "member_id")
                .values_list("member_id", flat=True))


@dataclass(frozen=True)
class JudgeFigures:
    deviations: dict[Hashable, JudgeDeviation]
    zscales: ZScales | None


def judge_figures(selection_round: SelectionRound, *, group: str | None = None) -> JudgeFigures:
    """Each judge's deviation from the other judges (scoring.aggregation.judge_deviation_report) and the scales
    of the judge-normalised averages (zscore_scales), from one aggregate over the counted sheets.

    A judge's deviation on a nomination with c counted sheets summing to S is t − (S − t)/(c − 1) =
    (c·t − S)/(c − 1): grouping by (judge, c) gives whole sums of c·t − S per group, exact in cents.
    """
    c = F("nomination__figures__sheet_count")
    cents = _cents("total")
    rows = (counted_sheets(selection_round, group=group).values("member_id", c=c)
            .annotate(n=Count("pk"), points=Sum(cents), squares=Sum(ExpressionWrapper(cents * cents, BIG)),
                      offsets=Sum(ExpressionWrapper(c * cents - _cents("nomination__figures__total_sum"), BIG)))
            .order_by())
    moments: dict[int, Moments] = {}
    offsets: dict[int, Fraction] = defaultdict(Fraction)
    shared: dict[int, int] = defaultdict(int)
    for row in rows:
        member, count = row["member_id"], row["c"]
        part = Moments(row["n"], Fraction(int(row["points"]), 100), Fraction(int(row["squares"]), 10_000))
        moments[member] = moments[member] + part if member in moments else part
        if count >= 2:
            offsets[member] += Fraction(int(row["offsets"]), 100 * (count - 1))
            shared[member] += row["n"]
    deviations = {member: judge_deviation(offsets[member], shared[member], threshold=selection_round.bias_threshold)
                  for member in moments}
    return JudgeFigures(deviations, zscore_scales(moments))


def average_bins(selection_round: SelectionRound, *, group: str | None = None, width: int = 5) -> dict[int, int]:
    """How many nominations have their official average in each bin: floor(average / width) → count."""
    rows = (accepted(selection_round, group=group).filter(figures__average__isnull=False)
            .annotate(bin=Floor(F("figures__average") / width)).values("bin").annotate(n=Count("pk")).order_by())
    return {int(row["bin"]): row["n"] for row in rows}


@dataclass(frozen=True)
class AgreementFigures:
    kendalls_w: Decimal | None
    icc: Decimal | None
    nominations: int


# Kendall's W needs ranks inside each judge's row, then sums per nomination: an aggregate over a window, which
# the ORM cannot write. The rows (`cells`) come from the ORM; this portable SQL (SQLite and PostgreSQL) only
# ranks and sums them. The matrix keeps the nominations scored by every judge present, as agreement.score_matrix.
AGREEMENT_SQL = """
WITH cells AS ({cells}),
judges AS (SELECT COUNT(DISTINCT member_id) AS k FROM cells),
complete AS (SELECT nomination_id FROM cells GROUP BY nomination_id HAVING COUNT(*) = (SELECT k FROM judges)),
matrix AS (SELECT cells.member_id, cells.nomination_id, cells.v FROM cells JOIN complete
           ON complete.nomination_id = cells.nomination_id),
ranked AS (SELECT nomination_id,
                  2 * RANK() OVER (PARTITION BY member_id ORDER BY v)
                    + COUNT(*) OVER (PARTITION BY member_id, v) - 1 AS doubled_rank,
                  COUNT(*) OVER (PARTITION BY member_id, v) AS tie
           FROM matrix),
by_nomination AS (SELECT nomination_id, SUM(doubled_rank) AS d FROM ranked GROUP BY nomination_id),
nomination_totals AS (SELECT SUM(v) AS t FROM matrix GROUP BY nomination_id),
judge_totals AS (SELECT SUM(v) AS t FROM matrix GROUP BY member_id)
SELECT (SELECT k FROM judges), (SELECT COUNT(*) FROM complete), (SELECT SUM(d * d) FROM by_nomination),
       (SELECT SUM(tie * tie - 1) FROM ranked), (SELECT SUM(v) FROM matrix), (SELECT SUM(v * v) FROM matrix),
       (SELECT SUM(t * t) FROM nomination_totals), (SELECT SUM(t * t) FROM judge_totals)
"""


def jury_agreement(jury: Jury, member_ids: Sequence[int], *, group: str | None = None) -> AgreementFigures:
    """Kendall's W and ICC(2,1) of one jury (scoring.agreement), from the counted totals of its scoring members
    on the nominations of its groups. One query."""
    cells = (counted_sheets(SelectionRound(pk=jury.round_id), group=group)
             .filter(member_id__in=list(member_ids), nomination__product__group__in=jury.groups)
             .annotate(v=_cents("total")).values("member_id", "nomination_id", "v").order_by())
    sql, params = cells.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(AGREEMENT_SQL.replace("{cells}", sql), params)
        k, n, rank_squares, ties, total, squares, nomination_squares, judge_squares = (
            int(value or 0) for value in cursor.fetchone())
    w = agreement.kendalls_w_from_ranks(judges=k, nominations=n, doubled_rank_sum_squares=rank_squares, ties=ties)
    icc = agreement.icc_from_sums(judges=k, nominations=n, total=total, squares=squares,
                                  nomination_squares=nomination_squares, judge_squares=judge_squares)
    return AgreementFigures(w, icc, n if k else 0)
