"""The statistics' derived rows follow every door that changes what they copy: the certificate services, the
publication of a decision, product and producer edits (form services, admin, spreadsheet imports); a check names a
tampered row; an upgraded database gets them built."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from awards.apps import build_missing_statistics
from awards.models import CertificateFact, RoundResult
from awards.reports import facts, results
from awards.services import record_historical_certificate, revoke_certificate, set_decision_state
from catalog import services
from catalog.models import Certificate, Product
from catalog.resources import ProducerResource
from tests.awards.conftest import attach_scan
from tests.catalog.test_import_export import PRODUCER_HEADERS, csv_dataset, producer_row
from tests.factories import (
    CertificateFactory,
    DecisionEntryFactory,
    ProducerFactory,
    ProductFactory,
    ResultsDecisionFactory,
)

from .conftest import province

pytestmark = pytest.mark.django_db
D = datetime.date


def fact(certificate) -> CertificateFact:
    return CertificateFact.objects.get(pk=certificate.pk)


def test_a_recorded_certificate_gets_its_fact(secretary):
    product = ProductFactory(group="2", producer=ProducerFactory(province=province("cu-01"), legal_form="household"))
    certificate = record_historical_certificate(certificate=Certificate(
        product=product, number="HN-1", level="province", issued_on=D(2024, 5, 2)), by=secretary)

    row = fact(certificate)

    assert (row.product_id, row.province.code, row.legal_form, row.group, row.level, row.year, row.issued_on,
            row.valid_until, row.published_on, row.status, row.revoked_on) == (
        product.pk, "cu-01", "household", "2", "province", 2024, D(2024, 5, 2), D(2026, 12, 31), D(2024, 5, 2),
        "valid", None)


def test_revocation_reaches_the_fact(secretary):
    certificate = CertificateFactory(level="province")

    revoke_certificate(certificate=certificate, by=secretary, revoked_on=D(2025, 10, 1), reason="Vi phạm",
                       decision_number="9/QĐ")

    assert (fact(certificate).status, fact(certificate).revoked_on) == ("revoked", D(2025, 10, 1))
    assert CertificateFact.objects.revoked(D(2025, 10, 1)).count() == 1


def test_product_and_producer_edits_reach_the_facts():
    certificate = CertificateFactory()
    product = certificate.product
    product.group = "3"
    services.save_product(product=product)
    producer = product.producer
    producer.province, producer.legal_form = province("79"), "sme"
    services.save_producer(producer=producer)

    assert (fact(certificate).group, fact(certificate).province.code, fact(certificate).legal_form) == (
        "3", "79", "sme")
    assert facts.verify() == []


def test_a_producer_import_that_moves_a_producer_reaches_the_facts():
    producer = ProducerFactory(tax_code="2400123456", province=province("01"))
    certificate = CertificateFactory(product=ProductFactory(producer=producer))

    result = ProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, [producer_row()]), dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert fact(certificate).province.code == "24"  # "Bac Giang" in the file is today's Bắc Ninh


def test_admin_edit_of_a_product_reaches_the_facts(client, admin_user):
    certificate = CertificateFactory()
    product = Product.objects.get(pk=certificate.product_id)
    client.force_login(admin_user)
    url = reverse("admin:catalog_product_change", args=[product.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"group": "4", "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0",
                 "photos-MAX_NUM_FORMS": "1000", "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0",
                 "documents-MIN_NUM_FORMS": "0", "documents-MAX_NUM_FORMS": "1000"})
    data = {key: value for key, value in data.items() if value is not None}

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert fact(certificate).group == "4"


def test_publishing_a_decision_records_its_figures(secretary):
    decision = attach_scan(ResultsDecisionFactory(state="approved"))
    for recognised, average in [(True, Decimal("82.10")), (True, Decimal("70.00")), (False, Decimal("69.99")),
                                (False, None)]:
        DecisionEntryFactory(decision=decision, recognised=recognised, average=average,
                             exclusion_reason="" if recognised else "Dưới ngưỡng")

    set_decision_state(decision=decision, new_state="published", by=secretary)

    result = RoundResult.objects.get(pk=decision.pk)
    assert (result.entries, result.scored, result.eligible, result.recognised, result.level, result.year) == (
        4, 3, 2, 2, "province", 2026)
    assert [(index, n) for index, n in enumerate(result.bins) if n] == [(13, 1), (14, 1), (16, 1)]
    # The certificates it issued have their facts.
    assert CertificateFact.objects.filter(certificate__entry__decision=decision).count() == 2


def test_an_unpublished_decision_has_no_figures(secretary):
    decision = attach_scan(ResultsDecisionFactory(state="draft"))
    DecisionEntryFactory(decision=decision)

    set_decision_state(decision=decision, new_state="approved", by=secretary)

    assert not RoundResult.objects.exists()


def test_check_names_tampered_rows_and_rebuild_repairs_them(capsys):
    certificate = CertificateFactory(level="province")
    decision = ResultsDecisionFactory(state="published")
    DecisionEntryFactory(decision=decision, average=Decimal("80"))
    results.record(decision=decision)
    call_command("statistics", "--check")
    CertificateFact.objects.filter(pk=certificate.pk).update(level="national")
    RoundResult.objects.filter(pk=decision.pk).update(recognised=5)

    with pytest.raises(CommandError, match="2 differences"):
        call_command("statistics", "--check")
    out = capsys.readouterr().out
    assert f"certificate {certificate.pk}: level is 'national', should be 'province'" in out
    assert f"decision {decision.pk}: recognised is 5, should be 1" in out

    call_command("statistics", "--rebuild")
    call_command("statistics", "--check")


def test_an_upgraded_database_gets_its_statistics_built():
    certificate = CertificateFactory()
    decision = ResultsDecisionFactory(state="published")
    DecisionEntryFactory(decision=decision, average=Decimal("80"))
    CertificateFact.objects.all().delete()

    assert facts.verify() == [f"certificate {certificate.pk}: no statistics fact"]
    assert results.verify() == [f"decision {decision.pk}: published but no recorded figures"]
    build_missing_statistics()

    assert facts.verify() == [] and results.verify() == []
