"""End to end in headless Chromium: a jury member scores with autosave, reloads, submits, and is locked out."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from scoring.enums import SheetStatus
from scoring.models import ScoreChange, ScoreSheet
from tests.browser import login

from .conftest import FULL_SHEET

pytestmark = [
    pytest.mark.browser,
    # Flushing after a transactional test would drop the rows loaded by migrations (provinces, the official
    # rubric): restore them.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def score(page, code):
    return page.locator(f'[id="score-{code}"]')


def test_score_with_autosave_reload_submit_locked(live_server, browser, jury, accepted, judge, screenshot_dir):
    base = live_server.url
    page = login(browser, base, judge.email)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/binh-chon/giam-khao/")
    page.get_by_role("link", name=accepted.product.name).click()

    # Keyboard only: type a value, Tab to the next field; each change is saved as the member goes.
    score(page, "1.1").focus()
    for code, value in list(FULL_SHEET.items())[:4]:
        score(page, code).fill(value)
        page.keyboard.press("Tab")
    expect(page.locator("#sheet-total")).to_have_text("55,5")
    expect(page.locator("#autosave-status")).to_have_text("Đã lưu")
    score(page, "2.3").fill("99")
    page.keyboard.press("Tab")
    expect(page.locator('[id="error-2.3"]')).to_have_text("Điểm tối đa của tiêu chí này là 10.")

    # The draft survives a reload (on a phone-sized screen here: the sheet must work there too).
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.screenshot(path=str(screenshot_dir / "jury_sheet_phone.png"), full_page=True)
    expect(score(page, "1.2")).to_have_value("17,5")
    expect(score(page, "2.3")).to_have_value("")
    expect(page.locator("#sheet-total")).to_have_text("55,5")

    for code, value in list(FULL_SHEET.items())[4:]:
        score(page, code).fill(value)
        page.keyboard.press("Tab")
    expect(page.locator("#sheet-total")).to_have_text("84")
    # Enter in a field posts the whole sheet as a draft (the first button of the form is "Lưu nháp").
    score(page, "4").press("Enter")
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.locator("#sheet-locked")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "jury_sheet_submitted.png"), full_page=True)

    # Locked: every input disabled, no save button.
    expect(score(page, "1.1")).to_be_disabled()
    expect(page.get_by_role("button", name="Nộp phiếu")).to_have_count(0)
    sheet = ScoreSheet.objects.get()
    assert (sheet.status, str(sheet.total)) == (SheetStatus.SUBMITTED, "84.00")
    # Every value arrived through autosave; the final post found nothing left to change.
    assert list(ScoreChange.objects.values_list("path", flat=True)) == ["autosave"] * 8 + ["submit"]
    assert errors == []


def test_submit_asks_first_and_no_keeps_the_draft(live_server, browser, jury, accepted, judge):
    base = live_server.url
    page = login(browser, base, judge.email, confirm=False)
    page.goto(f"{base}/binh-chon/giam-khao/ho-so/{accepted.pk}/")
    for code, value in FULL_SHEET.items():
        score(page, code).fill(value)
    page.get_by_role("button", name="Nộp phiếu").click()

    # Answered "no": still on the editable sheet, nothing submitted.
    expect(score(page, "1.1")).to_be_enabled()
    assert page.dialogs == ["Nộp phiếu chấm? Sau khi nộp, phiếu bị khóa và bạn không sửa được nữa."]
    assert not ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED).exists()

    # Positive control: the same click answered "yes" submits.
    page.confirm = True
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.locator("#sheet-locked")).to_be_visible()
    assert ScoreSheet.objects.get().status == SheetStatus.SUBMITTED


def test_paper_entry_shows_the_running_total(live_server, browser, jury, accepted, judge, secretary):
    base = live_server.url
    page = login(browser, base, secretary.email)
    page.goto(f"{base}/binh-chon/thu-ky/ho-so/{accepted.pk}/phieu-giay/{judge.pk}/")
    expect(page.locator("#sheet-total")).to_have_text("0")

    score(page, "1.1").fill("18")
    score(page, "1.2").fill("17,5")  # a comma is as good as a point

    expect(page.locator("#sheet-total")).to_have_text("35,5")  # written the Vietnamese way
    score(page, "1.2").fill("6,0,5")  # not a number: left out of the running total
    expect(page.locator("#sheet-total")).to_have_text("18")
    assert not ScoreSheet.objects.exists()  # typing saves nothing here: the secretary posts the paper sheet


def test_paper_entry_running_total_in_english(live_server, browser, jury, accepted, judge, secretary):
    base = live_server.url
    page = login(browser, base, secretary.email)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])
    page.goto(f"{base}/binh-chon/thu-ky/ho-so/{accepted.pk}/phieu-giay/{judge.pk}/")

    score(page, "1.1").fill("18")
    score(page, "1.2").fill("17,5")  # a comma is still read in English

    expect(page.locator("#sheet-total")).to_have_text("35.5")
