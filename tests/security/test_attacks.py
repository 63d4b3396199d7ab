"""Each attack of issue 11, as an attacker sends it, beside a positive control that the same path still works."""

import datetime
import io

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image, ImageFile

from catalog import enums
from catalog.listing import Recognition, listing_facts
from catalog.models import Certificate
from catalog.uploads import process_photo, validate_document_upload
from tests import images
from tests.factories import CertificateFactory, ProductFactory, ResultsDecisionFactory

HTML_PAGE = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def _client(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


# --- NUL bytes -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_nul_byte_in_a_query_parameter_answers_400_in_vietnamese():
    refused = _client().get(reverse("awards:verify_search"), {"so": "12\x00/QĐ"})
    control = _client().get(reverse("awards:verify_search"), {"so": "12/QĐ"})

    assert refused.status_code == 400
    assert "Yêu cầu không hợp lệ" in refused.content.decode()
    assert control.status_code == 404  # an unknown number: the page answered, no server error


def test_nul_byte_in_a_posted_field_answers_400_and_stores_nothing(producer):
    client = _client(producer.users.get())
    url = reverse("catalog:product_create", args=[producer.pk])
    before = producer.products.count()

    response = client.post(url, {"name": "Nón\x00 lá", "category": "handicraft"})

    assert response.status_code == 400
    assert producer.products.count() == before


# --- Huge integers and far dates -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_integer_too_large_for_sqlite_in_an_id_answers_404():
    response = _client().get(f"/san-pham/{2**70}/")
    control = _client().get("/san-pham/1/")

    assert response.status_code == 404
    assert control.status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/products/{}/", "/nghe-nhan/hoi-dong/ho-so/{}/",
                                  "/binh-chon/giam-khao/ho-so/{}/"])
def test_an_id_past_64_bits_is_refused_before_any_query(path, judge, django_assert_num_queries):
    """The middleware answers 404 before the view (and its funnel) runs. The API's ids were text in the paths
    (<str:pk>), so a huge one reached the viewset's query."""
    client = _client(judge)
    client.get("/")  # the session and the account are loaded once; the refused request needs neither again

    with django_assert_num_queries(2):  # the session and the account, nothing of the view
        refused = client.get(path.format(2**70))
    with CaptureQueriesContext(connection) as control_queries:
        control = client.get(path.format(1))

    assert refused.status_code == 404
    assert '<html lang="vi">' in refused.content.decode()  # the site's page: no view answered
    # The control reached the view, which refused it itself: the API in JSON (a jury account is no producer,
    # without a query), the pages after their funnel's query.
    assert control.status_code == 404
    if path.startswith("/api/"):
        assert control["Content-Type"] == "application/json"
    else:
        assert len(control_queries) > 2


def test_the_api_types_every_id_as_an_integer_in_its_paths():
    from config.api import router

    assert [str(u.pattern) for u in router.urls if "<str:" in str(u.pattern)] == []
    assert "products/<int:pk>/" in [str(u.pattern) for u in router.urls]


def test_certificate_valid_to_year_9999_does_not_break_the_listing():
    far = Recognition(level=enums.Level.PROVINCE, number="1/GCN", issued_on=datetime.date(2025, 1, 1),
                      valid_until=datetime.date(9999, 12, 31), published_on=datetime.date(2025, 1, 1),
                      revoked_on=None, average=None)

    facts = listing_facts([far], datetime.date(2025, 6, 1))

    assert facts.is_current is True
    assert facts.changes_on is None
    assert facts.valid_until == datetime.date(9999, 12, 31)


def test_historical_certificate_valid_to_year_9999_is_recorded_without_a_server_error(secretary):
    product = ProductFactory(producer__province=secretary.scope_province)
    response = _client(secretary).post(reverse("awards:certificate_create"), {
        "product": product.pk, "number": "9/GCN", "level": enums.Level.PROVINCE, "issued_on": "2024-03-01",
        "valid_until": "9999-12-31", "issuer": "UBND", "scope_province": secretary.scope_province.pk})

    assert response.status_code in {302, 400}
    assert response.status_code < 500


# --- Private files in forms ----------------------------------------------------------------------------------


def test_decision_edit_page_with_a_signed_scan_links_to_the_download_view(secretary):
    decision = ResultsDecisionFactory()
    decision.signed_scan.save("quyet-dinh.pdf", io.BytesIO(images.pdf_bytes()), save=True)

    response = _client(secretary).get(reverse("awards:decision_edit", args=[decision.pk]))

    assert response.status_code == 200
    assert reverse("awards:decision_scan", args=[decision.pk]) in response.content.decode()


def test_decision_admin_page_with_a_signed_scan_renders(admin_user):
    decision = ResultsDecisionFactory()
    decision.signed_scan.save("quyet-dinh.pdf", io.BytesIO(images.pdf_bytes()), save=True)
    without = ResultsDecisionFactory()

    response = _client(admin_user).get(reverse("admin:awards_resultsdecision_change", args=[decision.pk]))
    control = _client(admin_user).get(reverse("admin:awards_resultsdecision_change", args=[without.pk]))

    assert response.status_code == 200
    assert control.status_code == 200


# --- Content checks of PDFs ----------------------------------------------------------------------------------


def test_html_saved_as_pdf_is_refused_as_a_decision_scan(secretary):
    decision = ResultsDecisionFactory()
    url = reverse("awards:decision_edit", args=[decision.pk])
    data = {"number": decision.number, "decided_on": "2026-03-02", "signer_name": "A", "signer_title": "B"}

    refused = _client(secretary).post(url, {**data, "signed_scan": SimpleUploadedFile("qd.pdf", HTML_PAGE)})
    decision.refresh_from_db()
    assert refused.status_code == 400
    assert not decision.signed_scan

    accepted = _client(secretary).post(url, {**data, "signed_scan": images.pdf_upload("qd.pdf")})
    decision.refresh_from_db()
    assert accepted.status_code == 302
    assert decision.signed_scan.name.endswith(".pdf")


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n" + HTML_PAGE + b"\n%%EOF\n",
    b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
], ids=["html-in-a-pdf-header", "no-pages"])
def test_document_wrapped_in_a_fake_pdf_header_is_refused(content):
    with pytest.raises(ValidationError) as error:
        validate_document_upload(images.upload("giay.pdf", content, "application/pdf"))

    assert error.value.code == "document_corrupt"
    assert validate_document_upload(images.pdf_upload()) == "application/pdf"


# --- Image decoding is bounded -------------------------------------------------------------------------------


def _png(size) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 30, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _record_decodes(monkeypatch) -> list[tuple[int, int]]:
    """The size of every picture Pillow decodes (ImageFile.load) from now on in this test."""
    sizes: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def recording_load(image):
        if image.tile:  # something left to decode
            sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)
    return sizes


def test_small_png_that_decodes_to_40_megapixels_is_refused_before_decoding(monkeypatch):
    data = _png((8000, 5000))  # ~130 kB on the wire
    decoded = _record_decodes(monkeypatch)

    with pytest.raises(ValidationError) as error:
        process_photo(images.upload("nho.png", data, "image/png"))

    assert error.value.code == "photo_too_many_pixels"
    assert decoded == []  # refused from the header: not one pixel decoded (the cost is the header's)


def test_40_megapixel_jpeg_is_decoded_at_reduced_scale_within_the_pixel_limit(monkeypatch):
    buffer = io.BytesIO()
    Image.new("RGB", (8000, 5000), (20, 120, 40)).save(buffer, "JPEG", quality=80)
    decoded = _record_decodes(monkeypatch)

    photo = process_photo(images.upload("lon.jpg", buffer.getvalue(), "image/jpeg"))

    assert (photo.width, photo.height) == (4000, 2500)
    assert photo.width * photo.height <= django_settings.PHOTO_MAX_PIXELS
    # The decoder itself produced a quarter of the pixels (draft mode), not the 40 megapixels then a resize: the
    # cost is counted in pixels decoded, not in seconds on a shared machine (measured ~0.6 s alone).
    assert decoded[0] == (4000, 2500)


# --- Caching and request size --------------------------------------------------------------------------------


def test_signed_in_pages_and_files_are_not_stored_by_caches(producer):
    CertificateFactory(product=ProductFactory(producer=producer))
    client = _client(producer.users.get())
    page = client.get(reverse("catalog:dashboard"))
    public = _client().get(reverse("public:product_list"))
    open_data = _client().get(reverse("public:products_csv"))

    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert "no-store" not in public.get("Cache-Control", "")
    assert open_data["Cache-Control"] == "private, no-store"  # an attachment, whoever asks


def test_body_larger_than_any_upload_is_refused_from_its_declared_length(producer):
    client = _client(producer.users.get())
    url = reverse("catalog:product_create", args=[producer.pk])

    refused = client.post(url, b"x", content_type="application/octet-stream",
                          CONTENT_LENGTH=str(django_settings.REQUEST_BODY_MAX_BYTES + 1))
    control = client.get(url)

    assert refused.status_code == 413
    assert "Tệp gửi lên quá lớn" in refused.content.decode()
    assert control.status_code == 200
    assert Certificate.objects.count() == 0


# --- 405: a page, not a blank answer -------------------------------------------------------------------------


def test_a_get_to_a_post_only_address_answers_the_vietnamese_405_page(producer):
    """Found by the bad-input walk: require_POST answered an empty body, a blank page in the browser."""
    product = ProductFactory(producer=producer)
    client = _client(producer.users.get())
    url = reverse("catalog:photo_add", args=[product.pk])

    refused = client.get(url)
    control = client.post(url, {})  # the same address takes a POST (the form answers with its errors)

    assert refused.status_code == 405
    assert refused["Allow"] == "POST"
    assert '<html lang="vi">' in refused.content.decode()
    assert "Thao tác không được hỗ trợ" in refused.content.decode()
    assert control.status_code != 405
