"""Secretariat pages for decisions and revocation; producer results page. Scope, 4xx on bad input, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import ResultsDecision
from awards.services import set_decision_state
from catalog.models import Certificate
from tests import images
from tests.factories import (
    DecisionEntryFactory,
    JuryMemberFactory,
    NominationFactory,
    ResultsDecisionFactory,
    SelectionRoundFactory,
    add_sheet,
    make_rubric,
)

from .conftest import attach_scan

D = datetime.date
pytestmark = pytest.mark.django_db


def test_create_decision_with_scan(client, secretary):
    selection_round = SelectionRoundFactory(level="province", commune="", state="scoring_closed")
    client.force_login(secretary)

    response = client.post(reverse("awards:decision_create", args=[selection_round.pk]), {
        "number": "123/QĐ-UBND", "decided_on": "2026-03-02", "signer_name": "Nguyễn Văn Hùng",
        "signer_title": "Chủ tịch UBND thành phố Hà Nội",
        "signed_scan": images.pdf_upload("qd.pdf")})

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


def test_entries_page_first_proposal_in_one_action(client, secretary):
    decision = ResultsDecisionFactory()
    chosen, other = (NominationFactory(round=decision.round, state="accepted") for _ in range(2))
    criteria = make_rubric()
    decision.round.rubric = criteria[0].group.rubric
    decision.round.save()
    member = JuryMemberFactory(jury__round=decision.round).user
    add_sheet(chosen, member, criteria, ["25", "15", "20", "10", "8", "7"])  # 85
    add_sheet(other, member, criteria, ["10", "10", "10", "10", "8", "7"])  # 55
    client.force_login(secretary)

    response = client.post(reverse("awards:decision_entries", args=[decision.pk]),
                           {"exclusion_reason": "Dưới ngưỡng 70 điểm"})

    assert response.status_code == 302
    assert sorted(decision.entries.values_list("nomination", "recognised", "rank", "exclusion_reason")) == sorted(
        [(chosen.pk, True, 1, ""), (other.pk, False, 2, "Dưới ngưỡng 70 điểm")])


def test_entries_page_first_proposal_without_reason_is_400(client, secretary):
    decision = ResultsDecisionFactory()
    NominationFactory(round=decision.round, state="accepted")
    client.force_login(secretary)

    response = client.post(reverse("awards:decision_entries", args=[decision.pk]), {"exclusion_reason": " "})

    assert (response.status_code, decision.entries.count()) == (400, 0)


def test_entries_page_shows_one_page_of_a_long_list(client, secretary):
    decision = ResultsDecisionFactory()
    for i in range(120):
        DecisionEntryFactory(decision=decision, rank=i + 1, average=Decimal(90) - Decimal(i) / 4,
                             nomination__product__name=f"Sản phẩm {i:03d}")
    client.force_login(secretary)

    first = client.get(reverse("awards:decision_entries", args=[decision.pk])).content.decode()
    third = client.get(reverse("awards:decision_entries", args=[decision.pk]), {"trang": 3}).content.decode()

    assert (first.count('name="recognised"'), third.count('name="recognised"')) == (50, 20)
    assert ("Sản phẩm 000" in first, "Sản phẩm 050" in first, "Sản phẩm 119" in third) == (True, False, True)


@pytest.fixture
def listed(secretary):
    """A draft list: two recognised (one tied with the third, excluded), one unscored excluded."""
    decision = ResultsDecisionFactory()
    lan = DecisionEntryFactory(decision=decision, rank=1, average=Decimal("88.00"),
                               nomination__product__name="Bình gốm Bát Tràng")
    tied = DecisionEntryFactory(decision=decision, rank=2, average=Decimal("75.00"),
                                nomination__product__name="Tranh sơn mài")
    left = DecisionEntryFactory(decision=decision, rank=2, average=Decimal("75.00"), recognised=False,
                                exclusion_reason="Ngoài số lượng", nomination__product__name="Giỏ mây",
                                scored=True)
    unscored = DecisionEntryFactory(decision=decision, recognised=False, exclusion_reason="Chưa chấm",
                                    nomination__product__name="Chiếu cói")
    return decision, {"lan": lan, "tied": tied, "left": left, "unscored": unscored}


@pytest.mark.parametrize(("params", "expected"), [
    ({}, ["lan", "left", "tied", "unscored"]),  # inside a rank by product name
    ({"q": "sơn mài"}, ["tied"]),
    ({"ket_qua": "khong"}, ["left", "unscored"]),
    ({"ket_qua": "cong-nhan"}, ["lan", "tied"]),
    ({"diem": "duoi", "nhom": "1"}, []),
    ({"diem": "dat"}, ["lan", "left", "tied"]),
    ({"diem": "chua-co"}, ["unscored"]),
    ({"bang_diem": "on"}, ["left", "tied"]),
])
def test_entries_page_filters(client, secretary, listed, params, expected):
    decision, entries = listed
    client.force_login(secretary)

    response = client.get(reverse("awards:decision_entries", args=[decision.pk]), params)

    names = {e.pk: name for name, e in entries.items()}
    assert [names[e.pk] for e in response.context["page"].object_list] == expected


def test_entry_change_excludes_with_reason_and_keeps_the_filters(client, secretary, listed):
    decision, entries = listed
    client.force_login(secretary)
    url = reverse("awards:decision_entry", args=[decision.pk, entries["tied"].pk])

    response = client.post(url, {"recognised": "0", "reason": "Hội đồng chọn giỏ mây",
                                 "query": "ket_qua=cong-nhan&trang=1&evil=https://x.example"})
    back = client.post(reverse("awards:decision_entry", args=[decision.pk, entries["left"].pk]), {"recognised": "1"})

    entries["tied"].refresh_from_db()
    entries["left"].refresh_from_db()
    assert response["Location"] == reverse("awards:decision_entries", args=[decision.pk]) + "?ket_qua=cong-nhan&trang=1"
    assert back.status_code == 302
    assert (entries["tied"].recognised, entries["tied"].exclusion_reason) == (False, "Hội đồng chọn giỏ mây")
    assert (entries["left"].recognised, entries["left"].exclusion_reason) == (True, "")


def test_entry_change_without_reason_is_refused(client, secretary, listed):
    decision, entries = listed
    client.force_login(secretary)

    response = client.post(reverse("awards:decision_entry", args=[decision.pk, entries["lan"].pk]),
                           {"recognised": "0", "reason": " "}, follow=True)

    entries["lan"].refresh_from_db()
    assert entries["lan"].recognised is True
    assert "Hãy ghi lý do không công nhận cho: Bình gốm Bát Tràng." in response.content.decode()


def test_entries_pages_other_province_404(client, other_secretary, listed):
    decision, entries = listed
    client.force_login(other_secretary)

    assert client.get(reverse("awards:decision_entries", args=[decision.pk])).status_code == 404
    assert client.get(reverse("awards:decision_entries_xlsx", args=[decision.pk])).status_code == 404
    assert client.post(reverse("awards:decision_entry", args=[decision.pk, entries["lan"].pk]),
                       {"recognised": "0", "reason": "x"}).status_code == 404
    entries["lan"].refresh_from_db()
    assert entries["lan"].recognised is True


def test_entries_page_of_an_approved_decision_404(client, secretary, listed):
    decision, _entries = listed
    decision.state = "approved"
    decision.save()
    client.force_login(secretary)

    assert client.get(reverse("awards:decision_entries", args=[decision.pk])).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_entries_page_query_count(client, secretary, django_assert_num_queries, n):
    decision = ResultsDecisionFactory()
    for i in range(n):
        DecisionEntryFactory(decision=decision, rank=i + 1, average=Decimal(80))
    client.force_login(secretary)

    # session, user, decision, counts, the ranking (which lines may be recognised: one query, however many),
    # rows counted, one page of rows (with their tie flag)
    with django_assert_num_queries(7):
        client.get(reverse("awards:decision_entries", args=[decision.pk]))


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

    # session, user, decision, the approval's counts (one query), entries counted, a page of them, events
    with django_assert_num_queries(7):
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

    client.post(reverse("awards:decision_entries", args=[decision.pk]), {"exclusion_reason": "Dưới ngưỡng"})
    html = client.get(reverse("awards:decision_entries", args=[decision.pk])).content.decode()

    assert list(decision.entries.order_by("rank").values_list("nomination", "rank", "average", "recognised")) == [
        (passing.pk, 1, Decimal("70.00"), True), (failing.pk, 2, Decimal("69.99"), False)]
    assert ("70,00" in html, "69,99" in html) == (True, True)


def test_entries_xlsx_has_a_column_per_criterion_group_code(client, secretary, listed):
    from io import BytesIO

    from openpyxl import load_workbook

    decision, entries = listed
    entries["lan"].group_averages = {"1": "36.00", "2": "34.00", "3": "9.00", "4": "9.00"}
    entries["lan"].save()
    client.force_login(secretary)

    response = client.get(reverse("awards:decision_entries_xlsx", args=[decision.pk]))
    header, first, *rest = load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)

    assert header[5:10] == ("Điểm trung bình", "Nhóm tiêu chí 1", "Nhóm tiêu chí 2", "Nhóm tiêu chí 3",
                            "Nhóm tiêu chí 4")
    assert (first[0], first[2], first[5:10], first[10]) == (
        1, "Bình gốm Bát Tràng", (88, 36, 34, 9, 9), "Công nhận")
    assert [row[2] for row in rest] == ["Giỏ mây", "Tranh sơn mài", "Chiếu cói"]


@pytest.mark.parametrize("n", [1, 3])
def test_entries_xlsx_query_count(client, secretary, django_assert_num_queries, n):
    decision = ResultsDecisionFactory()
    for i in range(n):
        DecisionEntryFactory(decision=decision, rank=i + 1, average=Decimal(80))
    client.force_login(secretary)

    with django_assert_num_queries(5):  # session, user, decision, the round's group codes, the lines
        client.get(reverse("awards:decision_entries_xlsx", args=[decision.pk]))


def test_publish_button_says_how_many_certificates_and_letters(client, secretary, approved_decision):
    client.force_login(secretary)

    html = client.get(reverse("awards:decision_detail", args=[approved_decision.pk])).content.decode()

    # Two recognised entries get a certificate; all three producers have an account or an address.
    expected = ("Công bố sẽ cấp 2 giấy chứng nhận, hiện các sản phẩm được công nhận trên trang công khai và gửi thư "
                "cho 3 cơ sở. Không hoàn tác được.")
    assert f'data-confirm="{expected}"' in html


def test_draft_decision_has_no_publish_confirmation(client, secretary):
    decision = ResultsDecisionFactory()
    client.force_login(secretary)

    html = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()

    assert ("Công bố kết quả" in html, "Công bố sẽ cấp" in html) == (False, False)
