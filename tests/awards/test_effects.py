"""The awards pages' irreversible actions say what they will do, with counts from the data (scoring.effects)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.services import file_complaint
from catalog.models import Certificate
from tests.factories import (
    CertificateFactory,
    DecisionEntryFactory,
    ProductFactory,
    ResultsDecisionFactory,
    UserFactory,
)
from tests.scoring.test_effects import assert_confirms, page

pytestmark = pytest.mark.django_db

def today():
    # Read when a test runs, never at import: a run that crosses midnight in Vietnam would otherwise compare
    # yesterday's dates with the code's today (CI caught it at 00:00 Asia/Ho_Chi_Minh).
    return timezone.localdate()



def test_approval_counts_recognised_and_excluded_products(client, secretary):
    decision = ResultsDecisionFactory()
    DecisionEntryFactory(decision=decision)
    DecisionEntryFactory(decision=decision)
    DecisionEntryFactory(decision=decision, recognised=False, exclusion_reason="Dưới ngưỡng 70 điểm")

    html = page(client, secretary, "awards:decision_detail", decision.pk)

    assert_confirms(html, "Phê duyệt quyết định: 2 sản phẩm được công nhận, 1 sản phẩm không được công nhận; danh "
                          "sách bị khóa, chỉ sửa được khi đưa quyết định về đang soạn (có ghi lý do).")


def test_publication_sentence_is_printed_beside_its_button(client, secretary, approved_decision):
    html = page(client, secretary, "awards:decision_detail", approved_decision.pk)

    assert_confirms(html, "Công bố sẽ cấp 2 giấy chứng nhận, hiện các sản phẩm được công nhận trên trang công khai và "
                          "gửi thư cho 3 cơ sở. Không hoàn tác được.")
    assert "Phê duyệt quyết định:" not in html  # already approved: no approval button


def test_revoking_the_only_certificate_in_force_says_the_product_leaves_the_public_list(client, secretary):
    certificate = CertificateFactory(product=ProductFactory(name="Bình gốm men lam"), number="GCN-00777",
                                     valid_until=datetime.date(today().year + 2, 12, 31))

    html = page(client, secretary, "awards:certificate_revoke", certificate.pk)

    assert_confirms(html, "Thu hồi giấy chứng nhận GCN-00777: trang xác minh ghi “Đã thu hồi”; “Bình gốm men lam” "
                          "không còn giấy chứng nhận nào còn hiệu lực nên thôi hiện là sản phẩm được công nhận trên "
                          "trang công khai. Không hoàn tác được.")


def test_revoking_one_of_two_certificates_in_force_counts_the_other(client, secretary):
    product = ProductFactory(name="Giỏ mây")
    until = datetime.date(today().year + 2, 12, 31)
    certificate = CertificateFactory(product=product, number="GCN-00001", valid_until=until)
    CertificateFactory(product=product, number="GCN-00002", level="province", valid_until=until)
    CertificateFactory(product=product, number="GCN-00003", valid_until=today() - datetime.timedelta(days=1))  # expired

    html = page(client, secretary, "awards:certificate_revoke", certificate.pk)

    assert_confirms(html, "Thu hồi giấy chứng nhận GCN-00001: trang xác minh ghi “Đã thu hồi”; “Giỏ mây” còn 1 giấy "
                          "chứng nhận khác còn hiệu lực. Không hoàn tác được.")
    assert Certificate.objects.get(number="GCN-00001").status == "valid"


def test_answering_a_complaint_counts_the_addresses(client, secretary, producer, producer_user):
    producer.users.add(UserFactory(email="ke-toan@example.vn"))
    entry = DecisionEntryFactory(decision__state="published", decision__notified_on=today(),
                                 nomination__product=ProductFactory(producer=producer, name="Bình gốm men lam"))
    complaint = file_complaint(entry=entry, by=producer_user, text="Xin chấm lại tiêu chí 2.1.")

    html = page(client, secretary, "awards:complaint_answer", complaint.pk)

    assert_confirms(html, f"Gửi trả lời khiếu nại cho {producer.name}: thư gửi đến 2 địa chỉ của cơ sở; trả lời chỉ "
                          "gửi một lần, không sửa được.")


def test_reopening_scoring_counts_the_sheets_and_sends_an_approved_decision_back(client, secretary):
    decision = ResultsDecisionFactory(state="approved")
    selection_round = decision.round
    DecisionEntryFactory(decision=decision)  # one submitted sheet (min_sheets=1)
    DecisionEntryFactory(decision=decision, recognised=False, exclusion_reason="Dưới ngưỡng", scored=True)

    html = page(client, secretary, "awards:reopen_scoring", selection_round.pk)
    round_page = page(client, secretary, "scoring:round_detail", selection_round.pk)

    assert_confirms(html, f"Mở lại chấm điểm {selection_round.title}: đợt trở lại đang chấm điểm; 2 phiếu đã nộp vẫn "
                          "được tính cho đến khi thư ký mở lại từng phiếu. Quyết định công nhận đã phê duyệt trở về "
                          "đang soạn, với cùng lý do.")
    assert reverse("awards:reopen_scoring", args=[selection_round.pk]) in round_page

    response = client.post(reverse("awards:reopen_scoring", args=[selection_round.pk]),
                           {"reason": "Giám khảo nhập nhầm điểm tiêu chí 2.1."})

    selection_round.refresh_from_db()
    decision.refresh_from_db()
    assert response.status_code == 302
    assert (selection_round.state, decision.state) == ("scoring", "draft")


def test_reopening_without_a_decision_says_nothing_about_one_and_needs_a_reason(client, secretary):
    from tests.factories import SelectionRoundFactory

    selection_round = SelectionRoundFactory(level="province", commune="", state="scoring_closed",
                                            title="Bình chọn cấp tỉnh 2026")

    html = page(client, secretary, "awards:reopen_scoring", selection_round.pk)
    refused = client.post(reverse("awards:reopen_scoring", args=[selection_round.pk]), {"reason": ""})

    assert_confirms(html, "Mở lại chấm điểm Bình chọn cấp tỉnh 2026: đợt trở lại đang chấm điểm; 0 phiếu đã nộp vẫn "
                          "được tính cho đến khi thư ký mở lại từng phiếu.")
    selection_round.refresh_from_db()
    assert (refused.status_code, selection_round.state) == (400, "scoring_closed")


def test_reopening_is_not_offered_for_a_round_still_scoring(client, secretary):
    from tests.factories import SelectionRoundFactory

    selection_round = SelectionRoundFactory(state="scoring")
    client.force_login(secretary)

    assert client.get(reverse("awards:reopen_scoring", args=[selection_round.pk])).status_code == 404
