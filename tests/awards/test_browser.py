"""End to end in headless Chromium: the secretariat publishes a decision, downloads a certificate PDF, and the
public verification page shows the certificate."""

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from catalog import enums as catalog_enums
from catalog.models import Certificate
from tests.browser import login
from tests.factories import (
    DecisionEntryFactory,
    ProducerFactory,
    ProductFactory,
    ProvinceFactory,
    ResultsDecisionFactory,
    UserFactory,
)

from .conftest import attach_scan

pytestmark = [
    pytest.mark.browser,
    # Flushing after a transactional test would drop the provinces loaded by migrations: restore them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_publish_download_and_verify(live_server, browser, screenshot_dir):
    UserFactory(email="thu-ky@example.vn", role=catalog_enums.Role.SECRETARIAT,
                scope_level=catalog_enums.ScopeLevel.PROVINCE, scope_province=ProvinceFactory())
    decision = attach_scan(ResultsDecisionFactory(state="approved", number="2150/QĐ-UBND"))
    DecisionEntryFactory(decision=decision, nomination__product=ProductFactory(
        name="Bình gốm men lam Bát Tràng", producer=ProducerFactory(name="Hợp tác xã Gốm sứ Bát Tràng")))
    base = live_server.url

    # The secretariat publishes the approved decision.
    page = login(browser, base, "thu-ky@example.vn")
    page.goto(f"{base}/chung-nhan/thu-ky/quyet-dinh/")
    page.get_by_role("link", name=decision.round.title).click()
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.locator("#decision-state")).to_have_text("Đã công bố")
    number = Certificate.objects.get().number
    assert number == "T-01-2026-0001"

    # ...downloads the certificate PDF from the decision's list and reads it.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=number).click()
    reader = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Bình gốm men lam Bát Tràng" in text
    assert number in text
    page.screenshot(path=screenshot_dir / "awards-decision-published.png", full_page=True)

    # ...and builds the ZIP of all certificates in the background; the script shows progress, then the link.
    page.get_by_role("link", name="Tải tất cả giấy chứng nhận (ZIP)").click()
    page.wait_for_selector("#job[data-ready='1']")
    page.get_by_role("button", name="Tạo tệp ZIP").click()
    expect(page.locator("#job-text")).to_contain_text("1/1")
    with page.expect_download() as zip_info:
        page.get_by_role("link", name="Tải tệp ZIP").click()
    assert zipfile.ZipFile(zip_info.value.path()).namelist() == [f"{number}.pdf"]

    # Anyone can verify it by number, as the QR code would lead them.
    public = browser.new_context(locale="vi-VN").new_page()
    public.goto(f"{base}/chung-nhan/xac-minh/")
    public.fill("input[name=so]", number)
    public.get_by_role("button", name="Tra cứu").click()
    expect(public.locator("h1")).to_have_text(f"Giấy chứng nhận số {number}")
    expect(public.locator("main")).to_contain_text("Bình gốm men lam Bát Tràng")
    expect(public.locator(".verify-status")).to_contain_text("Còn hiệu lực")
    public.screenshot(path=screenshot_dir / "awards-verify.png", full_page=True)
