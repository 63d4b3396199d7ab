"""The producer's own pages: dashboard, profile, claims, products, photos, documents, and isolation between them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import enums, uploads
from catalog.models import Producer, ProducerClaim, Product, ProductPhoto
from catalog.services import claim_producer, decide_claim
from tests.catalog.test_accounts import unlabelled_inputs
from tests.factories import NominationFactory, ProducerFactory, ProductFactory, ProvinceFactory
from tests.images import jpeg_upload, pdf_upload, text_as_jpeg_upload
from tests.media import is_stored, stored_names


@pytest.fixture
def product(producer):
    return ProductFactory(producer=producer, name="Bình hút lộc men rạn")


@pytest.fixture
def photo(product):
    return uploads.add_photo(product=product, upload=jpeg_upload(), role=enums.PhotoRole.FRONT, caption="Mặt trước")


@pytest.fixture
def document(producer, product):
    return uploads.add_document(producer=producer, product=product, kind=enums.DocumentKind.QUALITY,
                                upload=pdf_upload())


def producer_data(**overrides):
    return {"name": "Cơ sở Nón lá Chuông", "legal_form": enums.LegalForm.HOUSEHOLD, "tax_code": "0109 876 543",
            "address": "Thôn Chuông", "province": ProvinceFactory().pk, "commune": "Xã Phương Trung",
            "representative": "Đỗ Thị Hoa", "phone": "0912 000 111", "email": "nonla@example.vn",
            "website": "", "year_founded": "1998", "employees": "12", "description": "", "publish_contacts": "on",
            **overrides}


def product_data(**overrides):
    return {"name": "Nón lá bài thơ", "group": enums.ProductGroup.HANDICRAFT, "description": "Nón lá ba tầm",
            "materials": "Lá cọ, tre", "market": enums.Market.BOTH, **overrides}


# --- Dashboard ---------------------------------------------------------------------------------------------


def test_dashboard_empty_state_offers_create_and_claim(client, producer_user):
    client.force_login(producer_user)

    response = client.get(reverse("catalog:dashboard"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Cơ sở của tôi</h1>" in page
    assert f'href="{reverse("catalog:producer_create")}"' in page
    assert f'href="{reverse("catalog:producer_claim")}"' in page


def test_dashboard_lists_products_documents_and_pending_claims(client, producer_user, product, photo, document):
    claimed = ProducerFactory(name="Làng lụa Vạn Phúc", users=[])
    ProducerClaim.objects.create(producer=claimed, user=producer_user)
    client.force_login(producer_user)

    page = client.get(reverse("catalog:dashboard")).content.decode()

    assert "Bình hút lộc men rạn" in page
    assert photo.thumbnail_url(320) in page
    assert "1 ảnh" in page
    assert document.get_download_url() in page
    assert "Làng lụa Vạn Phúc" in page


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("catalog:dashboard")).status_code == 200
    return len(queries)


def test_dashboard_query_count_constant(client, producer, producer_user):
    client.force_login(producer_user)

    def add_product():
        item = ProductFactory(producer=producer)
        uploads.add_photo(product=item, upload=jpeg_upload((64, 48)), role=enums.PhotoRole.FRONT)
        uploads.add_document(producer=producer, product=item, kind=enums.DocumentKind.OTHER, upload=pdf_upload())

    add_product()
    one = _dashboard_queries(client)
    add_product()
    add_product()
    three = _dashboard_queries(client)

    assert producer.products.count() == 3
    assert one == three


def test_dashboard_other_roles_redirected(client, secretary, admin_user):
    client.force_login(secretary)
    assert client.get(reverse("catalog:dashboard")).url == reverse("home")
    client.force_login(admin_user)
    assert client.get(reverse("catalog:dashboard")).url == reverse("admin:index")


# --- Producer profile --------------------------------------------------------------------------------------


def test_producer_create_makes_creator_a_manager(client, producer_user):
    client.force_login(producer_user)

    response = client.post(reverse("catalog:producer_create"), producer_data())

    producer = Producer.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("catalog:producer_detail", args=[producer.pk])
    assert (producer.tax_code, producer.publish_contacts) == ("0109876543", True)
    assert list(producer.users.all()) == [producer_user]


def test_producer_create_bad_tax_code_refused(client, producer_user):
    client.force_login(producer_user)

    response = client.post(reverse("catalog:producer_create"), producer_data(tax_code="12345"))

    assert response.status_code == 400
    assert response.context["form"].errors["tax_code"] == [
        "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số và 3 chữ số đơn vị phụ thuộc (0101234567-001)."]
    assert Producer.objects.count() == 0


def test_producer_create_duplicate_tax_code_points_to_claim(client, producer_user):
    ProducerFactory(tax_code="0109876543", users=[])
    client.force_login(producer_user)

    response = client.post(reverse("catalog:producer_create"), producer_data(tax_code="0109.876.543"))

    assert response.status_code == 400
    assert response.context["form"].errors["tax_code"] == [
        "Mã số thuế 0109876543 đã có trên hệ thống. Nếu đây là cơ sở của bạn, hãy gửi yêu cầu nhận quản lý "
        "cơ sở thay vì tạo hồ sơ mới."]
    assert f'href="{reverse("catalog:producer_claim")}?ma_so_thue=' in response.content.decode()
    assert Producer.objects.count() == 1


def test_producer_create_old_province_refused(client, producer_user):
    old = ProvinceFactory(code="old-ha-tay", name="Hà Tây", valid_from=datetime.date(1991, 8, 12),
                          valid_to=datetime.date(2008, 7, 31))
    client.force_login(producer_user)

    response = client.post(reverse("catalog:producer_create"), producer_data(province=old.pk))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["province"]
    assert Producer.objects.count() == 0


def test_producer_create_not_for_other_roles(client, judge):
    client.force_login(judge)

    assert client.get(reverse("catalog:producer_create")).status_code == 404


def test_producer_edit_saves(client, producer, producer_user):
    client.force_login(producer_user)

    response = client.post(reverse("catalog:producer_edit", args=[producer.pk]),
                           producer_data(name="HTX Gốm Bát Tràng mới", tax_code=producer.tax_code))

    producer.refresh_from_db()
    assert response.status_code == 302
    assert producer.name == "HTX Gốm Bát Tràng mới"


def test_producer_detail_secretariat_reads_without_edit_links(client, producer, secretary):
    client.force_login(secretary)

    response = client.get(reverse("catalog:producer_detail", args=[producer.pk]))

    assert response.status_code == 200
    assert reverse("catalog:producer_edit", args=[producer.pk]) not in response.content.decode()


# --- Claims ------------------------------------------------------------------------------------------------


def test_claim_matching_email_unmanaged_is_approved_at_once(client, producer_user):
    target = ProducerFactory(tax_code="0301234567", email="NHA-SAN-XUAT@example.vn", users=[])
    client.force_login(producer_user)

    response = client.post(reverse("catalog:producer_claim"), {"tax_code": "0301 234 567", "message": ""})

    claim = ProducerClaim.objects.get()
    assert response.status_code == 302
    assert claim.status == enums.ClaimStatus.APPROVED
    assert list(target.users.all()) == [producer_user]


def test_claim_other_email_stays_pending(client, producer_user):
    target = ProducerFactory(tax_code="0301234567", email="khac@example.vn", users=[])
    client.force_login(producer_user)

    client.post(reverse("catalog:producer_claim"), {"tax_code": "0301234567", "message": "Tôi là giám đốc"})

    claim = ProducerClaim.objects.get()
    assert (claim.status, claim.message) == (enums.ClaimStatus.PENDING, "Tôi là giám đốc")
    assert list(target.users.all()) == []


def test_claim_matching_email_but_already_managed_stays_pending(producer_user, other_producer_user):
    target = ProducerFactory(email="nha-san-xuat@example.vn", users=[other_producer_user])

    claim = claim_producer(user=producer_user, tax_code=target.tax_code)

    assert claim.status == enums.ClaimStatus.PENDING
    assert list(target.users.all()) == [other_producer_user]


def test_claim_twice_while_pending_gives_clear_message(client, producer_user):
    target = ProducerFactory(email="khac@example.vn", users=[])
    claim_producer(user=producer_user, tax_code=target.tax_code)
    client.force_login(producer_user)

    response = client.post(reverse("catalog:producer_claim"), {"tax_code": target.tax_code})

    assert response.status_code == 400
    assert response.context["form"].errors["tax_code"] == [
        "Bạn đã gửi yêu cầu nhận quản lý cơ sở này; yêu cầu đang chờ ban thư ký duyệt."]
    assert ProducerClaim.objects.count() == 1


def test_claim_unknown_tax_code_gives_clear_message(client, producer_user):
    client.force_login(producer_user)

    response = client.post(reverse("catalog:producer_claim"), {"tax_code": "0399999999"})

    assert response.status_code == 400
    assert response.context["form"].errors["tax_code"] == [
        "Không tìm thấy cơ sở có mã số thuế 0399999999. Nếu cơ sở chưa có trên hệ thống, hãy tạo hồ sơ mới."]
    assert ProducerClaim.objects.count() == 0


def test_decide_claim_approve_adds_user_and_emails(producer_user, secretary, mailoutbox, after_commit):
    target = ProducerFactory(name="Làng lụa Vạn Phúc", email="khac@example.vn", users=[])
    claim = claim_producer(user=producer_user, tax_code=target.tax_code)

    with after_commit(execute=True):
        decided = decide_claim(claim=claim, approve=True, by=secretary)

    assert (decided.status, decided.decided_by) == (enums.ClaimStatus.APPROVED, secretary)
    assert list(target.users.all()) == [producer_user]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nha-san-xuat@example.vn"]
    assert mailoutbox[0].subject == "Yêu cầu quản lý cơ sở Làng lụa Vạn Phúc đã được duyệt"


def test_decide_claim_reject_adds_nobody_and_emails(producer_user, secretary, mailoutbox, after_commit):
    target = ProducerFactory(name="Làng lụa Vạn Phúc", email="khac@example.vn", users=[])
    claim = claim_producer(user=producer_user, tax_code=target.tax_code)

    with after_commit(execute=True):
        decided = decide_claim(claim=claim, approve=False, by=secretary)

    assert decided.status == enums.ClaimStatus.REJECTED
    assert list(target.users.all()) == []
    assert mailoutbox[0].subject == "Yêu cầu quản lý cơ sở Làng lụa Vạn Phúc không được duyệt"


def test_decide_claim_twice_refused(producer_user, secretary, mailoutbox, after_commit):
    claim = claim_producer(user=producer_user, tax_code=ProducerFactory(users=[]).tax_code)
    with after_commit(execute=True):
        decide_claim(claim=claim, approve=False, by=secretary)

    with pytest.raises(ValidationError) as error, after_commit(execute=True):
        decide_claim(claim=claim, approve=True, by=secretary)

    assert error.value.messages == ["Yêu cầu này đã được xử lý trước đó."]
    assert len(mailoutbox) == 1


# --- Products and photos -----------------------------------------------------------------------------------


def test_product_create_and_edit(client, producer, producer_user):
    client.force_login(producer_user)

    created = client.post(reverse("catalog:product_create", args=[producer.pk]), product_data())
    product = Product.objects.get()
    edited = client.post(reverse("catalog:product_edit", args=[product.pk]), product_data(name="Nón quai thao"))

    product.refresh_from_db()
    assert (created.status_code, edited.status_code) == (302, 302)
    assert (product.producer, product.name, product.market) == (producer, "Nón quai thao", enums.Market.BOTH)


def test_product_delete_asks_then_deletes_with_photo_files(client, product, photo, producer_user,
                                                           django_capture_on_commit_callbacks):
    client.force_login(producer_user)
    url = reverse("catalog:product_delete", args=[product.pk])
    names = [photo.image.name] + [photo.thumbnail_name(width) for width in ProductPhoto.THUMB_WIDTHS]
    assert [is_stored(name) for name in names] == [True] * 4

    confirm = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.post(url)

    assert confirm.status_code == 200
    assert "<h1>Xác nhận xoá</h1>" in confirm.content.decode()
    assert deleted.status_code == 302
    assert Product.objects.count() == 0
    assert [is_stored(name) for name in names] == [False] * 4
    assert stored_names() == []


def test_a_nominated_product_is_not_deleted_and_keeps_its_photo(client, product, photo, producer_user,
                                                                django_capture_on_commit_callbacks):
    """The nomination protects the product (a 500 before): the page says why, and no photo file is lost."""
    NominationFactory(product=product)
    client.force_login(producer_user)
    names = [photo.image.name] + [photo.thumbnail_name(width) for width in ProductPhoto.THUMB_WIDTHS]

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(reverse("catalog:product_delete", args=[product.pk]), follow=True)

    assert refused.redirect_chain == [(product.get_absolute_url(), 302)]
    assert "Không thể xoá sản phẩm này: sản phẩm đã được đề cử" in refused.content.decode()
    assert list(Product.objects.all()) == [product]
    assert ProductPhoto.objects.filter(pk=photo.pk).exists() is True
    assert stored_names() == sorted(names)


def test_product_detail_shows_photos_and_missing_roles(client, product, photo, document, producer_user):
    client.force_login(producer_user)

    response = client.get(reverse("catalog:product_detail", args=[product.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<img src="{photo.thumbnail_url(320)}" width="320" height="240" alt="Mặt trước"' in page
    assert [role.value for role in response.context["missing_roles"]] == ["side", "top"]
    assert '<span class="badge warn">Mặt bên</span>' in page
    assert document.get_download_url() in page
    assert unlabelled_inputs(page) == []


def test_photo_upload_adds_photo(client, product, producer_user):
    client.force_login(producer_user)

    response = client.post(reverse("catalog:photo_add", args=[product.pk]),
                           {"image": jpeg_upload(), "role": enums.PhotoRole.SIDE, "caption": "Mặt bên"})

    assert response.status_code == 302
    assert list(product.photos.values_list("role", "caption")) == [("side", "Mặt bên")]


def test_photo_upload_bad_file_shows_error_next_to_field(client, product, producer_user):
    client.force_login(producer_user)

    response = client.post(reverse("catalog:photo_add", args=[product.pk]),
                           {"image": text_as_jpeg_upload(), "role": enums.PhotoRole.SIDE})

    assert response.status_code == 400
    assert len(response.context["photo_form"].errors["image"]) == 1
    assert 'id="id_image_errors"' in response.content.decode()
    assert product.photos.count() == 0


def test_photo_move_and_delete(client, product, photo, producer_user, django_capture_on_commit_callbacks):
    second = uploads.add_photo(product=product, upload=jpeg_upload(), role=enums.PhotoRole.SIDE)
    client.force_login(producer_user)

    moved = client.post(reverse("catalog:photo_move", args=[second.pk]), {"direction": "-1"})
    assert moved.status_code == 302
    assert list(product.photos.values_list("pk", flat=True)) == [second.pk, photo.pk]
    bad = client.post(reverse("catalog:photo_move", args=[second.pk]), {"direction": "5"})
    assert bad.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("catalog:photo_delete", args=[second.pk]))
    assert list(product.photos.values_list("pk", flat=True)) == [photo.pk]


# --- Language and labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "heading"), [
    ("catalog:producer_create", "Tạo hồ sơ cơ sở"),
    ("catalog:producer_claim", "Nhận quản lý cơ sở đã có"),
])
def test_producer_forms_vietnamese_and_labelled(client, producer_user, name, heading):
    client.force_login(producer_user)

    page = client.get(reverse(name)).content.decode()

    assert f"<h1>{heading}</h1>" in page
    assert unlabelled_inputs(page) == []


@pytest.mark.parametrize(("name", "heading"), [
    ("catalog:product_create", "Thêm sản phẩm"),
    ("catalog:document_add", "Tải giấy tờ lên"),
    ("catalog:producer_edit", "Sửa hồ sơ cơ sở"),
])
def test_producer_object_forms_vietnamese_and_labelled(client, producer, producer_user, name, heading):
    client.force_login(producer_user)

    page = client.get(reverse(name, args=[producer.pk])).content.decode()

    assert f"<h1>{heading}</h1>" in page
    assert unlabelled_inputs(page) == []


# --- Isolation ---------------------------------------------------------------------------------------------


def producer_urls(producer, product, photo, document):
    """Every GET and POST address that touches `producer`'s data, with a POST body that would change it."""
    gets = [
        reverse("catalog:producer_detail", args=[producer.pk]),
        reverse("catalog:producer_edit", args=[producer.pk]),
        reverse("catalog:product_create", args=[producer.pk]),
        reverse("catalog:document_add", args=[producer.pk]),
        reverse("catalog:product_detail", args=[product.pk]),
        reverse("catalog:product_edit", args=[product.pk]),
        reverse("catalog:product_delete", args=[product.pk]),
        reverse("catalog:document_delete", args=[document.pk]),
        reverse("catalog:document_download", args=[document.pk]),
    ]
    posts = [
        (reverse("catalog:producer_edit", args=[producer.pk]), producer_data(name="Bị chiếm", tax_code="0100000001")),
        (reverse("catalog:product_create", args=[producer.pk]), product_data(name="Sản phẩm lạ")),
        (reverse("catalog:document_add", args=[producer.pk]), {"kind": "other", "file": pdf_upload()}),
        (reverse("catalog:product_edit", args=[product.pk]), product_data(name="Bị sửa")),
        (reverse("catalog:product_delete", args=[product.pk]), {}),
        (reverse("catalog:photo_add", args=[product.pk]), {"image": jpeg_upload(), "role": "side"}),
        (reverse("catalog:photo_move", args=[photo.pk]), {"direction": "1"}),
        (reverse("catalog:photo_delete", args=[photo.pk]), {}),
        (reverse("catalog:document_delete", args=[document.pk]), {}),
    ]
    return gets, posts


def snapshot(producer):
    return (
        list(Producer.objects.filter(pk=producer.pk).values()),
        list(Product.objects.filter(producer=producer).values()),
        list(ProductPhoto.objects.filter(product__producer=producer).values()),
        list(producer.documents.values()),
    )


def test_isolation_other_producer_gets_404_everywhere(client, producer, product, photo, document,
                                                      other_producer_user, other_producer):
    client.force_login(other_producer_user)
    before = snapshot(producer)
    gets, posts = producer_urls(producer, product, photo, document)

    get_codes = [client.get(url).status_code for url in gets]
    post_codes = [client.post(url, data).status_code for url, data in posts]

    assert get_codes == [404] * len(gets)
    assert post_codes == [404] * len(posts)
    assert snapshot(producer) == before


def test_isolation_anonymous_redirected_to_login(client, producer, product, photo, document):
    before = snapshot(producer)
    gets, posts = producer_urls(producer, product, photo, document)

    responses = [client.get(url) for url in gets] + [client.post(url, data) for url, data in posts]

    login = reverse("login")
    assert [(r.status_code, r.url.split("?")[0]) for r in responses] == [(302, login)] * len(responses)
    assert snapshot(producer) == before
