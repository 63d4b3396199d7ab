"""Public, read-only endpoints: anyone, no account. Only what the public pages show."""

import datetime

import pytest

from awards.artisans.models import ArtisanTitle
from catalog import enums
from scoring.enums import RoundState
from tests.factories import (
    CertificateFactory,
    DecisionEntryFactory,
    ProducerFactory,
    ProductFactory,
    ProvinceFactory,
    ResultsDecisionFactory,
    SelectionRoundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognised(producer):
    product = ProductFactory(producer=producer, name="Bình gốm men lam Bát Tràng", group=enums.ProductGroup.HANDICRAFT)
    CertificateFactory(product=product, number="CX-HN-2025-001")
    return product


@pytest.fixture
def unrecognised(other_producer):
    """A product without any certificate: nothing public may show it."""
    return ProductFactory(producer=other_producer, name="Giỏ mây Phú Vinh")


def test_products_list_searches_without_diacritics(anon, recognised, unrecognised):
    response = anon.get("/api/v1/public/products/", {"q": "binh gom"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [recognised.pk]
    everything = anon.get("/api/v1/public/products/").json()
    assert [row["id"] for row in everything["results"]] == [recognised.pk]
    assert everything["count"] == 1


def test_products_list_filters_by_province_code_and_group(anon, recognised):
    code = recognised.producer.province.code
    assert anon.get("/api/v1/public/products/", {"tinh": code}).json()["count"] == 1
    other_group = next(g for g in enums.ProductGroup.values if g != recognised.group)
    assert anon.get("/api/v1/public/products/", {"nhom": other_group}).json()["count"] == 0
    assert anon.get("/api/v1/public/products/", {"nhom": recognised.group}).json()["count"] == 1


def test_products_list_bad_filters_are_400_field_by_field(anon, recognised):
    response = anon.get("/api/v1/public/products/", {"nam": "abc", "sap_xep": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"nam", "sap_xep"}
    unknown = anon.get("/api/v1/public/products/", {"tinh": "Tỉnh Không Có"})
    assert unknown.status_code == 400
    assert unknown.json() == {"tinh": ["Không tìm thấy tỉnh/thành phố “Tỉnh Không Có”. Hãy gõ tên tỉnh/thành phố hiện "
                                       "nay hoặc tên cũ (trước ngày 1/7/2025)."]}


def test_product_detail_only_for_recognised(anon, recognised, unrecognised):
    response = anon.get(f"/api/v1/public/products/{recognised.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Bình gốm men lam Bát Tràng"
    assert [c["number"] for c in body["certificates"]] == ["CX-HN-2025-001"]
    assert "tax_code" not in body
    assert anon.get(f"/api/v1/public/products/{unrecognised.pk}/").status_code == 404


def test_public_producers_only_recognised_and_contacts_as_chosen(anon, recognised, unrecognised):
    producer = recognised.producer
    producer.publish_contacts = False
    producer.phone = "0241234567"
    producer.save()
    response = anon.get("/api/v1/public/producers/")
    assert [row["id"] for row in response.json()["results"]] == [producer.pk]
    detail = anon.get(f"/api/v1/public/producers/{producer.pk}/").json()
    assert detail["phone"] == ""
    assert "tax_code" not in detail
    producer.publish_contacts = True
    producer.save()
    assert anon.get(f"/api/v1/public/producers/{producer.pk}/").json()["phone"] == "0241234567"
    assert anon.get(f"/api/v1/public/producers/{unrecognised.producer_id}/").status_code == 404


def test_certificate_verification(anon, recognised):
    response = anon.get("/api/v1/public/certificates/verify/", {"number": " cx-hn-2025-001 "})
    assert response.status_code == 200
    assert response.json()["number"] == "CX-HN-2025-001"
    assert response.json()["product"] == "Bình gốm men lam Bát Tràng"
    missing = anon.get("/api/v1/public/certificates/verify/", {"number": "CX-HN-2025-999"})
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Không tìm thấy giấy chứng nhận số “CX-HN-2025-999”."}
    empty = anon.get("/api/v1/public/certificates/verify/")
    assert empty.status_code == 400
    assert empty.json() == {"number": ["Hãy nhập số giấy chứng nhận."]}


def test_unpublished_certificate_is_not_verified(anon, producer):
    CertificateFactory(product=ProductFactory(producer=producer), number="CX-HN-2025-002", published_on=None)
    assert anon.get("/api/v1/public/certificates/verify/", {"number": "CX-HN-2025-002"}).status_code == 404


def test_rounds_hide_drafts(anon):
    open_round = SelectionRoundFactory(title="Đợt đang nhận hồ sơ")
    SelectionRoundFactory(title="Đợt đang soạn", state=RoundState.DRAFT)
    titles = [r["title"] for r in anon.get("/api/v1/public/rounds/").json()["results"]]
    assert titles == ["Đợt đang nhận hồ sơ"]
    assert anon.get(f"/api/v1/public/rounds/{open_round.pk}/").status_code == 200


def test_results_only_published_recognised_entries(anon):
    published = DecisionEntryFactory(decision=ResultsDecisionFactory(state="published"), rank=1)
    DecisionEntryFactory(decision=published.decision, recognised=False, exclusion_reason="Dưới ngưỡng.", rank=2)
    DecisionEntryFactory(decision=ResultsDecisionFactory(state="approved"), rank=1)
    rows = anon.get("/api/v1/public/results/").json()["results"]
    assert [row["id"] for row in rows] == [published.pk]
    assert rows[0]["product_name"] == published.nomination.product.name
    assert anon.get("/api/v1/public/results/", {"decision__round": published.decision.round_id}).json()["count"] == 1


def test_artisan_register_search_and_filters(anon):
    ha_noi = ProvinceFactory()
    other = ProvinceFactory(code="79", name="Thành phố Hồ Chí Minh")
    ArtisanTitle.objects.create(full_name="Nguyễn Văn Gốm", title="nnnd", year=2019, craft="Gốm sứ", province=ha_noi,
                                decided_on=datetime.date(2019, 11, 1))
    ArtisanTitle.objects.create(full_name="Trần Thị Sơn Mài", title="nnut", year=2022, craft="Sơn mài",
                                province=other)
    names = [r["full_name"] for r in anon.get("/api/v1/public/artisans/", {"q": "gom"}).json()["results"]]
    assert names == ["Nguyễn Văn Gốm"]
    assert anon.get("/api/v1/public/artisans/", {"danh_hieu": "nnut"}).json()["count"] == 1
    assert anon.get("/api/v1/public/artisans/", {"tinh": "79"}).json()["count"] == 1
    bad = anon.get("/api/v1/public/artisans/", {"tinh": "zz", "danh_hieu": "x"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"tinh", "danh_hieu"}


def test_public_list_queries_do_not_grow(anon, django_assert_max_num_queries):
    for index in range(3):
        CertificateFactory(product=ProductFactory(producer=ProducerFactory(), name=f"Sản phẩm {index}"))
    anon.get("/api/v1/public/products/")  # warm the filter choices cache
    with django_assert_max_num_queries(6):
        assert anon.get("/api/v1/public/products/").json()["count"] == 3
    with django_assert_max_num_queries(4):
        assert anon.get("/api/v1/public/producers/").json()["count"] == 3
