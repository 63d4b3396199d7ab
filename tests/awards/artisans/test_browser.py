"""End to end in headless Chromium at phone width: a candidate files and submits her dossier, the provincial
secretariat accepts it, a council session records attendance and ballots (two members online, one on paper),
the count shows who passed and who did not, and after the later councils (through the services) the final
decision puts the artisan in the public register."""

import datetime

import pytest
from playwright.sync_api import expect

from awards.artisans import services, voting
from awards.artisans.enums import CouncilLevel, NominationState
from awards.artisans.models import ArtisanNomination, CommentPeriod
from tests.browser import FACTORY_PASSWORD
from tests.images import jpeg_bytes, pdf_bytes

from .conftest import ArtisanNominationFactory, ArtisanRoundFactory, make_complete, make_council, members, vote

pytestmark = [
    pytest.mark.browser,
    # Flushing after a transactional test would drop the provinces and the default policy the migrations load.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
S = NominationState
PHONE = {"width": 360, "height": 780}


def sign_in(browser, base, email):
    """Logged in at phone width; each confirmation (confirm.js) is answered yes and kept in page.dialogs."""
    page = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    page.dialogs = []

    def answer(dialog):
        page.dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", FACTORY_PASSWORD)
    page.click("form button[type=submit].primary")
    page.wait_for_load_state()
    return page


def fits(page) -> None:
    """Nothing wider than the phone's screen."""
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url


def test_candidate_to_register(live_server, browser, screenshot_dir, candidate, secretary, national_secretary,
                               ha_noi):
    base = live_server.url
    artisan_round = ArtisanRoundFactory()
    council = make_council(artisan_round, province=ha_noi, size=3, by=secretary)
    chair, standing_vice, vice = members(council)
    rival = make_complete(ArtisanNominationFactory(round=artisan_round, province=ha_noi, full_name="Phạm Văn Lam"))
    for state in (S.SUBMITTED, S.ACCEPTED):
        services.set_nomination_state(nomination=rival, new_state=state, by=secretary)

    # The candidate files her declaration, adds her portrait and evidence, and submits.
    page = sign_in(browser, base, candidate.email)
    page.get_by_role("link", name="Hồ sơ nghệ nhân").click()
    page.get_by_role("link", name="Lập hồ sơ").click()
    page.get_by_label("Danh hiệu đề nghị").select_option(label="Nghệ nhân ưu tú")
    page.get_by_label("Họ và tên").fill("Trần Thị Gốm")
    page.get_by_label("Số căn cước công dân").fill("001185000123")
    page.get_by_label("Ngày sinh").fill("1965-03-08")
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.get_by_label("Địa chỉ thường trú").fill("Thôn Giang Cao, xã Bát Tràng")
    page.get_by_label("Tỉnh/thành phố").select_option(label="Hà Nội")
    page.locator("#id_craft").fill("Gốm sứ")  # "Nghề" alone is part of other labels
    page.get_by_label("Số năm hành nghề").fill("28")
    page.get_by_label("Số người đã được truyền nghề").fill("60")
    fits(page)
    page.get_by_role("button", name="Lưu bản khai").click()
    expect(page.locator("h1")).to_contain_text("Trần Thị Gốm")
    expect(page.get_by_text("28 năm; tối thiểu 15 năm.")).to_be_visible()
    page.locator("#id_image").set_input_files(
        {"name": "chan-dung.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((300, 400))})
    page.get_by_role("button", name="Tải ảnh lên").click()
    for kind in ("Bản khai có xác nhận của địa phương", "Ảnh tác phẩm, ảnh hành nghề", "Minh chứng truyền nghề"):
        page.get_by_label("Loại minh chứng").select_option(label=kind)
        page.get_by_label("Tệp", exact=True).set_input_files(
            {"name": "minh-chung.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()})
        page.get_by_role("button", name="Thêm", exact=True).click()
        expect(page.get_by_text("Đã thêm minh chứng.")).to_be_visible()
    fits(page)
    page.screenshot(path=str(screenshot_dir / "artisan-dossier-360.png"), full_page=True)
    page.get_by_role("link", name="Nộp hồ sơ").click()
    page.get_by_label("Tôi xác nhận nội dung kê khai là đúng").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Đã nộp hồ sơ cho Sở Công Thương.")).to_be_visible()
    nomination = ArtisanNomination.objects.get(user=candidate)
    assert nomination.state == S.SUBMITTED

    # The Sở Công Thương checks it: complete.
    page = sign_in(browser, base, secretary.email)
    page.goto(f"{base}/nghe-nhan/ho-so/{nomination.pk}/")
    page.get_by_label("Hồ sơ đầy đủ, hợp lệ").check()
    page.get_by_label("Kết quả được gửi cho người đề nghị").check()
    page.get_by_role("button", name="Ghi kết quả kiểm tra").click()
    expect(page.get_by_text("Đã ghi kết quả kiểm tra")).to_be_visible()

    # The provincial council meets: attendance, the ballot opens.
    page.goto(f"{base}/nghe-nhan/thu-ky/hoi-dong/{council.pk}/")
    page.get_by_label("Ngày họp").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Tạo phiên họp").click()
    for member in (chair, standing_vice, vice):
        page.get_by_label(f"{member.user.full_name} – {member.get_role_display()}").check()
    page.get_by_role("button", name="Ghi điểm danh").click()
    expect(page.locator("#quorum")).to_contain_text("Có mặt 3/3 thành viên")
    page.get_by_label("Mở bỏ phiếu: danh sách thành viên").check()
    page.get_by_role("button", name="Mở bỏ phiếu").click()
    session_url = page.url
    fits(page)

    # Two members vote from their own accounts; the third hands in paper, which the secretary enters.
    for member, rival_choice in ((chair, "Đồng ý"), (standing_vice, "Không đồng ý")):
        ballot = sign_in(browser, base, member.user.email)
        ballot.goto(session_url)
        ballot.get_by_role("link", name="Bỏ phiếu của tôi").click()
        ballot.get_by_role("group", name="Trần Thị Gốm").get_by_label("Đồng ý", exact=True).check()
        ballot.get_by_role("group", name="Phạm Văn Lam").get_by_label(rival_choice, exact=True).check()
        ballot.get_by_label("Tôi hiểu phiếu đã bỏ không sửa").check()
        fits(ballot)
        ballot.get_by_role("button", name="Bỏ phiếu").click()
        expect(ballot.get_by_text("Phiếu của bạn đã được bỏ vào hòm phiếu.")).to_be_visible()
        expect(ballot.locator("#tally")).to_have_count(0)  # no running count
    page.goto(session_url)
    expect(page.locator("#vote-progress")).to_have_text("2/3 thành viên có mặt đã bỏ phiếu.")
    page.get_by_role("link", name="Nhập phiếu giấy").click()
    page.get_by_label(f"{vice.user.full_name} – {vice.get_role_display()}").check()
    page.get_by_label("Trần Thị Gốm: số phiếu đồng ý").fill("1")
    page.get_by_label("Trần Thị Gốm: số phiếu không đồng ý").fill("0")
    page.get_by_label("Phạm Văn Lam: số phiếu đồng ý").fill("0")
    page.get_by_label("Phạm Văn Lam: số phiếu không đồng ý").fill("1")
    page.get_by_label("Số phiếu đã được ban kiểm phiếu đếm").check()
    page.get_by_role("button", name="Ghi phiếu giấy").click()

    # Counting: 3/3 passes, 1/3 does not (90% of all members are needed).
    page.get_by_label("Kết thúc bỏ phiếu và kiểm phiếu").check()
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    assert page.dialogs[-1].startswith(
        "Kết thúc bỏ phiếu và kiểm phiếu: 3/3 thành viên có mặt đã bỏ phiếu cho 2 hồ sơ;")
    tally = page.locator("#tally tbody tr")
    expect(tally.filter(has_text="Trần Thị Gốm")).to_contain_text("3")
    expect(tally.filter(has_text="Trần Thị Gốm")).to_contain_text("Đạt")
    expect(tally.filter(has_text="Phạm Văn Lam")).to_contain_text("Không đạt")
    page.screenshot(path=str(screenshot_dir / "artisan-tally-360.png"), full_page=True)
    fits(page)
    assert [ArtisanNomination.objects.get(pk=pk).state for pk in (nomination.pk, rival.pk)] == [
        S.PROVINCIAL_PASSED, S.NOT_PASSED]

    # The ministerial council, 20 days of public comment and the State council, through the services.
    for level in (CouncilLevel.MINISTERIAL, CouncilLevel.STATE):
        if level == CouncilLevel.STATE:
            period = services.open_comment_period(artisan_round=artisan_round, opens_on=datetime.date.today(),
                                                  by=national_secretary)
            CommentPeriod.objects.filter(pk=period.pk).update(
                opens_on=datetime.date.today() - datetime.timedelta(days=25),
                closes_on=datetime.date.today() - datetime.timedelta(days=6))
        upper = make_council(artisan_round, level=level, size=3, by=national_secretary)
        held = voting.create_session(council=upper, held_on=datetime.date.today(), by=national_secretary)
        voting.record_attendance(session=held, present=members(upper), by=national_secretary)
        voting.open_voting(session=held, by=national_secretary)
        for member in members(upper):
            vote(held, member, {nomination: "approve"})
        voting.close_session(session=held, by=national_secretary)

    # The final decision, entered by the national secretariat; the register shows her.
    page = sign_in(browser, base, national_secretary.email)
    page.goto(f"{base}/nghe-nhan/thu-ky/dot/{artisan_round.pk}/quyet-dinh/")
    page.get_by_label("Số quyết định").fill("1620/QĐ-CTN")
    page.get_by_label("Ngày quyết định").fill(datetime.date.today().isoformat())
    page.get_by_label("Ghi quyết định: khi phong tặng").check()
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_text("Đã ghi quyết định cho Trần Thị Gốm.")).to_be_visible()

    visitor = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    visitor.goto(f"{base}/")
    visitor.get_by_role("link", name="Nghệ nhân", exact=True).click()
    visitor.get_by_label("Tìm nghệ nhân").fill("tran thi gom")
    visitor.get_by_role("button", name="Tìm").click()
    visitor.get_by_role("link", name="Trần Thị Gốm").click()
    expect(visitor.locator("h1")).to_have_text("Trần Thị Gốm")
    expect(visitor.locator("main")).to_contain_text("Nghệ nhân ưu tú")
    expect(visitor.locator("main")).to_contain_text("Gốm sứ")
    expect(visitor.get_by_alt_text("Trần Thị Gốm")).to_be_visible()
    assert "001185000123" not in visitor.content()
    fits(visitor)
    visitor.screenshot(path=str(screenshot_dir / "artisan-page-360.png"), full_page=True)
