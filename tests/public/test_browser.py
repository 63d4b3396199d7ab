"""End to end in headless Chromium: a visitor searches, filters by province, opens a product and its certificate."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from catalog import uploads
from catalog.models import Province
from config import urls as root_urls
from tests.factories import ProducerFactory, ProductFactory
from tests.images import jpeg_upload

from .conftest import current_certificate

pytestmark = [
    pytest.mark.browser,
    # Flushing after a transactional test would drop the provinces loaded by migrations: restore them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _served_media_root() -> Path:
    """The folder the live server's /media/ view serves (fixed when the URLconf was first imported)."""
    for pattern in root_urls.urlpatterns:
        if "document_root" in getattr(pattern, "default_args", {}):
            return Path(pattern.default_args["document_root"])
    raise AssertionError("SERVE_MEDIA is off")


@pytest.fixture
def served_media(settings):
    """Photos the browser can load: on S3 (S3_BUCKET) the public objects of this test's prefix, straight from the
    store; on disk the folder the live server serves, emptied of this test's photos afterwards."""
    if settings.S3_BUCKET:
        yield None
        return
    root = _served_media_root()
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(root), "base_url": "/media/"},
    }}
    before = set((root / "photos").glob("*")) if (root / "photos").exists() else set()
    yield root
    for folder in set((root / "photos").glob("*")) - before:
        shutil.rmtree(folder, ignore_errors=True)


def test_visitor_searches_filters_opens_product_and_certificate(live_server, browser, screenshot_dir, served_media):
    ha_noi = Province.objects.get(code="01")
    hai_phong = Province.objects.current().get(name="Hải Phòng")
    bat_trang = ProductFactory(name="Bình gốm men lam Bát Tràng",
                               producer=ProducerFactory(name="HTX Gốm Bát Tràng", province=ha_noi))
    uploads.add_photo(product=bat_trang, upload=jpeg_upload((1200, 900)), role="front",
                      caption="Bình gốm men lam, mặt trước")
    current_certificate(bat_trang, number="GCN-HN-2026-001", level="province")
    chu_dau = ProductFactory(name="Đĩa gốm Chu Đậu", producer=ProducerFactory(name="Xưởng gốm Chu Đậu",
                                                                               province=hai_phong))
    current_certificate(chu_dau, number="GCN-HP-2026-007")
    base = live_server.url

    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{base}/")
    page.get_by_label("Tìm sản phẩm được công nhận").fill("gom")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("link", name="Đĩa gốm Chu Đậu")).to_be_visible()

    # A typed old name (suggested by the field's datalist, with today's names): Hà Tây is part of Hà Nội now.
    province_field = page.get_by_label("Tỉnh/thành phố")
    suggestions = province_field.evaluate("el => Array.from(el.list.options, o => o.value)")
    assert "Hà Tây" in suggestions and "Hà Nội" in suggestions
    assert suggestions.index("Hà Nội") < suggestions.index("Hải Phòng") < suggestions.index("Huế")
    province_field.fill("Hà Tây")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("link", name="Đĩa gốm Chu Đậu")).to_have_count(0)
    expect(page.get_by_role("link", name="Bình gốm men lam Bát Tràng")).to_be_visible()
    expect(page.get_by_text("Hà Tây nay thuộc Hà Nội")).to_be_visible()
    assert "q=gom" in page.url and "tinh=H%C3%A0+T%C3%A2y" in page.url
    page.screenshot(path=str(screenshot_dir / "public-list-360.png"), full_page=True)

    page.get_by_role("link", name="Bình gốm men lam Bát Tràng").click()
    expect(page.locator("h1")).to_have_text("Bình gốm men lam Bát Tràng")
    expect(page.get_by_alt_text("Bình gốm men lam, mặt trước")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "public-product-360.png"), full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(screenshot_dir / "public-product-desktop.png"), full_page=True)
    page.go_back()
    page.screenshot(path=str(screenshot_dir / "public-list-desktop.png"), full_page=True)
    page.go_forward()

    page.get_by_role("link", name="GCN-HN-2026-001").click()
    expect(page.get_by_text("GCN-HN-2026-001").first).to_be_visible()
    assert page.url.endswith("/GCN-HN-2026-001/")
    page.screenshot(path=str(screenshot_dir / "public-verify-desktop.png"), full_page=True)
    context.close()
