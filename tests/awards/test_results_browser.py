"""End to end in headless Chromium at 360 px: the secretariat reads the report and the ranking, draws up the first
proposal in one action and changes one line. No page is wider than the screen (wide tables scroll inside
their own box) and the strict Content-Security-Policy reports nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from awards.models import DecisionEntry
from catalog import enums as catalog_enums
from tests.browser import FACTORY_PASSWORD
from tests.factories import (
    JuryMemberFactory,
    NominationFactory,
    ProvinceFactory,
    ResultsDecisionFactory,
    UserFactory,
    add_sheet,
    make_rubric,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_report_ranking_and_decision_list_at_360px(live_server, browser, screenshot_dir):
    province = ProvinceFactory()
    UserFactory(email="thu-ky@example.vn", role=catalog_enums.Role.SECRETARIAT,
                scope_level=catalog_enums.ScopeLevel.PROVINCE, scope_province=province)
    criteria = make_rubric()
    decision = ResultsDecisionFactory(round__rubric=criteria[0].group.rubric, round__scope_province=province)
    members = [JuryMemberFactory(jury__round=decision.round).user for _ in range(3)]
    for i in range(8):
        nomination = NominationFactory(round=decision.round, state="accepted",
                                       product__name=f"Sản phẩm thủ công số {i} có tên khá dài để xuống dòng")
        for member in members:
            add_sheet(nomination, member, criteria, ["20", "10", "15", str(2 + i), "10", "10"])  # 67 + i
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    violations = []
    page = context.new_page()
    page.on("console", lambda message: violations.append(message.text) if message.type == "error" else None)
    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", "thu-ky@example.vn")
    page.fill("input[name=password]", FACTORY_PASSWORD)
    page.click("form button[type=submit].primary")
    page.wait_for_load_state()

    widths = {}
    page.goto(base + reverse("scoring:round_report", args=[decision.round.pk]))
    expect(page.locator("h1")).to_have_text("Báo cáo kết quả chấm điểm")
    widths["report"] = page_width(page)
    page.screenshot(path=str(screenshot_dir / "report-360.png"), full_page=True)
    page.get_by_role("link", name="Toàn bộ bảng xếp hạng").click()
    expect(page.locator("table.report-ranking tbody tr")).to_have_count(8)
    widths["ranking"] = page_width(page)
    page.screenshot(path=str(screenshot_dir / "ranking-360.png"), full_page=True)

    page.goto(base + reverse("awards:decision_entries", args=[decision.pk]))
    page.get_by_label("Lý do ghi cho các hồ sơ không được đề nghị").fill("Dưới ngưỡng 70 điểm")
    page.get_by_role("button", name="Lập danh sách").click()
    expect(page.locator("table.entries tbody tr")).to_have_count(8)
    widths["entries"] = page_width(page)
    first = page.locator("table.entries tbody tr").first
    first.get_by_placeholder("Lý do không công nhận").fill("Hội đồng đề nghị xét lại")
    first.get_by_role("button", name="Không công nhận").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "decision-entries-360.png"), full_page=True)

    top = DecisionEntry.objects.get(decision=decision, rank=1)
    assert widths == {"report": 360, "ranking": 360, "entries": 360}
    assert (top.recognised, top.exclusion_reason, top.average) == (False, "Hội đồng đề nghị xét lại", Decimal("74.00"))
    # 70 to 74 passed and were proposed; the council took the first one out.
    assert DecisionEntry.objects.filter(decision=decision, recognised=True).count() == 4
    assert [v for v in violations if "Content Security Policy" in v] == []
