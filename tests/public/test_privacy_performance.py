"""Private fields never reach public outputs; public pages keep a fixed query count and a small weight."""

import json
import re
from urllib.parse import quote

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import listing
from tests.factories import DocumentFactory, ProducerFactory, ProductFactory, ProductPhotoFactory

from .conftest import current_certificate, expired_certificate

pytestmark = pytest.mark.django_db

PRIVATE = ["0101234567", "0912 345 678", "0912345678", "bimat@htx.vn", "Nguyễn Thị Kín", "Số 9 ngõ Kín",
           "SO-GIAY-TO-KIN"]


def _public_outputs(client, product):
    pages = [
        client.get("/san-pham/"), client.get("/san-pham/?q=gom"), client.get("/"),
        client.get(reverse("public:product", args=[product.pk])),
        client.get(reverse("public:producer", args=[product.producer_id])),
        client.get(reverse("public:products_csv")), client.get(reverse("public:products_json")),
    ]
    return [b"".join(r.streaming_content).decode("utf-8-sig") if r.streaming else r.content.decode()
            for r in pages]


def test_private_fields_absent_from_html_csv_json(client):
    producer = ProducerFactory(name="HTX Gốm Kín", tax_code="0101234567", phone="0912 345 678",
                               email="bimat@htx.vn", representative="Nguyễn Thị Kín", address="Số 9 ngõ Kín",
                               publish_contacts=False)
    product = ProductFactory(producer=producer, name="Bình gốm kín")
    DocumentFactory(producer=producer, product=product, number="SO-GIAY-TO-KIN")
    current_certificate(product)

    outputs = _public_outputs(client, product)

    assert all("Bình gốm kín" in text for text in outputs)
    assert [secret for text in outputs for secret in PRIVATE if secret in text] == []


def test_published_contacts_are_shown(client):
    producer = ProducerFactory(phone="0243 111 222", email="congkhai@htx.vn", publish_contacts=True)
    product = ProductFactory(producer=producer)
    current_certificate(product)

    page = client.get(reverse("public:product", args=[product.pk])).content.decode()
    data = b"".join(client.get(reverse("public:products_json")).streaming_content).decode()

    assert "0243 111 222" in page and "congkhai@htx.vn" in page
    assert '"producer_phone": "0243 111 222"' in data


def _queries(client, url) -> int:
    cache.clear()  # measure the work behind a cache miss, on the first request of a day
    listing._checked_on.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _recognised_products(count):
    products = []
    for number in range(count):
        product = ProductFactory(name=f"Bình gốm {number}", producer=ProducerFactory())
        ProductPhotoFactory(product=product)
        ProductPhotoFactory(product=product)
        current_certificate(product)
        expired_certificate(product)
        products.append(product)
    return products


def test_list_page_query_count_does_not_grow(client):
    _recognised_products(1)
    one = _queries(client, "/san-pham/?q=gom&tinh=01&sap_xep=ten")
    _recognised_products(29)
    thirty = _queries(client, "/san-pham/?q=gom&tinh=01&sap_xep=ten")

    assert one == thirty


def test_home_page_query_count_does_not_grow(client):
    _recognised_products(1)
    one = _queries(client, "/")
    _recognised_products(29)

    assert _queries(client, "/") == one


def test_product_page_query_count_does_not_grow(client):
    product = _recognised_products(1)[0]
    one = _queries(client, reverse("public:product", args=[product.pk]))
    for _number in range(29):
        ProductPhotoFactory(product=product)
        current_certificate(product)

    assert _queries(client, reverse("public:product", args=[product.pk])) == one


def test_list_page_with_warm_fragments_reads_one_page_of_listing_rows(client):
    _recognised_products(3)
    client.get("/san-pham/")

    with CaptureQueriesContext(connection) as captured:  # anonymous visitor; form, count, frame are cached
        response = client.get("/san-pham/?trang=1")

    assert response.status_code == 200
    assert [q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in captured.captured_queries] == [
        "catalog_listing"]
    assert response.content.decode().count('class="card product-card"') == 3


def test_product_page_not_seen_before_reads_its_one_page_row(client):
    first, second = _recognised_products(2)
    client.get(reverse("public:product", args=[first.pk]))  # the frame and today's due-rows check are done

    with CaptureQueriesContext(connection) as captured:  # a product page the cache has not seen
        response = client.get(reverse("public:product", args=[second.pk]))

    assert response.status_code == 200
    assert [q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in captured.captured_queries] == [
        "catalog_listingpage"]
    html = response.content.decode()
    assert "Bình gốm 1" in html and html.count('class="badge ok"') == 1 and "Hết hiệu lực" in html


def test_list_page_html_css_js_under_150_kb(client):
    for number in range(30):
        product = ProductFactory(name=f"Bộ ấm chén gốm men lam vẽ tay hoạ tiết sen {number:02d}",
                                 producer=ProducerFactory(name=f"Hợp tác xã gốm sứ truyền thống Bát Tràng {number}"))
        ProductPhotoFactory(product=product, caption="Ảnh mặt trước bộ ấm chén, men lam, hoạ tiết hoa sen")
        current_certificate(product)
    html = client.get("/san-pham/").content.decode()

    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(r'<script[^>]+src="([^"]+)"', html)
    asset_bytes = 0
    for url in assets:
        path = finders.find(url.removeprefix("/static/"))
        with open(path, "rb") as handle:
            asset_bytes += len(handle.read())

    assert assets == ["/static/css/site.css"]
    assert len(html.encode()) + asset_bytes <= 150 * 1024


def test_every_image_has_width_height_and_lazy_loading(client):
    _recognised_products(3)
    html = client.get("/san-pham/").content.decode() + client.get("/").content.decode()

    images = re.findall(r"<img [^>]+>", html, flags=re.S)
    content_images = [img for img in images if "logo.svg" not in img]

    assert len(content_images) == 6
    assert [img for img in images if "width=" not in img or "height=" not in img] == []
    assert [img for img in content_images if 'loading="lazy"' not in img or ".w320.webp" not in img] == []


def test_product_page_has_canonical_og_and_title(client, settings):
    settings.SITE_URL = "https://cnnt.example.vn"
    product = ProductFactory(name="Nón lá Chuông")
    photo = ProductPhotoFactory(product=product)
    current_certificate(product)

    html = client.get(reverse("public:product", args=[product.pk])).content.decode()

    assert f'<link rel="canonical" href="https://cnnt.example.vn/san-pham/{product.pk}/">' in html
    assert f'<meta property="og:image" content="https://cnnt.example.vn{photo.thumbnail_url(1280)}">' in html
    assert "<title>Nón lá Chuông – Sản phẩm CNNT tiêu biểu</title>" in html
    assert photo.image.url not in html  # never the original upload


def test_healthz(client):
    response = client.get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok")


def test_home_counts_by_level_and_year(client):
    current_certificate(level="province")
    current_certificate(level="province")
    current_certificate(level="commune")

    html = client.get("/").content.decode()

    assert "Sản phẩm được công nhận theo cấp và năm" in html
    assert "<td>2</td>" in html and "<td>1</td>" in html


def test_cached_product_page_makes_no_queries(client, django_assert_max_num_queries):
    product = _recognised_products(1)[0]
    client.get(reverse("public:product", args=[product.pk]))

    with django_assert_max_num_queries(0):
        assert client.get(reverse("public:product", args=[product.pk])).status_code == 200


def test_csv_has_bom_header_and_one_row_per_product(client):
    _recognised_products(3)

    response = client.get(reverse("public:products_csv"))
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = text.splitlines()

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0].startswith("\ufeffid,url,name,group")
    assert len(lines) == 4


def test_open_data_takes_the_list_filters(client):
    current_certificate(ProductFactory(name="Gốm lọc được"))
    current_certificate(ProductFactory(name="Mây tre", description=""))

    response = client.get(reverse("public:products_json") + "?q=loc+duoc")
    bad = client.get(reverse("public:products_json") + "?cap=galaxy")

    assert [p["name"] for p in json.loads(b"".join(response.streaming_content))["products"]] == [
        "Gốm lọc được"
    ]
    assert bad.status_code == 400


def test_public_page_carries_no_csrf_token_nor_cookie_and_its_language_links_return_to_it(client):
    _recognised_products(1)
    other = client.__class__()

    first = client.get("/san-pham/?q=g%E1%BB%91m&trang=1")
    second = other.get("/san-pham/?sap_xep=ten")  # the same cached frame, another address

    for response, back in [(first, "/san-pham/%3Fq%3Dg%25E1%25BB%2591m%26trang%3D1"),
                           (second, "/san-pham/%3Fsap_xep%3Dten")]:
        html = response.content.decode()
        assert response.status_code == 200 and "Danh mục sản phẩm CNNT tiêu biểu" in html  # the list, not an error
        assert f'href="/i18n/setlang/?language=en&amp;next={back}"' in html
        assert f'href="/i18n/setlang/?language=vi&amp;next={back}"' in html
        assert "csrfmiddlewaretoken" not in html and "__public_slot_" not in html
        assert "csrftoken" not in response.cookies and not response.has_header("Set-Cookie")

    # Following the link from the first page: English, back on that very page.
    switched = client.get(f"/i18n/setlang/?language=en&next={quote('/san-pham/?q=gốm&trang=1', safe='/')}")
    assert switched.status_code == 302 and switched["Location"] == "/san-pham/?q=g%E1%BB%91m&trang=1"
    assert switched.cookies["django_language"].value == "en"
    english = client.get(switched["Location"])
    assert '<html lang="en">' in english.content.decode()


@pytest.mark.parametrize("query", ["language=fr&next=/", "next=/", "language=&next=/"])
def test_language_link_with_an_unknown_language_answers_400_and_sets_nothing(client, db, query):
    response = client.get(f"/i18n/setlang/?{query}")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert "django_language" not in response.cookies
    control = client.get("/i18n/setlang/?language=en&next=/")  # the same link with a language it knows
    assert control.status_code == 302 and control.cookies["django_language"].value == "en"


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example/san-pham/", "javascript:alert(1)"])
def test_language_link_never_returns_to_another_site(client, db, back):
    response = client.get("/i18n/setlang/", {"language": "en", "next": back})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"


def test_language_is_switched_by_a_link_only(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 405
    assert "django_language" not in response.cookies


def test_signed_in_visitor_gets_own_header_after_anonymous_visit(client, producer_user):
    _recognised_products(1)
    assert "Đăng nhập" in client.get("/san-pham/").content.decode()  # fills the page cache

    client.force_login(producer_user)
    html = client.get("/san-pham/").content.decode()

    assert "Đăng xuất" in html
    assert "Bình gốm 0" in html
