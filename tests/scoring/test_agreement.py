from decimal import Decimal as D

import pytest

from scoring.aggregation import Sheet
from scoring.agreement import describe_agreement, icc, kendalls_w, score_matrix

# Shrout & Fleiss (1979), Table 2: six targets rated by four judges (rows here are judges).
SHROUT_FLEISS = [
    [9, 6, 8, 7, 10, 6],
    [2, 1, 4, 1, 5, 2],
    [5, 3, 6, 2, 6, 4],
    [8, 2, 8, 6, 9, 7],
]


@pytest.mark.parametrize(("form", "expected"), [("2,1", D("0.29")), ("3,1", D("0.71")), ("3,k", D("0.91"))])
def test_icc_matches_shrout_and_fleiss(form, expected):
    assert icc(SHROUT_FLEISS, form=form) == expected


@pytest.mark.parametrize(
    ("matrix", "expected"),
    [
        # no ties: rank sums 4, 6, 8, 12 → W = 12·35 / (9·60) = 0.7778
        ([[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]], D("0.78")),
        # one tie in the first row: S = 6.5, ΣT = 6 → 78 / (96 − 12) = 0.9286 (0.81 without the correction)
        ([[80, 80, 70], [90, 85, 60]], D("0.93")),
        # perfect agreement on the order, whatever the scales
        ([[D("70.5"), D("80"), D("90")], [60, 75, 99], [71, 72, 73]], D("1.00")),
        # exactly reversed orders
        ([[1, 2, 3], [3, 2, 1]], D("0.00")),
    ],
)
def test_kendalls_w_textbook_cases(matrix, expected):
    assert kendalls_w(matrix) == expected


def test_icc_is_one_when_judges_give_identical_scores():
    assert icc([[70, 80, 90], [70, 80, 90], [70, 80, 90]]) == D("1.00")


@pytest.mark.parametrize(
    "matrix",
    [
        [[70, 80, 90]],  # one judge
        [[70], [80]],  # one nomination
        [[75, 75, 75], [80, 80, 80]],  # nothing tells the nominations apart
        [],
    ],
)
def test_agreement_is_none_when_degenerate(matrix):
    assert (icc(matrix), kendalls_w(matrix)) == (None, None)


def test_agreement_rejects_an_incomplete_matrix():
    with pytest.raises(ValueError):
        kendalls_w([[70, 80], [70]])


def test_score_matrix_keeps_nominations_every_judge_scored():
    sheets = [
        Sheet("A", 1, {"1": D("70")}), Sheet("B", 1, {"1": D("75")}),
        Sheet("A", 2, {"1": D("80")}), Sheet("B", 2, {"1": D("85")}, recused=True),
        Sheet("A", 3, {"1": D("60")}), Sheet("B", 3, {"1": D("65")}),
    ]

    assert score_matrix(sheets) == [[D("70"), D("60")], [D("75"), D("65")]]
    assert kendalls_w(score_matrix(sheets)) == D("1.00")


@pytest.mark.parametrize(
    ("value", "word"),
    [(D("-0.10"), "poor"), (D("0.49"), "poor"), (D("0.50"), "moderate"), (D("0.74"), "moderate"),
     (D("0.75"), "good"), (D("0.90"), "good"), (D("0.91"), "excellent"), (D("1.00"), "excellent"), (None, None)],
)
def test_describe_agreement_uses_koo_and_li_cut_offs(value, word):
    assert describe_agreement(value) == word


def test_from_sums_equal_the_matrix_figures_on_random_matrices():
    import random
    from decimal import Decimal as Dec

    from scoring import agreement

    rng = random.Random(5)
    for _ in range(200):
        judges, nominations = rng.randint(2, 6), rng.randint(2, 12)
        matrix = [[Dec(rng.randint(40, 60)) / 2 for _ in range(nominations)] for _ in range(judges)]
        cents = [[int(v * 100) for v in row] for row in matrix]
        by_nomination = [sum(row[i] for row in cents) for i in range(nominations)]
        icc = agreement.icc_from_sums(
            judges=judges, nominations=nominations, total=sum(map(sum, cents)),
            squares=sum(v * v for row in cents for v in row), nomination_squares=sum(t * t for t in by_nomination),
            judge_squares=sum(sum(row) ** 2 for row in cents))

        assert icc == agreement.icc(matrix)
