"""awards 0006 moves every certificate into catalog with its id, fields, decision link and jury average."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("awards", "0005_certificate_product_index"), ("catalog", "0003_public_search"),
          ("scoring", "0004_results_settings")]
AFTER = [("awards", "0006_certificates_move_to_catalog")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Serialized rollback: the flush after a test that migrates must not re-create content types under the data the
# next live-server test restores.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_certificates_move_to_catalog_without_loss():
    old = _migrate(BEFORE)
    try:
        Province = old.get_model("catalog", "Province")
        producer = old.get_model("catalog", "Producer").objects.create(
            name="HTX Gốm", legal_form="cooperative", tax_code="0101234567", address="Thôn 1",
            province=Province.objects.get(code="01", valid_to__isnull=True), representative="An")
        product = old.get_model("catalog", "Product").objects.create(producer=producer, group="1", name="Bình gốm")
        selection_round = old.get_model("scoring", "SelectionRound").objects.create(
            level="province", title="Tỉnh 2025", year=2025, registration_opens=datetime.date(2025, 1, 1),
            registration_closes=datetime.date(2025, 2, 1), groups=["1"])
        nomination = old.get_model("scoring", "Nomination").objects.create(round=selection_round, product=product,
                                                                          state="accepted")
        decision = old.get_model("awards", "ResultsDecision").objects.create(round=selection_round, state="published")
        entry = old.get_model("awards", "DecisionEntry").objects.create(
            decision=decision, nomination=nomination, recognised=True, rank=1, average=Decimal("84.25"))
        OldCertificate = old.get_model("awards", "Certificate")
        issued = OldCertificate.objects.create(
            pk=41, product=product, number="T-01-2025-0001", level="province", issued_on=datetime.date(2025, 3, 1),
            valid_until=datetime.date(2027, 12, 31), source="issued", published_on=datetime.date(2025, 3, 2),
            entry=entry, nomination=nomination, issuer="UBND thành phố Hà Nội")
        historical = OldCertificate.objects.create(
            pk=7, product=product, number="X-01-2021-0003", level="commune", issued_on=datetime.date(2021, 5, 1),
            valid_until=datetime.date(2023, 12, 31), source="historical", published_on=datetime.date(2021, 5, 1),
            status="revoked", revoked_on=datetime.date(2022, 1, 1), revocation_reason="Vi phạm",
            revocation_decision_number="5/QĐ")

        new = _migrate(AFTER)
        Certificate = new.get_model("catalog", "Certificate")
        rows = {c.pk: c for c in Certificate.objects.all()}

        assert sorted(rows) == [historical.pk, issued.pk]
        moved = rows[issued.pk]
        assert (moved.number, moved.product_id, moved.level, moved.issued_on, moved.valid_until, moved.source,
                moved.published_on, moved.issuer, moved.average) == (
            "T-01-2025-0001", product.pk, "province", datetime.date(2025, 3, 1), datetime.date(2027, 12, 31),
            "issued", datetime.date(2025, 3, 2), "UBND thành phố Hà Nội", Decimal("84.25"))
        old_record = rows[historical.pk]
        assert (old_record.status, old_record.revoked_on, old_record.revocation_reason,
                old_record.revocation_decision_number, old_record.average) == (
            "revoked", datetime.date(2022, 1, 1), "Vi phạm", "5/QĐ", None)
        assert new.get_model("awards", "DecisionEntry").objects.get(pk=entry.pk).certificate_id == issued.pk
        # The copied ids leave the sequence past them: a new certificate gets a fresh id.
        fresh = Certificate.objects.create(product_id=product.pk, number="T-01-2026-0001", level="province",
                                           issued_on=datetime.date(2026, 3, 1),
                                           valid_until=datetime.date(2028, 12, 31))
        assert fresh.pk > issued.pk
    finally:
        _migrate(list(MigrationExecutor(connection).loader.graph.leaf_nodes()))
