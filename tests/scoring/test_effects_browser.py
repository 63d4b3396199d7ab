"""In headless Chromium: the confirmation asks the page's sentence; "no" leaves the round as it was, "yes" moves it."""

import pytest
from playwright.sync_api import expect

from catalog import enums as catalog_enums
from scoring.enums import NominationState, RoundState
from scoring.models import SelectionRound
from tests.browser import login
from tests.factories import NominationFactory, ProvinceFactory, SelectionRoundFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SENTENCE = ("Đóng nhận hồ sơ: 2 hồ sơ đã nộp được giữ lại để xét; 1 hồ sơ đang soạn và 0 hồ sơ bị trả lại chưa nộp "
            "lại sẽ không nộp được nữa.")


def test_dismissing_keeps_the_round_and_accepting_closes_registration(live_server, browser):
    selection_round = SelectionRoundFactory(title="Bình chọn cấp xã Bát Tràng 2026")
    for state in (NominationState.SUBMITTED, NominationState.SUBMITTED, NominationState.DRAFT):
        NominationFactory(round=selection_round, state=state)
    UserFactory(email="thu-ky@example.vn", role=catalog_enums.Role.SECRETARIAT,
                scope_level=catalog_enums.ScopeLevel.PROVINCE, scope_province=ProvinceFactory())
    page = login(browser, live_server.url, "thu-ky@example.vn", confirm=False)
    page.goto(f"{live_server.url}/binh-chon/thu-ky/dot/{selection_round.pk}/")
    button = page.get_by_role("button", name="Chuyển sang “Hết hạn nhận hồ sơ”")
    expect(page.locator("#move-registration_closed")).to_have_text(SENTENCE)

    # No: nothing is posted, the page and the round stay as they were.
    page.fill("textarea[name=reason]", "Hết hạn theo kế hoạch.")
    button.click()
    assert page.dialogs == [SENTENCE]
    expect(button).to_be_visible()
    selection_round.refresh_from_db()
    assert (selection_round.state, selection_round.events.count()) == (RoundState.REGISTRATION_OPEN, 0)

    # Yes: the round moves, with the reason typed above the button.
    page.confirm = True
    button.click()
    expect(page.locator("h1 .badge")).to_have_text("Hết hạn nhận hồ sơ")
    assert page.dialogs == [SENTENCE, SENTENCE]
    selection_round = SelectionRound.objects.get(pk=selection_round.pk)
    assert selection_round.state == RoundState.REGISTRATION_CLOSED
    assert list(selection_round.events.values_list("to_state", "reason")) == [
        ("registration_closed", "Hết hạn theo kế hoạch.")]
