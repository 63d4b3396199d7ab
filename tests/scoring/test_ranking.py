import random
from decimal import Decimal as D

import pytest

from scoring.aggregation import NominationResult
from scoring.models import SelectionRound
from scoring.ranking import RankedRow
from scoring.ranking import rank as pure_rank

# The round's field defaults (the legal ones, defined once on the model); `rank` takes them explicitly.
LEGAL = SelectionRound()


def rank(results, **settings):
    defaults = {"threshold": LEGAL.threshold, "tie_breaks": LEGAL.tie_break_chain, "quota": LEGAL.quota}
    return pure_rank(results, **(defaults | settings))


def result(nomination_id, average, groups=("30", "30", "8", "7")):
    group_averages = {str(i): D(v) for i, v in enumerate(groups, start=1)}
    value = None if average is None else D(average)
    return NominationResult(nomination_id, "mean", value, value, value, value, group_averages, D("0.00"),
                            D("0.00"), 0 if average is None else 5, (), ())


def summary(rows):
    return [(r.nomination_id, r.rank, r.passes, r.within_quota, r.council_decision_needed, r.quota_tie)
            for r in rows]


@pytest.mark.parametrize(
    ("average", "threshold", "passes"),
    [("70.00", D("70"), True), ("69.99", D("70"), False), ("70.01", D("70"), True), ("100.00", D("70"), True),
     ("74.99", D("75"), False), ("75.00", D("75"), True)],
)
def test_rank_passes_at_the_threshold(average, threshold, passes):
    [row] = rank([result(1, average)], threshold=threshold)

    assert (row.passes, row.within_quota) == (passes, passes)


def test_rank_breaks_ties_by_group_averages_in_the_declared_chain():
    results = [
        result(1, "80.00", ("35.00", "30.00", "8.00", "7.00")),
        result(2, "80.00", ("35.00", "31.00", "7.00", "7.00")),
        result(3, "80.00", ("36.00", "29.00", "8.00", "7.00")),
        result(4, "85.00", ("30.00", "35.00", "10.00", "10.00")),
    ]

    rows = rank(results)

    assert [r.nomination_id for r in rows] == [4, 3, 2, 1]
    assert [r.rank for r in rows] == [1, 2, 3, 4]
    assert rows[1].tie_break_key == (D("80.00"), D("36.00"), D("29.00"), D("8.00"), D("7.00"))
    assert not any(r.council_decision_needed for r in rows)
    # another declared chain gives another, equally reproducible, order
    assert [r.nomination_id for r in rank(results, tie_breaks=("group:3", "group:1"))] == [4, 3, 1, 2]


def test_rank_full_ties_share_a_competition_rank_and_need_the_council():
    results = [result(9, "90.00"), result(5, "80.00"), result(2, "80.00"), result(7, "75.00"), result(1, "60.00")]

    rows = rank(results)

    assert summary(rows) == [
        (9, 1, True, True, False, False),
        (2, 2, True, True, True, False),
        (5, 2, True, True, True, False),
        (7, 4, True, True, False, False),
        (1, 5, False, False, False, False),
    ]


@pytest.mark.parametrize(
    ("quota", "within", "quota_tie"),
    [
        (1, [1], []),
        (2, [1], [2, 3]),  # the 80.00 tie straddles place 2: the council decides, not the id order
        (3, [1, 2, 3], []),
        (10, [1, 2, 3, 4], []),  # the quota never lets a failing nomination in
    ],
)
def test_rank_quota_marks_rows_within_and_flags_a_tie_across_the_line(quota, within, quota_tie):
    results = [result(1, "90.00"), result(2, "80.00"), result(3, "80.00"), result(4, "72.00"), result(5, "69.99")]

    rows = rank(results, quota=quota)

    assert [r.nomination_id for r in rows if r.within_quota] == within
    assert [r.nomination_id for r in rows if r.quota_tie] == quota_tie


def test_rank_reproduces_the_same_order_whatever_the_input_order():
    generator = random.Random(20260217)
    results = [
        result(n, f"{generator.choice(['65', '70', '70', '80', '80', '90'])}.00",
               (f"{generator.choice([30, 31])}.00", f"{generator.choice([30, 31])}.00", "8.00", "7.00"))
        for n in range(1, 41)
    ]
    expected = rank(results, quota=10)

    for _ in range(20):
        generator.shuffle(results)
        assert rank(results, quota=10) == expected
    assert any(r.council_decision_needed for r in expected)


def test_rank_lists_nominations_without_sheets_last_and_unranked():
    rows = rank([result(3, None), result(1, "75.00"), result(2, None)])

    assert rows[1:] == [RankedRow(2, None, None, False, False, (), False, False, threshold=LEGAL.threshold),
                        RankedRow(3, None, None, False, False, (), False, False, threshold=LEGAL.threshold)]
    assert rows[0].rank == 1


def test_rank_rejects_an_unknown_tie_break():
    with pytest.raises(ValueError):
        rank([result(1, "75.00")], tie_breaks=("median",))


def test_encode_key_orders_as_the_key_does():
    rng = random.Random(3)
    keys = [tuple(D(rng.randint(0, 10_000)) / 100 for _ in range(5)) for _ in range(500)]
    keys += [(D("70.00"), D("0.00")), (D("70.00"), D("0.01")), (D("100.00"), D("9.99")), (D("9.99"), D("100.00"))]

    from scoring.ranking import decode_key, encode_key

    assert sorted(keys) == sorted(keys, key=encode_key)
    assert all(decode_key(encode_key(key)) == key for key in keys)


@pytest.mark.parametrize("figure", [D("-0.01"), D("100000.00")])
def test_encode_key_refuses_what_it_cannot_order(figure):
    from scoring.ranking import encode_key

    with pytest.raises(ValueError):
        encode_key((D("70.00"), figure))


@pytest.mark.parametrize(("average", "rank_", "tie", "quota", "expected"), [
    (D("70.00"), 1, 1, None, (True, True, False, False)),
    (D("69.99"), 1, 1, None, (False, False, False, False)),
    (D("80.00"), 2, 2, 2, (True, False, True, True)),   # 2nd and 3rd share the quota's last place
    (D("80.00"), 2, 2, 3, (True, True, False, True)),
    (D("80.00"), 4, 1, 3, (True, False, False, False)),
    (None, None, 0, 3, (False, False, False, False)),
])
def test_placement(average, rank_, tie, quota, expected):
    from scoring.ranking import placement

    place = placement(average=average, rank=rank_, tie_size=tie, threshold=D("70"), quota=quota)

    assert (place.passes, place.within_quota, place.quota_tie, place.council_decision_needed) == expected
