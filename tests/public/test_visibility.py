"""Only recognised products are public; a recognition of an unpublished decision never leaks anywhere."""

import json

import pytest
from django.urls import reverse

from awards.services import revoke_certificate
from catalog.services import save_product
from tests.factories import ProducerFactory, ProductFactory, UserFactory

from .conftest import current_certificate, expired_certificate, revoked_certificate, unpublished_certificate

LIST = "/san-pham/"

pytestmark = pytest.mark.django_db


def _everywhere(client, text):
    """Where `text` shows up among the public outputs that list products."""
    found = []
    for name, url in [("list", LIST), ("search", f"{LIST}?q=bi+mat"), ("home", "/"),
                      ("csv", reverse("public:products_csv")), ("json", reverse("public:products_json")),
                      ("sitemap", "/sitemap-san-pham.xml")]:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if text in body.decode():
            found.append(name)
    return found


def test_unpublished_recognition_never_appears(client):
    producer = ProducerFactory(name="Cơ sở Bí Mật")
    product = ProductFactory(producer=producer, name="Bình gốm bí mật")
    unpublished_certificate(product, number="GCN-CHUA-CONG-BO")
    current_certificate(ProductFactory(name="Nón lá Huế"))

    assert _everywhere(client, "Bình gốm bí mật") == []
    assert _everywhere(client, f"/san-pham/{product.pk}/") == []
    assert client.get(reverse("public:product", args=[product.pk])).status_code == 404
    assert client.get(reverse("public:producer", args=[producer.pk])).status_code == 404
    assert "Nón lá Huế" in client.get(LIST).content.decode()


def test_product_without_certificate_is_not_public(client):
    product = ProductFactory(name="Sản phẩm chưa công nhận")

    assert client.get(reverse("public:product", args=[product.pk])).status_code == 404
    assert "Sản phẩm chưa công nhận" not in client.get(LIST).content.decode()


def test_revoked_only_product_does_not_appear(client):
    product = ProductFactory(name="Bình gốm thu hồi")
    revoked_certificate(product)

    assert _everywhere(client, "Bình gốm thu hồi") == []
    assert client.get(reverse("public:product", args=[product.pk])).status_code == 404


def test_expired_recognition_shows_as_historical(client):
    product = ProductFactory(name="Chiếu cói Kim Sơn")
    expired_certificate(product)

    card = client.get(LIST).content.decode()
    page = client.get(reverse("public:product", args=[product.pk])).content.decode()

    assert "Chiếu cói Kim Sơn" in card
    assert "Đã công nhận (hết hạn)" in card
    assert "Đang hiệu lực" not in card
    assert "Hết hiệu lực" in page


def test_product_page_lists_every_public_recognition_with_verify_link(client):
    product = ProductFactory(name="Lụa Vạn Phúc")
    current_certificate(product, number="GCN-TINH-2026", level="province")
    expired_certificate(product, number="GCN-XA-2020", level="commune")
    unpublished_certificate(product, number="GCN-KV-CHUA")

    page = client.get(reverse("public:product", args=[product.pk])).content.decode()

    assert reverse("awards:verify", args=["GCN-TINH-2026"]) in page
    assert reverse("awards:verify", args=["GCN-XA-2020"]) in page
    assert "GCN-KV-CHUA" not in page
    assert "Cấp tỉnh" in page
    assert "Còn hiệu lực" in page


def test_new_published_certificate_shows_immediately(client, django_capture_on_commit_callbacks):
    product = ProductFactory(name="Trống Đọi Tam")
    assert "Trống Đọi Tam" not in client.get(LIST).content.decode()  # caches an empty list
    assert client.get(reverse("public:product", args=[product.pk])).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):  # the cache is dropped when the write commits
        current_certificate(product)

    assert "Trống Đọi Tam" in client.get(LIST).content.decode()
    assert client.get(reverse("public:product", args=[product.pk])).status_code == 200


def test_revocation_removes_product_immediately(client, django_capture_on_commit_callbacks):
    product = ProductFactory(name="Đèn lồng Hội An")
    certificate = current_certificate(product)
    assert "Đèn lồng Hội An" in client.get(LIST).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate=certificate, by=UserFactory(is_superuser=True), reason="Vi phạm",
                           revoked_on=certificate.issued_on, decision_number="12/QĐ-UBND")

    assert "Đèn lồng Hội An" not in client.get(LIST).content.decode()
    assert client.get(reverse("public:product", args=[product.pk])).status_code == 404


def test_renamed_product_shows_new_name_immediately(client, django_capture_on_commit_callbacks):
    product = ProductFactory(name="Tên cũ")
    current_certificate(product)
    client.get(reverse("public:product", args=[product.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        product.name = "Tên mới"
        save_product(product=product)  # the door every form, the admin and the imports use

    assert "Tên mới" in client.get(reverse("public:product", args=[product.pk])).content.decode()


def test_write_without_commit_leaves_cache_alone(client):
    product = ProductFactory(name="Chưa lưu xong")
    current_certificate(product)
    client.get(LIST)

    product.name = "Đổi tên giữa chừng"
    product.save()  # the test's transaction never commits: the cached list must not be dropped yet

    assert "Chưa lưu xong" in client.get(LIST).content.decode()


def test_producer_page_shows_only_recognised_products(client):
    producer = ProducerFactory(name="HTX Mây tre Phú Vinh")
    current_certificate(ProductFactory(producer=producer, name="Giỏ mây"))
    unpublished_certificate(ProductFactory(producer=producer, name="Khay tre chưa công bố"))

    page = client.get(reverse("public:producer", args=[producer.pk])).content.decode()

    assert "Giỏ mây" in page
    assert "Khay tre chưa công bố" not in page


def test_json_lists_recognised_products_with_status(client):
    current = ProductFactory(name="Hiện hành")
    current_certificate(current)
    old = ProductFactory(name="Lịch sử")
    expired_certificate(old)

    response = client.get(reverse("public:products_json"))
    data = json.loads(b"".join(response.streaming_content))

    assert sorted((p["name"], p["status"]) for p in data["products"]) == [
        ("Hiện hành", "current"), ("Lịch sử", "historical"),
    ]


def test_sitemap_lists_recognised_product_and_producer(client):
    product = ProductFactory()
    current_certificate(product)

    index = client.get("/sitemap.xml").content.decode()
    products = client.get("/sitemap-san-pham.xml").content.decode()
    producers = client.get("/sitemap-nha-san-xuat.xml").content.decode()

    assert "sitemap-san-pham.xml" in index
    assert f"/san-pham/{product.pk}/</loc>" in products
    assert f"/nha-san-xuat/{product.producer_id}/</loc>" in producers
