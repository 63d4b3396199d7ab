"""End to end in headless Chromium: nominate, return for correction, fix, resubmit, accept."""

import pytest
from playwright.sync_api import expect

from catalog import enums as catalog_enums
from scoring.enums import NominationState
from scoring.models import Nomination
from tests.browser import login
from tests.factories import ProducerFactory, ProductFactory, ProvinceFactory, SelectionRoundFactory, UserFactory

from .conftest import make_complete

pytestmark = [
    pytest.mark.browser,
    # Flushing after a transactional test would drop the provinces loaded by migrations: restore them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_nominate_return_fix_resubmit_accept(live_server, browser):
    producer_user = UserFactory(email="htx-gom@example.vn")
    producer = ProducerFactory(name="Hợp tác xã Gốm Bát Tràng", users=[producer_user])
    product = make_complete(ProductFactory(producer=producer, name="Bình gốm men lam Bát Tràng"))
    selection_round = SelectionRoundFactory(title="Bình chọn cấp xã Bát Tràng 2026")
    UserFactory(email="thu-ky@example.vn", role=catalog_enums.Role.SECRETARIAT,
                scope_level=catalog_enums.ScopeLevel.PROVINCE, scope_province=ProvinceFactory())
    base = live_server.url

    # The producer finds the open round, creates the nomination and submits it.
    producer_page = login(browser, base, "htx-gom@example.vn")
    producer_page.goto(f"{base}/binh-chon/dot-dang-mo/")
    producer_page.get_by_role("link", name="Đề cử sản phẩm").click()
    producer_page.select_option("select[name=product]", str(product.pk))
    producer_page.fill("textarea[name=sample_delivery]", "Giao mẫu tại UBND xã")
    producer_page.get_by_role("button", name="Tạo hồ sơ đề cử").click()
    producer_page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(producer_page.locator("h1 .badge")).to_have_text("Đã nộp")
    nomination = Nomination.objects.get(round=selection_round, product=product)

    # The secretariat returns it for correction, with a reason.
    secretary_page = login(browser, base, "thu-ky@example.vn")
    secretary_page.goto(f"{base}/binh-chon/thu-ky/dot/{selection_round.pk}/ho-so/")
    secretary_page.get_by_role("link", name=product.name).click()
    secretary_page.fill("textarea[name=reason]", "Ghi rõ ngày giao mẫu.")
    secretary_page.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(secretary_page.locator("h1 .badge")).to_have_text("Trả lại để bổ sung")

    # The producer reads the reason, fixes the dossier and resubmits.
    producer_page.goto(f"{base}/binh-chon/de-cu/{nomination.pk}/")
    expect(producer_page.get_by_role("alert")).to_contain_text("Ghi rõ ngày giao mẫu.")
    producer_page.fill("textarea[name=sample_delivery]", "Giao mẫu tại UBND xã ngày 10/3/2026")
    producer_page.get_by_role("button", name="Lưu").click()
    producer_page.get_by_role("button", name="Nộp lại hồ sơ").click()
    expect(producer_page.locator("h1 .badge")).to_have_text("Đã nộp")

    # The secretariat accepts it.
    secretary_page.reload()
    secretary_page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(secretary_page.locator("h1 .badge")).to_have_text("Đã tiếp nhận")

    nomination.refresh_from_db()
    assert nomination.state == NominationState.ACCEPTED
    assert nomination.snapshot["sample_delivery"] == "Giao mẫu tại UBND xã ngày 10/3/2026"
    assert list(nomination.events.values_list("to_state", flat=True)) == [
        "draft", "submitted", "returned", "submitted", "accepted"]
