"""Helpers for results decisions: a decision ready to publish, with recognised and excluded entries."""

import pytest
from django.core.files.base import ContentFile

from tests.factories import DecisionEntryFactory, ProducerFactory, ProductFactory, ResultsDecisionFactory


def attach_scan(decision):
    decision.signed_scan.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    return decision


@pytest.fixture
def approved_decision(producer, other_producer):
    """Approved, signed and scanned: two recognised products (one of `producer`) and one excluded."""
    decision = attach_scan(ResultsDecisionFactory(state="approved"))
    DecisionEntryFactory(decision=decision, nomination__product=ProductFactory(
        producer=producer, name="Bình gốm men lam Bát Tràng"))
    DecisionEntryFactory(decision=decision, nomination__product=ProductFactory(
        producer=ProducerFactory(name="Cơ sở Sơn mài Hạ Thái"), name="Tranh sơn mài Hạ Thái"))
    DecisionEntryFactory(decision=decision, recognised=False, exclusion_reason="Dưới ngưỡng 70 điểm",
                         nomination__product=ProductFactory(producer=other_producer, name="Giỏ mây Phú Vinh"))
    return decision
