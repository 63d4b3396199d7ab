import datetime
import io

import pytest
from django.contrib import admin
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from catalog import enums, uploads
from catalog.models import Document, Producer, ProducerClaim, ProductPhoto, Province, RegionMembership, User
from tests import images
from tests.factories import CertificateFactory, ProducerFactory, ProductFactory, RegionFactory, UserFactory

PDF_BYTES = images.pdf_bytes()


def png_upload(name="anh.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def catalog_rows(producer, producer_user, other_producer_user):
    """One row of every catalog model, owned by the `producer` persona."""
    region = RegionFactory()
    province = Province.objects.get(code="01")
    RegionMembership.objects.get_or_create(region=region, province=province,
                                           defaults={"valid_from": datetime.date(2025, 7, 1)})
    product = ProductFactory(producer=producer, name="Bình gốm men lam Bát Tràng")
    photo = uploads.add_photo(product=product, upload=png_upload(), role=enums.PhotoRole.FRONT, caption="Mặt trước")
    document = uploads.add_document(
        producer=producer, kind=enums.DocumentKind.BUSINESS_REGISTRATION, number="01-HTX-123",
        upload=SimpleUploadedFile("dang-ky.pdf", PDF_BYTES, content_type="application/pdf"), by=producer_user,
    )
    claim = ProducerClaim.objects.create(producer=producer, user=other_producer_user, message="Tôi là kế toán.")
    CertificateFactory(product=product)
    return {"region": region, "province": province, "product": product, "photo": photo, "document": document,
            "claim": claim}


CATALOG_MODELS = ["certificate", "document", "producer", "producerclaim", "product", "productphoto", "province",
                  "region", "regionmembership", "user"]


def test_admin_every_catalog_model_is_registered():
    registered = sorted(model._meta.model_name for model in admin.site._registry
                        if model._meta.app_label == "catalog")

    assert registered == sorted([*CATALOG_MODELS, "auditentry"])


def test_admin_audit_log_is_read_only(client, admin_user):
    """The audit log (catalog.audit) is listed in the admin, never added to, changed or deleted there."""
    client.force_login(admin_user)

    changelist = client.get(reverse("admin:catalog_auditentry_changelist"))
    add = client.get(reverse("admin:catalog_auditentry_add"))

    assert (changelist.status_code, add.status_code) == (200, 403)


@pytest.mark.parametrize("model_name", CATALOG_MODELS)
def test_admin_changelist_and_add_page_render_for_admin(client, admin_user, catalog_rows, model_name):
    client.force_login(admin_user)

    changelist = client.get(reverse(f"admin:catalog_{model_name}_changelist"))
    add = client.get(reverse(f"admin:catalog_{model_name}_add"))

    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count >= 1
    assert add.status_code == 200


@pytest.mark.parametrize("model_name", CATALOG_MODELS)
def test_admin_change_page_renders_for_admin(client, admin_user, catalog_rows, model_name):
    client.force_login(admin_user)
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name and
                 m._meta.app_label == "catalog")
    obj = model.objects.order_by("pk").first()

    response = client.get(reverse(f"admin:catalog_{model_name}_change", args=[obj.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("model_name", "term", "expected"),
    [
        ("user", "nha-san-xuat", "Trần Thị Bình"),
        ("province", "bac giang", "Bắc Giang"),
        ("province", "Hà Nội", "Hà Nội"),
        ("regionmembership", "Hà Nội", "Hà Nội → Phía Bắc"),
        ("producer", "Bát Tràng", "Hợp tác xã Gốm Bát Tràng"),
        ("product", "Gốm Bát Tràng", "Bình gốm men lam Bát Tràng"),
        ("productphoto", "men lam", "Mặt trước"),
        ("document", "01-HTX", "Giấy chứng nhận đăng ký kinh doanh 01-HTX-123"),
        ("producerclaim", "co-so-khac", "Lê Văn Cường → Hợp tác xã Gốm Bát Tràng"),
    ],
)
def test_admin_search_finds_row(client, admin_user, catalog_rows, model_name, term, expected):
    client.force_login(admin_user)

    response = client.get(reverse(f"admin:catalog_{model_name}_changelist"), {"q": term})

    assert response.status_code == 200
    assert expected in [str(obj) for obj in response.context["cl"].result_list]


def test_admin_producer_search_by_unformatted_tax_code(client, admin_user):
    ProducerFactory(name="Cơ sở chi nhánh", tax_code="0101234567-001")
    client.force_login(admin_user)

    response = client.get(reverse("admin:catalog_producer_changelist"), {"q": "0101234567001"})

    assert [obj.name for obj in response.context["cl"].result_list] == ["Cơ sở chi nhánh"]


def test_admin_province_filter_current_and_old(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:catalog_province_changelist")

    current = client.get(url, {"validity": "current"}).context["cl"]
    old = client.get(url, {"validity": "old"}).context["cl"]

    assert current.result_count == 34
    assert old.result_count == 63


def changelist_queries(client, model_name):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"admin:catalog_{model_name}_changelist"))
    assert response.status_code == 200
    return len(queries)


def test_admin_producer_changelist_queries_do_not_grow_with_rows(client, admin_user):
    client.force_login(admin_user)
    ProducerFactory()
    one = changelist_queries(client, "producer")
    ProducerFactory.create_batch(2, province=Province.objects.get(name="Bắc Ninh", valid_to__isnull=True))

    three = changelist_queries(client, "producer")

    assert three == one


def test_admin_product_changelist_queries_do_not_grow_with_rows(client, admin_user):
    client.force_login(admin_user)
    ProductFactory()
    one = changelist_queries(client, "product")
    ProductFactory.create_batch(2)

    three = changelist_queries(client, "product")

    assert three == one


def test_admin_claim_changelist_queries_do_not_grow_with_rows(client, admin_user, producer):
    client.force_login(admin_user)
    ProducerClaim.objects.create(producer=producer, user=UserFactory())
    one = changelist_queries(client, "producerclaim")
    for _ in range(2):
        ProducerClaim.objects.create(producer=ProducerFactory(), user=UserFactory())

    three = changelist_queries(client, "producerclaim")

    assert three == one


def test_admin_approve_action_grants_access_through_service(client, admin_user, catalog_rows, producer,
                                                            producer_user, other_producer_user, after_commit):
    client.force_login(admin_user)
    claim = catalog_rows["claim"]

    with after_commit(execute=True):
        response = client.post(reverse("admin:catalog_producerclaim_changelist"),
                               {"action": "approve_claims", "_selected_action": [claim.pk]})

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (enums.ClaimStatus.APPROVED, admin_user)
    assert set(producer.users.all()) == {producer_user, other_producer_user}
    assert [message.to for message in mail.outbox] == [["co-so-khac@example.vn"]]


def test_admin_reject_action_leaves_producer_users_unchanged(client, admin_user, catalog_rows, producer,
                                                            producer_user):
    client.force_login(admin_user)
    claim = catalog_rows["claim"]

    client.post(reverse("admin:catalog_producerclaim_changelist"),
                {"action": "reject_claims", "_selected_action": [claim.pk]})

    claim.refresh_from_db()
    assert claim.status == enums.ClaimStatus.REJECTED
    assert list(producer.users.all()) == [producer_user]


def test_admin_action_on_decided_claim_changes_nothing(client, admin_user, catalog_rows, producer, producer_user):
    client.force_login(admin_user)
    claim = catalog_rows["claim"]
    ProducerClaim.objects.filter(pk=claim.pk).update(status=enums.ClaimStatus.REJECTED)

    client.post(reverse("admin:catalog_producerclaim_changelist"),
                {"action": "approve_claims", "_selected_action": [claim.pk]})

    claim.refresh_from_db()
    assert claim.status == enums.ClaimStatus.REJECTED
    assert list(producer.users.all()) == [producer_user]


def test_admin_document_pages_show_checked_download_url_not_file_url(client, admin_user, catalog_rows, producer):
    client.force_login(admin_user)
    document = catalog_rows["document"]

    change = client.get(reverse("admin:catalog_document_change", args=[document.pk])).content.decode()
    inline = client.get(reverse("admin:catalog_producer_change", args=[producer.pk])).content.decode()

    for page in (change, inline):
        assert document.get_download_url() in page
        assert document.file.name not in page


def test_admin_document_add_stores_file_through_upload_service(client, admin_user, producer):
    client.force_login(admin_user)

    response = client.post(reverse("admin:catalog_document_add"), {
        "producer": producer.pk, "kind": enums.DocumentKind.QUALITY, "number": "TCCS 01:2024",
        "file": SimpleUploadedFile("tieu-chuan.pdf", PDF_BYTES, content_type="application/pdf"),
    })

    assert response.status_code == 302
    assert list(Document.objects.values_list("original_name", "content_type", "size", "uploaded_by")) == [
        ("tieu-chuan.pdf", "application/pdf", len(PDF_BYTES), admin_user.pk)]


def test_admin_document_add_rejects_non_pdf_and_stores_nothing(client, admin_user, producer):
    client.force_login(admin_user)

    response = client.post(reverse("admin:catalog_document_add"), {
        "producer": producer.pk, "kind": enums.DocumentKind.QUALITY,
        "file": SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf"),
    })

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["file"]
    assert Document.objects.count() == 0


def test_admin_photo_add_reencodes_through_upload_service(client, admin_user, producer):
    client.force_login(admin_user)
    product = ProductFactory(producer=producer)

    response = client.post(reverse("admin:catalog_productphoto_add"), {
        "product": product.pk, "image": png_upload(), "role": enums.PhotoRole.SIDE, "caption": "Mặt bên",
    })

    assert response.status_code == 302
    photo = ProductPhoto.objects.get()
    assert (photo.role, photo.caption, photo.width, photo.height) == (enums.PhotoRole.SIDE, "Mặt bên", 64, 48)
    assert photo.image.storage.exists(photo.thumbnail_name(320)) is True


def test_admin_user_add_form_creates_email_login_without_username(client, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse("admin:catalog_user_add"), {
        "email": "Thu-Ky.BacNinh@Example.vn", "full_name": "Đỗ Thị Thu", "role": enums.Role.SECRETARIAT,
        "scope_level": enums.ScopeLevel.PROVINCE,
        "scope_province": Province.objects.get(name="Bắc Ninh", valid_to__isnull=True).pk,
        "usable_password": "true", "password1": "mat-khau-rat-dai-2025", "password2": "mat-khau-rat-dai-2025",
    })

    assert response.status_code == 302
    user = User.objects.get(email="thu-ky.bacninh@example.vn")
    assert (user.role, user.scope_province.name, user.check_password("mat-khau-rat-dai-2025")) == (
        enums.Role.SECRETARIAT, "Bắc Ninh", True)


def test_admin_pages_refuse_producer_users(client, producer_user, producer):
    client.force_login(producer_user)

    response = client.get(reverse("admin:catalog_producer_changelist"))

    assert response.status_code == 302
    assert Producer.objects.count() == 1
