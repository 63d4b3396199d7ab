"""Secretariat endpoints: rounds and their state moves, nominations accept/return/reject, juries and members,
progress, certificates. Only the rounds of the account's scope; another province's are 404."""

import pytest

from catalog import enums
from scoring.enums import NominationState, RoundState
from scoring.models import Jury, JuryMember, Nomination, SelectionRound
from tests.api.conftest import client_for
from tests.factories import (
    CertificateFactory,
    NominationFactory,
    ProducerFactory,
    ProductFactory,
    ProvinceFactory,
    SelectionRoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(db):
    """A round of Thành phố Hồ Chí Minh: outside the Hà Nội secretariat's scope."""
    return SelectionRoundFactory(title="Đợt của TP. Hồ Chí Minh", scope_province=ProvinceFactory(code="79"))


@pytest.fixture
def submitted(commune_round, product):
    return NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)


def test_rounds_in_scope_only(secretary, commune_round, elsewhere):
    client = client_for(secretary)
    assert [r["id"] for r in client.get("/api/v1/secretariat/rounds/").json()["results"]] == [commune_round.pk]
    assert client.get(f"/api/v1/secretariat/rounds/{elsewhere.pk}/").status_code == 404
    moved = client.post(f"/api/v1/secretariat/rounds/{elsewhere.pk}/state/", {"new_state": "registration_closed"},
                        format="json")
    assert moved.status_code == 404
    assert SelectionRound.objects.get(pk=elsewhere.pk).state == RoundState.REGISTRATION_OPEN


def test_round_state_move_and_refused_move(secretary, commune_round):
    client = client_for(secretary)
    wrong = client.post(f"/api/v1/secretariat/rounds/{commune_round.pk}/state/", {"new_state": "archived"},
                        format="json")
    assert wrong.status_code == 400
    assert wrong.json() == {"non_field_errors": [
        "Không thể chuyển đợt bình chọn từ “Đang nhận hồ sơ” sang “Lưu trữ”."]}
    unknown = client.post(f"/api/v1/secretariat/rounds/{commune_round.pk}/state/", {"new_state": "x"},
                          format="json")
    assert unknown.status_code == 400
    assert list(unknown.json()) == ["new_state"]
    response = client.post(f"/api/v1/secretariat/rounds/{commune_round.pk}/state/",
                           {"new_state": "registration_closed", "reason": "Hết hạn."}, format="json")
    assert response.status_code == 200
    assert SelectionRound.objects.get(pk=commune_round.pk).state == RoundState.REGISTRATION_CLOSED


def test_other_roles_get_nothing(producer_user, judge, commune_round, submitted):
    for user in (producer_user, judge):
        client = client_for(user)
        assert client.get("/api/v1/secretariat/rounds/").json()["count"] == 0
        assert client.get("/api/v1/secretariat/nominations/").json()["count"] == 0
        assert client.get(f"/api/v1/secretariat/nominations/{submitted.pk}/").status_code == 404
        assert client.post(f"/api/v1/secretariat/nominations/{submitted.pk}/decide/", {"decision": "accepted"},
                           format="json").status_code == 404
        assert client.post(f"/api/v1/secretariat/rounds/{commune_round.pk}/state/",
                           {"new_state": "registration_closed"}, format="json").status_code == 404
    assert Nomination.objects.get(pk=submitted.pk).state == NominationState.SUBMITTED
    assert SelectionRound.objects.get(pk=commune_round.pk).state == RoundState.REGISTRATION_OPEN


def test_accept_return_reject(secretary, submitted, commune_round, other_producer):
    client = client_for(secretary)
    no_reason = client.post(f"/api/v1/secretariat/nominations/{submitted.pk}/decide/", {"decision": "returned"},
                            format="json")
    assert no_reason.status_code == 400
    assert no_reason.json() == {"non_field_errors": ["Hãy ghi lý do để cơ sở biết cần làm gì."]}
    returned = client.post(f"/api/v1/secretariat/nominations/{submitted.pk}/decide/",
                           {"decision": "returned", "reason": "Thiếu ảnh mặt bên."}, format="json")
    assert returned.json()["state"] == NominationState.RETURNED
    rejected = NominationFactory(round=commune_round, product=ProductFactory(producer=other_producer),
                                 state=NominationState.SUBMITTED)
    response = client.post(f"/api/v1/secretariat/nominations/{rejected.pk}/decide/",
                           {"decision": "rejected", "reason": "Không thuộc nhóm."}, format="json")
    assert response.json()["state"] == NominationState.REJECTED


def test_accept_freezes_through_the_service(secretary, submitted):
    response = client_for(secretary).post(f"/api/v1/secretariat/nominations/{submitted.pk}/decide/",
                                          {"decision": "accepted"}, format="json")
    assert response.status_code == 200, response.json()
    nomination = Nomination.objects.get(pk=submitted.pk)
    assert nomination.state == NominationState.ACCEPTED
    assert nomination.is_frozen


def test_nomination_of_another_province_is_404(secretary, elsewhere):
    theirs = NominationFactory(round=elsewhere, product=ProductFactory(
        producer=ProducerFactory(province=ProvinceFactory(code="79"))), state=NominationState.SUBMITTED)
    client = client_for(secretary)
    assert client.get(f"/api/v1/secretariat/nominations/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/secretariat/nominations/{theirs.pk}/decide/", {"decision": "accepted"},
                       format="json").status_code == 404
    assert Nomination.objects.get(pk=theirs.pk).state == NominationState.SUBMITTED


def test_juries_and_members(secretary, scoring_round, elsewhere):
    client = client_for(secretary)
    judge = UserFactory(email="gk-moi@example.vn", role=enums.Role.JURY)
    created = client.post("/api/v1/secretariat/juries/", {"round": scoring_round.pk, "name": "Ban A",
                                                          "groups": ["1", "2"]}, format="json")
    assert created.status_code == 201, created.json()
    jury = Jury.objects.get(pk=created.json()["id"])
    taken = client.post("/api/v1/secretariat/juries/", {"round": scoring_round.pk, "name": "Ban B",
                                                        "groups": ["2"]}, format="json")
    assert taken.status_code == 400
    assert taken.json() == {"non_field_errors": ["Nhóm 2 đã có ban giám khảo khác chấm."]}
    added = client.post(f"/api/v1/secretariat/juries/{jury.pk}/members/", {"email": "GK-MOI@example.vn"},
                        format="json")
    assert added.status_code == 201
    assert [m["email"] for m in added.json()["members"]] == [judge.email]
    not_jury = client.post(f"/api/v1/secretariat/juries/{jury.pk}/members/", {"email": secretary.email},
                           format="json")
    assert not_jury.status_code == 400
    assert JuryMember.objects.filter(jury=jury).count() == 1
    outside = client.post("/api/v1/secretariat/juries/", {"round": elsewhere.pk, "name": "Ban C", "groups": ["1"]},
                          format="json")
    assert outside.status_code == 404
    assert not Jury.objects.filter(round=elsewhere).exists()


def test_progress(secretary, jury, accepted, judge):
    response = client_for(secretary).get(f"/api/v1/secretariat/rounds/{accepted.round_id}/progress/")
    assert response.status_code == 200
    body = response.json()
    assert sorted((m["user"], m["expected"], m["submitted"]) for m in body["members"]) == sorted(
        [(judge.pk, 1, 0), (jury.members.get(role="member").user_id, 1, 0)])
    assert body["nominations"] == [{"nomination": accepted.pk, "product_name": accepted.product.name,
                                    "expected": 2, "submitted": 0}]


def test_certificates_in_scope_only(secretary, producer):
    mine = CertificateFactory(product=ProductFactory(producer=producer))
    CertificateFactory(product=ProductFactory(producer=ProducerFactory(province=ProvinceFactory(code="79"))))
    rows = client_for(secretary).get("/api/v1/secretariat/certificates/").json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]


def test_secretariat_lists_do_not_grow_with_rows(secretary, commune_round, django_assert_max_num_queries):
    for _index in range(3):
        NominationFactory(round=commune_round, state=NominationState.SUBMITTED)
    client = client_for(secretary)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/secretariat/nominations/").json()["count"] == 3
