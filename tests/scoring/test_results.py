"""The stored figures and the database ranking follow the round's settings; the report's figures (scoring.results)."""

import random
from decimal import Decimal

import pytest

from catalog import enums as catalog_enums
from scoring.aggregation import FLAG_OUTLIER_SHEET, FLAG_TOO_FEW_SHEETS
from scoring.enums import NominationState, SheetStatus
from scoring.figures import decode_flags
from scoring.models import Nomination, NominationFigures
from scoring.ranking_queries import ranked_row, ranking
from scoring.results import round_report
from tests.factories import (
    JuryFactory,
    JuryMemberFactory,
    ProductFactory,
    UserFactory,
    add_sheet,
    make_rubric,
    scoring_round_with,
)
from tests.scoring.test_ranking_db import build_random_round

pytestmark = pytest.mark.django_db


def round_results(selection_round):
    """The stored figures of the round's accepted nominations, by nomination id."""
    return list(NominationFigures.objects.filter(nomination__round=selection_round,
                                                 nomination__state=NominationState.ACCEPTED).order_by("pk"))


def round_ranking(selection_round):
    return [ranked_row(n, selection_round) for n in ranking(selection_round)]

# Totals 70, 80, 90, 60 and 100 on the six criteria.
SHEETS = {
    70: ["20", "10", "15", "5", "10", "10"],
    80: ["20", "15", "15", "10", "10", "10"],
    90: ["25", "15", "20", "10", "10", "10"],
    60: ["20", "10", "10", "5", "5", "10"],
    100: ["25", "15", "20", "10", "15", "15"],
}


def nomination_in(selection_round, **product):
    return Nomination.objects.create(round=selection_round, product=ProductFactory(**product),
                                     state=NominationState.ACCEPTED)


@pytest.mark.parametrize(("method", "average"), [
    ("mean", Decimal("80.00")),
    ("median", Decimal("80.00")),
    ("trimmed_mean", Decimal("80.00")),
])
def test_round_results_method_from_round(method, average):
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria, method=method)
    nomination = nomination_in(selection_round)
    for total in (70, 80, 90, 60, 100):
        add_sheet(nomination, UserFactory(), criteria, SHEETS[total])

    (result,) = round_results(selection_round)

    assert (result.average, result.sheet_count) == (average, 5)


def test_round_results_median_differs_from_mean():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria, method="median")
    nomination = nomination_in(selection_round)
    for total in (60, 70, 100):
        add_sheet(nomination, UserFactory(), criteria, SHEETS[total])

    (result,) = round_results(selection_round)

    assert (result.average, result.mean, result.median) == (Decimal("70.00"), Decimal("76.67"), Decimal("70.00"))


def test_round_results_flags_use_round_settings():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria, min_sheets=4, outlier_distance=Decimal("10"))
    nomination = nomination_in(selection_round)
    judges = [UserFactory() for _ in range(3)]
    for judge, total in zip(judges, (70, 70, 100), strict=True):
        add_sheet(nomination, judge, criteria, SHEETS[total])

    (result,) = round_results(selection_round)

    assert [(f.code, dict(f.params)) for f in decode_flags(result.flags)] == [
        (FLAG_TOO_FEW_SHEETS, {"count": 3, "minimum": 4}),
        (FLAG_OUTLIER_SHEET, {"judge_id": judges[2].pk, "total": Decimal("100.00"), "panel_mean": Decimal("80.00"),
                              "distance": Decimal("20.00"), "limit": Decimal("10.00")}),
    ]


def test_round_ranking_nomination_without_sheets_listed_unscored():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    nomination = nomination_in(selection_round)

    (row,) = round_ranking(selection_round)

    assert (row.nomination_id, row.rank, row.passes, round_results(selection_round)) == (
        nomination.pk, None, False, [])


def test_round_ranking_tie_break_chain_from_round():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria, tie_break_chain=["group:3", "group:1"])
    # Both 80: the first has more in group 3, the second more in group 1.
    more_group_3 = nomination_in(selection_round)
    add_sheet(more_group_3, UserFactory(), criteria, ["20", "10", "15", "10", "15", "10"])
    more_group_1 = nomination_in(selection_round)
    add_sheet(more_group_1, UserFactory(), criteria, ["25", "15", "15", "5", "10", "10"])

    rows = round_ranking(selection_round)

    assert [(r.nomination_id, r.rank, r.tie_break_key) for r in rows] == [
        (more_group_3.pk, 1, (Decimal("80.00"), Decimal("15.00"), Decimal("30.00"))),
        (more_group_1.pk, 2, (Decimal("80.00"), Decimal("10.00"), Decimal("40.00"))),
    ]


def test_round_ranking_deterministic_on_random_round():
    selection_round = build_random_round(random.Random(7), nominations=60)

    assert round_ranking(selection_round) == round_ranking(selection_round)


def test_round_ranking_threshold_and_quota_from_round():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria, threshold=Decimal("75"), quota=1)
    high = nomination_in(selection_round)
    add_sheet(high, UserFactory(), criteria, SHEETS[90])
    middle = nomination_in(selection_round)
    add_sheet(middle, UserFactory(), criteria, SHEETS[80])
    low = nomination_in(selection_round)
    add_sheet(low, UserFactory(), criteria, SHEETS[70])

    rows = round_ranking(selection_round)

    assert [(r.nomination_id, r.passes, r.within_quota) for r in rows] == [
        (high.pk, True, True), (middle.pk, True, False), (low.pk, False, False)]


def test_round_report_biased_member_flagged():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria, bias_threshold=Decimal("5"))
    jury = JuryFactory(round=selection_round)
    fair, harsh, other = (JuryMemberFactory(jury=jury).user for _ in range(3))
    for _ in range(3):
        nomination = nomination_in(selection_round)
        add_sheet(nomination, fair, criteria, SHEETS[80])
        add_sheet(nomination, other, criteria, SHEETS[80])
        add_sheet(nomination, harsh, criteria, SHEETS[60])

    report = round_report(selection_round)

    assert [(m.user_id, m.label, m.deviation.mean_deviation, m.deviation.flagged) for m in report.members] == [
        (fair.pk, "Thành viên 1", Decimal("10.00"), True),
        (harsh.pk, "Thành viên 2", Decimal("-20.00"), True),
        (other.pk, "Thành viên 3", Decimal("10.00"), True),
    ]


def test_round_report_agreement_per_jury():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    jury = JuryFactory(round=selection_round, name="Ban thủ công")
    judges = [JuryMemberFactory(jury=jury).user for _ in range(2)]
    for total in (60, 70, 90):
        nomination = nomination_in(selection_round)
        for judge in judges:
            add_sheet(nomination, judge, criteria, SHEETS[total])

    (agreement,) = round_report(selection_round).agreements

    assert (agreement.jury.name, agreement.nominations, agreement.kendalls_w, agreement.icc, agreement.w_label) == (
        "Ban thủ công", 3, Decimal("1.00"), Decimal("1.00"), "excellent")


def test_round_report_draft_sheet_not_in_member_totals():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    jury = JuryFactory(round=selection_round)
    first, second = (JuryMemberFactory(jury=jury, user=UserFactory(role=catalog_enums.Role.JURY)).user
                     for _ in range(2))
    nomination = nomination_in(selection_round)
    add_sheet(nomination, first, criteria, SHEETS[70])
    add_sheet(nomination, second, criteria, SHEETS[90], status=SheetStatus.DRAFT)

    _page, (row,) = round_report(selection_round).ranking.page(1)

    assert (row.ranked.average, row.member_totals) == (Decimal("70.00"), [Decimal("70"), None])


def test_results_settings_changed_after_scoring_refresh_with_the_round():
    """The admin and the round form refuse results settings once scoring started; should they change (by hand),
    refresh_round_figures brings the stored figures back to them."""
    from scoring.figures import refresh_round_figures

    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    nomination = nomination_in(selection_round)
    for total in (60, 70, 100):
        add_sheet(nomination, UserFactory(), criteria, SHEETS[total])
    before = round_results(selection_round)[0].average

    selection_round.method = "median"
    selection_round.save(update_fields=["method"])
    refresh_round_figures(round=selection_round)

    assert (before, round_results(selection_round)[0].average) == (Decimal("76.67"), Decimal("70.00"))


@pytest.mark.parametrize(("state", "locked"), [("draft", False), ("scoring", True), ("scoring_closed", True)])
def test_admin_locks_the_results_settings_once_the_round_leaves_draft(state, locked):
    from django.contrib import admin

    from scoring.models import SelectionRound

    model_admin = admin.site._registry[SelectionRound]
    selection_round = scoring_round_with(make_rubric(), state=state)

    readonly = model_admin.get_readonly_fields(None, selection_round)

    assert ({"method", "min_sheets", "outlier_distance", "tie_break_chain"} <= set(readonly)) is locked
