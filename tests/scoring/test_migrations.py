"""Data migrations keep every row: scoring 0006 gives existing sheets their group totals and existing nominations
their counted figures, equal to the pure functions over their scores."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from scoring.figures import decode_flags, decode_group_averages
from scoring.models import NominationFigures, ScoreSheet

from . import reference

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

def before():
    """Scoring just before 0006, every other app as it is now."""
    others = [node for node in latest() if node[0] != "scoring"]
    return [*others, ("scoring", "0005_round_certificate_valid_years")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_round(apps, *, sheets):
    """A closed round on the official rubric with one nomination per entry of `sheets`: a list, per nomination,
    of (status, recused, {criterion code: value}) per member."""
    Province = apps.get_model("catalog", "Province")
    Producer = apps.get_model("catalog", "Producer")
    Product = apps.get_model("catalog", "Product")
    User = apps.get_model("catalog", "User")
    Rubric = apps.get_model("scoring", "Rubric")
    Criterion = apps.get_model("scoring", "Criterion")
    SelectionRound = apps.get_model("scoring", "SelectionRound")
    Nomination = apps.get_model("scoring", "Nomination")
    ScoreSheetOld = apps.get_model("scoring", "ScoreSheet")
    Score = apps.get_model("scoring", "Score")
    Recusal = apps.get_model("scoring", "Recusal")
    rubric = Rubric.objects.get(version="1", name__startswith="Phụ lục 4")
    criteria = {c.code: c for c in Criterion.objects.filter(group__rubric=rubric)}
    today = datetime.date.today()
    selection_round = SelectionRound.objects.create(
        level="province", title="Đợt cũ", year=2025, scope_province=Province.objects.first(), groups=["1"],
        registration_opens=today, registration_closes=today, rubric=rubric, state="scoring_closed",
        min_sheets=3, outlier_distance=Decimal("10"))
    producer = Producer.objects.create(name="HTX cũ", legal_form="cooperative", tax_code="0109998887",
                                       address="Thôn A", province=Province.objects.first(), representative="B",
                                       search_name="htx cu")
    members = [User.objects.create(email=f"cu-{i}@example.vn", role="jury") for i in range(3)]
    nominations = []
    for i, plan in enumerate(sheets):
        product = Product.objects.create(producer=producer, group="1", name=f"Sản phẩm cũ {i}")
        nomination = Nomination.objects.create(round=selection_round, product=product, state="accepted")
        nominations.append(nomination.pk)
        for member, (status, recused, values) in zip(members, plan, strict=False):
            sheet = ScoreSheetOld.objects.create(nomination=nomination, member=member, status=status,
                                                 total=sum(Decimal(v) for v in values.values()))
            Score.objects.bulk_create(Score(sheet=sheet, criterion=criteria[code], value=Decimal(value))
                                      for code, value in values.items())
            if recused:
                Recusal.objects.create(nomination=nomination, user=member, reason="Quen biết")
    return selection_round.pk, nominations


FULL = {"1.1": "18", "1.2": "17.5", "2.1": "8", "2.2": "12", "2.3": "9", "2.4": "4", "3": "8.5", "4": "7"}
LOW = {**FULL, "1.1": "5", "2.2": "3.25"}


def test_stored_figures_migration_fills_every_sheet_and_nomination():
    try:
        old = migrate(before())
        round_pk, (full, mixed, drafts) = old_round(old, sheets=[
            [("submitted", False, FULL), ("submitted", False, LOW), ("submitted", False, FULL)],
            [("submitted", False, FULL), ("submitted", True, LOW), ("draft", False, {"1.1": "20"})],
            [("draft", False, {"1.1": "20", "3": "9"})],
        ])
        migrate(latest())

        from scoring.models import SelectionRound

        selection_round = SelectionRound.objects.get(pk=round_pk)
        stored = {f.nomination_id: f for f in NominationFigures.objects.filter(nomination__round_id=round_pk)}
        pure = {r.nomination_id: r for r in reference.results(selection_round)}

        assert ScoreSheet.objects.filter(nomination__round_id=round_pk).count() == 7
        assert dict(ScoreSheet.objects.filter(nomination_id=drafts).values_list("total", "group_totals")) == {
            Decimal("29.00"): {"1": "20.00", "3": "9.00"}}
        assert set(stored) == {full, mixed, drafts}
        for pk, result in pure.items():
            figures = stored[pk]
            assert (figures.average, figures.spread, figures.sheet_count, decode_group_averages(figures.group_averages),
                    decode_flags(figures.flags)) == (result.average, result.spread, result.sheet_count,
                                                     result.group_averages, result.flags)
        assert (stored[full].average, stored[mixed].sheet_count, stored[drafts].average) == (
            Decimal("76.75"), 1, None)
        assert [f.code for f in decode_flags(stored[full].flags)] == ["outlier_sheet"]
    finally:
        migrate(latest())
