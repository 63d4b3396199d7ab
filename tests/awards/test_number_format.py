"""Issue 12 on the results pages: averages with a decimal comma in Vietnamese (82,50), a dot in English."""

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from awards.services import set_decision_state
from tests.factories import DecisionEntryFactory, ProductFactory, ResultsDecisionFactory

from .conftest import attach_scan

pytestmark = pytest.mark.django_db


def _entry(decision, **fields):
    return DecisionEntryFactory(decision=decision, average=Decimal("82.50"),
                                group_averages={"1": "27.50", "2": "55.00"}, **fields)


def test_decision_pages_show_comma_decimals_and_english_dots(client, secretary):
    decision = ResultsDecisionFactory()
    _entry(decision, rank=1)
    client.force_login(secretary)
    urls = [reverse("awards:decision_detail", args=[decision.pk]),
            reverse("awards:decision_entries", args=[decision.pk])]

    vi = [client.get(url).content.decode() for url in urls]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = [client.get(url).content.decode() for url in urls]

    assert [("82,50" in html, "82.50" in html) for html in vi] == [(True, False), (True, False)]
    assert [("82.50" in html, "82,50" in html) for html in en] == [(True, False), (True, False)]
    assert ("1: 27,50 · 2: 55,00" in vi[1], "1: 27.50 · 2: 55.00" in en[1]) == (True, True)


def test_producer_results_and_certificate_list_pdf_use_a_comma(client, secretary, producer_user, producer):
    decision = attach_scan(ResultsDecisionFactory(state="approved"))
    _entry(decision, nomination__product=ProductFactory(producer=producer, name="Bình gốm men lam Bát Tràng"))
    set_decision_state(decision=decision, new_state="published", by=secretary)
    decision.refresh_from_db()
    decision.notified_on = datetime.date(2026, 3, 2)
    decision.save(update_fields=["notified_on"])

    client.force_login(producer_user)
    results = client.get(reverse("awards:my_results")).content.decode()
    client.force_login(secretary)
    pdf = client.get(reverse("awards:decision_certificates_pdf", args=[decision.pk])).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    assert ("82,50" in results, "nhóm 1: 27,50; nhóm 2: 55,00" in results, "82.50" in results) == (True, True, False)
    assert ("82,50" in text, "82.50" in text) == (True, False)
