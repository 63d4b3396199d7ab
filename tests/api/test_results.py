"""The secretariat's results through the API only: paper sheets → ranking → decision and its list → approve →
publish → certificates and their ZIP → revocation. Each write is the page's service; the refusals are the
services' own (ineligible line, approval while scoring runs), in Vietnamese and in English; every new route is
404 to another province's secretariat, a producer and a jury member, 401 to an anonymous caller."""

import io
import zipfile

import pytest

from awards.models import DecisionEntry, ResultsDecision
from catalog.models import Certificate
from scoring.dossier import freeze_dossier
from scoring.enums import NominationState, RoundState
from scoring.models import ScoreChange, ScoreSheet, SelectionRound
from tests import images
from tests.api.conftest import client_for
from tests.factories import CertificateFactory, NominationFactory, ProductFactory, ProvinceFactory, UserFactory

from .conftest import FULL_SHEET

pytestmark = pytest.mark.django_db

# 84 and 81.5: the vase averages 82.75. 60 and 61: the basket averages 60.50, under the threshold of 70.
SECOND_SHEET = {**FULL_SHEET, "1.2": "17", "4": "5"}
LOW_SHEET = {"1.1": "10", "1.2": "10", "2.1": "8", "2.2": "10", "2.3": "8", "2.4": "4", "3": "5", "4": "5"}
LOW_SECOND = {**LOW_SHEET, "4": "6"}
DECISION = {"number": "15/QĐ-UBND", "decided_on": "2026-03-02", "signer_name": "Nguyễn Văn Hùng",
            "signer_title": "Chủ tịch Ủy ban nhân dân xã Bát Tràng"}


@pytest.fixture
def basket(scoring_round, other_producer):
    """A second accepted nomination of the round, another producer's."""
    product = ProductFactory(producer=other_producer, name="Giỏ mây Phú Vinh", group="1")
    return freeze_dossier(NominationFactory(round=scoring_round, product=product, state=NominationState.ACCEPTED))


@pytest.fixture
def two_sheet_round(scoring_round):
    """Two counted sheets suffice in this round (the jury has two scoring members)."""
    SelectionRound.objects.filter(pk=scoring_round.pk).update(min_sheets=2)
    scoring_round.refresh_from_db()
    return scoring_round


def _paper(client, nomination, email, values, **headers):
    return client.post(f"/api/v1/secretariat/nominations/{nomination.pk}/paper-sheet/",
                       {"email": email, "values": values}, format="json", **headers)


def _ranking(client, selection_round, **headers):
    response = client.get(f"/api/v1/secretariat/rounds/{selection_round.pk}/ranking/", **headers)
    assert response.status_code == 200, response.json()
    return response.json()


def _short(row) -> tuple:
    return (row["nomination"], row["rank"], row["average"], row["exact_average"], row["average_display"],
            row["provisional"], row["eligible"], row["standing"], row["eligibility_problem"])


def test_whole_workflow_through_the_api(secretary, judge, other_judge, jury, accepted, basket, two_sheet_round,
                                        django_capture_on_commit_callbacks):
    client = client_for(secretary)
    round_url = f"/api/v1/secretariat/rounds/{two_sheet_round.pk}"

    # Paper sheets, entered and submitted through the paper-sheet service.
    for nomination, email, values in [(accepted, judge.email, FULL_SHEET), (accepted, other_judge.email, SECOND_SHEET),
                                      (basket, judge.email, LOW_SHEET), (basket, other_judge.email, LOW_SECOND)]:
        entered = _paper(client, nomination, email, values)
        assert entered.status_code == 200, entered.json()
        assert (entered.json()["member"], entered.json()["sheet"]["status"]) == (email, "submitted")
    assert sorted(ScoreSheet.objects.values_list("nomination_id", "total")) == sorted(
        [(accepted.pk, 84), (accepted.pk, 81.5), (basket.pk, 60), (basket.pk, 61)])
    assert set(ScoreChange.objects.exclude(path="submit").values_list("path", flat=True)) == {"paper"}

    # While scoring runs the ranking is provisional and nothing is eligible.
    provisional = _ranking(client, two_sheet_round)
    assert provisional["count"] == 2
    assert [_short(row) for row in provisional["results"]] == [
        (accepted.pk, 1, "82.75", "82.75", "82,75", True, False, "provisional_passes",
         "Đợt bình chọn chưa kết thúc chấm điểm; kết quả còn tạm tính."),
        (basket.pk, 2, "60.50", "60.50", "60,50", True, False, "provisional_fails",
         "Đợt bình chọn chưa kết thúc chấm điểm; kết quả còn tạm tính."),
    ]
    first = provisional["results"][0]
    assert first["group_averages"] == {"1": "35.25", "2": "33.00", "3": "8.50", "4": "6.00"}
    assert first["member_totals"] == [{"member": "Thành viên 1", "total": "84.00"},
                                      {"member": "Thành viên 2", "total": "81.50"}]
    assert (first["sheet_count"], first["spread"], first["range"]) == (2, "1.25", "2.50")

    # The decision, and the refusals while scoring is open.
    created = client.post("/api/v1/secretariat/decisions/", {"round": two_sheet_round.pk, **DECISION}, format="json")
    assert created.status_code == 201, created.json()
    decision_url = f"/api/v1/secretariat/decisions/{created.json()['id']}"
    early = client.put(f"{decision_url}/entries/", {"recognised": [accepted.pk],
                                                    "default_exclusion_reason": "Dưới ngưỡng 70 điểm."},
                       format="json")
    assert early.status_code == 400
    assert early.json() == {"non_field_errors": [
        "Không công nhận được hồ sơ chưa đủ điều kiện.",
        "Bình gốm men lam Bát Tràng: Đợt bình chọn chưa kết thúc chấm điểm; kết quả còn tạm tính."]}
    refused = client.post(f"{decision_url}/state/", {"new_state": "approved"}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"non_field_errors": [
        "Chỉ phê duyệt hoặc công bố được quyết định khi đợt bình chọn đã kết thúc chấm điểm (hiện: Đang chấm điểm)."]}
    assert ResultsDecision.objects.get().state == "draft"
    assert not DecisionEntry.objects.exists()

    closed = client.post(f"{round_url}/state/", {"new_state": "scoring_closed"}, format="json")
    assert closed.json()["state"] == RoundState.SCORING_CLOSED

    final = _ranking(client, two_sheet_round)
    assert [_short(row) for row in final["results"]] == [
        (accepted.pk, 1, "82.75", "82.75", "82,75", False, True, "passes", ""),
        (basket.pk, 2, "60.50", "60.50", "60,50", False, False, "fails",
         "Điểm trung bình chính xác 60,50 thấp hơn ngưỡng công nhận 70,00."),
    ]
    assert [row["standing_label"] for row in final["results"]] == ["Đạt", "Không đạt"]
    english = _ranking(client, two_sheet_round, HTTP_ACCEPT_LANGUAGE="en")
    assert [(row["average_display"], row["standing_label"], row["eligibility_problem"])
            for row in english["results"]] == [
        ("82.75", "Pass", ""),
        ("60.50", "Fail", "The exact average 60.50 is below the recognition threshold 70.00.")]

    # The list: the basket is not eligible; the vase alone is recognised.
    both = client.put(f"{decision_url}/entries/", {"recognised": [accepted.pk, basket.pk]}, format="json")
    assert both.status_code == 400
    assert both.json() == {"non_field_errors": [
        "Không công nhận được hồ sơ chưa đủ điều kiện.",
        "Giỏ mây Phú Vinh: Điểm trung bình chính xác 60,50 thấp hơn ngưỡng công nhận 70,00."]}
    chosen = client.put(f"{decision_url}/entries/", {"recognised": [accepted.pk],
                                                     "exclusion_reasons": {str(basket.pk): "Dưới ngưỡng 70 điểm."}},
                        format="json")
    assert chosen.status_code == 200, chosen.json()
    lines = client.get(f"{decision_url}/entries/").json()
    assert [(e["nomination"], e["rank"], e["average"], e["recognised"], e["exclusion_reason"])
            for e in lines["results"]] == [(accepted.pk, 1, "82.75", True, ""),
                                           (basket.pk, 2, "60.50", False, "Dưới ngưỡng 70 điểm.")]

    # Approve, then publish once the signed scan is attached.
    approved = client.post(f"{decision_url}/state/", {"new_state": "approved"}, format="json")
    assert approved.json()["state"] == "approved"
    no_scan = client.post(f"{decision_url}/state/", {"new_state": "published"}, format="json")
    assert no_scan.json() == {"non_field_errors": ["Hãy đính kèm bản quét quyết định đã ký trước khi công bố."]}
    scanned = client.patch(f"{decision_url}/", {"signed_scan": images.pdf_upload("qd-15.pdf")}, format="multipart")
    assert scanned.json()["has_signed_scan"] is True
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(f"{decision_url}/state/", {"new_state": "published"}, format="json")
    assert published.json()["state"] == "published"
    assert SelectionRound.objects.get(pk=two_sheet_round.pk).state == RoundState.RESULTS_PUBLISHED

    certificate = Certificate.objects.get()
    rows = client.get("/api/v1/secretariat/certificates/").json()["results"]
    assert [(r["id"], r["number"], r["product"], r["status"], r["issued_on"]) for r in rows] == [
        (certificate.pk, certificate.number, accepted.product_id, "valid", "2026-03-02")]
    assert str(certificate.average) == "82.75"
    lines = client.get(f"{decision_url}/entries/").json()["results"]
    assert [e["certificate"] for e in lines] == [certificate.pk, None]

    # The ZIP of the certificates, a background job.
    assert client.get(f"{decision_url}/bundle/").json()["state"] == "none"
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{decision_url}/bundle/")
    assert started.status_code == 202
    status = client.get(f"{decision_url}/bundle/").json()
    assert (status["state"], status["done"], status["total"], status["error"]) == ("done", 1, 1, "")
    download = client.get(status["download_url"])
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.namelist() == [f"{certificate.number}.pdf"]

    # Revocation needs its reason.
    revoke_url = f"/api/v1/secretariat/certificates/{certificate.pk}/revoke/"
    no_reason = client.post(revoke_url, {"decision_number": "55/QĐ-UBND"}, format="json")
    assert (no_reason.status_code, no_reason.json()) == (400, {"reason": ["Trường này bắt buộc."]})
    assert Certificate.objects.get().status == "valid"
    revoked = client.post(revoke_url, {"decision_number": "55/QĐ-UBND", "reason": "Sản phẩm không còn sản xuất.",
                                       "revoked_on": "2026-06-01"}, format="json")
    assert revoked.status_code == 200, revoked.json()
    assert (revoked.json()["status"], revoked.json()["revoked_on"]) == ("revoked", "2026-06-01")
    certificate.refresh_from_db()
    assert (certificate.revocation_reason, certificate.revocation_decision_number) == (
        "Sản phẩm không còn sản xuất.", "55/QĐ-UBND")
    again = client.post(revoke_url, {"decision_number": "56/QĐ-UBND", "reason": "Lần nữa."}, format="json")
    assert again.json() == {"non_field_errors": ["Giấy chứng nhận đã bị thu hồi."]}


# --- Refusals --------------------------------------------------------------------------------------------------


@pytest.fixture
def results_world(secretary, producer, jury, accepted):
    """The Hà Nội round being scored with its draft decision, and a certificate of a Hà Nội product."""
    decision = ResultsDecision.objects.create(round=accepted.round, number="15/QĐ-UBND", created_by=secretary)
    certificate = CertificateFactory(product=ProductFactory(producer=producer, name="Lọ hoa men rạn"))
    return {"round": accepted.round, "nomination": accepted, "decision": decision, "certificate": certificate}


def _calls(world, judge_email) -> list[tuple[str, str, dict | None]]:
    r, n, d, c = (world["round"].pk, world["nomination"].pk, world["decision"].pk, world["certificate"].pk)
    base = "/api/v1/secretariat"
    return [
        ("get", f"{base}/rounds/{r}/ranking/", None),
        ("post", f"{base}/rounds/{r}/reopen-scoring/", {"reason": "Xem lại."}),
        ("post", f"{base}/nominations/{n}/paper-sheet/", {"email": judge_email, "values": FULL_SHEET}),
        ("post", f"{base}/certificates/{c}/revoke/", {"reason": "Sai.", "decision_number": "55/QĐ-UBND"}),
        ("post", f"{base}/decisions/", {"round": r, **DECISION}),
        ("get", f"{base}/decisions/{d}/", None),
        ("patch", f"{base}/decisions/{d}/", {"number": "99/QĐ-UBND"}),
        ("get", f"{base}/decisions/{d}/entries/", None),
        ("put", f"{base}/decisions/{d}/entries/", {"recognised": [], "default_exclusion_reason": "Không đạt."}),
        ("post", f"{base}/decisions/{d}/propose/", {"exclusion_reason": "Không đạt."}),
        ("post", f"{base}/decisions/{d}/state/", {"new_state": "approved"}),
        ("get", f"{base}/decisions/{d}/bundle/", None),
        ("post", f"{base}/decisions/{d}/bundle/", None),
        ("get", f"{base}/decisions/{d}/bundle/download/", None),
    ]


def _unchanged(world) -> tuple:
    decision = ResultsDecision.objects.get(pk=world["decision"].pk)
    return (decision.number, decision.state, DecisionEntry.objects.count(), ScoreSheet.objects.count(),
            Certificate.objects.get(pk=world["certificate"].pk).status,
            SelectionRound.objects.get(pk=world["round"].pk).state)


def test_every_new_route_is_404_to_other_roles_and_401_anonymous(results_world, secretary, producer_user, judge):
    other_province = UserFactory(email="thu-ky-hcm@example.vn", role="secretariat", scope_level="province",
                                 scope_province=ProvinceFactory(code="79"))
    before = _unchanged(results_world)
    calls = _calls(results_world, judge.email)

    for user in (other_province, producer_user, judge):
        client = client_for(user)
        answers = [getattr(client, method)(url, body, format="json").status_code for method, url, body in calls]
        assert answers == [404] * len(calls), user.email
        assert client.get("/api/v1/secretariat/decisions/").json()["count"] == 0
    anonymous = [getattr(client_for(), method)(url, body, format="json").status_code for method, url, body in calls]
    assert anonymous == [401] * len(calls)
    assert _unchanged(results_world) == before

    # The positive control: the round's secretariat reaches every one (the refusals are the services' own).
    client = client_for(secretary)
    mine = [getattr(client, method)(url, body, format="json").status_code for method, url, body in calls]
    assert mine == [200, 400, 200, 200, 400, 200, 200, 200, 200, 200, 400, 200, 404, 404]
    assert [d["id"] for d in client.get("/api/v1/secretariat/decisions/").json()["results"]] == [
        results_world["decision"].pk]


def test_paper_sheet_bad_input_is_400_by_field_and_stores_nothing(secretary, judge, jury, accepted):
    client = client_for(secretary)
    url = f"/api/v1/secretariat/nominations/{accepted.pk}/paper-sheet/"

    missing = client.post(url, {}, format="json")
    missing_en = client.post(url, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    over = client.post(url, {"email": judge.email, "values": {**FULL_SHEET, "1.1": "30", "3": "abc"}}, format="json")
    over_en = client.post(url, {"email": judge.email, "values": {**FULL_SHEET, "1.1": "30"}}, format="json",
                          HTTP_ACCEPT_LANGUAGE="en")
    stranger = client.post(url, {"email": "khong-co@example.vn", "values": FULL_SHEET}, format="json")
    not_member = client.post(url, {"email": secretary.email, "values": FULL_SHEET}, format="json")

    assert (missing.status_code, missing.json()) == (400, {"email": ["Trường này bắt buộc."],
                                                           "values": ["Trường này bắt buộc."]})
    assert missing_en.json() == {"email": ["This field is required."], "values": ["This field is required."]}
    assert (over.status_code, over.json()) == (400, {"1.1": ["Điểm tối đa của tiêu chí này là 20."],
                                                     "3": ["Hãy nhập một số."]})
    assert over_en.json() == {"1.1": ["The maximum score for this criterion is 20."]}
    assert stranger.json() == {"email": ["Không có tài khoản với e-mail này."]}
    assert not_member.json() == {"email": [f"{secretary.email} không chấm hồ sơ này."]}
    assert ScoreSheet.objects.count() == 0
    # The positive control: the same sheet with its scores within the maxima is stored and submitted.
    entered = client.post(url, {"email": judge.email, "values": FULL_SHEET}, format="json")
    assert (entered.status_code, entered.json()["sheet"]["total"]) == (200, "84.00")


def test_decision_bad_input_is_400_by_field_in_vietnamese_and_english(results_world, secretary):
    client = client_for(secretary)
    d = results_world["decision"].pk
    before = _unchanged(results_world)

    bad_date = client.patch(f"/api/v1/secretariat/decisions/{d}/", {"decided_on": "02/03/2026"}, format="json")
    bad_date_en = client.patch(f"/api/v1/secretariat/decisions/{d}/", {"decided_on": "x"}, format="json",
                               HTTP_ACCEPT_LANGUAGE="en")
    bad_scan = client.patch(f"/api/v1/secretariat/decisions/{d}/", {"signed_scan": images.exe_upload("qd.exe")},
                            format="multipart")
    bad_ids = client.put(f"/api/v1/secretariat/decisions/{d}/entries/", {"recognised": ["x"]}, format="json")
    bad_state = client.post(f"/api/v1/secretariat/decisions/{d}/state/", {"new_state": "x"}, format="json")
    bad_state_en = client.post(f"/api/v1/secretariat/decisions/{d}/state/", {"new_state": "x"}, format="json",
                               HTTP_ACCEPT_LANGUAGE="en")
    no_reason = client.post(f"/api/v1/secretariat/rounds/{results_world['round'].pk}/reopen-scoring/", {},
                            format="json", HTTP_ACCEPT_LANGUAGE="en")
    bad_group = client.get(f"/api/v1/secretariat/rounds/{results_world['round'].pk}/ranking/?group=9")
    revoke_en = client.post(f"/api/v1/secretariat/certificates/{results_world['certificate'].pk}/revoke/",
                            {"decision_number": "55/QĐ-UBND"}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert bad_date.status_code == 400
    assert list(bad_date.json()) == ["decided_on"]
    assert bad_date.json()["decided_on"][0] == "Ngày sai định dạng. Hãy dùng một trong các định dạng: YYYY-MM-DD."
    assert bad_date_en.json()["decided_on"][0].startswith("Date has wrong format.")
    assert bad_scan.json() == {"signed_scan": ["Chỉ nhận tệp PDF, JPG hoặc PNG."]}
    assert bad_ids.json() == {"recognised": {"0": ["Hãy nhập một số nguyên."]}}
    assert bad_state.json() == {"new_state": ["“x” không phải là lựa chọn hợp lệ."]}
    assert bad_state_en.json() == {"new_state": ["\"x\" is not a valid choice."]}
    assert no_reason.json() == {"reason": ["This field is required."]}
    assert bad_group.json() == {"group": ["Đợt bình chọn không có nhóm sản phẩm này."]}
    assert revoke_en.json() == {"reason": ["This field is required."]}
    assert _unchanged(results_world) == before
    assert not ResultsDecision.objects.get(pk=d).signed_scan
