"""The reference the database path is proven against: every raw score of a round loaded into the pure
functions (scoring.aggregation, scoring.ranking, scoring.agreement). Tests only: no page does this."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Hashable

from scoring import aggregation, agreement
from scoring.enums import SCORING_CLOSED_STATES, SCORING_JURY_ROLES, NominationState
from scoring.models import Jury, JuryMember, Nomination, Recusal, ScoreSheet
from scoring.ranking import rank


def sheets_from_scores(selection_round) -> list[aggregation.Sheet]:
    """Every sheet of the round as aggregation.Sheet from its scores, flagged submitted/recused, in the order
    of the sheets' default ordering (nomination, member)."""
    recused = set(Recusal.objects.filter(nomination__round=selection_round).values_list("nomination_id", "user_id"))
    sheets = ScoreSheet.objects.filter(nomination__round=selection_round).prefetch_related("scores__criterion__group")
    return [
        aggregation.Sheet(
            judge_id=sheet.member_id, nomination_id=sheet.nomination_id,
            scores={s.criterion.code: s.value for s in sheet.scores.all() if s.value is not None},
            group_of={s.criterion.code: s.criterion.group.code for s in sheet.scores.all()},
            submitted=sheet.is_submitted, recused=(sheet.nomination_id, sheet.member_id) in recused,
        )
        for sheet in sheets
    ]


def accepted_ids(selection_round, group=None) -> list[int]:
    nominations = Nomination.objects.filter(round=selection_round, state=NominationState.ACCEPTED)
    if group:
        nominations = nominations.filter(product__group=group)
    return sorted(nominations.values_list("pk", flat=True))


def results(selection_round, group=None) -> list[aggregation.NominationResult]:
    ids = accepted_ids(selection_round, group)
    by_nomination: dict[Hashable, list] = defaultdict(list)
    for sheet in sheets_from_scores(selection_round):
        by_nomination[sheet.nomination_id].append(sheet)
    return [dataclasses.replace(aggregation.nomination_result(
        by_nomination.get(pk, []), method=selection_round.method, min_sheets=selection_round.min_sheets,
        outlier_distance=selection_round.outlier_distance), nomination_id=pk) for pk in ids]


def ranking(selection_round, group=None):
    return rank(results(selection_round, group), threshold=selection_round.threshold,
                tie_breaks=selection_round.tie_break_chain, quota=selection_round.quota,
                min_sheets=selection_round.min_sheets,
                scoring_closed=selection_round.state in SCORING_CLOSED_STATES)


def report_sheets(selection_round, group=None) -> list[aggregation.Sheet]:
    wanted = set(accepted_ids(selection_round, group))
    return [s for s in sheets_from_scores(selection_round) if s.nomination_id in wanted]


def deviations(selection_round, group=None):
    return aggregation.judge_deviation_report(report_sheets(selection_round, group),
                                              threshold=selection_round.bias_threshold)


def zscores(selection_round, group=None):
    return aggregation.zscore_averages(report_sheets(selection_round, group))


def agreements(selection_round, group=None) -> list[tuple[str, object, object, int]]:
    """(jury name, W, ICC, nominations in the complete matrix) per jury, by name."""
    sheets = report_sheets(selection_round, group)
    groups_of = dict(Nomination.objects.filter(round=selection_round).values_list("pk", "product__group"))
    figures = []
    for jury in Jury.objects.filter(round=selection_round).order_by("name", "pk"):
        members = set(JuryMember.objects.filter(jury=jury, role__in=SCORING_JURY_ROLES).values_list("user_id",
                                                                                                    flat=True))
        matrix = agreement.score_matrix([s for s in sheets if s.judge_id in members
                                         and groups_of.get(s.nomination_id) in jury.groups])
        figures.append((jury.name, agreement.kendalls_w(matrix) if matrix else None,
                        agreement.icc(matrix) if matrix else None, len(matrix[0]) if matrix else 0))
    return figures
