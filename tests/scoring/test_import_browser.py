"""End to end in headless Chromium: the secretariat uploads a nomination list, reads the dry run's preview, confirms
the count it is asked about, and the import stores exactly the previewed rows."""

import pytest
from playwright.sync_api import expect

from scoring.models import Nomination
from tests.browser import login
from tests.factories import ProductFactory, SelectionRoundFactory
from tests.scoring.test_round_import_pages import NOMINATION_HEADERS, xlsx_file

pytestmark = [
    pytest.mark.browser,
    # Flushing after a transactional test would drop the provinces loaded by migrations: restore them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_upload_preview_confirm_import(live_server, browser, secretary, producer, screenshot_dir):
    selection_round = SelectionRoundFactory(title="Bình chọn cấp xã Bát Tràng 2026")
    for name in ("Lọ hoa men rạn", "Đĩa sứ vẽ lam"):
        ProductFactory(producer=producer, name=name)
    file = xlsx_file(NOMINATION_HEADERS, [producer.tax_code, "Lọ hoa men rạn", ""],
                     [producer.tax_code, "Đĩa sứ vẽ lam", ""])
    page = login(browser, live_server.url, secretary.email)

    page.goto(f"{live_server.url}/binh-chon/thu-ky/dot/{selection_round.pk}/")
    page.get_by_role("link", name="Nhập từ bảng tính").click()
    page.get_by_label("Loại dữ liệu").select_option("nominations")
    page.get_by_label("Tệp bảng tính (.xlsx hoặc .csv)").set_input_files(
        {"name": "de-cu.xlsx", "mimeType": "application/octet-stream", "buffer": file.read()})
    page.get_by_role("button", name="Tải lên và kiểm tra thử").click()

    expect(page.locator("#import-summary")).to_contain_text("Kiểm tra xong, chưa lưu gì: 2 dòng sẽ được nhập.")
    expect(page.locator("#import-rows tbody tr")).to_have_count(2)
    assert Nomination.objects.count() == 0
    page.screenshot(path=screenshot_dir / "scoring-import-preview.png", full_page=True)
    page.get_by_role("button", name="Nhập 2 dòng").click()

    expect(page.locator("#import-summary")).to_contain_text("Đã nhập 2 dòng.")
    assert page.dialogs == ["Nhập 2 dòng vào đợt này? Việc nhập không hoàn tác được."]
    assert sorted(Nomination.objects.values_list("product__name", flat=True)) == ["Lọ hoa men rạn", "Đĩa sứ vẽ lam"]
