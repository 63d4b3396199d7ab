"""In headless Chromium at 360 px: a secretariat list's export links fit the phone's width and download the
filtered rows (the decision's draft list, the certificates in scope)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from catalog import enums
from tests.browser import login
from tests.factories import (
    CertificateFactory,
    DecisionEntryFactory,
    ProvinceFactory,
    ResultsDecisionFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    # Flushing after a transactional test would drop the provinces loaded by migrations: restore them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def overflow(page) -> int:
    """How far the page reaches past the window's width (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def downloaded(page, link_name: str) -> list[list[str]]:
    link = page.locator(".export-links").get_by_role("link", name=link_name)
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        return list(csv.reader(io.StringIO(file.read())))


def test_export_links_fit_a_phone_and_download_the_filtered_rows(live_server, browser, screenshot_dir):
    secretary = UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE,
                            scope_province=ProvinceFactory())
    decision = ResultsDecisionFactory()
    DecisionEntryFactory(decision=decision, rank=1, average=Decimal("88.00"), scored=False,
                         nomination__product__name="Bình gốm Bát Tràng")
    DecisionEntryFactory(decision=decision, rank=2, average=Decimal("60.00"), recognised=False, scored=False,
                         exclusion_reason="Dưới ngưỡng", nomination__product__name="Giỏ mây")
    CertificateFactory(number="XA-01-2025-0001")
    page = login(browser, live_server.url, secretary.email)
    page.set_viewport_size({"width": 360, "height": 780})

    page.goto(live_server.url + reverse("awards:decision_entries", args=[decision.pk]))
    page.get_by_label("Kết quả").select_option(label="Được công nhận")
    page.get_by_role("button", name="Lọc").click()
    assert overflow(page) == 0
    page.screenshot(path=str(screenshot_dir / "decision-entries-export-360.png"), full_page=True)
    rows = downloaded(page, "Xuất CSV")
    assert [row[2] for row in rows[1:]] == ["Bình gốm Bát Tràng"]

    page.goto(live_server.url + reverse("awards:certificate_list"))
    assert overflow(page) == 0
    assert [row[0] for row in downloaded(page, "Xuất CSV")[1:]] == ["XA-01-2025-0001"]
    page.context.close()
