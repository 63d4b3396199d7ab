"""How far the jury agree with each other: inter-rater reliability, computed exactly and rounded by the one rule.

Input is a complete matrix: one row per judge, one column per nomination, each cell a sheet total. Both figures
are rounded like every other result (2 places, ROUND_HALF_UP, see scoring.aggregation); a degenerate matrix
(fewer than 2 judges or 2 nominations, or nothing to tell the nominations apart) gives None, never a number
that would look meaningful.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

from scoring.aggregation import Sheet, round_result, sheet_total

Matrix = Sequence[Sequence[Decimal | int]]


def score_matrix(sheets: Iterable[Sheet]) -> list[list[Decimal]]:
    """Judges × nominations matrix of counted sheet totals.

    Only nominations scored by every judge appearing in the sheets are kept (a recusal leaves a hole, and both
    figures need a complete matrix); rows and columns follow first appearance.
    """
    cells: dict[Hashable, dict[Hashable, Decimal]] = defaultdict(dict)
    for sheet in sheets:
        if sheet.counts:
            cells[sheet.nomination_id][sheet.judge_id] = sheet_total(sheet)
    judges = list(dict.fromkeys(j for by_judge in cells.values() for j in by_judge))
    complete = [by_judge for by_judge in cells.values() if len(by_judge) == len(judges)]
    return [[by_judge[judge] for by_judge in complete] for judge in judges]


def _checked(matrix: Matrix) -> list[list[Fraction]] | None:
    rows = [[Fraction(v) for v in row] for row in matrix]
    if any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("The matrix must be complete: every judge scores every nomination.")
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    return rows


def _ranks(values: Sequence[Fraction]) -> tuple[list[Fraction], int]:
    """Average ranks (1 = lowest) and the tie term Σ(t³ − t) of one judge's row."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [Fraction(0)] * len(values)
    ties = 0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        size = end - start + 1
        for position in order[start:end + 1]:
            ranks[position] = Fraction(start + end + 2, 2)
        ties += size**3 - size
        start = end + 1
    return ranks, ties


def kendalls_w(matrix: Matrix) -> Decimal | None:
    """Kendall's coefficient of concordance W, with the correction for tied scores.

    Each judge's totals become ranks (ties share the average rank); with m judges, n nominations, R_i the rank
    sum of nomination i and T_j = Σ(t³ − t) over judge j's groups of t tied scores:
        W = 12·Σ(R_i − m(n+1)/2)² / (m²(n³ − n) − m·ΣT_j)
    1 means every judge ranks the nominations in the same order, 0 no common order at all.
    """
    rows = _checked(matrix)
    if rows is None:
        return None
    m, n = len(rows), len(rows[0])
    ranked = [_ranks(row) for row in rows]
    doubled = [int(2 * sum(ranks[i] for ranks, _ in ranked)) for i in range(n)]
    return kendalls_w_from_ranks(judges=m, nominations=n, doubled_rank_sum_squares=sum(d * d for d in doubled),
                                 ties=sum(ties for _, ties in ranked))


def kendalls_w_from_ranks(*, judges: int, nominations: int, doubled_rank_sum_squares: int,
                          ties: int) -> Decimal | None:
    """W from sums a database can give: Σ(2·R_i)² and ΣT_j (average ranks are halves, so 2·R_i is whole).

    Each judge's ranks add up to n(n+1)/2, so Σ R_i = m·n(n+1)/2 and
    Σ(R_i − m(n+1)/2)² = (Σ(2·R_i)² − n·m²(n+1)²) / 4, exactly.
    """
    m, n = judges, nominations
    if m < 2 or n < 2:
        return None
    s = Fraction(doubled_rank_sum_squares - n * m * m * (n + 1) ** 2, 4)
    denominator = m * m * (n**3 - n) - m * ties
    if denominator == 0:
        return None
    return round_result(12 * s / denominator)


def icc(matrix: Matrix, *, form: str = "2,1") -> Decimal | None:
    """Intraclass correlation, Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater
    reliability", Psychological Bulletin 86(2), 420-428, from the two-way ANOVA mean squares with n nominations
    (targets) and k judges: BMS between nominations, JMS between judges, EMS residual.

        ICC(2,1) = (BMS − EMS) / (BMS + (k − 1)·EMS + k·(JMS − EMS)/n)     ← the figure we report
        ICC(3,1) = (BMS − EMS) / (BMS + (k − 1)·EMS)
        ICC(3,k) = (BMS − EMS) / BMS

    We report ICC(2,1), absolute agreement of a single judge with judges as a random sample: the 70-point
    threshold is absolute, so a judge who is uniformly 10 points harsher is a disagreement that matters, which
    ICC(3,·) (consistency) would hide. The other forms are kept for comparison with published tables.
    """
    rows = _checked(matrix)
    if rows is None:
        return None
    return icc_from_sums(
        judges=len(rows), nominations=len(rows[0]),
        total=sum(v for row in rows for v in row), squares=sum(v * v for row in rows for v in row),
        nomination_squares=sum(sum(row[i] for row in rows) ** 2 for i in range(len(rows[0]))),
        judge_squares=sum(sum(row) ** 2 for row in rows), form=form)


def icc_from_sums(*, judges: int, nominations: int, total, squares, nomination_squares, judge_squares,
                  form: str = "2,1") -> Decimal | None:
    """The ICC from sums a database can give: Σv, Σv², Σ over nominations of (their total)², Σ over judges of
    (their total)². The sums of squares of the ANOVA follow exactly (G = Σv, N = k·n):
        SS_targets = Σ T_i²/k − G²/N,  SS_judges = Σ J_j²/n − G²/N,  SS_total = Σv² − G²/N.
    The figure does not change when every value is scaled (cents instead of points)."""
    k, n = judges, nominations
    if k < 2 or n < 2:
        return None
    correction = Fraction(total) ** 2 / (k * n)
    ss_targets = Fraction(nomination_squares) / k - correction
    ss_judges = Fraction(judge_squares) / n - correction
    ss_total = Fraction(squares) - correction
    bms = ss_targets / (n - 1)
    jms = ss_judges / (k - 1)
    ems = (ss_total - ss_targets - ss_judges) / ((n - 1) * (k - 1))
    if bms == 0:
        return None
    if form == "2,1":
        value = (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n)
    elif form == "3,1":
        value = (bms - ems) / (bms + (k - 1) * ems)
    elif form == "3,k":
        value = (bms - ems) / bms
    else:
        raise ValueError(f"Unknown ICC form {form!r}; use '2,1', '3,1' or '3,k'.")
    return round_result(value)


def describe_agreement(value: Decimal | None) -> str | None:
    """One word for the report: below 0.50 poor, 0.50 to below 0.75 moderate, 0.75 to 0.90 good, above 0.90
    excellent. Cut-offs of Koo & Li (2016), J. Chiropractic Medicine 15(2), 155-163, set for ICC; we read W
    on the same scale so the report has one vocabulary."""
    if value is None:
        return None
    if value < Decimal("0.50"):
        return "poor"
    if value < Decimal("0.75"):
        return "moderate"
    if value <= Decimal("0.90"):
        return "good"
    return "excellent"
