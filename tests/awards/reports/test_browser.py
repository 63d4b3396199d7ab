"""In headless Chromium: the statistics page at 360 px and at 1280 px (no sideways scrolling), a filter changed
through the form (and kept in the address), the table downloaded."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CertificateFactory, ProducerFactory, ProductFactory

from .conftest import province

pytestmark = [
    pytest.mark.browser,
    # Flushing after a transactional test would drop the provinces loaded by migrations: restore them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def today() -> datetime.date:
    """Read when each test runs, in the project's time zone: a run may cross midnight."""
    return timezone.localdate()


def recognised(code: str, level: str = "province"):
    product = ProductFactory(producer=ProducerFactory(province=province(code)))
    CertificateFactory(product=product, level=level, issued_on=today() - datetime.timedelta(days=40),
                       valid_until=datetime.date(today().year + 2, 12, 31))


def overflow(page) -> int:
    """How far the page reaches past the window's width (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_statistics_at_phone_and_desktop_width_filter_and_download(live_server, browser, screenshot_dir):
    for code in ("01", "01", "cu-24", "79"):
        recognised(code)
    recognised("cu-27", level="national")
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780}, accept_downloads=True)
    page = context.new_page()

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Thống kê").first.click()
    expect(page.get_by_role("heading", name="Sản phẩm được công nhận theo tỉnh/thành phố")).to_be_visible()
    assert overflow(page) == 0
    page.screenshot(path=str(screenshot_dir / "statistics-360.png"), full_page=True)

    page.get_by_label("Tỉnh/thành phố", exact=True).select_option(label="Bắc Ninh")
    page.get_by_role("button", name="Lọc").click()
    assert "tinh=24" in page.url
    expect(page.locator("#theo-tinh tfoot td").last).to_have_text("2")  # old Bắc Giang and old Bắc Ninh: Bắc Ninh
    assert overflow(page) == 0

    with page.expect_download() as download:
        page.locator("#theo-tinh").get_by_role("link", name="CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(file.read()))}
    assert download.value.suggested_filename == "thong-ke-san-pham-theo-tinh.csv"
    assert (rows["Bắc Ninh"][-1], rows["Hà Nội"][-1], rows["Tổng cộng"][-1]) == ("2", "0", "2")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Giấy chứng nhận").first.click()
    expect(page.get_by_role("heading", name="Giấy chứng nhận theo cấp và tình trạng")).to_be_visible()
    assert "tinh=24" in page.url  # the sections keep the filters
    assert overflow(page) == 0
    page.screenshot(path=str(screenshot_dir / "statistics-desktop.png"), full_page=True)
    context.close()


def test_reporting_pages_fit_a_phone(live_server, browser, screenshot_dir):

    from awards.models import AnnualReportCycle
    from awards.reports import annual, periodic
    from catalog import enums
    from tests.browser import login
    from tests.factories import UserFactory

    today = timezone.localdate()
    secretary = UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE,
                            scope_province=province("01"))
    owner = UserFactory()
    holder = ProducerFactory(province=province("01"), users=[owner], name="Hợp tác xã Gốm sứ Bát Tràng Hà Nội")
    CertificateFactory(product=ProductFactory(producer=holder), issued_on=datetime.date(today.year - 1, 3, 1),
                       valid_until=datetime.date(today.year + 1, 12, 31))
    cycle = annual.save_cycle(cycle=AnnualReportCycle(year=today.year - 1, province=province("01"), opens_on=today,
                                                      deadline=today + datetime.timedelta(days=30)), by=secretary)
    report = periodic.generate(kind="provincial", province=province("01"), year=today.year - 1, half=0,
                               by=secretary)

    page = login(browser, live_server.url, secretary.email)
    page.set_viewport_size({"width": 360, "height": 780})
    for name, path in [("internal-statistics", "/thu-ky/thong-ke/dot-binh-chon/"),
                       ("cycle", f"/thu-ky/bao-cao-hang-nam/{cycle.pk}/"),
                       ("periodic-list", "/thu-ky/bao-cao-dinh-ky/"),
                       ("periodic", f"/thu-ky/bao-cao-dinh-ky/{report.pk}/")]:
        page.goto(live_server.url + path)
        assert (name, overflow(page)) == (name, 0)
        page.screenshot(path=str(screenshot_dir / f"reports-{name}-360.png"), full_page=True)

    page = login(browser, live_server.url, owner.email)
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/bao-cao-hang-nam/")
    page.get_by_role("link", name=f"Năm {today.year - 1}").click()
    expect(page.get_by_role("button", name="Nộp báo cáo")).to_be_visible()
    assert overflow(page) == 0
    page.screenshot(path=str(screenshot_dir / "reports-annual-form-360.png"), full_page=True)
