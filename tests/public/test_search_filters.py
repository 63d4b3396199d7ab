"""Search with or without diacritics, filters that combine and stay in the URL, old province names."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
import tablib
from rest_framework.test import APIClient

from catalog import enums
from catalog.models import Product, Province
from catalog.resources import ProductResource
from tests.factories import CertificateFactory, ProducerFactory, ProductFactory

from .conftest import current_certificate, expired_certificate, today

pytestmark = pytest.mark.django_db
LIST = "/san-pham/"


def names(client, query: str = "") -> list[str]:
    """Product names of the list page, in page order (read from the cards' links)."""
    html = client.get(f"{LIST}?{query}").content.decode()
    found = []
    for chunk in html.split('<h3><a href="/san-pham/')[1:]:
        found.append(chunk.split(">", 1)[1].split("</a>", 1)[0])
    return found


def recognised(name, *, producer=None, **kwargs):
    product = ProductFactory(name=name, **({"producer": producer} if producer else {}), **kwargs)
    current_certificate(product)
    return product


@pytest.mark.parametrize("query", ["gom bat trang", "Gốm Bát Tràng", "GOM BAT TRANG", "gốm bat tràng"])
def test_search_finds_name_with_or_without_diacritics(client, query):
    recognised("Gốm Bát Tràng men rạn")
    recognised("Nón lá Chuông")

    assert names(client, f"q={query}") == ["Gốm Bát Tràng men rạn"]


@pytest.mark.parametrize("query", ["dong ky", "Đồng Kỵ", "đồng kỵ", "Dong Ky"])
def test_search_treats_d_and_dj_alike(client, query):
    recognised("Tủ chè Đồng Kỵ")
    recognised("Bàn ghế Dương Nỗ")

    assert names(client, f"q={query}") == ["Tủ chè Đồng Kỵ"]


def test_search_covers_producer_materials_and_description(client):
    recognised("Sản phẩm A", producer=ProducerFactory(name="HTX Đúc đồng Đại Bái"))
    recognised("Sản phẩm B", materials="Cói Kim Sơn", description="")
    recognised("Sản phẩm C", materials="", description="Khảm trai Chuôn Ngọ")
    recognised("Sản phẩm D", materials="", description="")

    assert names(client, "q=dai bai") == ["Sản phẩm A"]
    assert names(client, "q=coi kim son") == ["Sản phẩm B"]
    assert names(client, "q=kham trai") == ["Sản phẩm C"]


def test_search_ranks_name_matches_first(client):
    recognised("Khay sơn mài", description="Hoạ tiết gốm cổ")
    recognised("Bình gốm men lam")
    recognised("Đĩa trang trí", producer=ProducerFactory(name="Xưởng gốm Chu Đậu"), description="")

    assert names(client, "q=gom&sap_xep=ten") == ["Bình gốm men lam", "Đĩa trang trí", "Khay sơn mài"]


def test_search_by_old_province_name_finds_successor_products(client):
    ninh_binh = Province.objects.get(code="37")
    ha_nam_old = Province.objects.get(code="cu-35")
    recognised("Trống da", producer=ProducerFactory(province=ha_nam_old))
    recognised("Thêu ren", producer=ProducerFactory(province=ninh_binh))
    recognised("Gốm Hà Nội")

    assert sorted(names(client, "q=Hà Nam")) == ["Thêu ren", "Trống da"]


def test_province_filter_with_old_name_finds_successor_and_old_records(client):
    bac_ninh = Province.objects.get(code="24")
    bac_giang_old = Province.objects.get(code="cu-24")
    recognised("Mì Chũ", producer=ProducerFactory(province=bac_giang_old))
    recognised("Tranh Đông Hồ", producer=ProducerFactory(province=bac_ninh))
    recognised("Lụa Vạn Phúc")  # Hà Nội

    assert sorted(names(client, "tinh=Bắc Giang")) == ["Mì Chũ", "Tranh Đông Hồ"]
    assert sorted(names(client, "tinh=bac giang")) == ["Mì Chũ", "Tranh Đông Hồ"]
    assert sorted(names(client, "tinh=24")) == ["Mì Chũ", "Tranh Đông Hồ"]


def test_unknown_province_says_so(client):
    recognised("Lụa Vạn Phúc")

    response = client.get(f"{LIST}?tinh=Atlantis")

    assert response.status_code == 200
    assert "Không tìm thấy tỉnh/thành phố “Atlantis”" in response.content.decode()
    assert "Lụa Vạn Phúc" not in response.content.decode()


def test_region_filter(client):
    an_giang = Province.objects.current().get(name="An Giang")
    recognised("Nước mắm Phú Quốc", producer=ProducerFactory(province=an_giang))
    recognised("Lụa Vạn Phúc")  # Hà Nội, north

    assert names(client, "khu_vuc=north") == ["Lụa Vạn Phúc"]
    assert names(client, "khu_vuc=south") == ["Nước mắm Phú Quốc"]


def test_filters_combine(client):
    today = datetime.date.today()
    match = ProductFactory(name="Khớp cả ba", group=enums.ProductGroup.FOOD)
    current_certificate(match, level="province", issued_on=today.replace(month=1, day=2))
    wrong_group = ProductFactory(name="Sai nhóm", group=enums.ProductGroup.HANDICRAFT)
    current_certificate(wrong_group, level="province", issued_on=today.replace(month=1, day=2))
    wrong_level = ProductFactory(name="Sai cấp", group=enums.ProductGroup.FOOD)
    current_certificate(wrong_level, level="commune", issued_on=today.replace(month=1, day=2))
    wrong_year = ProductFactory(name="Sai năm", group=enums.ProductGroup.FOOD)
    expired_certificate(wrong_year, level="province")

    query = f"cap=province&nam={today.year}&nhom={enums.ProductGroup.FOOD}"

    assert names(client, query) == ["Khớp cả ba"]
    assert names(client, f"cap=province&nhom={enums.ProductGroup.FOOD}") == ["Khớp cả ba", "Sai năm"]


def test_level_and_year_filters_read_what_the_card_shows(client):
    """A product's shown level is its highest recognition in force (else the highest ever), its year the year of
    its latest recognition: the filters find it by those, as its card reads."""
    today = datetime.date.today()
    product = ProductFactory(name="Hai giấy")
    current_certificate(product, level="commune")
    expired_certificate(product, level="province")

    assert names(client, f"cap=commune&nam={today.year - (1 if today.month <= 2 else 0)}") == ["Hai giấy"]
    assert names(client, "cap=province") == []
    assert f"Cấp xã {product.listing.year}" in client.get(LIST).content.decode()


def test_search_matches_the_start_of_words_not_any_substring(client):
    current_certificate(ProductFactory(name="Gốm men lam Chu Đậu"))
    current_certificate(ProductFactory(name="Lụa Vạn Phúc"))

    assert names(client, "q=gom+chu") == ["Gốm men lam Chu Đậu"]
    assert names(client, "q=gom+ch") == ["Gốm men lam Chu Đậu"]  # a word being typed
    assert names(client, "q=om") == []
    assert names(client, "q=hu") == []
    assert names(client, "q=an+phuc") == []
    assert names(client, "q=van+phuc") == ["Lụa Vạn Phúc"]


def test_a_search_with_many_results_says_more_than_instead_of_counting(client, monkeypatch):
    from catalog import search

    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    for word in ("Bát Tràng", "Phú Vinh", "Chuông", "Ninh Sở"):
        current_certificate(ProductFactory(name=f"Mây tre đan {word}"))

    many = client.get(LIST, {"q": "may tre"}).content.decode()
    few = client.get(LIST, {"q": "may tre chuong"}).content.decode()

    assert "Hơn 2 sản phẩm; 2 sản phẩm đầu tiên được liệt kê, hãy thêm từ hoặc bộ lọc để thu hẹp" in many
    assert many.count('class="card product-card"') == 2
    assert "1 sản phẩm" in few and "Hơn" not in few


def test_sort_by_name_and_newest(client):
    today = datetime.date.today()
    current_certificate(ProductFactory(name="Bánh đa"), issued_on=today - datetime.timedelta(days=10))
    current_certificate(ProductFactory(name="Áo dài"), issued_on=today - datetime.timedelta(days=100))
    current_certificate(ProductFactory(name="Đũa tre"), issued_on=today - datetime.timedelta(days=1))

    assert names(client, "sap_xep=ten") == ["Áo dài", "Bánh đa", "Đũa tre"]
    assert names(client) == ["Đũa tre", "Bánh đa", "Áo dài"]
    # None of these has a jury average (paper records): by score they keep the name order.
    assert names(client, "sap_xep=diem") == ["Áo dài", "Bánh đa", "Đũa tre"]


def test_sort_by_score_uses_the_best_average_of_public_recognitions(client):
    current_certificate(ProductFactory(name="Bánh đa"), average=Decimal("72.50"))
    current_certificate(ProductFactory(name="Đũa tre"), average=Decimal("88.00"))
    current_certificate(ProductFactory(name="Áo dài"))  # recorded from paper: no average
    chieu = ProductFactory(name="Chiếu cói")
    current_certificate(chieu)
    # A figure of a certificate that is not public (its decision unpublished) never counts.
    CertificateFactory(product=chieu, average=Decimal("99.00"), published_on=None)

    assert names(client, "sap_xep=diem") == ["Đũa tre", "Bánh đa", "Áo dài", "Chiếu cói"]


def test_pagination_keeps_filters(client):
    for number in range(26):
        recognised(f"Gốm {number:02d}", group=enums.ProductGroup.HANDICRAFT)

    page1 = client.get(f"{LIST}?q=gom&nhom=1&sap_xep=ten").content.decode()
    page2 = names(client, "q=gom&nhom=1&sap_xep=ten&trang=2")

    assert 'href="?q=gom&amp;nhom=1&amp;sap_xep=ten&amp;trang=2"' in page1
    assert len(names(client, "q=gom&nhom=1&sap_xep=ten")) == 24
    assert page2 == ["Gốm 24", "Gốm 25"]


@pytest.mark.parametrize("query", ["cap=galaxy", "nam=abc", "nhom=9", "khu_vuc=mars", "sap_xep=random"])
def test_bad_filter_is_a_400_with_message(client, query):
    response = client.get(f"{LIST}?{query}")

    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()


def test_bad_page_number_falls_back_to_first_page(client):
    recognised("Lụa Vạn Phúc")

    assert names(client, "trang=abc") == ["Lụa Vạn Phúc"]
    assert names(client, "trang=999") == ["Lụa Vạn Phúc"]


def test_search_columns_follow_every_write_path(client):
    product = ProductFactory(name="Tên cũ", materials="", description="")
    product.name = "Đèn Trung Thu"
    product.save(update_fields=["name"])
    product.refresh_from_db()
    assert product.search_name == "den trung thu"

    producer = product.producer
    producer.name = "HTX Đông Hồ"
    producer.save(update_fields=["name"])
    producer.refresh_from_db()
    assert producer.search_name == "htx dong ho"


def test_search_columns_set_by_spreadsheet_import(producer):
    dataset = tablib.Dataset(headers=["Mã số thuế cơ sở", "Tên sản phẩm", "Nhóm sản phẩm", "Nguyên liệu"])
    dataset.append([producer.tax_code, "Chổi đót Đức Thọ", "1", "Đót rừng"])
    result = ProductResource().import_data(dataset, dry_run=False, raise_errors=False)

    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    product = Product.objects.get(name="Chổi đót Đức Thọ")
    assert (product.search_name, product.search_text) == ("choi dot duc tho", "dot rung")


def test_more_filters_open_only_when_one_is_set(client):
    recognised("Lụa Vạn Phúc")

    closed = client.get(f"{LIST}?q=lua&cap=&nam=&nhom=&khu_vuc=&tinh=&sap_xep=moi-nhat").content.decode()
    opened = client.get(f"{LIST}?q=lua&nhom=1").content.decode()

    assert '<details class="more-filters">' in closed
    assert '<details class="more-filters" open>' in opened


LONG_NAME = ("Bộ sản phẩm đồ gia dụng mây tre đan xuất khẩu cao cấp phục vụ du lịch làng nghề truyền thống Phú Vinh "
             "Chương Mỹ")
# Shares its first twelve words with LONG_NAME: a search cut at twelve words could not tell them apart.
SAME_START = "Bộ sản phẩm đồ gia dụng mây tre đan xuất khẩu cao cấp phục vụ hội chợ"


@pytest.mark.parametrize("query", [LONG_NAME, "bo san pham do gia dung may tre dan xuat khau cao cap phuc vu du lich "
                                              "lang nghe truyen thong phu vinh chuong my"])
def test_search_finds_a_whole_long_name_with_or_without_diacritics(client, query):
    recognised(LONG_NAME)
    recognised(SAME_START)

    api = APIClient().get("/api/v1/public/products/", {"q": query}).json()

    assert len(LONG_NAME) == 111 and len(query) == 111
    assert names(client, urlencode({"q": query})) == [LONG_NAME]
    assert [row["name"] for row in api["results"]] == [LONG_NAME]
    assert set(names(client, urlencode({"q": "bo san pham do gia dung"}))) == {LONG_NAME, SAME_START}  # control


def _ranked_catalogue():
    """Products in every rank for "gom bat": the phrase in the name, every word in the name, in the producer's
    name, elsewhere (materials), with dates and scores that do not follow the ranks."""
    def listed(name, days, **kwargs):
        current_certificate(ProductFactory(name=name, **kwargs), average=Decimal(70 + days % 7),
                            issued_on=today() - datetime.timedelta(days=60 + days))

    for index in range(3):
        listed(f"Gốm Bát Tràng men lam {index}", 3 * index + 9)
        listed(f"Bát gốm Bát Tràng {index}", 3 * index + 5)
        listed(f"Bình {index}", 3 * index + 1, producer=ProducerFactory(name=f"Xưởng gốm Bát Tràng {index}"))
        listed(f"Đĩa {index}", 3 * index, materials="Gốm men bát", description="")
    listed("Nón lá", 0)


@pytest.mark.parametrize(("few", "per_row"), [(1000, 40), (1, 40), (1, 1), (1, 0)],
                         ids=["from the indexes", "from the window", "window then index", "empty window"])
@pytest.mark.parametrize("sort", ["moi-nhat", "ten", "diem"])
def test_search_pages_read_a_rank_at_a_time_are_the_catalogue_order(monkeypatch, few, per_row, sort):
    from catalog import queries, search

    monkeypatch.setattr(search, "FEW", few)
    monkeypatch.setattr(search, "WINDOW_PER_ROW", per_row)
    _ranked_catalogue()
    query = queries.CatalogueQuery(q="gốm bát", sort=sort)
    expected = list(queries.with_cards(queries.catalogue(query)))
    cards = queries.catalogue_cards(query)

    assert len(expected) == 12
    assert [cards[start:start + 5] for start in range(0, 15, 5)] == [expected[0:5], expected[5:10], expected[10:15]]
    assert cards[3:11] == expected[3:11]


def test_search_list_queries_do_not_grow(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(query):
        client.get(LIST, {"q": query})  # fill the shared fragments' cache
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST, {"q": query, "trang": 1}).status_code == 200
        return len(context.captured_queries)

    recognised("Gốm men lam 1")
    one = queries_for("gom men")
    recognised("Gốm men lam 2")
    recognised("Gốm men lam 3")
    three = queries_for("gom men l")

    assert one == three
    assert three <= 6


def _sorted_catalogue():
    """Listed products across two provinces (north and south), three levels, two groups, several years, ties in
    dates and names, scored and unscored, current and expired: every list shape has rows to order."""
    an_giang = Province.objects.current().get(name="An Giang")
    ha_noi = Province.objects.current().get(name="Hà Nội")
    levels, groups = ["commune", "province", "national"], [enums.ProductGroup.HANDICRAFT, enums.ProductGroup.FOOD]
    for index in range(14):
        producer = ProducerFactory(province=an_giang if index % 3 == 0 else ha_noi)
        product = ProductFactory(name=f"Sản phẩm {index % 5}", producer=producer, group=groups[index % 2])
        issued_on = today() - datetime.timedelta(days=30 * (index % 4) + 60)
        if index % 5 == 4:
            expired_certificate(product, level=levels[index % 3], average=None)
        else:
            current_certificate(product, level=levels[index % 3], issued_on=issued_on,
                                average=Decimal(70 + index % 3))
    return an_giang


@pytest.mark.parametrize("sort", ["moi-nhat", "ten", "diem"])
def test_list_pages_read_by_keys_are_the_catalogue_order(sort):
    """The list reads a page's keys from the sort index, then its cards, with a statement compiled once per shape
    (catalog.queries.KeyedPages): every page of every filter and sort is the ORM's own slice of the catalogue."""
    from catalog import queries

    an_giang = _sorted_catalogue()
    shapes = [{}, {"level": "province"}, {"year": today().year - 6}, {"group": enums.ProductGroup.FOOD},
              {"region": "south"}, {"province": an_giang}, {"province": an_giang, "level": "commune"}]
    for shape in shapes:
        query = queries.CatalogueQuery(sort=sort, **shape)
        expected = list(queries.with_cards(queries.catalogue(query)))
        cards = queries.catalogue_cards(query)

        assert expected, shape  # every shape has rows: the comparison below is not of two empty lists
        assert [cards[start:start + 4] for start in range(0, 16, 4)] == [expected[s:s + 4] for s in range(0, 16, 4)]
        assert cards[1:6] == expected[1:6]
        assert cards[len(expected):len(expected) + 4] == []
    everything = queries.catalogue_cards(queries.CatalogueQuery(sort=sort))[0:24]
    assert len(everything) == 14
    assert {row["is_current"] for row in everything} == {True, False}  # booleans, as the ORM answers them


def test_filter_form_takes_a_whole_pasted_name_and_marks_a_bad_field(client):
    recognised("Lụa Vạn Phúc")

    page = client.get(LIST).content.decode()
    # The search box takes what the form accepts (a whole product name: up to 255 characters), not 100.
    assert '<input type="text" name="q" value="" maxlength="300" id="id_q" aria-describedby="id_q_helptext">' in page
    assert '<input type="text" name="tinh" value="" maxlength="100" id="id_tinh" list="id_tinh_list">' in page
    assert "<!--public-results-->" not in page and "Lụa Vạn Phúc" in page  # the results took the marker's place

    bad = client.get(f"{LIST}?q=lua&cap=galaxy")
    html = bad.content.decode()
    assert bad.status_code == 400
    assert ('<select name="cap" id="id_cap" aria-describedby="id_cap_errors" aria-invalid="true">' in html)
    assert '<ul class="errorlist" id="id_cap_errors"><li>' in html
    assert '<input type="text" name="q" value="lua" maxlength="300"' in html  # what was typed stays
    assert '<details class="more-filters" open>' in html  # the field in error is shown
    assert '<select name="nhom" id="id_nhom">' in html  # a field without error is not marked
    assert "Lụa Vạn Phúc" not in html
