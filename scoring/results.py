"""What the results pages of a round show, shaped from the one database path (scoring.ranking_queries).

Nothing here computes a figure itself: the stored figures and the database aggregates give them, with the
round's settings (threshold, quota, bias threshold). Lists are read one page at a time; the exports read the
whole ranking in chunks, so no page or export ever holds every score (or every sheet) in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy, ngettext

from catalog.collation import vietnamese
from catalog.numbers import decimal_separator, number_text

from . import agreement, ranking_queries
from .aggregation import Flag, JudgeDeviation, ZScales, zscore_average
from .enums import SCORING_JURY_ROLES, RoundState
from .figures import decode_flags, decode_group_averages
from .models import CriterionGroup, Jury, JuryMember, Nomination, SelectionRound
from .ranking import RankedRow

PAGE_SIZE = 50
CHUNK = 500

# From publication on, the secretariat may see who gave which total.
NAMES_VISIBLE_STATES = (RoundState.RESULTS_PUBLISHED, RoundState.ARCHIVED)


# How a row stands against the threshold (RankedRow.standing), in words and a badge style: the one wording
# of pages, PDF and workbook. Never "Đạt" while scoring runs or with fewer counted sheets than the minimum.
STANDINGS = {
    "passes": (gettext_lazy("Đạt"), "ok"),
    "fails": (gettext_lazy("Không đạt"), "danger"),
    "short": (gettext_lazy("Không đạt: không đủ phiếu chấm"), "danger"),
    "review": (gettext_lazy("Đạt ngưỡng, chờ xem xét phiếu bất thường"), "warn"),
    "provisional_passes": (gettext_lazy("Tạm tính: đạt ngưỡng"), "warn"),
    "provisional_fails": (gettext_lazy("Tạm tính: dưới ngưỡng"), "warn"),
    "provisional_short": (gettext_lazy("Tạm tính: chưa đủ phiếu chấm"), "warn"),
}


def _exact(ranked: RankedRow) -> str:
    """The exact average as aggregation.exact_text writes it (every digit, maybe "…"), in the page's language."""
    return ranked.exact_average_text.replace(".", decimal_separator())


def eligibility_problem(ranked: RankedRow, min_sheets: int) -> str:
    """Why a results decision may not recognise this row ("" when it may: RankedRow.eligible), in words."""
    if ranked.provisional:
        return gettext("Đợt bình chọn chưa kết thúc chấm điểm; kết quả còn tạm tính.")
    if ranked.sheets_short:
        return gettext("Chỉ có %(count)d phiếu chấm được tính, cần tối thiểu %(minimum)d.") % {
            "count": ranked.sheet_count, "minimum": min_sheets}
    if ranked.average is None:
        return gettext("Chưa có phiếu chấm nào được tính.")
    if ranked.passes and ranked.unreviewed_flags:
        return ngettext("Còn %(count)d phiếu bất thường chưa được thư ký xem xét (đợt yêu cầu xem xét trước khi "
                        "ra quyết định).",
                        "Còn %(count)d phiếu bất thường chưa được thư ký xem xét (đợt yêu cầu xem xét trước khi "
                        "ra quyết định).", ranked.unreviewed_flags) % {"count": ranked.unreviewed_flags}
    if not ranked.passes:
        return gettext("Điểm trung bình chính xác %(exact)s thấp hơn ngưỡng công nhận %(threshold)s.") % {
            "exact": _exact(ranked), "threshold": number_text(ranked.threshold, 2)}
    return ""


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
    """One nomination's line: its rank and stored figures, each member's counted total, the normalised average."""

    ranked: RankedRow
    nomination: Nomination
    group_averages: dict[str, Decimal]
    spread: Decimal | None
    range: Decimal | None
    sheet_count: int
    flags: tuple[Flag, ...]
    member_totals: list[Decimal | None]
    zscore: Decimal | None

    @property
    def exact_average_text(self) -> str:
        """The exact average written out in the page's language (69,995), for "why 70,00 did not pass"."""
        return _exact(self.ranked)

    @property
    def standing(self) -> tuple[str, str]:
        text, style = STANDINGS[self.ranked.standing]
        return str(text), style


@dataclass(frozen=True)
class Ranking:
    """The ranking's context for a page: the columns every row needs, computed once per request."""

    round: SelectionRound
    group: str | None
    members: list[MemberColumn]
    group_codes: list[str]
    names_visible: bool
    zscales: ZScales | None

    def rows(self, nominations: Iterable[Nomination]) -> list[ReportRow]:
        """Rows for some nominations of `ranking_queries.ranking` (a page, a chunk): one query for their totals."""
        nominations = list(nominations)
        totals = ranking_queries.member_totals(n.pk for n in nominations)
        rows = []
        for nomination in nominations:
            figures = ranking_queries.figures_of(nomination)
            own = dict(totals.get(nomination.pk, []))
            rows.append(ReportRow(
                ranked=ranking_queries.ranked_row(nomination, self.round), nomination=nomination,
                group_averages=decode_group_averages(figures.group_averages) if figures else {},
                spread=figures.spread if figures else None, range=figures.range if figures else None,
                sheet_count=figures.sheet_count if figures else 0,
                flags=decode_flags(figures.flags) if figures else (),
                member_totals=[own.get(m.user_id) for m in self.members],
                zscore=(zscore_average(totals[nomination.pk], self.zscales)
                        if self.zscales and totals.get(nomination.pk) else None)))
        return rows

    def page(self, number) -> tuple[Page, list[ReportRow]]:
        page = Paginator(ranking_queries.ranking(self.round, group=self.group), PAGE_SIZE).get_page(number)
        return page, self.rows(page.object_list)

    def all_rows(self) -> Iterator[ReportRow]:
        """The whole ranking in chunks, for the exports."""
        chunk = []
        for nomination in ranking_queries.ranking(self.round, group=self.group).iterator(chunk_size=CHUNK):
            chunk.append(nomination)
            if len(chunk) == CHUNK:
                yield from self.rows(chunk)
                chunk = []
        yield from self.rows(chunk)


def names_visible(selection_round: SelectionRound) -> bool:
    """Members' names appear next to their totals only once the results are published (the page itself is the
    secretariat's, behind its funnel); before, members are numbered."""
    return selection_round.state in NAMES_VISIBLE_STATES


def _member_label(position: int) -> str:
    return gettext("Thành viên %(n)d") % {"n": position}


def _memberships(selection_round: SelectionRound) -> list[JuryMember]:
    return list(JuryMember.objects.filter(jury__round=selection_round, role__in=SCORING_JURY_ROLES)
                .select_related("user").order_by(vietnamese("jury__name"), "jury_id", "role", "pk"))


def group_codes(selection_round: SelectionRound) -> list[str]:
    """The criterion group codes of the round's rubrics (its own and any per product group)."""
    codes = CriterionGroup.objects.filter(Q(rubric__rounds=selection_round)
                                          | Q(rubric__in=selection_round.group_rubrics.values("rubric")))
    return sorted(set(codes.values_list("code", flat=True)))


def round_ranking(selection_round: SelectionRound, *, group: str | None = None,
                  memberships: list[JuryMember] | None = None, judges=None) -> Ranking:
    """The ranking's columns: the members (jury order, then anyone else who holds a sheet), labelled by name
    only once the results are published, with their deviation; the criterion groups; the z-score scales."""
    memberships = _memberships(selection_round) if memberships is None else memberships
    judges = judges or ranking_queries.judge_figures(selection_round, group=group)
    users = {}
    for membership in memberships:
        users.setdefault(membership.user_id, membership.user)
    for member_id in ranking_queries.sheet_judges(selection_round, group=group):
        users.setdefault(member_id, None)
    visible = names_visible(selection_round)
    members = [MemberColumn(user_id, (user.full_name or user.email) if (visible and user) else _member_label(i),
                            judges.deviations.get(user_id))
               for i, (user_id, user) in enumerate(users.items(), start=1)]
    return Ranking(selection_round, group, members, group_codes(selection_round), visible, judges.zscales)


# --- The report ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundReport:
    ranking: Ranking
    agreements: list[JuryAgreement]
    bins: dict[int, int]

    @property
    def round(self) -> SelectionRound:
        return self.ranking.round

    @property
    def members(self) -> list[MemberColumn]:
        return self.ranking.members

    @property
    def group_codes(self) -> list[str]:
        return self.ranking.group_codes

    @property
    def names_visible(self) -> bool:
        return self.ranking.names_visible

    @property
    def biased_members(self) -> list[MemberColumn]:
        return [m for m in self.members if m.deviation and m.deviation.flagged]

    def flagged_page(self, number) -> tuple[Page, list[ReportRow]]:
        """The nominations with a warning, in rank order, a page at a time."""
        flagged = ranking_queries.ranking(self.round, group=self.ranking.group).filter(figures__flag_count__gt=0)
        page = Paginator(flagged, PAGE_SIZE).get_page(number)
        return page, self.ranking.rows(page.object_list)


def _agreements(selection_round: SelectionRound, memberships: list[JuryMember], group: str | None):
    figures = []
    for jury in Jury.objects.filter(round=selection_round).order_by(vietnamese("name"), "pk"):
        members = [m.user_id for m in memberships if m.jury_id == jury.pk]
        result = ranking_queries.jury_agreement(jury, members, group=group)
        figures.append(JuryAgreement(jury, result.kendalls_w, result.icc,
                                     agreement.describe_agreement(result.kendalls_w),
                                     agreement.describe_agreement(result.icc), result.nominations))
    return figures


def round_report(selection_round: SelectionRound, *, group: str | None = None) -> RoundReport:
    """Everything the round report shows besides its pages of rows, from a fixed number of queries whatever the
    number of nominations (one more per jury)."""
    memberships = _memberships(selection_round)
    ranking = round_ranking(selection_round, group=group, memberships=memberships)
    return RoundReport(ranking, _agreements(selection_round, memberships, group),
                       ranking_queries.average_bins(selection_round, group=group))
