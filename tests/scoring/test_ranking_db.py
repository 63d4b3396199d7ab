"""The database path (stored figures, scoring.ranking_queries) agrees exactly with the pure functions over every
raw score (tests/scoring/reference.py), on random rounds, on SQLite and PostgreSQL."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import enums as catalog_enums
from scoring import ranking_queries
from scoring.aggregation import zscore_average
from scoring.enums import JuryRole, NominationState, SheetStatus
from scoring.figures import decode_flags, decode_group_averages, refresh_round_figures, sheet_totals
from scoring.models import JuryMember, Nomination, NominationFigures, Recusal, Score, ScoreSheet
from scoring.ranking_queries import member_totals, ranked_row, ranking
from scoring.results import round_ranking
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

from . import reference


def build_random_round(rng: random.Random, *, nominations: int, members: int = 5, two_juries: bool = False,
                       **round_fields):
    """A closed round with `nominations` accepted nominations scored by `members` members on 6 criteria.

    Some sheets are missing, some drafts, some of recused members; one nomination in ten copies an earlier one
    exactly (a full tie) and one in ten copies it with half a point moved from group 1 to group 2 (same average,
    tie broken by group 1). Points go by 0.01 on some criteria so that averages land on .005. With `two_juries`
    products are spread over groups 1 and 2, judged by two juries sharing one member. Sheets are written in
    bulk, as the judging services leave them (totals and group totals), then the figures are refreshed.
    """
    criteria = make_rubric()
    group_of = {c.code: c.group.code for c in criteria}
    selection_round = scoring_round_with(criteria, **round_fields)
    users = [UserFactory(role=catalog_enums.Role.JURY) for _ in range(members)]
    if two_juries:
        first = JuryFactory(round=selection_round, name="Ban thủ công", groups=["1"])
        second = JuryFactory(round=selection_round, name="Ban thực phẩm", groups=["2"])
        half = members // 2 + 1
        for user in users[:half]:
            JuryMemberFactory(jury=first, user=user)
        for user in users[half - 1:]:
            JuryMemberFactory(jury=second, user=user)
    else:
        jury = JuryFactory(round=selection_round)
        for user in users:
            JuryMemberFactory(jury=jury, user=user)
    producer = ProducerFactory()
    products = [ProductFactory.build(producer=producer, name=f"Sản phẩm {i}",
                                     group=str(1 + i % 2) if two_juries else "1") for i in range(nominations)]
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
            total, groups = sheet_totals({c.code: v for c, v in zip(criteria, values, strict=True)}, group_of)
            sheet = ScoreSheet(nomination=nomination, member=user, status=status, total=total, group_totals=groups)
            sheets.append((sheet, values))
            if recused:
                recusals.append(Recusal(nomination=nomination, user=user, reason="Xung đột lợi ích."))
    ScoreSheet.objects.bulk_create([s for s, _v in sheets])
    for sheet, values in sheets:
        scores += [Score(sheet=sheet, criterion=c, value=v) for c, v in zip(criteria, values, strict=True)]
    Score.objects.bulk_create(scores)
    Recusal.objects.bulk_create(recusals)
    refresh_round_figures(round=selection_round)
    return selection_round


def database_ranking(selection_round, group=None):
    return [ranked_row(n, selection_round) for n in ranking(selection_round, group=group)]


@pytest.mark.django_db
@pytest.mark.parametrize("quota", [None, 10, 57])
def test_ranking_random_round_equals_pure_rank(quota):
    selection_round = build_random_round(random.Random(7), nominations=300, quota=quota)

    expected = reference.ranking(selection_round)
    actual = database_ranking(selection_round)

    assert actual == expected
    # The data really exercise what the test claims: full ties, unscored rows, recusals, drafts, quota ties.
    keys = [row.tie_break_key for row in expected if row.tie_break_key]
    assert len(keys) - len(set(keys)) >= 10
    assert Recusal.objects.filter(nomination__round=selection_round).count() >= 20
    assert ScoreSheet.objects.filter(nomination__round=selection_round, status=SheetStatus.DRAFT).count() >= 20
    if quota:
        assert sum(row.within_quota for row in expected) <= quota
        assert any(row.passes and not row.within_quota for row in expected)


@pytest.mark.django_db
def test_ranking_quota_tie_across_the_last_place_equals_pure():
    selection_round = build_random_round(random.Random(7), nominations=300)
    tied_ranks = [row.rank for row in reference.ranking(selection_round) if row.council_decision_needed and row.passes]
    selection_round.quota = tied_ranks[0]  # the first tie group of two or more straddles the quota
    selection_round.save(update_fields=["quota"])

    expected = reference.ranking(selection_round)

    assert database_ranking(selection_round) == expected
    assert any(row.quota_tie for row in expected)


@pytest.mark.django_db
def test_stored_figures_random_round_equal_pure_results():
    selection_round = build_random_round(random.Random(11), nominations=150)
    stored = {f.nomination_id: f for f in NominationFigures.objects.filter(nomination__round=selection_round)}

    for result in reference.results(selection_round):
        figures = stored[result.nomination_id]
        assert (result.nomination_id, figures.average, figures.mean, figures.median, figures.trimmed_mean,
                figures.spread, figures.range, figures.sheet_count, decode_group_averages(figures.group_averages),
                decode_flags(figures.flags)) == (
            result.nomination_id, result.average, result.mean, result.median, result.trimmed_mean, result.spread,
            result.range, result.sheet_count, result.group_averages, result.flags)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["median", "trimmed_mean"])
def test_ranking_other_methods_equal_pure(method):
    selection_round = build_random_round(random.Random(5), nominations=120, method=method, members=7)

    assert database_ranking(selection_round) == reference.ranking(selection_round)


@pytest.mark.django_db
@pytest.mark.parametrize("chain", [["group:3", "group:1"], ["group:4", "group:3", "group:2", "group:1"], []])
def test_ranking_round_tie_break_chain_equals_pure(chain):
    selection_round = build_random_round(random.Random(7), nominations=80)
    selection_round.tie_break_chain = chain
    selection_round.save(update_fields=["tie_break_chain"])
    refresh_round_figures(round=selection_round)

    assert database_ranking(selection_round) == reference.ranking(selection_round)


@pytest.mark.django_db
def test_ranking_pages_keep_the_ranks_of_the_whole_list():
    selection_round = build_random_round(random.Random(7), nominations=120)
    expected = reference.ranking(selection_round)

    pages = [database_ranking_page(selection_round, number) for number in (1, 2, 3)]

    assert pages == [expected[0:50], expected[50:100], expected[100:120]]


def database_ranking_page(selection_round, number):
    page, rows = round_ranking(selection_round).page(number)
    return [row.ranked for row in rows]


@pytest.mark.django_db
def test_ranking_of_one_product_group_equals_pure():
    selection_round = build_random_round(random.Random(3), nominations=160, two_juries=True)

    assert database_ranking(selection_round, group="2") == reference.ranking(selection_round, group="2")
    assert len(database_ranking(selection_round, group="2")) == 80


@pytest.mark.django_db
@pytest.mark.parametrize("bias_threshold", [Decimal("0.5"), Decimal("5")])
def test_judge_deviations_and_zscores_random_round_equal_pure(bias_threshold):
    selection_round = build_random_round(random.Random(13), nominations=200, members=7, bias_threshold=bias_threshold)
    judges = ranking_queries.judge_figures(selection_round)
    totals = member_totals(reference.accepted_ids(selection_round))

    zscores = {pk: zscore_average(pairs, judges.zscales) for pk, pairs in totals.items()}

    assert judges.deviations == reference.deviations(selection_round)
    assert zscores == reference.zscores(selection_round)
    # Random sheets have no harsh judge: only the low threshold flags someone (the positive control).
    assert any(d.flagged for d in judges.deviations.values()) == (bias_threshold < 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("seed", "members"), [(17, 5), (19, 3), (23, 8)])
def test_jury_agreement_random_round_equals_pure(seed, members):
    selection_round = build_random_round(random.Random(seed), nominations=160, members=members, two_juries=True)

    expected = reference.agreements(selection_round)
    actual = []
    for jury in selection_round.juries.order_by("name", "pk"):
        scoring = JuryMember.objects.filter(jury=jury, role=JuryRole.MEMBER).values_list("user_id", flat=True)
        figures = ranking_queries.jury_agreement(jury, list(scoring))
        actual.append((jury.name, figures.kendalls_w, figures.icc, figures.nominations))

    assert actual == expected
    assert all(w is not None and icc is not None and n >= 2 for _name, w, icc, n in expected)


@pytest.mark.django_db
def test_average_bins_equal_the_averages_counted_in_python():
    from scoring.charts import bin_counts

    selection_round = build_random_round(random.Random(7), nominations=200)
    averages = [row.average for row in reference.ranking(selection_round) if row.average is not None]

    assert ranking_queries.average_bins(selection_round) == bin_counts(averages)


@pytest.mark.django_db
def test_ranking_one_query():
    selection_round = build_random_round(random.Random(7), nominations=30)

    with CaptureQueriesContext(connection) as queries:
        rows = list(ranking(selection_round))

    assert (len(rows), len(queries)) == (30, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("values", "average", "passes"), [
    ((["25", "15", "20", "10", "0", "0"], ["25", "15", "20", "10", "0", "0"]), Decimal("70.00"), True),
    # Two sheets; the mean 69.995 is DISPLAYED 70.00 (half cent rounds up) but does not reach the threshold.
    ((["25", "15", "20", "10", "0", "0"], ["25", "15", "20", "0", "0", "9.99"]), Decimal("70.00"), False),
    ((["25", "15", "20", "10", "0", "0"], ["25", "15", "20", "0", "0", "9.98"]), Decimal("69.99"), False),
    ((["25", "15", "20", "10", "0", "0"], ["25", "15", "20", "0", "0", "9.97"]), Decimal("69.99"), False),
])
def test_ranking_threshold_boundary(values, average, passes):
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    nomination = Nomination.objects.create(round=selection_round, product=ProductFactory(),
                                           state=NominationState.ACCEPTED)
    for sheet_values in values:
        add_sheet(nomination, UserFactory(role=catalog_enums.Role.JURY), criteria, sheet_values)

    (row,) = database_ranking(selection_round)
    (pure,) = reference.ranking(selection_round)

    assert (row.average, row.passes) == (average, passes)
    assert (pure.average, pure.passes) == (average, passes)
    assert row.exact_average == pure.exact_average == sum(
        (Decimal(v) for sheet in values for v in sheet), Decimal(0)) / 2


@pytest.mark.django_db
def test_ranking_recused_and_draft_sheets_not_counted():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    nomination = Nomination.objects.create(round=selection_round, product=ProductFactory(),
                                           state=NominationState.ACCEPTED)
    add_sheet(nomination, UserFactory(), criteria, ["20", "10", "15", "5", "10", "10"])  # 70
    add_sheet(nomination, UserFactory(), criteria, ["25", "15", "20", "10", "15", "15"], recused=True)  # 100
    add_sheet(nomination, UserFactory(), criteria, ["0", "0", "0", "0", "0", "0"], status=SheetStatus.DRAFT)

    (row,) = database_ranking(selection_round)
    figures = NominationFigures.objects.get(nomination=nomination)

    assert (row.average, row.tie_break_key, figures.sheet_count, figures.total_sum) == (
        Decimal("70.00"), (Decimal("70.00"), Decimal("30.00"), Decimal("20.00"), Decimal("10.00"), Decimal("10.00")),
        1, Decimal("70.00"))


@pytest.mark.django_db
def test_ranking_lists_unscored_and_leaves_out_other_states_and_rounds():
    criteria = make_rubric()
    selection_round = scoring_round_with(criteria)
    scored = Nomination.objects.create(round=selection_round, product=ProductFactory(), state=NominationState.ACCEPTED)
    add_sheet(scored, UserFactory(), criteria, ["20", "10", "15", "5", "10", "10"])
    unscored = Nomination.objects.create(round=selection_round, product=ProductFactory(),
                                         state=NominationState.ACCEPTED)
    withdrawn = Nomination.objects.create(round=selection_round, product=ProductFactory(),
                                          state=NominationState.WITHDRAWN)
    add_sheet(withdrawn, UserFactory(), criteria, ["25", "15", "20", "10", "15", "15"])
    Nomination.objects.create(round=scoring_round_with(criteria), product=ProductFactory(),
                              state=NominationState.ACCEPTED)

    rows = database_ranking(selection_round)

    assert [(r.nomination_id, r.rank, r.passes) for r in rows] == [(scored.pk, 1, True), (unscored.pk, None, False)]
    assert rows == reference.ranking(selection_round)
