"""Jury endpoints: assigned nominations with the frozen dossier (blind rounds name no producer), the member's
own sheet saved and submitted through scoring.sheets, recusal and conflict declaration."""

import json

import pytest

from scoring.enums import SheetStatus
from scoring.models import ConflictDeclaration, Recusal, ScoreChange, ScoreSheet
from tests.api.conftest import FULL_SHEET, client_for
from tests.factories import NominationFactory, ProductFactory, SelectionRoundFactory

pytestmark = pytest.mark.django_db


def test_assigned_nominations_are_listed_with_the_dossier(jury, accepted, judge, producer):
    client = client_for(judge)
    rows = client.get("/api/v1/jury/nominations/").json()["results"]
    assert [row["id"] for row in rows] == [accepted.pk]
    detail = client.get(f"/api/v1/jury/nominations/{accepted.pk}/").json()
    assert detail["dossier"]["product"]["name"] == "Bình gốm men lam Bát Tràng"
    assert detail["dossier"]["producer"]["name"] == producer.name  # an open round shows the producer
    assert [c["code"] for c in detail["sheet"]["criteria"]] == list(FULL_SHEET)


def test_blind_round_names_no_producer_anywhere(jury, accepted, judge, producer):
    accepted.round.blind_judging = True
    accepted.round.save()
    client = client_for(judge)
    client.put(f"/api/v1/jury/nominations/{accepted.pk}/sheet/", {"values": {"1.1": "10"}}, format="json")
    bodies = [client.get("/api/v1/jury/nominations/").content.decode(),
              client.get(f"/api/v1/jury/nominations/{accepted.pk}/").content.decode()]
    for body in bodies:
        text = json.dumps(json.loads(body), ensure_ascii=False)
        assert producer.name not in text
        assert producer.tax_code not in text
        assert producer.phone not in text
        assert producer.representative not in text
    assert "Bình gốm men lam Bát Tràng" in bodies[1]  # the product itself is judged


def test_save_draft_then_submit(jury, accepted, judge):
    client = client_for(judge)
    draft = client.put(f"/api/v1/jury/nominations/{accepted.pk}/sheet/", {"values": {"1.1": "18"}}, format="json")
    assert draft.status_code == 200
    assert draft.json()["sheet"]["status"] == SheetStatus.DRAFT
    assert draft.json()["sheet"]["total"] == "18.00"
    incomplete = client.post(f"/api/v1/jury/nominations/{accepted.pk}/submit/", {}, format="json")
    assert incomplete.status_code == 400
    assert incomplete.json()["non_field_errors"][0].startswith("Còn thiếu điểm các tiêu chí: 1.2")
    done = client.post(f"/api/v1/jury/nominations/{accepted.pk}/submit/", {"values": FULL_SHEET}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["sheet"]["status"] == SheetStatus.SUBMITTED
    assert done.json()["sheet"]["total"] == "84.00"
    assert ScoreChange.objects.filter(sheet__nomination=accepted, path="api").count() == len(FULL_SHEET)
    locked = client.put(f"/api/v1/jury/nominations/{accepted.pk}/sheet/", {"values": {"1.1": "1"}}, format="json")
    assert locked.status_code == 400
    assert locked.json() == {"non_field_errors": ["Phiếu đã nộp và đã khóa; chỉ thư ký mới mở lại được."]}


def test_score_over_max_is_refused_by_criterion_and_nothing_is_saved(jury, accepted, judge):
    client = client_for(judge)
    response = client.put(f"/api/v1/jury/nominations/{accepted.pk}/sheet/",
                          {"values": {"1.1": "25", "1.2": "10"}}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["1.1"]
    assert "20" in response.json()["1.1"][0]
    sheet = ScoreSheet.objects.filter(nomination=accepted, member=judge).first()
    assert sheet is None or not sheet.scores.exists()


def test_nominations_not_assigned_are_404_for_every_other_role(jury, accepted, judge, producer_user, secretary,
                                                               other_producer):
    # Another round being scored, on whose jury the judge does not sit.
    other_round = SelectionRoundFactory(state="scoring", rubric=accepted.round.rubric)
    outside = NominationFactory(round=other_round, product=ProductFactory(producer=other_producer), state="accepted")
    client = client_for(judge)
    assert client.get(f"/api/v1/jury/nominations/{outside.pk}/").status_code == 404
    refused = client.put(f"/api/v1/jury/nominations/{outside.pk}/sheet/", {"values": {"1.1": "1"}}, format="json")
    assert refused.status_code == 404
    assert not ScoreSheet.objects.filter(nomination=outside).exists()
    for user in (producer_user, secretary):
        other = client_for(user)
        assert other.get("/api/v1/jury/nominations/").json()["count"] == 0
        assert other.get(f"/api/v1/jury/nominations/{accepted.pk}/").status_code == 404
        assert other.put(f"/api/v1/jury/nominations/{accepted.pk}/sheet/", {"values": {"1.1": "1"}},
                         format="json").status_code == 404
    assert not ScoreSheet.objects.filter(nomination=accepted).exists()


def test_recusal_needs_a_reason(jury, accepted, judge):
    client = client_for(judge)
    empty = client.post(f"/api/v1/jury/nominations/{accepted.pk}/recuse/", {"reason": " "}, format="json")
    assert empty.status_code == 400
    assert empty.json() == {"non_field_errors": ["Hãy ghi lý do xin không chấm sản phẩm này."]}
    response = client.post(f"/api/v1/jury/nominations/{accepted.pk}/recuse/", {"reason": "Người quen."},
                           format="json")
    assert response.status_code == 200
    assert response.json()["recused"] is True
    assert Recusal.objects.filter(nomination=accepted, user=judge).exists()


def test_conflict_declaration_removes_the_nomination(jury, accepted, judge, producer):
    client = client_for(judge)
    unknown = client.post("/api/v1/jury/conflicts/", {"tax_code": "0000000000", "relation": "family"},
                          format="json")
    assert unknown.status_code == 400
    assert unknown.json() == {"tax_code": ["Không tìm thấy cơ sở có mã số thuế này."]}
    response = client.post("/api/v1/jury/conflicts/", {"tax_code": producer.tax_code, "relation": "family"},
                           format="json")
    assert response.status_code == 201
    assert ConflictDeclaration.objects.filter(user=judge, producer=producer).exists()
    assert client.get("/api/v1/jury/nominations/").json()["count"] == 0
    assert client.get(f"/api/v1/jury/nominations/{accepted.pk}/").status_code == 404


def test_conflict_declaration_is_for_jury_accounts_only(producer_user, other_producer):
    response = client_for(producer_user).post("/api/v1/jury/conflicts/",
                                              {"tax_code": other_producer.tax_code, "relation": "family"},
                                              format="json")
    assert response.status_code == 404
    assert not ConflictDeclaration.objects.exists()
