"""The database ranking (scoring.ranking_queries) agrees exactly with the pure one (aggregation + ranking)."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import enums as catalog_enums
from scoring.enums import NominationState, SheetStatus
from scoring.models import Nomination, Recusal, Score, ScoreSheet
from scoring.ranking import rank
from scoring.ranking_queries import ranked_figures, ranked_nominations
from scoring.results import round_results
from tests.factories import (
    JuryFactory,
    JuryMemberFactory,
    ProducerFactory,
    ProductFactory,
    UserFactory,
    add_sheet,
    make_rubric,
    scoring_round_with,
)


def build_random_round(rng: random.Random, *, nominations: int, members: int = 5):
    """A closed round with `nominations` accepted nominations scored by `members` members on 6 criteria.

    Some sheets are missing, some drafts, some of recused members; one nomination in ten copies an earlier one
    exactly (a full tie) and one in ten copies it with half a point moved from group 1 to group 2 (same average,
    tie broken by group 1). Points go by 0.01 on some criteria so that averages land on .005.
    """
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    jury = JuryFactory(round=selection_round)
    users = [UserFactory(role=catalog_enums.Role.JURY) for _ in range(members)]
    for user in users:
        JuryMemberFactory(jury=jury, user=user)
    producer = ProducerFactory()
    products = [ProductFactory.build(producer=producer, name=f"Sản phẩm {i}") for i in range(nominations)]
    products = type(products[0]).objects.bulk_create(products)
    noms = Nomination.objects.bulk_create(
        Nomination(round=selection_round, product=p, state=NominationState.ACCEPTED) for p in products)
    plans = []  # per nomination: list of (user, status, recused, values)
    for _ in range(nominations):
        kind = rng.random()
        if plans and kind < 0.1:
            plans.append(list(rng.choice(plans)))
            continue
        if plans and kind < 0.2:
            moved = []
            for user, status, recused, values in rng.choice(plans):
                values = list(values)
                if values[0] >= Decimal("0.5") and values[2] <= criteria[2].max - Decimal("0.5"):
                    values[0] -= Decimal("0.5")
                    values[2] += Decimal("0.5")
                moved.append((user, status, recused, values))
            plans.append(moved)
            continue
        plan = []
        for user in users:
            roll = rng.random()
            if roll < 0.08:
                continue  # never opened
            status = SheetStatus.DRAFT if roll < 0.16 else SheetStatus.SUBMITTED
            recused = rng.random() < 0.07
            fine = rng.random() < 0.5
            values = [Decimal(rng.randint(int(c.max * 40), int(c.max * 100))) / 100 if fine
                      else Decimal(rng.randint(int(c.max * 2) * 2 // 5, int(c.max * 2))) / 2 for c in criteria]
            plan.append((user, status, recused, values))
        plans.append(plan)
    sheets, scores, recusals = [], [], []
    for nomination, plan in zip(noms, plans, strict=True):
        for user, status, recused, values in plan:
            sheet = ScoreSheet(nomination=nomination, member=user, status=status, total=sum(values))
            sheets.append((sheet, values))
            if recused:
                recusals.append(Recusal(nomination=nomination, user=user, reason="Xung đột lợi ích."))
    ScoreSheet.objects.bulk_create([s for s, _v in sheets])
    for sheet, values in sheets:
        scores += [Score(sheet=sheet, criterion=c, value=v) for c, v in zip(criteria, values, strict=True)]
    Score.objects.bulk_create(scores)
    Recusal.objects.bulk_create(recusals)
    return selection_round


def database_rows(selection_round, **kwargs):
    rows = []
    for nomination in ranked_nominations(selection_round, **kwargs):
        figures = ranked_figures(nomination)
        rows.append((nomination.pk, figures.average, figures.tie_break_key, figures.sheet_count))
    return rows


def pure_rows(selection_round):
    results = {r.nomination_id: r for r in round_results(selection_round)}
    ranked = rank(results.values(), threshold=selection_round.threshold, tie_breaks=selection_round.tie_break_chain)
    return [(row.nomination_id, row.average, row.tie_break_key, results[row.nomination_id].sheet_count)
            for row in ranked]


@pytest.mark.django_db
def test_ranked_nominations_random_round_equals_pure_rank():
    selection_round = build_random_round(random.Random(7), nominations=300)

    expected = pure_rows(selection_round)
    actual = database_rows(selection_round)

    assert actual == expected
    # The data really exercise what the test claims: full ties, unscored rows, recusals, drafts.
    keys = [key for _pk, _avg, key, _n in expected if key]
    assert len(keys) - len(set(keys)) >= 10
    assert Recusal.objects.filter(nomination__round=selection_round).count() >= 20
    assert ScoreSheet.objects.filter(nomination__round=selection_round, status=SheetStatus.DRAFT).count() >= 20


@pytest.mark.django_db
def test_ranked_nominations_random_round_group_averages_equal_pure():
    selection_round = build_random_round(random.Random(7), nominations=120)
    results = {r.nomination_id: r for r in round_results(selection_round)}

    for nomination in ranked_nominations(selection_round):
        figures = ranked_figures(nomination)
        result = results[nomination.pk]
        expected = tuple(result.group_averages.get(code) for code in ("1", "2", "3", "4")) if result.sheet_count \
            else (None, None, None, None)
        assert (nomination.pk, figures.average, figures.group_averages) == (nomination.pk, result.mean, expected)


@pytest.mark.django_db
def test_ranked_nominations_one_query():
    selection_round = build_random_round(random.Random(7), nominations=30)

    with CaptureQueriesContext(connection) as queries:
        rows = list(ranked_nominations(selection_round))

    assert (len(rows), len(queries)) == (30, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("values", "average", "passes"), [
    # Two sheets; the mean lands exactly on the half cent and rounds up.
    ((["25", "15", "20", "10", "0", "0"], ["25", "15", "20", "0", "0", "9.99"]), Decimal("70.00"), True),
    ((["25", "15", "20", "10", "0", "0"], ["25", "15", "20", "0", "0", "9.98"]), Decimal("69.99"), False),
    ((["25", "15", "20", "10", "0", "0"], ["25", "15", "20", "0", "0", "9.97"]), Decimal("69.99"), False),
])
def test_ranked_nominations_threshold_boundary(values, average, passes):
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    nomination = Nomination.objects.create(round=selection_round, product=ProductFactory(),
                                           state=NominationState.ACCEPTED)
    for sheet_values in values:
        add_sheet(nomination, UserFactory(role=catalog_enums.Role.JURY), criteria, sheet_values)

    (row,) = ranked_nominations(selection_round)
    figures = ranked_figures(row)
    (pure,) = rank(round_results(selection_round), threshold=selection_round.threshold)

    assert (figures.average, figures.average >= selection_round.threshold) == (average, passes)
    assert (pure.average, pure.passes) == (average, passes)


@pytest.mark.django_db
def test_ranked_nominations_recused_and_draft_sheets_not_counted():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    nomination = Nomination.objects.create(round=selection_round, product=ProductFactory(),
                                           state=NominationState.ACCEPTED)
    add_sheet(nomination, UserFactory(), criteria, ["20", "10", "15", "5", "10", "10"])  # 70
    add_sheet(nomination, UserFactory(), criteria, ["25", "15", "20", "10", "15", "15"], recused=True)  # 100
    add_sheet(nomination, UserFactory(), criteria, ["0", "0", "0", "0", "0", "0"], status=SheetStatus.DRAFT)

    (row,) = ranked_nominations(selection_round)

    assert ranked_figures(row) == ranked_figures(row).__class__(
        Decimal("70.00"), (Decimal("30.00"), Decimal("20.00"), Decimal("10.00"), Decimal("10.00")), 1)


@pytest.mark.django_db
def test_ranked_nominations_product_group_filter():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    food = Nomination.objects.create(round=selection_round, state=NominationState.ACCEPTED,
                                     product=ProductFactory(group=catalog_enums.ProductGroup.values[0]))
    Nomination.objects.create(round=selection_round, state=NominationState.ACCEPTED,
                              product=ProductFactory(group=catalog_enums.ProductGroup.values[1]))

    rows = list(ranked_nominations(selection_round, group=catalog_enums.ProductGroup.values[0]))

    assert [r.pk for r in rows] == [food.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("chain", [["group:3", "group:1"], ["group:4", "group:3", "group:2", "group:1"], []])
def test_ranked_nominations_round_tie_break_chain_equals_pure(chain):
    selection_round = build_random_round(random.Random(7), nominations=80)
    selection_round.tie_break_chain = chain
    selection_round.save(update_fields=["tie_break_chain"])

    assert database_rows(selection_round) == pure_rows(selection_round)
