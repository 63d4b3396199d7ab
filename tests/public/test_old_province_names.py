"""Old province names typed anywhere the public filters by province: the list page, its API, the artisan
directory and its API all resolve them with catalog.geography.resolve_province_filter."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from awards.artisans.enums import Title
from awards.artisans.models import ArtisanTitle
from catalog.geography import province_names, resolve_province_filter
from catalog.models import Province
from tests.factories import ProducerFactory, ProductFactory

from .conftest import current_certificate

pytestmark = pytest.mark.django_db
LIST = "/san-pham/"
UNKNOWN = ("Không tìm thấy tỉnh/thành phố “Atlantis”. Hãy gõ tên tỉnh/thành phố hiện nay hoặc tên cũ (trước ngày "
           "1/7/2025).")


def current(name: str) -> Province:
    return Province.objects.current().get(name=name)


def names(html: str) -> list[str]:
    """Product names of the list page, in page order (read from the cards' links)."""
    return [chunk.split(">", 1)[1].split("</a>", 1)[0] for chunk in html.split('<h3><a href="/san-pham/')[1:]]


@pytest.fixture
def products():
    """Lụa Vạn Phúc in Hà Nội, Nón lá in Huế (the positive and the negative control)."""
    for name, province in (("Lụa Vạn Phúc", "Hà Nội"), ("Nón lá bài thơ", "Huế")):
        current_certificate(ProductFactory(name=name, producer=ProducerFactory(province=current(province))))


def test_resolution_names_the_former_unit():
    ha_tay = resolve_province_filter("ha tay")
    bac_giang = resolve_province_filter("Bắc Giang")
    ha_noi = resolve_province_filter("Hà Nội")

    assert (ha_tay.province, ha_tay.note, ha_tay.unknown) == (current("Hà Nội"), "Hà Tây nay thuộc Hà Nội", False)
    assert (bac_giang.province, bac_giang.note) == (current("Bắc Ninh"), "Bắc Giang nay thuộc Bắc Ninh")
    assert (ha_noi.province, ha_noi.note) == (current("Hà Nội"), "")  # today's name: no note
    assert resolve_province_filter("Atlantis").unknown and resolve_province_filter("Atlantis").error == UNKNOWN
    assert not resolve_province_filter("").unknown


def test_note_in_english():
    with translation.override("en"):
        assert resolve_province_filter("Hà Tây").note == "Hà Tây is now part of Hà Nội"


def test_suggestions_hold_current_and_former_names_in_vietnamese_order():
    suggested = province_names()

    assert {"Hà Tây", "Bắc Giang", "Thừa Thiên Huế", "Hà Nội", "Huế"} <= set(suggested)
    assert len(suggested) == len(set(suggested))
    assert suggested.index("Hà Nội") < suggested.index("Hà Tây") < suggested.index("Hải Phòng") < suggested.index("Huế")
    assert suggested.index("Cần Thơ") < suggested.index("Đà Nẵng") < suggested.index("Điện Biên") < suggested.index(
        "Gia Lai")


def test_list_page_takes_an_old_name(client, products):
    html = client.get(LIST, {"tinh": "Hà Tây"}).content.decode()

    assert names(html) == ["Lụa Vạn Phúc"]  # Hà Nội's, not Huế's
    assert "Hà Tây nay thuộc Hà Nội" in html
    assert names(client.get(LIST, {"tinh": "Huế"}).content.decode()) == ["Nón lá bài thơ"]


def test_list_page_field_is_a_text_input_with_suggestions(client, products):
    html = client.get(LIST, {"tinh": "Hà Tây"}).content.decode()

    assert '<input type="text" name="tinh" value="Hà Tây" maxlength="100" id="id_tinh" list="id_tinh_list">' in html
    assert '<datalist id="id_tinh_list">' in html and '<option value="Hà Tây">' in html
    assert '<select name="tinh"' not in html


def test_list_page_old_link_with_a_code_shows_the_name(client, products):
    html = client.get(LIST, {"tinh": "01"}).content.decode()

    assert names(html) == ["Lụa Vạn Phúc"]
    assert 'name="tinh" value="Hà Nội"' in html


def test_list_page_unknown_name_says_so(client, products):
    response = client.get(LIST, {"tinh": "Atlantis"})

    assert response.status_code == 200
    assert UNKNOWN in response.content.decode()
    assert names(response.content.decode()) == []


def test_list_page_in_vietnamese_name_order(client):
    for name in ("Huế trà", "Hải Phòng bánh đa", "Đĩa gốm", "Dao Đa Sỹ", "Hà Nội cốm"):
        current_certificate(ProductFactory(name=name))

    assert names(client.get(LIST, {"sap_xep": "ten"}).content.decode()) == [
        "Dao Đa Sỹ", "Đĩa gốm", "Hà Nội cốm", "Hải Phòng bánh đa", "Huế trà"]


def test_api_takes_an_old_name_and_refuses_an_unknown_one(products):
    api = APIClient()

    found = api.get("/api/v1/public/products/", {"tinh": "ha tay"})
    unknown = api.get("/api/v1/public/products/", {"tinh": "Atlantis"})

    assert found.status_code == 200
    assert [row["name"] for row in found.json()["results"]] == ["Lụa Vạn Phúc"]
    assert (unknown.status_code, unknown.json()) == (400, {"tinh": [UNKNOWN]})


@pytest.fixture
def artisans():
    for full_name, province in (("Nguyễn Văn Lụa", "Hà Nội"), ("Trần Thị Nón", "Huế")):
        ArtisanTitle(full_name=full_name, title=Title.NNUT, year=2019, craft="Dệt lụa",
                     province=current(province)).save()


def test_artisan_directory_takes_an_old_name(client, artisans):
    response = client.get("/nghe-nhan/", {"tinh": "Hà Tây"})
    html = response.content.decode()

    assert [line.full_name for line in response.context["page_obj"].object_list] == ["Nguyễn Văn Lụa"]
    assert "Hà Tây nay thuộc Hà Nội" in html
    assert '<datalist id="id_tinh_list">' in html and '<option value="Hà Tây">' in html
    huế = client.get("/nghe-nhan/", {"tinh": "Huế"}).context["page_obj"].object_list
    assert [line.full_name for line in huế] == ["Trần Thị Nón"]


def test_artisan_directory_unknown_name_says_so(client, artisans):
    response = client.get("/nghe-nhan/", {"tinh": "Atlantis"})

    assert response.status_code == 200
    assert UNKNOWN in response.content.decode()
    assert "Nguyễn Văn Lụa" not in response.content.decode()


def test_artisan_api_takes_an_old_name(artisans):
    api = APIClient()

    found = api.get("/api/v1/public/artisans/", {"tinh": "Hà Tây"}).json()
    unknown = api.get("/api/v1/public/artisans/", {"tinh": "Atlantis"})

    assert [row["full_name"] for row in found["results"]] == ["Nguyễn Văn Lụa"]
    assert (unknown.status_code, unknown.json()) == (400, {"tinh": [UNKNOWN]})


def _queries(client, url, params) -> int:
    cache.clear()  # cold: the suggestions are read, not served from the public fragments
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", [LIST, "/nghe-nhan/"])
def test_suggestions_add_no_query_per_row(client, url):
    ArtisanTitle(full_name="Nghệ nhân Một", title=Title.NNUT, year=2019, craft="Gốm", province=current("Hà Nội")).save()
    current_certificate(ProductFactory(name="Gốm Một", producer=ProducerFactory(province=current("Hà Nội"))))
    _queries(client, url, {"tinh": "Hà Tây"})  # the list's once-a-day upkeep (catalog.listing.refresh_due) runs here
    one = _queries(client, url, {"tinh": "Hà Tây"})
    for number in range(5):
        ArtisanTitle(full_name=f"Nghệ nhân {number}", title=Title.NNUT, year=2019, craft="Gốm",
                     province=current("Hà Nội")).save()
        current_certificate(ProductFactory(name=f"Gốm {number}", producer=ProducerFactory(province=current("Hà Nội"))))

    assert _queries(client, url, {"tinh": "Hà Tây"}) == one
