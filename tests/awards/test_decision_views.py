"""Secretariat pages for decisions and revocation; producer results page. Scope, 4xx on bad input, query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import ResultsDecision
from awards.services import set_decision_state
from catalog import enums as catalog_enums
from catalog.models import Certificate
from tests.factories import (
    DecisionEntryFactory,
    JuryMemberFactory,
    NominationFactory,
    ProvinceFactory,
    ResultsDecisionFactory,
    SelectionRoundFactory,
    UserFactory,
    add_sheet,
    make_rubric,
)

from .conftest import attach_scan

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def other_secretary():
    return UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                       scope_province=ProvinceFactory(code="79", name="TP Hồ Chí Minh"))


def test_create_decision_with_scan(client, secretary):
    selection_round = SelectionRoundFactory(level="province", commune="", state="scoring_closed")
    client.force_login(secretary)

    response = client.post(reverse("awards:decision_create", args=[selection_round.pk]), {
        "number": "123/QĐ-UBND", "decided_on": "2026-03-02", "signer_name": "Nguyễn Văn Hùng",
        "signer_title": "Chủ tịch UBND thành phố Hà Nội",
        "signed_scan": SimpleUploadedFile("qd.pdf", b"%PDF-1.4", content_type="application/pdf")})

    decision = ResultsDecision.objects.get()
    assert response["Location"] == reverse("awards:decision_detail", args=[decision.pk])
    assert (decision.number, decision.created_by, bool(decision.signed_scan)) == ("123/QĐ-UBND", secretary, True)
    assert client.get(reverse("awards:decision_scan", args=[decision.pk])).status_code == 200


def test_create_decision_rejects_exe_scan(client, secretary):
    selection_round = SelectionRoundFactory(level="province", commune="")
    client.force_login(secretary)

    response = client.post(reverse("awards:decision_create", args=[selection_round.pk]), {
        "signed_scan": SimpleUploadedFile("qd.exe", b"MZ", content_type="application/octet-stream")})

    assert (response.status_code, ResultsDecision.objects.count()) == (400, 0)


def test_second_decision_for_round_refused(client, secretary):
    decision = ResultsDecisionFactory()
    client.force_login(secretary)

    response = client.post(reverse("awards:decision_create", args=[decision.round.pk]), {"number": "2/QĐ"})

    assert (response.status_code, ResultsDecision.objects.count()) == (400, 1)


def test_other_province_cannot_create_or_see_decision(client, other_secretary):
    decision = ResultsDecisionFactory()
    client.force_login(other_secretary)

    assert client.get(reverse("awards:decision_create", args=[decision.round.pk])).status_code == 404
    assert client.get(reverse("awards:decision_detail", args=[decision.pk])).status_code == 404
    assert client.post(reverse("awards:decision_state", args=[decision.pk]),
                       {"new_state": "approved"}).status_code == 404
    assert decision.round.title not in client.get(reverse("awards:decision_list")).content.decode()


def test_producer_cannot_reach_secretariat_pages(client, producer_user):
    decision = ResultsDecisionFactory()
    client.force_login(producer_user)

    assert client.get(reverse("awards:decision_detail", args=[decision.pk])).status_code == 404


def test_entries_page_saves_list(client, secretary):
    decision = ResultsDecisionFactory()
    chosen, other = (NominationFactory(round=decision.round, state="accepted") for _ in range(2))
    client.force_login(secretary)

    response = client.post(reverse("awards:decision_entries", args=[decision.pk]), {
        "recognised": [chosen.pk], "exclusion_reason": "Hội đồng không đề nghị"})

    assert response.status_code == 302
    assert sorted(decision.entries.values_list("nomination", "recognised")) == sorted(
        [(chosen.pk, True), (other.pk, False)])


def test_entries_page_without_reason_is_400(client, secretary):
    decision = ResultsDecisionFactory()
    chosen, other = (NominationFactory(round=decision.round, state="accepted") for _ in range(2))
    client.force_login(secretary)

    response = client.post(reverse("awards:decision_entries", args=[decision.pk]), {"recognised": [chosen.pk]})

    assert (response.status_code, decision.entries.count()) == (400, 0)


def test_state_page_publishes(client, secretary, approved_decision):
    client.force_login(secretary)

    client.post(reverse("awards:decision_state", args=[approved_decision.pk]), {"new_state": "published"})

    approved_decision.refresh_from_db()
    assert (approved_decision.state, Certificate.objects.public().count()) == ("published", 2)


def test_state_page_refused_move_stores_nothing(client, secretary):
    decision = ResultsDecisionFactory()
    client.force_login(secretary)

    response = client.post(reverse("awards:decision_state", args=[decision.pk]), {"new_state": "published"},
                           follow=True)

    decision.refresh_from_db()
    assert decision.state == "draft"
    assert "Không thể chuyển quyết định" in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_decision_list_query_count(client, secretary, django_assert_num_queries, n):
    for _ in range(n):
        ResultsDecisionFactory()
    client.force_login(secretary)

    with django_assert_num_queries(4):  # session, user, decisions, rounds waiting for one
        client.get(reverse("awards:decision_list"))


@pytest.mark.parametrize("n", [1, 3])
def test_decision_detail_query_count(client, secretary, django_assert_num_queries, n):
    decision = ResultsDecisionFactory()
    for _ in range(n):
        DecisionEntryFactory(decision=decision)
    client.force_login(secretary)

    with django_assert_num_queries(5):  # session, user, decision, entries, events
        client.get(reverse("awards:decision_detail", args=[decision.pk]))


@pytest.fixture
def published(secretary, approved_decision):
    return set_decision_state(decision=approved_decision, new_state="published", by=secretary)


def test_revoke_page(client, secretary, published):
    certificate = Certificate.objects.order_by("number").first()
    client.force_login(secretary)

    response = client.post(reverse("awards:certificate_revoke", args=[certificate.pk]), {
        "decision_number": "55/QĐ-UBND", "revoked_on": "2026-05-04", "reason": "Vi phạm quy định nhãn"})

    certificate.refresh_from_db()
    assert response.status_code == 302
    assert (certificate.status, certificate.revoked_on, certificate.revocation_decision_number) == (
        "revoked", D(2026, 5, 4), "55/QĐ-UBND")
    verify = client.get(reverse("awards:verify", args=[certificate.number])).content.decode()
    assert "Đã thu hồi từ ngày 04/05/2026" in verify


def test_revoke_page_without_decision_number_is_400(client, secretary, published):
    certificate = Certificate.objects.first()
    client.force_login(secretary)

    response = client.post(reverse("awards:certificate_revoke", args=[certificate.pk]), {
        "revoked_on": "2026-05-04", "reason": "Vi phạm"})

    certificate.refresh_from_db()
    assert (response.status_code, certificate.status) == (400, "valid")


def test_revoke_page_other_province_404(client, other_secretary, published):
    client.force_login(other_secretary)

    assert client.get(reverse("awards:certificate_revoke", args=[Certificate.objects.first().pk])).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_my_results_query_count(client, producer_user, producer, django_assert_num_queries, n):
    decision = ResultsDecisionFactory(state="published", notified_on=D(2026, 3, 2))
    for _ in range(n):
        DecisionEntryFactory(decision=decision, nomination__product__producer=producer)
    client.force_login(producer_user)

    with django_assert_num_queries(4):  # session, user, entries with certificates, complaints
        response = client.get(reverse("awards:my_results"))

    assert response.content.decode().count('/khieu-nai/">') == n


@pytest.mark.parametrize("n", [1, 3])
def test_certificate_list_query_count(client, secretary, django_assert_num_queries, n):
    decision = ResultsDecisionFactory(state="approved")
    for _ in range(n):
        DecisionEntryFactory(decision=decision)
    set_decision_state(decision=attach_scan(decision), new_state="published", by=secretary)
    client.force_login(secretary)

    # session, user, the scope's provinces and their merged units, certificates with products and producers
    with django_assert_num_queries(5):
        client.get(reverse("awards:certificate_list"))


def test_entries_page_first_proposal_follows_the_ranking(client, secretary):
    criteria = make_rubric()
    decision = ResultsDecisionFactory(round__rubric=criteria[0].group.rubric)
    member = JuryMemberFactory(jury__round=decision.round).user
    passing = NominationFactory(round=decision.round, state="accepted")
    failing = NominationFactory(round=decision.round, state="accepted")
    add_sheet(passing, member, criteria, ["20", "10", "15", "10", "8", "7"])  # 70.00: passes
    add_sheet(failing, member, criteria, ["20", "10", "15", "10", "8", "6.99"])  # 69.99: does not
    client.force_login(secretary)

    response = client.get(reverse("awards:decision_entries", args=[decision.pk]))

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["recognised"] == [passing.pk]
    labels = dict(form.fields["recognised"].choices)
    assert str(labels[passing.pk]).startswith("#1 · 70,00 · ")
    assert str(labels[failing.pk]).startswith("#2 · 69,99 · ")
