"""Private documents: who may download them, how they are served, and that they never sit in public media."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.urls import reverse

from catalog import enums, uploads
from tests.factories import ProvinceFactory, UserFactory
from tests.images import pdf_bytes, upload
from tests.media import is_stored, stored_bytes, stored_names


@pytest.fixture
def document(producer):
    return uploads.add_document(producer=producer, kind=enums.DocumentKind.FOOD_SAFETY, number="123/ATTP",
                                upload=upload("Giấy ATTP 2025.pdf", pdf_bytes(), "application/pdf"))


@pytest.fixture
def saigon_secretary(db):
    return UserFactory(email="thu-ky-hcm@example.vn", role=enums.Role.SECRETARIAT,
                       scope_level=enums.ScopeLevel.PROVINCE,
                       scope_province=ProvinceFactory(code="79", name="Thành phố Hồ Chí Minh"))


def download(client, user, document):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("catalog:document_download", args=[document.pk]))


@pytest.mark.parametrize("persona", ["producer_user", "secretary", "admin_user"])
def test_document_download_allowed_gets_exact_bytes(client, document, persona, request):
    response = download(client, request.getfixturevalue(persona), document)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Gi%E1%BA%A5y%20ATTP%202025.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("persona", ["other_producer_user", "saigon_secretary", "judge"])
def test_document_download_others_get_404(client, document, persona, request):
    assert download(client, request.getfixturevalue(persona), document).status_code == 404


def test_document_download_anonymous_redirected_to_login(client, document):
    response = download(client, None, document)

    path = reverse("catalog:document_download", args=[document.pk])
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={path}"


def test_document_download_missing_is_404(client, document, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("catalog:document_download", args=[document.pk + 1])).status_code == 404


def test_document_file_is_outside_public_media(client, document):
    # In the private store (a folder outside MEDIA_ROOT, or private/ objects on S3: test_storage_s3.py checks
    # their ACL), never in the public one.
    assert stored_names("private") == [document.file.name]
    assert stored_bytes(document.file.name, "private") == pdf_bytes()
    assert stored_names() == []
    if not settings.S3_BUCKET:
        private = Path(storages["private"].path(document.file.name)).resolve()
        assert Path(settings.MEDIA_ROOT).resolve() not in private.parents
    assert document.get_download_url() == f"/co-so/giay-to/{document.pk}/tai-ve/"
    assert not document.get_download_url().startswith(settings.MEDIA_URL)
    assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404


def test_document_upload_page_posts_through_service(client, producer, producer_user):
    client.force_login(producer_user)

    response = client.post(reverse("catalog:document_add", args=[producer.pk]), {
        "kind": enums.DocumentKind.QUALITY, "number": "TCCS 01:2025", "issuer": "Sở Công Thương Hà Nội",
        "issued_on": "2025-08-01", "expires_on": "2028-08-01", "product": "",
        "file": upload("tieu-chuan.pdf", pdf_bytes(), "application/pdf"),
    })

    assert response.status_code == 302
    document = producer.documents.get()
    assert (document.number, document.original_name, document.uploaded_by) == (
        "TCCS 01:2025", "tieu-chuan.pdf", producer_user)
    downloaded = client.get(document.get_download_url())
    assert b"".join(downloaded.streaming_content) == pdf_bytes()


def test_document_upload_bad_file_shows_error_and_stores_nothing(client, producer, producer_user):
    client.force_login(producer_user)

    response = client.post(reverse("catalog:document_add", args=[producer.pk]), {
        "kind": enums.DocumentKind.QUALITY, "file": upload("giay.pdf", b"%PDF-1.4 not really", "application/pdf"),
    })

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "Tệp PDF bị hỏng hoặc chưa tải lên hết. Hãy mở thử tệp trên máy rồi tải lên lại."]
    assert producer.documents.count() == 0
    assert stored_names("private") == []


def test_document_delete_removes_row(client, document, producer_user, django_capture_on_commit_callbacks):
    client.force_login(producer_user)
    assert is_stored(document.file.name, "private") is True

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("catalog:document_delete", args=[document.pk]))

    assert response.status_code == 302
    assert document.producer.documents.count() == 0
    assert is_stored(document.file.name, "private") is False


def test_document_delete_secretariat_gets_404(client, document, secretary):
    client.force_login(secretary)

    assert client.post(reverse("catalog:document_delete", args=[document.pk])).status_code == 404
    assert document.producer.documents.count() == 1
