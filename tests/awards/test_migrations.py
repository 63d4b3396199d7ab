"""awards 0007 moves the four fixed group-average columns of a decision's entries to figures keyed by criterion
group code, keeping every value, and back."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OLD, NEW = ("awards", "0006_certificates_move_to_catalog"), ("awards", "0007_entry_group_averages")


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(awards):
    """Awards at `awards`, every other app as it is now; returns the historical apps of that state."""
    targets = [node for node in latest() if node[0] != "awards"] + [awards]
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def entries_with_columns(apps, rows):
    """A draft decision of a new round with one entry per (average, group1..group4 averages)."""
    Province = apps.get_model("catalog", "Province")
    Producer = apps.get_model("catalog", "Producer")
    Product = apps.get_model("catalog", "Product")
    SelectionRound = apps.get_model("scoring", "SelectionRound")
    Nomination = apps.get_model("scoring", "Nomination")
    ResultsDecision = apps.get_model("awards", "ResultsDecision")
    DecisionEntry = apps.get_model("awards", "DecisionEntry")
    today = datetime.date.today()
    province = Province.objects.first()
    selection_round = SelectionRound.objects.create(level="province", title="Đợt cũ", year=2025, groups=["1"],
                                                    scope_province=province, registration_opens=today,
                                                    registration_closes=today)
    producer = Producer.objects.create(name="HTX cũ", legal_form="cooperative", tax_code="0109998886",
                                       address="Thôn A", province=province, representative="B", search_name="htx")
    decision = ResultsDecision.objects.create(round=selection_round)
    ids = []
    for i, (average, *groups) in enumerate(rows):
        product = Product.objects.create(producer=producer, group="1", name=f"Sản phẩm {i}")
        nomination = Nomination.objects.create(round=selection_round, product=product, state="accepted")
        entry = DecisionEntry.objects.create(
            decision=decision, nomination=nomination, recognised=True, average=average,
            **{f"group{code}_average": value for code, value in zip("1234", groups, strict=True)})
        ids.append(entry.pk)
    return ids


ROWS = [
    (Decimal("86.40"), Decimal("35.20"), Decimal("34.60"), Decimal("8.40"), Decimal("8.20")),
    (Decimal("61.00"), Decimal("25.00"), Decimal("20.00"), Decimal("0.00"), Decimal("16.00")),
    (None, None, None, None, None),
]


def test_group_average_columns_become_figures_by_code_and_back():
    try:
        old = migrate(OLD)
        first, second, unscored = entries_with_columns(old, ROWS)

        new = migrate(NEW)
        moved = dict(new.get_model("awards", "DecisionEntry").objects.values_list("pk", "group_averages"))
        back = migrate(OLD)
        restored = {e.pk: (e.average, e.group1_average, e.group2_average, e.group3_average, e.group4_average)
                    for e in back.get_model("awards", "DecisionEntry").objects.all()}

        assert moved == {
            first: {"1": "35.20", "2": "34.60", "3": "8.40", "4": "8.20"},
            second: {"1": "25.00", "2": "20.00", "3": "0.00", "4": "16.00"},
            unscored: {},
        }
        assert restored == dict(zip((first, second, unscored), ROWS, strict=True))
    finally:
        MigrationExecutor(connection).migrate(latest())
