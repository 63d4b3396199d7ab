"""End to end in headless Chromium on a 360 px phone: the link to a large nominations export opens the page saying how
many rows the file will have, starting nothing; its button queues the job, whose progress the same page shows until
the file is offered; a reload starts no second job."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from catalog.models import Job
from tests.browser import login
from tests.scoring.test_nomination_exports import nominations  # noqa: F401  (a fixture)

pytestmark = [
    pytest.mark.browser,
    # Flushing after a transactional test would drop the provinces loaded by migrations: restore them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def problems(page) -> list[str]:
    found = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        found.append(f"{overflow} px wider than the screen")
    result = Axe().run(page)
    return found + [f"axe {v['id']} ({v['impact']})" for v in result.response["violations"]
                    if v["impact"] in ("serious", "critical")]


def test_large_export_on_a_phone(live_server, browser, secretary, nominations, settings,  # noqa: F811
                                 screenshot_dir):
    settings.EXPORT_INLINE_MAX_ROWS = 1  # the round's three nominations are a large list
    page = login(browser, live_server.url, secretary.email)
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{live_server.url}/binh-chon/thu-ky/dot/{nominations.pk}/ho-so/")
    page.get_by_role("link", name="Xuất CSV").click()
    expect(page.locator("#job")).to_contain_text("có 3 hồ sơ")
    expect(page.locator("#job")).to_have_attribute("data-ready", "1")
    expect(page.locator("#job-download")).to_be_hidden()  # no file yet
    before = (Job.objects.count(), problems(page))
    page.screenshot(path=screenshot_dir / "scoring-large-export-360.png", full_page=True)
    page.get_by_role("button", name="Tạo tệp").click()

    expect(page.locator("#job-download")).to_be_visible()
    expect(page.locator("#job-text")).to_contain_text("Đã xong: 3/3")
    page.reload()
    expect(page.locator("#job-download")).to_be_visible()

    assert before == (0, [])
    assert problems(page) == []
    assert Job.objects.count() == 1
