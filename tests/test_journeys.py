"""The journeys on the seeded demo, in headless Chromium: a first-time visitor, a producer, a jury member and the
secretariat (every page of a round: list, detail, dossiers, juries, progress, ranking, report, decisions,
certificates, imports, statistics, artisan rounds).

Each persona starts at the home page and follows the site's own links (one page of each kind: /san-pham/12/ and
/san-pham/31/ are the same page), so a page added later is walked without editing this file. Every page must fit a
360 px phone (no sideways scrolling of the whole page) and have no serious or critical axe-core finding; each page
is photographed at 360 and 1280 px into var/screenshots/ (git-ignored) for a person to look at.
"""

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from catalog.demo import DEMO_PASSWORD
from tests.browser import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Not pages: files, the language switch, the back office's admin, logging out.
SKIP = re.compile(r"\.(pdf|xlsx|zip|csv|json|xml|txt)$|^/(i18n|quan-tri|media|static)/|dang-xuat|tai-ve|tai-xuong")
MAX_PAGES = 30
# The secretariat works on many more kinds of page than the other personas.
MAX_PAGES_FOR = {"secretariat": 80}

# persona → (login, where the walk starts: the persona's own pages first, then the public site).
JOURNEYS = {
    "visitor": (None, ["/"]),
    "producer": ("sanxuat@demo.vn", ["/co-so/", "/binh-chon/dot-dang-mo/", "/binh-chon/de-cu/", "/chung-nhan/ket-qua/",
                                     "/"]),
    "jury": ("giamkhao1@demo.vn", ["/binh-chon/giam-khao/", "/"]),
    "secretariat": ("thuky.hanoi@demo.vn", ["/binh-chon/thu-ky/dot/", "/chung-nhan/thu-ky/quyet-dinh/",
                                            "/chung-nhan/thu-ky/", "/chung-nhan/thu-ky/khieu-nai/",
                                            "/chung-nhan/thu-ky/nhap-tep/", "/binh-chon/thu-ky/thang-diem/",
                                            "/thu-ky/thong-ke/", "/thu-ky/bao-cao-hang-nam/",
                                            "/thu-ky/bao-cao-dinh-ky/", "/nghe-nhan/thu-ky/"]),
}


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def page_problems(page, axe: Axe) -> list[str]:
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{overflow} px wider than the screen")
    result = axe.run(page)
    problems += [f"axe {v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
                 for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    return problems


def walk(page, base: str, persona: str, start: list[str], axe: Axe) -> tuple[list[str], dict[str, list[str]]]:
    """Breadth-first over same-site links from the start pages; returns the pages seen and each page's problems."""
    seen_shapes, visited, problems = set(), [], {}
    queue = list(start)
    while queue and len(visited) < MAX_PAGES_FOR.get(persona, MAX_PAGES):
        path = queue.pop(0)
        if shape(path) in seen_shapes:
            continue
        seen_shapes.add(shape(path))
        try:
            response = page.goto(base + path)
        except PlaywrightError as exc:  # a link to a file the pattern above did not recognise
            if "Download is starting" in str(exc):
                continue
            raise
        visited.append(path)
        if response is None or response.status >= 400:
            problems[path] = [f"HTTP {response.status if response else '?'}"]
            continue
        page.set_viewport_size(PHONE)
        found = page_problems(page, axe)
        if found:
            problems[path] = found
        name = f"{persona}{shape(path).replace('/', '_').rstrip('_') or '_home'}"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-360.png"), full_page=True)
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-1280.png"), full_page=True)
        page.set_viewport_size(PHONE)
        links = page.eval_on_selector_all("main a[href], header a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in links:
            parts = urlsplit(urljoin(page.url, href))
            if parts.netloc != urlsplit(base).netloc or parts.query or SKIP.search(parts.path):
                continue
            if shape(parts.path) not in seen_shapes:
                queue.append(parts.path)
    return visited, problems


def secretariat_round_pages(email: str) -> list[str]:
    """The pages of one of the secretary's rounds past registration (found by query: the demo may grow), first:
    the walk keeps one page of each shape, and only such a round's page links to its progress and report."""
    from django.contrib.auth import get_user_model

    from scoring.enums import ROUND_STATES_BEFORE_SCORING
    from scoring.permissions import rounds_for_secretariat

    user = get_user_model().objects.get(email=email)
    selection_round = (rounds_for_secretariat(user).exclude(state__in=ROUND_STATES_BEFORE_SCORING)
                       .order_by("-year", "pk").first())
    base = f"/binh-chon/thu-ky/dot/{selection_round.pk}/"
    return [base, f"{base}tien-do-cham/", f"{base}xep-hang/", f"{base}bao-cao/"]


def test_every_journey_page_fits_a_phone_and_passes_axe(live_server, browser):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    email, start = JOURNEYS["secretariat"]
    journeys = {**JOURNEYS, "secretariat": (email, secretariat_round_pages(email) + start)}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    visited, problems = {}, {}
    for persona, (email, start) in journeys.items():
        if email:
            page = login(browser, live_server.url, email, DEMO_PASSWORD)
        else:
            page = browser.new_context(locale="vi-VN").new_page()
        page.set_viewport_size(PHONE)
        visited[persona], found = walk(page, live_server.url, persona, start, axe)
        problems.update({f"{persona} {path}": issues for path, issues in found.items()})
        page.context.close()

    # Positive control: each walk reached the pages its persona works on, not just the login form.
    assert "/binh-chon/de-cu/" in visited["producer"] and "/chung-nhan/ket-qua/" in visited["producer"]
    assert {"/binh-chon/dot/N/de-cu/", "/co-so/san-pham/N/"} <= {shape(p) for p in visited["producer"]}
    assert "/binh-chon/giam-khao/" in visited["jury"]
    assert any(shape(p) == "/binh-chon/giam-khao/ho-so/N/" for p in visited["jury"])
    secretariat = {shape(p) for p in visited["secretariat"]}
    assert {"/binh-chon/thu-ky/dot/", "/binh-chon/thu-ky/dot/N/", "/binh-chon/thu-ky/dot/N/ho-so/",
            "/binh-chon/thu-ky/ho-so/N/", "/binh-chon/thu-ky/dot/N/giam-khao/", "/binh-chon/thu-ky/dot/N/tien-do-cham/",
            "/binh-chon/thu-ky/dot/N/xep-hang/", "/binh-chon/thu-ky/dot/N/bao-cao/", "/chung-nhan/thu-ky/quyet-dinh/",
            "/chung-nhan/thu-ky/quyet-dinh/N/", "/chung-nhan/thu-ky/", "/chung-nhan/thu-ky/nhap-tep/",
            "/thu-ky/thong-ke/", "/nghe-nhan/thu-ky/"} - secretariat == set(), (sorted(secretariat), problems)
    assert "/san-pham/" in visited["visitor"] and "/thong-ke/" in visited["visitor"]
    assert problems == {}
