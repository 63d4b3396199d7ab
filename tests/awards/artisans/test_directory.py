"""The public directory and artisan page: folded search, filters in the address, Vietnamese order, paging, a fixed
number of queries, and nothing private."""

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.artisans import services, voting
from awards.artisans.enums import NominationState, Title
from awards.artisans.models import ArtisanTitle
from awards.artisans.public_views import PAGE_SIZE
from catalog.models import Province

from .conftest import make_council, members, session_with, vote

pytestmark = pytest.mark.django_db


def line(full_name, *, title=Title.NNUT, year=2019, craft="Gốm sứ", province="Hà Nội", **extra):
    record = ArtisanTitle(full_name=full_name, title=title, year=year, craft=craft,
                          province=Province.objects.current().get(name=province), **extra)
    record.save()
    return record


def names(response) -> list[str]:
    return [record.full_name for record in response.context["page_obj"].object_list]


@pytest.fixture
def register(db):
    line("Đặng Văn Đúc", title=Title.NNND, year=2022, craft="Đúc đồng", province="Ninh Bình")
    line("Nguyễn Thị Gốm", year=2019)
    line("Dương Văn Lụa", year=2022, craft="Dệt lụa", province="Huế", posthumous=True)
    line("Âu Thị Mây", year=2019, craft="Mây tre đan", province="Hà Nội")
    line("An Văn Sơn", title=Title.NNND, year=2016, craft="Sơn mài", province="Hà Nội")


def test_vietnamese_alphabetical_order(client, register):
    # a < ă < â, d < đ: "An" before "Âu", "Dương" before "Đặng".
    assert names(client.get("/nghe-nhan/")) == ["An Văn Sơn", "Âu Thị Mây", "Dương Văn Lụa", "Đặng Văn Đúc",
                                                "Nguyễn Thị Gốm"]


@pytest.mark.parametrize(("query", "expected"), [
    ("?q=dang van duc", ["Đặng Văn Đúc"]),  # without diacritics, đ as d
    ("?q=GỐM", ["Nguyễn Thị Gốm"]),         # any case, the craft too
    ("?q=son", ["An Văn Sơn"]),              # word starts: "Sơn" (name and craft), not "Mây" or "Lụa"
    ("?q=hue", ["Dương Văn Lụa"]),           # the province's words
    ("?q=van duc dong", ["Đặng Văn Đúc"]),
    ("?q=xyz", []),
    ("?danh_hieu=nnnd", ["An Văn Sơn", "Đặng Văn Đúc"]),
    ("?nam=2019", ["Âu Thị Mây", "Nguyễn Thị Gốm"]),
    ("?tinh=01", ["An Văn Sơn", "Âu Thị Mây", "Nguyễn Thị Gốm"]),
    ("?nghe=det+lua", ["Dương Văn Lụa"]),
    ("?danh_hieu=nnut&nam=2022", ["Dương Văn Lụa"]),
])
def test_search_and_filters(client, register, query, expected):
    response = client.get(f"/nghe-nhan/{query}")

    assert (response.status_code, names(response)) == (200, expected)


def test_bad_filters_answer_400(client, register):
    assert client.get("/nghe-nhan/?danh_hieu=vua").status_code == 400
    assert client.get("/nghe-nhan/?nam=abc").status_code == 400


def test_filters_stay_in_the_paging_links(client):
    for number in range(PAGE_SIZE + 2):
        line(f"Nghệ nhân {number:03d}", year=2019)

    page = client.get("/nghe-nhan/?nam=2019").content.decode()
    second = client.get("/nghe-nhan/?nam=2019&trang=2")

    assert 'href="?nam=2019&amp;trang=2"' in page
    assert names(second) == ["Nghệ nhân 024", "Nghệ nhân 025"]


def test_posthumous_awards_are_marked(client, register):
    record = ArtisanTitle.objects.get(full_name="Dương Văn Lụa")

    page = client.get(reverse("artisans:artisan", args=[record.pk])).content.decode()

    assert "Nghệ nhân ưu tú (truy tặng)" in page and "Dệt lụa" in page and "2022" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/nghe-nhan/", "/nghe-nhan/?q=nghe&tinh=01&nam=2019"])
def test_directory_query_count_does_not_grow(client, url):
    line("Nghệ nhân Một")
    one = _queries(client, url)
    line("Nghệ nhân Hai", craft="Sơn mài")
    line("Nghệ nhân Ba", craft="Khảm trai")

    assert _queries(client, url) == one
    assert len(names(client.get(url))) == 3


PRIVATE = ["001185000123", "0987 654 321", "Số 7 ngõ Gốm", "nghe-nhan@example.vn", "Người góp ý Kín", "0909 999 888",
           "Số 1 phố Bí Mật"]


def test_nothing_private_reaches_the_public_pages(client, own_nomination, candidate, secretary, national_secretary,
                                                  artisan_round, ha_noi):
    """A candidate awarded through every stage, with votes cast, a signed comment and contacts in her dossier:
    the directory, her page and the comment page show none of it."""
    nomination = own_nomination
    for state in (NominationState.SUBMITTED, NominationState.ACCEPTED):
        services.set_nomination_state(nomination=nomination, new_state=state,
                                      by=candidate if state == NominationState.SUBMITTED else secretary)
    from awards.artisans.enums import CouncilLevel

    for level, runner in ((CouncilLevel.PROVINCIAL, secretary), (CouncilLevel.MINISTERIAL, national_secretary)):
        council = make_council(artisan_round, level=level, province=ha_noi, size=3, by=runner)
        session = voting.open_voting(session=session_with(council, present=members(council), by=runner), by=runner)
        for member, choice in zip(members(council), ("approve", "approve", "approve"), strict=True):
            vote(session, member, {nomination: choice})
        voting.close_session(session=session, by=runner)
    period = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(),
                                          by=national_secretary)
    services.submit_comment(period=period, nomination=nomination, full_name="Người góp ý Kín", phone="0909 999 888",
                            address="Số 1 phố Bí Mật", text="Góp ý.")
    comment_page = client.get(reverse("artisans:consultation", args=[period.pk])).content.decode()
    type(period).objects.filter(pk=period.pk).update(opens_on=timezone.localdate().replace(year=2020),
                                                     closes_on=timezone.localdate().replace(year=2020))
    services.answer_comment(comment=period.comments.get(), response="Đã ghi nhận.", by=national_secretary)
    state = make_council(artisan_round, level=CouncilLevel.STATE, size=3, by=national_secretary)
    session = voting.open_voting(session=session_with(state, present=members(state), by=national_secretary),
                                 by=national_secretary)
    for member in members(state):
        vote(session, member, {nomination: "approve"})
    voting.close_session(session=session, by=national_secretary)
    services.record_decision(nomination=nomination, awarded=True, decision_number="2001/QĐ-CTN",
                             decided_on=timezone.localdate(), by=national_secretary)
    record = ArtisanTitle.objects.get()

    pages = [client.get("/nghe-nhan/").content.decode(), client.get("/nghe-nhan/?q=tran").content.decode(),
             client.get(reverse("artisans:artisan", args=[record.pk])).content.decode(),
             comment_page, client.get(reverse("artisans:consultations")).content.decode()]

    assert all("Trần Thị Gốm" in page for page in pages[:4])
    # Her portrait, published with the title (a public file: /media/… on disk, the bucket's address on S3).
    assert f'src="{default_storage.url("artisans/")}' in pages[2]
    assert [secret for page in pages for secret in PRIVATE if secret in page] == []
    # No vote, count or ballot anywhere (the words of the ballot and of the counts).
    assert [word for page in pages for word in ("phiếu", "3/3", "đồng ý") if word in page.lower()] == []


def test_the_private_portrait_is_not_public_until_awarded(client, own_nomination):
    response = client.get(reverse("artisans:portrait", args=[own_nomination.pk]))

    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
