"""Results of a round: load its sheets once, hand them to the pure arithmetic (aggregation, ranking, agreement).

Nothing here computes a figure itself; it gathers rows, applies the round's settings (method, minimum sheets,
outlier distance, bias threshold, tie-break chain, threshold, quota) and shapes what the report shows.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from . import aggregation, agreement
from .aggregation import (
    JudgeDeviation,
    NominationResult,
    Sheet,
    judge_deviation_report,
    nomination_result,
    sheet_total,
    zscore_averages,
)
from .enums import SCORING_JURY_ROLES, NominationState, RoundState
from .models import Jury, JuryMember, Nomination, Recusal, ScoreSheet, SelectionRound
from .ranking import RankedRow, rank


def sheets_for_aggregation(selection_round: SelectionRound) -> list[aggregation.Sheet]:
    """Every sheet of the round as aggregation.Sheet, flagged submitted/recused, for the results arithmetic.

    A recused member's sheet is kept (the record shows it) but marked recused, so it never counts.
    """
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


# From publication on, the secretariat may see who gave which total.
NAMES_VISIBLE_STATES = (RoundState.RESULTS_PUBLISHED, RoundState.ARCHIVED)


def _accepted(selection_round: SelectionRound, group: str | None = None):
    nominations = Nomination.objects.filter(round=selection_round, state=NominationState.ACCEPTED)
    return nominations.filter(product__group=group) if group else nominations


def _results(selection_round: SelectionRound, sheets: list[Sheet], nomination_ids) -> list[NominationResult]:
    by_nomination: dict[Hashable, list[Sheet]] = defaultdict(list)
    for sheet in sheets:
        by_nomination[sheet.nomination_id].append(sheet)
    settings = {"method": selection_round.method, "min_sheets": selection_round.min_sheets,
                "outlier_distance": selection_round.outlier_distance}
    results = []
    for nomination_id in nomination_ids:
        result = nomination_result(by_nomination.get(nomination_id, []), **settings)
        # With no sheet at all the pure function cannot know whose result it is.
        results.append(dataclasses.replace(result, nomination_id=nomination_id))
    return results


def round_results(selection_round: SelectionRound, *, group: str | None = None) -> list[NominationResult]:
    """One NominationResult per accepted nomination (of one product group if given), by nomination id."""
    ids = sorted(_accepted(selection_round, group).values_list("pk", flat=True))
    wanted = set(ids)
    sheets = [s for s in sheets_for_aggregation(selection_round) if s.nomination_id in wanted]
    return _results(selection_round, sheets, ids)


def ranked_results(selection_round: SelectionRound, *, group: str | None = None
                   ) -> list[tuple[RankedRow, NominationResult]]:
    """The ranking with each row's full figures beside it (what a results decision records)."""
    results = round_results(selection_round, group=group)
    by_id = {result.nomination_id: result for result in results}
    rows = rank(results, threshold=selection_round.threshold, tie_breaks=selection_round.tie_break_chain,
                quota=selection_round.quota)
    return [(row, by_id[row.nomination_id]) for row in rows]


def round_ranking(selection_round: SelectionRound, *, group: str | None = None) -> list[RankedRow]:
    """The round's ranking by its declared rules. Deterministic: same sheets, same settings, same rows, and each
    row carries its `tie_break_key` (average, then the chain's group averages) so the order can be redone."""
    return [row for row, _result in ranked_results(selection_round, group=group)]


# --- The report ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JuryAgreement:
    jury: Jury
    kendalls_w: Decimal | None
    icc: Decimal | None
    w_label: str | None
    icc_label: str | None
    nominations: int


@dataclass(frozen=True)
class MemberColumn:
    user_id: int
    label: str
    deviation: JudgeDeviation | None


@dataclass(frozen=True)
class ReportRow:
    ranked: RankedRow
    nomination: Nomination
    result: NominationResult
    member_totals: list[Decimal | None]
    zscore: Decimal | None


@dataclass(frozen=True)
class RoundReport:
    round: SelectionRound
    rows: list[ReportRow]
    members: list[MemberColumn]
    agreements: list[JuryAgreement]
    group_codes: list[str]
    names_visible: bool

    @property
    def flagged_rows(self) -> list[ReportRow]:
        return [row for row in self.rows if row.result.flags]

    @property
    def biased_members(self) -> list[MemberColumn]:
        return [m for m in self.members if m.deviation and m.deviation.flagged]


def names_visible(selection_round: SelectionRound) -> bool:
    """Members' names appear next to their totals only once the results are published (the page itself is the
    secretariat's, behind its funnel); before, members are numbered."""
    return selection_round.state in NAMES_VISIBLE_STATES


def _agreements(selection_round: SelectionRound, sheets: list[Sheet], groups_of: dict[Hashable, str],
                members_by_jury: dict[int, list[JuryMember]]) -> list[JuryAgreement]:
    figures = []
    for jury in Jury.objects.filter(round=selection_round).order_by("name", "pk"):
        member_ids = {m.user_id for m in members_by_jury.get(jury.pk, [])}
        jury_sheets = [s for s in sheets if s.judge_id in member_ids and groups_of.get(s.nomination_id) in jury.groups]
        matrix = agreement.score_matrix(jury_sheets)
        w = agreement.kendalls_w(matrix) if matrix else None
        icc = agreement.icc(matrix) if matrix else None
        figures.append(JuryAgreement(jury, w, icc, agreement.describe_agreement(w), agreement.describe_agreement(icc),
                                     len(matrix[0]) if matrix else 0))
    return figures


def round_report(selection_round: SelectionRound, *, group: str | None = None) -> RoundReport:
    """Everything the round report shows, from a fixed number of queries whatever the number of nominations."""
    nominations = {n.pk: n for n in _accepted(selection_round, group).select_related(
        "product", "product__producer", "product__producer__province")}
    ids = sorted(nominations)
    sheets = [s for s in sheets_for_aggregation(selection_round) if s.nomination_id in nominations]
    results = _results(selection_round, sheets, ids)
    ranked = rank(results, threshold=selection_round.threshold, tie_breaks=selection_round.tie_break_chain,
                  quota=selection_round.quota)

    memberships = list(JuryMember.objects.filter(jury__round=selection_round, role__in=SCORING_JURY_ROLES)
                       .select_related("user").order_by("jury__name", "jury_id", "role", "pk"))
    members_by_jury: dict[int, list[JuryMember]] = defaultdict(list)
    users = {}
    for membership in memberships:
        members_by_jury[membership.jury_id].append(membership)
        users.setdefault(membership.user_id, membership.user)
    # Someone who scored but has since left the jury still has sheets: keep them in the table.
    for sheet in sheets:
        users.setdefault(sheet.judge_id, None)
    visible = names_visible(selection_round)
    deviations = judge_deviation_report(sheets, threshold=selection_round.bias_threshold)
    members = []
    for position, (user_id, user) in enumerate(users.items(), start=1):
        label = (user.full_name or user.email) if (visible and user) else _member_label(position)
        members.append(MemberColumn(user_id, label, deviations.get(user_id)))

    totals: dict[Hashable, dict[Hashable, Decimal]] = defaultdict(dict)
    for sheet in sheets:
        if sheet.counts:
            totals[sheet.nomination_id][sheet.judge_id] = sheet_total(sheet)
    zscores = zscore_averages(sheets)
    results_by_id = {r.nomination_id: r for r in results}
    rows = [
        ReportRow(ranked=row, nomination=nominations[row.nomination_id], result=results_by_id[row.nomination_id],
                  member_totals=[totals[row.nomination_id].get(m.user_id) for m in members],
                  zscore=zscores.get(row.nomination_id))
        for row in ranked
    ]
    groups_of = {pk: n.product.group for pk, n in nominations.items()}
    codes = sorted({code for r in results for code in r.group_averages})
    return RoundReport(selection_round, rows, members, _agreements(selection_round, sheets, groups_of, members_by_jury),
                       codes, visible)


def _member_label(position: int) -> str:
    return gettext("Thành viên %(n)d") % {"n": position}
