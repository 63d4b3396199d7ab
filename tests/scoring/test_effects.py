"""Every irreversible action of the scoring pages says what it will do, with the numbers counted from the data:
the sentence is in the button's data-confirm (confirm.js asks it) and printed beside the button."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.enums import Level
from scoring.enums import JuryRole, NominationState, RoundState
from scoring.models import Forwarding
from tests.factories import (
    CertificateFactory,
    JuryFactory,
    JuryMemberFactory,
    NominationFactory,
    ProducerFactory,
    ProductFactory,
    ProvinceFactory,
    SelectionRoundFactory,
    UserFactory,
    add_sheet,
)

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    """Read when each test runs, in the project's time zone: a run may cross midnight."""
    return timezone.localdate()


def assert_confirms(html: str, sentence: str) -> None:
    """The button asks the sentence, and the page prints it beside the button (a person without scripts)."""
    assert f'data-confirm="{sentence}"' in html
    assert f">{sentence}</p>" in html


def page(client, user, name, *args) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


# --- Round moves ------------------------------------------------------------------------------------------


def test_opening_registration_gives_the_closing_date(client, secretary):
    selection_round = SelectionRoundFactory(state=RoundState.DRAFT, title="Bình chọn cấp xã Bát Tràng 2026",
                                            registration_closes=datetime.date(2026, 12, 31))

    html = page(client, secretary, "scoring:round_detail", selection_round.pk)

    assert_confirms(html, "Mở nhận hồ sơ cho Bình chọn cấp xã Bát Tràng 2026: các cơ sở trong phạm vi đề cử và nộp "
                          "hồ sơ được đến hết ngày 31/12/2026.")
    assert 'name="new_state" value="registration_open"' in html
    assert "js/confirm.js" in html


def test_closing_registration_counts_kept_and_stranded_dossiers(client, secretary):
    selection_round = SelectionRoundFactory()
    for state, n in ((NominationState.SUBMITTED, 2), (NominationState.ACCEPTED, 1), (NominationState.DRAFT, 3),
                     (NominationState.RETURNED, 1), (NominationState.WITHDRAWN, 1)):
        for _ in range(n):
            NominationFactory(round=selection_round, state=state)

    html = page(client, secretary, "scoring:round_detail", selection_round.pk)

    assert_confirms(html, "Đóng nhận hồ sơ: 3 hồ sơ đã nộp được giữ lại để xét; 3 hồ sơ đang soạn và 1 hồ sơ bị trả "
                          "lại chưa nộp lại sẽ không nộp được nữa.")


def test_starting_scoring_counts_dossiers_and_scoring_members(client, secretary):
    selection_round = SelectionRoundFactory(state=RoundState.REGISTRATION_CLOSED)
    for _ in range(4):
        NominationFactory(round=selection_round, state=NominationState.ACCEPTED)
    NominationFactory(round=selection_round, state=NominationState.SUBMITTED)
    NominationFactory(round=selection_round, state=NominationState.REJECTED)
    jury = JuryFactory(round=selection_round)
    JuryMemberFactory(jury=jury, role=JuryRole.HEAD)
    JuryMemberFactory(jury=jury, role=JuryRole.MEMBER)
    JuryMemberFactory(jury=jury, role=JuryRole.SECRETARY)  # does not score

    html = page(client, secretary, "scoring:round_detail", selection_round.pk)

    assert_confirms(html, "Bắt đầu chấm điểm: 4 hồ sơ đã tiếp nhận được đưa cho 2 giám khảo chấm; 1 hồ sơ chưa tiếp "
                          "nhận sẽ không được chấm. Từ lúc này danh sách hồ sơ không thay đổi được.")


def test_closing_scoring_counts_complete_and_incomplete_dossiers(client, secretary, scoring_round, judge,
                                                                other_judge):
    from scoring import rubric_services

    scoring_round.min_sheets = 2
    scoring_round.save(update_fields=["min_sheets"])
    jury = JuryFactory(round=scoring_round)
    JuryMemberFactory(jury=jury, user=judge, role=JuryRole.HEAD)
    JuryMemberFactory(jury=jury, user=other_judge, role=JuryRole.MEMBER)
    full, half, none = (NominationFactory(round=scoring_round, state=NominationState.ACCEPTED) for _ in range(3))
    criteria = rubric_services.criteria_of(scoring_round.rubric)
    values = ["10"] * len(criteria)
    add_sheet(full, judge, criteria, values)
    add_sheet(full, other_judge, criteria, values)
    add_sheet(half, judge, criteria, values)

    html = page(client, secretary, "scoring:round_detail", scoring_round.pk)

    # full has both sheets; half owes one, none owes two; half and none have fewer than the 2 counted sheets.
    assert_confirms(html, "Đóng chấm điểm: 1 hồ sơ có đủ phiếu, 2 hồ sơ còn thiếu phiếu (3 phiếu chưa nộp); giám "
                          "khảo không nộp hay sửa phiếu được nữa, điểm chốt theo các phiếu đã nộp. 2 hồ sơ có ít hơn 2 "
                          "phiếu được tính sẽ không được công nhận.")


def test_closing_scoring_without_a_minimum_says_nothing_about_recognition(client, secretary, scoring_round):
    scoring_round.min_sheets = 0
    scoring_round.save(update_fields=["min_sheets"])

    html = page(client, secretary, "scoring:round_detail", scoring_round.pk)

    assert_confirms(html, "Đóng chấm điểm: 0 hồ sơ có đủ phiếu, 0 hồ sơ còn thiếu phiếu (0 phiếu chưa nộp); giám "
                          "khảo không nộp hay sửa phiếu được nữa, điểm chốt theo các phiếu đã nộp.")


def test_archiving_says_the_round_becomes_read_only(client, secretary):
    selection_round = SelectionRoundFactory(state=RoundState.RESULTS_PUBLISHED, title="Bình chọn cấp xã 2025")

    html = page(client, secretary, "scoring:round_detail", selection_round.pk)

    assert_confirms(html, "Lưu trữ Bình chọn cấp xã 2025: đợt chỉ còn để xem, không thao tác được nữa.")


def test_the_move_button_moves_the_round(client, secretary):
    selection_round = SelectionRoundFactory()
    client.force_login(secretary)

    response = client.post(reverse("scoring:round_state", args=[selection_round.pk]),
                           {"new_state": RoundState.REGISTRATION_CLOSED, "reason": "Hết hạn."})

    selection_round.refresh_from_db()
    assert response.status_code == 302
    assert selection_round.state == RoundState.REGISTRATION_CLOSED
    assert list(selection_round.events.values_list("to_state", "reason")) == [("registration_closed", "Hết hạn.")]


def test_a_closed_round_offers_no_move(client, secretary):
    selection_round = SelectionRoundFactory(state=RoundState.SCORING_CLOSED)  # moves go through the decision

    html = page(client, secretary, "scoring:round_detail", selection_round.pk)

    assert 'name="new_state"' not in html
    assert "data-confirm" not in html


# --- Dossiers ---------------------------------------------------------------------------------------------


def test_bulk_acceptance_counts_the_submitted_dossiers(client, secretary, commune_round):
    for _ in range(3):
        NominationFactory(round=commune_round, state=NominationState.SUBMITTED)
    NominationFactory(round=commune_round, state=NominationState.DRAFT)

    html = page(client, secretary, "scoring:round_nominations", commune_round.pk)

    assert_confirms(html, "Tiếp nhận các hồ sơ đã chọn (trong 3 hồ sơ đã nộp): mỗi hồ sơ được chốt cho giám khảo, "
                          "cơ sở không sửa được nữa và nhận thư báo.")


def test_dossier_decisions_each_say_what_happens_and_to_how_many_addresses(client, secretary, commune_round,
                                                                           producer_user, product):
    product.producer.users.add(UserFactory(email="ke-toan@example.vn"))  # two active accounts
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)

    html = page(client, secretary, "scoring:secretariat_nomination", nomination.pk)

    assert_confirms(html, "Tiếp nhận hồ sơ “Bình gốm men lam Bát Tràng”: hồ sơ được chốt cho giám khảo, cơ sở không "
                          "sửa được nữa; thư báo gửi đến 2 địa chỉ của cơ sở.")
    assert_confirms(html, "Trả lại hồ sơ “Bình gốm men lam Bát Tràng” để bổ sung: cơ sở sửa và nộp lại được; thư kèm "
                          "lý do gửi đến 2 địa chỉ của cơ sở.")
    assert_confirms(html, "Không tiếp nhận hồ sơ “Bình gốm men lam Bát Tràng”: hồ sơ dừng lại, không nộp lại được "
                          "trong đợt này; thư kèm lý do gửi đến 2 địa chỉ của cơ sở.")
    assert 'name="decision" value="accepted"' in html


def test_a_returned_dossier_offers_only_rejection(client, secretary, commune_round):
    producer = ProducerFactory(email="coso@example.vn")  # no account: its own address
    nomination = NominationFactory(round=commune_round, product=ProductFactory(producer=producer, name="Giỏ mây"),
                                   state=NominationState.RETURNED)

    html = page(client, secretary, "scoring:secretariat_nomination", nomination.pk)

    assert_confirms(html, "Không tiếp nhận hồ sơ “Giỏ mây”: hồ sơ dừng lại, không nộp lại được trong đợt này; thư "
                          "kèm lý do gửi đến 1 địa chỉ của cơ sở.")
    assert 'value="accepted"' not in html and 'value="returned"' not in html


def test_the_decision_button_records_the_decision(client, secretary, commune_round, product):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    client.force_login(secretary)

    client.post(reverse("scoring:nomination_decide", args=[nomination.pk]),
                {"decision": NominationState.RETURNED, "reason": "Thiếu ảnh mặt bên."})

    nomination.refresh_from_db()
    assert nomination.state == NominationState.RETURNED


# --- Forwarding -------------------------------------------------------------------------------------------


@pytest.fixture
def province_round(db):
    return SelectionRoundFactory(level=Level.PROVINCE, commune="", scope_province=ProvinceFactory(),
                                 title="Bình chọn cấp tỉnh Hà Nội 2026",
                                 registration_closes=datetime.date(2026, 12, 20))


def _recognised(commune_round, name):
    product = ProductFactory(name=name)
    NominationFactory(round=commune_round, product=product, state=NominationState.ACCEPTED)
    CertificateFactory(product=product, level=Level.COMMUNE, issued_on=today() - datetime.timedelta(days=30),
                       valid_until=datetime.date(today().year + 2, 12, 31))
    return product


def test_forwarding_counts_recognised_and_already_forwarded_products(client, secretary, commune_round,
                                                                     province_round):
    from scoring.services import forward_products

    first, _second = _recognised(commune_round, "Bình gốm"), _recognised(commune_round, "Giỏ mây")
    forward_products(from_round=commune_round, to_round=province_round, products=[first], by=secretary)

    html = page(client, secretary, "scoring:round_forward", commune_round.pk)

    assert_confirms(html, "Chuyển các sản phẩm đã chọn lên cấp trên (2 sản phẩm được công nhận, 1 đã chuyển trước "
                          "đây): mỗi cơ sở nhận thư để xác nhận tham gia; việc chuyển không rút lại được.")


def test_producer_answers_to_a_forwarding_say_what_follows(client, secretary, producer_user, product, commune_round,
                                                          province_round):
    from scoring.services import forward_products

    NominationFactory(round=commune_round, product=product, state=NominationState.ACCEPTED)
    CertificateFactory(product=product, level=Level.COMMUNE, issued_on=today() - datetime.timedelta(days=30),
                       valid_until=datetime.date(today().year + 2, 12, 31))
    forward_products(from_round=commune_round, to_round=province_round, products=[product], by=secretary)

    html = page(client, producer_user, "scoring:forwarding_list")

    assert_confirms(html, "Tham gia Bình chọn cấp tỉnh Hà Nội 2026: hệ thống tạo hồ sơ đề cử ở cấp trên, bạn kiểm tra "
                          "rồi nộp trước hết ngày 20/12/2026. Không đổi lại được.")
    assert_confirms(html, "Từ chối chuyển lên Bình chọn cấp tỉnh Hà Nội 2026: sản phẩm không dự đợt này. Không đổi "
                          "lại được.")
    assert Forwarding.objects.get().state == "proposed"


# --- Sheets -----------------------------------------------------------------------------------------------


def test_reopening_a_sheet_says_how_many_sheets_still_count(client, secretary, jury, accepted, judge, other_judge):
    from scoring import rubric_services

    criteria = rubric_services.criteria_of(accepted.round.rubric)
    values = ["10"] * len(criteria)
    add_sheet(accepted, judge, criteria, values)
    add_sheet(accepted, other_judge, criteria, values)

    html = page(client, secretary, "scoring:nomination_sheets", accepted.pk)

    assert_confirms(html, f"Mở lại phiếu của {judge}: phiếu thôi được tính cho đến khi nộp lại; điểm của hồ sơ tính "
                          "lại từ 1 phiếu còn lại.")
    assert_confirms(html, f"Mở lại phiếu của {other_judge}: phiếu thôi được tính cho đến khi nộp lại; điểm của hồ sơ "
                          "tính lại từ 1 phiếu còn lại.")
