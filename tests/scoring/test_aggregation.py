from decimal import Decimal as D
from fractions import Fraction

import pytest

from scoring.aggregation import (
    FLAG_OUTLIER_SHEET,
    FLAG_TOO_FEW_SHEETS,
    Flag,
    JudgeDeviation,
    Sheet,
    group_totals,
    judge_deviation_report,
    nomination_result,
    round_result,
    sheet_total,
    zscore_averages,
)
from scoring.models import SelectionRound

# The round's field defaults (the legal ones, defined once on the model); the pure functions take them explicitly.
LEGAL = SelectionRound()


def result_of(sheets, **settings):
    defaults = {"method": LEGAL.method, "min_sheets": LEGAL.min_sheets, "outlier_distance": LEGAL.outlier_distance}
    return nomination_result(sheets, **(defaults | settings))


def make_sheet(judge, total, *, nomination=1, submitted=True, recused=False):
    """A sheet whose total is `total`: everything in group 1 except 8 + 7 points in groups 3 and 4."""
    total = D(total)
    scores = {"1.1": total - 15, "3": D(8), "4": D(7)}
    return Sheet(judge, nomination, scores, submitted=submitted, recused=recused)


def sheets_with_totals(*totals, nomination=1):
    return [make_sheet(f"j{i}", t, nomination=nomination) for i, t in enumerate(totals, start=1)]


def test_sheet_total_and_group_totals_follow_group_of_then_code_prefix():
    sheet = Sheet("j1", 1, {"1.1": D("20.5"), "1.2": D("15"), "2.1": D("30"), "aesthetic": D("9"), "4": D("6.25")},
                  group_of={"aesthetic": "3"})

    assert sheet_total(sheet) == D("80.75")
    assert group_totals(sheet) == {"1": D("35.5"), "2": D("30"), "3": D("9"), "4": D("6.25")}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("70.005"), D("70.01")),
        (D("69.994999"), D("69.99")),
        (D("69.995"), D("70.00")),
        (D("70"), D("70.00")),
        (D("-0.005"), D("-0.01")),
        (D("-0.004"), D("0.00")),
        (Fraction(235, 3), D("78.33")),
        (Fraction(200, 3), D("66.67")),
    ],
)
def test_round_result_rounds_half_up_to_two_places(value, expected):
    assert round_result(value) == expected
    assert str(round_result(value)) == str(expected)


@pytest.mark.parametrize(
    ("totals", "mean", "median", "trimmed", "spread", "value_range"),
    [
        (["80"], "80.00", "80.00", "80.00", "0.00", "0.00"),
        (["70", "80"], "75.00", "75.00", "75.00", "5.00", "10.00"),
        (["70", "75", "90"], "78.33", "75.00", "78.33", "8.50", "20.00"),
        (["70", "71", "72", "80"], "73.25", "71.50", "73.25", "3.96", "10.00"),
        # four sheets: nothing is trimmed, the trimmed mean is the mean
        (["60", "70", "80", "100"], "77.50", "75.00", "77.50", "14.79", "40.00"),
        # five sheets: 50 and 99 are dropped → (70 + 71 + 75) / 3
        (["50", "70", "71", "75", "99"], "73.00", "71.00", "72.00", "15.63", "49.00"),
        # mean 70.005 is rounded once, at the end
        (["70.00", "70.01"], "70.01", "70.01", "70.01", "0.01", "0.01"),
        (["69.99", "69.999998"], "69.99", "69.99", "69.99", "0.00", "0.01"),
        # population sd exactly 0.125 → 0.13 (half up on the square root too)
        (["15", "15.25"], "15.13", "15.13", "15.13", "0.13", "0.25"),
    ],
)
def test_nomination_result_figures(totals, mean, median, trimmed, spread, value_range):
    result = result_of(sheets_with_totals(*totals), min_sheets=1)

    assert (result.average, result.mean, result.median, result.trimmed_mean) == (D(mean), D(mean), D(median),
                                                                                 D(trimmed))
    assert (result.spread, result.range, result.sheet_count) == (D(spread), D(value_range), len(totals))


@pytest.mark.parametrize(("method", "expected"), [("mean", "73.00"), ("median", "71.00"), ("trimmed_mean", "72.00")])
def test_nomination_result_average_follows_the_round_method(method, expected):
    result = result_of(sheets_with_totals("50", "70", "71", "75", "99"), method=method)

    assert result.average == D(expected)
    assert result.method == method


def test_nomination_result_excludes_recused_and_unsubmitted_sheets():
    sheets = [
        *sheets_with_totals("70", "80", "90"),
        make_sheet("relative", "100", recused=True),
        make_sheet("late", "10", submitted=False),
    ]

    result = result_of(sheets)

    assert (result.average, result.sheet_count) == (D("80.00"), 3)
    assert result.recused_judges == ("relative",)
    assert result.flags == ()


def test_nomination_result_group_averages_add_up_to_the_mean():
    sheets = [
        Sheet("j1", 7, {"1.1": D("20"), "1.2": D("15"), "2.1": D("31"), "3": D("8"), "4": D("7")}),
        Sheet("j2", 7, {"1.1": D("18"), "1.2": D("16"), "2.1": D("30"), "3": D("9")}),
        Sheet("j3", 7, {"1.1": D("19"), "1.2": D("15"), "2.1": D("33"), "3": D("7"), "4": D("8")}),
    ]

    result = result_of(sheets)

    assert result.nomination_id == 7
    assert result.group_averages == {"1": D("34.33"), "2": D("31.33"), "3": D("8.00"), "4": D("5.00")}
    assert result.mean == D("78.67")


@pytest.mark.parametrize(("count", "minimum", "flagged"), [(2, 3, True), (3, 3, False), (1, 1, False)])
def test_nomination_result_flags_too_few_sheets(count, minimum, flagged):
    result = result_of(sheets_with_totals(*["80"] * count), min_sheets=minimum)

    expected = (Flag(FLAG_TOO_FEW_SHEETS, {"count": count, "minimum": minimum}),) if flagged else ()
    assert result.flags == expected


def test_nomination_result_without_counted_sheets_has_no_figures():
    result = result_of([make_sheet("relative", "90", recused=True)])

    assert (result.average, result.spread, result.sheet_count, result.group_averages) == (None, None, 0, {})
    assert result.flags == (Flag(FLAG_TOO_FEW_SHEETS, {"count": 0, "minimum": 3}),)


def test_nomination_result_flags_a_sheet_far_from_the_panel():
    result = result_of(sheets_with_totals("80", "82", "84", "50"))

    assert result.flags == (Flag(FLAG_OUTLIER_SHEET, {
        "judge_id": "j4", "total": D("50.00"), "panel_mean": D("74.00"), "distance": D("24.00"), "limit": D("15"),
    }),)


@pytest.mark.parametrize(("distance", "flagged_judges"), [(D("15"), []), (D("14.99"), ["j1", "j2"])])
def test_nomination_result_outlier_distance_is_strict_and_configurable(distance, flagged_judges):
    result = result_of(sheets_with_totals("70", "100"), min_sheets=2, outlier_distance=distance)

    assert [f.params["judge_id"] for f in result.flags if f.code == FLAG_OUTLIER_SHEET] == flagged_judges


def test_nomination_result_rejects_unknown_method_and_mixed_nominations():
    with pytest.raises(ValueError):
        result_of(sheets_with_totals("80"), method="mode")
    with pytest.raises(ValueError):
        result_of([make_sheet("j1", "80", nomination=1), make_sheet("j1", "80", nomination=2)])


def _panel(totals_by_judge):
    return [make_sheet(judge, total, nomination=n)
            for judge, totals in totals_by_judge.items() for n, total in enumerate(totals, start=1)]


@pytest.mark.parametrize(
    ("min_nominations", "expected_c"),
    [(3, JudgeDeviation(D("-10.00"), 3, True)), (4, JudgeDeviation(D("-10.00"), 3, False))],
)
def test_judge_deviation_report_flags_a_harsh_judge(min_nominations, expected_c):
    sheets = _panel({"A": ["80", "70", "75"], "B": ["80", "70", "75"], "C": ["70", "60", "65"]})

    report = judge_deviation_report(sheets, threshold=LEGAL.bias_threshold, min_nominations=min_nominations)

    # A and B sit 5 points above the mean of the two others: at the threshold, not above it.
    assert report == {"A": JudgeDeviation(D("5.00"), 3, False), "B": JudgeDeviation(D("5.00"), 3, False),
                      "C": expected_c}


def test_judge_deviation_report_ignores_recused_sheets_and_lists_lone_judges():
    sheets = [
        *_panel({"A": ["80", "70", "75"], "B": ["90", "80", "85"]}),
        make_sheet("B", "20", nomination=4, recused=True),
        make_sheet("A", "60", nomination=4),
    ]

    report = judge_deviation_report(sheets, threshold=D("9.99"))

    assert report == {"A": JudgeDeviation(D("-10.00"), 3, True), "B": JudgeDeviation(D("10.00"), 3, True)}
    assert judge_deviation_report([make_sheet("solo", "80")], threshold=LEGAL.bias_threshold) == {
        "solo": JudgeDeviation(None, 0, False)}


def test_zscore_averages_remove_a_judge_uniform_harshness():
    # Judge B is 10 points more lenient on every nomination; normalised, both judges say the same thing.
    # Panel: mean 75, population sd √(550/6); each judge's z = ±√1.5, so 75 ± √137.5 = 75 ± 11.726.
    sheets = _panel({"A": ["60", "70", "80"], "B": ["70", "80", "90"]})

    assert zscore_averages(sheets) == {1: D("63.27"), 2: D("75.00"), 3: D("86.73")}


def test_zscore_averages_without_spread_maps_to_the_panel_mean():
    sheets = [make_sheet("A", "60", nomination=1), make_sheet("A", "80", nomination=2),
              make_sheet("B", "75", nomination=1), make_sheet("late", "0", nomination=2, submitted=False)]

    # Panel: 60, 80, 75 → mean 71.667, sd 8.498; A: z = ∓1; B has one sheet: z = 0 (71.667).
    assert zscore_averages(sheets) == {1: D("67.42"), 2: D("80.17")}
    assert zscore_averages([]) == {}
