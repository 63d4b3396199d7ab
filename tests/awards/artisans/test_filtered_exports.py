"""The artisan-title secretariat's lists as files (`?export=xlsx|csv` on the page): the round's dossiers with the
page's filters and the province funnel, the signed public comments and the round's lines of the register (national
secretariat only, as their pages)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.artisans.enums import NominationState, Title, TitleSource
from awards.artisans.models import ArtisanTitle, CommentPeriod, PublicComment, set_register_keys
from tests.exports import FORMATS, FORMULA, NEUTRALISED, cells, column, export, queries

from .conftest import ArtisanNominationFactory, ArtisanRoundFactory

pytestmark = pytest.mark.django_db

CANDIDATE_HEADERS = ["Họ và tên", "Danh hiệu đề nghị", "Truy tặng", "Nghề", "Tỉnh/thành phố", "Số năm hành nghề",
                     "Số người đã truyền nghề", "Trạng thái", "Ngày nộp"]
COMMENT_HEADERS = ["Về nghệ nhân", "Người góp ý", "Điện thoại", "Địa chỉ", "Ngày gửi", "Nội dung góp ý", "Trả lời",
                   "Ngày trả lời"]
REGISTER_HEADERS = ["Họ và tên", "Danh hiệu", "Năm", "Nghề", "Tỉnh/thành phố", "Truy tặng", "Số quyết định"]


@pytest.fixture
def secretary(ha_noi):
    from catalog import enums
    from tests.factories import UserFactory

    return UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE, scope_province=ha_noi)


@pytest.fixture
def other_round(db):
    return ArtisanRoundFactory(number=5, title="Xét tặng lần thứ 5")


# --- The round's dossiers (artisans:round_nominations) --------------------------------------------------------


@pytest.fixture
def dossiers(artisan_round, other_round, ha_noi, other_province_secretary):
    """Hà Nội: two submitted (one named like a formula), one draft; Huế: one submitted; another round: one."""
    hue = other_province_secretary.scope_province
    for name, state, province, round_ in (
            ("Nguyễn Thị Men", NominationState.SUBMITTED, ha_noi, artisan_round),
            (FORMULA, NominationState.SUBMITTED, ha_noi, artisan_round),
            ("Trần Văn Nháp", NominationState.DRAFT, ha_noi, artisan_round),
            ("Lê Thị Huế", NominationState.SUBMITTED, hue, artisan_round),
            ("Phạm Văn Cũ", NominationState.SUBMITTED, ha_noi, other_round)):
        ArtisanNominationFactory(round=round_, province=province, full_name=name, state=state,
                                 submitted_at=timezone.now() if state == NominationState.SUBMITTED else None)


def nominations_url(artisan_round):
    return reverse("artisans:round_nominations", args=[artisan_round.pk])


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_nominations_export_holds_the_filtered_dossiers_of_the_province(client, secretary, artisan_round,
                                                                             dossiers, fmt):
    client.force_login(secretary)

    response = export(client, nominations_url(artisan_round), fmt, trang_thai=NominationState.SUBMITTED)
    rows = cells(response)

    assert response["Content-Disposition"] == f'attachment; filename="ho-so-xet-tang-dot-{artisan_round.pk}.{fmt}"'
    assert rows[0] == CANDIDATE_HEADERS
    # Not the draft (the filter), not Huế's (the funnel), not the other round's (the page's round).
    assert sorted(column(rows, "Họ và tên")) == sorted([NEUTRALISED, "Nguyễn Thị Men"])
    assert set(column(rows, "Tỉnh/thành phố")) == {"Hà Nội"}


def test_round_nominations_export_of_the_other_province_holds_its_own(client, other_province_secretary,
                                                                     artisan_round, dossiers):
    client.force_login(other_province_secretary)

    rows = cells(export(client, nominations_url(artisan_round), "csv"))

    assert column(rows, "Họ và tên") == ["Lê Thị Huế"]


def test_round_nominations_export_query_count_does_not_grow(client, secretary, artisan_round, ha_noi):
    ArtisanNominationFactory(round=artisan_round, province=ha_noi)
    client.force_login(secretary)
    one = queries(client, nominations_url(artisan_round), export="xlsx")
    ArtisanNominationFactory.create_batch(2, round=artisan_round, province=ha_noi)

    assert queries(client, nominations_url(artisan_round), export="xlsx") == one


def test_round_nominations_page_links_its_filtered_export(client, secretary, artisan_round, dossiers):
    client.force_login(secretary)

    html = client.get(nominations_url(artisan_round), {"trang_thai": "submitted"}).content.decode()

    assert 'href="?trang_thai=submitted&amp;export=csv"' in html


# --- Public comments (artisans:round_comments) ----------------------------------------------------------------


def add_comment(artisan_round, nomination, text, **fields):
    today = timezone.localdate()
    period = CommentPeriod.objects.filter(round=artisan_round).first() or CommentPeriod.objects.create(
        round=artisan_round, opens_on=today, closes_on=today + datetime.timedelta(days=19))
    return PublicComment.objects.create(
        period=period, nomination=nomination, full_name="Hoàng Văn Dân", phone="0900 000 000",
        address="Số 2 Tràng Tiền, Hà Nội", text=text,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 5, 4, 9, 30)), **fields)


@pytest.fixture
def comments(artisan_round, other_round, ha_noi):
    men = ArtisanNominationFactory(round=artisan_round, province=ha_noi, full_name="Nguyễn Thị Men",
                                   state=NominationState.MINISTERIAL_PASSED)
    add_comment(artisan_round, men, FORMULA)
    add_comment(artisan_round, men, "Nghệ nhân có nhiều đóng góp.", response="Xin cảm ơn ý kiến.",
                responded_at=timezone.make_aware(datetime.datetime(2026, 5, 6, 10)))
    cu = ArtisanNominationFactory(round=other_round, province=ha_noi, full_name="Phạm Văn Cũ")
    add_comment(other_round, cu, "Ý kiến về đợt trước")


def comments_url(artisan_round):
    return reverse("artisans:round_comments", args=[artisan_round.pk])


@pytest.mark.parametrize("fmt", FORMATS)
def test_comment_export_holds_the_rounds_comments(client, national_secretary, artisan_round, comments, fmt):
    client.force_login(national_secretary)

    response = export(client, comments_url(artisan_round), fmt)
    rows = cells(response)

    assert response["Content-Disposition"] == f'attachment; filename="y-kien-nhan-dan-dot-{artisan_round.pk}.{fmt}"'
    assert rows[0] == COMMENT_HEADERS
    # Not the other round's; in the page's order, the unanswered first on every database.
    assert rows[1:] == [
        ["Nguyễn Thị Men", "Hoàng Văn Dân", "0900 000 000", "Số 2 Tràng Tiền, Hà Nội", "04/05/2026 09:30",
         NEUTRALISED, "", ""],
        ["Nguyễn Thị Men", "Hoàng Văn Dân", "0900 000 000", "Số 2 Tràng Tiền, Hà Nội", "04/05/2026 09:30",
         "Nghệ nhân có nhiều đóng góp.", "Xin cảm ơn ý kiến.", "06/05/2026"]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_comment_export_is_404_to_a_provincial_secretariat(client, secretary, artisan_round, comments, fmt):
    client.force_login(secretary)

    assert export(client, comments_url(artisan_round), fmt).status_code == 404


def test_comment_export_query_count_does_not_grow(client, national_secretary, artisan_round, ha_noi):
    men = ArtisanNominationFactory(round=artisan_round, province=ha_noi)
    add_comment(artisan_round, men, "Một")
    client.force_login(national_secretary)
    one = queries(client, comments_url(artisan_round), export="csv")
    add_comment(artisan_round, ArtisanNominationFactory(round=artisan_round, province=ha_noi), "Hai")
    add_comment(artisan_round, men, "Ba")

    assert queries(client, comments_url(artisan_round), export="csv") == one


# --- The round's lines of the register (artisans:round_decisions) ---------------------------------------------


def add_title(artisan_round, name, province, **fields):
    line = ArtisanTitle(round=artisan_round, full_name=name, title=fields.pop("title", Title.NNUT),
                        year=artisan_round.award_year, craft="Gốm sứ", province=province,
                        decision_number="1234/QĐ-CTN", source=TitleSource.AWARDED, **fields)
    set_register_keys(line)
    line.save()
    return line


@pytest.fixture
def register(artisan_round, other_round, ha_noi):
    add_title(artisan_round, "Nguyễn Thị Men", ha_noi, title=Title.NNND)
    add_title(artisan_round, FORMULA, ha_noi, posthumous=True)
    add_title(other_round, "Phạm Văn Cũ", ha_noi)


def decisions_url(artisan_round):
    return reverse("artisans:round_decisions", args=[artisan_round.pk])


@pytest.mark.parametrize("fmt", FORMATS)
def test_register_export_holds_the_rounds_titles_in_the_import_columns(client, national_secretary, artisan_round,
                                                                      register, fmt):
    client.force_login(national_secretary)

    response = export(client, decisions_url(artisan_round), fmt)
    rows = cells(response)
    year = str(artisan_round.award_year)

    assert response["Content-Disposition"] == f'attachment; filename="so-danh-hieu-dot-{artisan_round.pk}.{fmt}"'
    assert rows[0] == REGISTER_HEADERS
    assert sorted(rows[1:]) == sorted([
        [NEUTRALISED, "Nghệ nhân ưu tú", year, "Gốm sứ", "Hà Nội", "có", "1234/QĐ-CTN"],
        ["Nguyễn Thị Men", "Nghệ nhân nhân dân", year, "Gốm sứ", "Hà Nội", "không", "1234/QĐ-CTN"]])


@pytest.mark.parametrize("fmt", FORMATS)
def test_register_export_is_404_to_a_provincial_secretariat(client, secretary, artisan_round, register, fmt):
    client.force_login(secretary)

    assert export(client, decisions_url(artisan_round), fmt).status_code == 404


def test_register_export_query_count_does_not_grow(client, national_secretary, artisan_round, ha_noi):
    add_title(artisan_round, "Một", ha_noi)
    client.force_login(national_secretary)
    one = queries(client, decisions_url(artisan_round), export="xlsx")
    add_title(artisan_round, "Hai", ha_noi)
    add_title(artisan_round, "Ba", ha_noi)

    assert queries(client, decisions_url(artisan_round), export="xlsx") == one
