"""Certificate PDF (Vietnamese text, number, QR to the verification page), who may download it, list exports."""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from awards.pdf import certificate_pdf, content_version, qr_data_uri
from awards.services import set_decision_state, start_certificate_bundle
from catalog import enums as catalog_enums
from catalog.models import Certificate
from tests.factories import ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def published(secretary, approved_decision):
    return set_decision_state(decision=approved_decision, new_state="published", by=secretary)


@pytest.fixture
def certificate(published):
    return Certificate.objects.get(product__name="Bình gốm men lam Bát Tràng")


def test_certificate_pdf_text(certificate, settings):
    settings.SITE_URL = "https://cnnt.example.vn"

    content = certificate_pdf(certificate)

    reader = PdfReader(io.BytesIO(content))
    text = pdf_text(content)
    assert "Bình gốm men lam Bát Tràng" in text
    assert "T-01-2026-0001" in text
    assert "https://cnnt.example.vn/chung-nhan/xac-minh/T-01-2026-0001/" in text
    assert "GIẤY CHỨNG NHẬN" in text
    box = reader.pages[0].mediabox
    assert (len(reader.pages), box.width > box.height) == (1, True)  # one A4 landscape page


def test_certificate_is_vietnamese_whatever_language_is_active(certificate, settings):
    settings.SITE_URL = "https://cnnt.example.vn"

    with translation.override("en"):
        english_page_asks = pdf_text(certificate_pdf(certificate))
        version_in_english = content_version(certificate)

    assert "GIẤY CHỨNG NHẬN" in english_page_asks
    assert "CERTIFICATE" not in english_page_asks.upper()
    assert version_in_english == content_version(certificate)


def test_qr_data_uri_is_svg():
    assert qr_data_uri("https://cnnt.example.vn/chung-nhan/xac-minh/T-01-2026-0001/").startswith(
        "data:image/svg+xml")


def test_producer_downloads_own_certificate(client, producer_user, certificate):
    client.force_login(producer_user)

    response = client.get(reverse("awards:certificate_download", args=[certificate.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "T-01-2026-0001" in pdf_text(b"".join(response))


@pytest.mark.parametrize("who", ["secretary", "admin_user"])
def test_secretariat_and_admin_download(client, request, who, certificate):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("awards:certificate_download", args=[certificate.pk])).status_code == 200


def test_other_producer_cannot_download(client, other_producer_user, certificate):
    client.force_login(other_producer_user)

    assert client.get(reverse("awards:certificate_download", args=[certificate.pk])).status_code == 404


def test_other_province_secretariat_cannot_download(client, certificate):
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory(code="79", name="TP Hồ Chí Minh"))
    client.force_login(other)

    assert client.get(reverse("awards:certificate_download", args=[certificate.pk])).status_code == 404


def test_judge_cannot_download(client, judge, certificate):
    client.force_login(judge)

    assert client.get(reverse("awards:certificate_download", args=[certificate.pk])).status_code == 404


def test_unpublished_certificate_cannot_be_downloaded(client, producer_user, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(published_on=None)
    client.force_login(producer_user)

    assert client.get(reverse("awards:certificate_download", args=[certificate.pk])).status_code == 404


def test_certificate_list_xlsx(client, secretary, published):
    Certificate.objects.filter(entry__decision=published).update(average="82.50")
    client.force_login(secretary)

    response = client.get(reverse("awards:decision_certificates_xlsx", args=[published.pk]))

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == ("Số giấy chứng nhận", "Sản phẩm", "Cơ sở", "Tỉnh/thành phố", "Nhóm sản phẩm",
                       "Điểm trung bình")
    assert rows[1] == ("T-01-2026-0001", "Bình gốm men lam Bát Tràng", "Hợp tác xã Gốm Bát Tràng", "Hà Nội",
                       "Thủ công mỹ nghệ", 82.5)  # a number cell, so it sorts
    assert len(rows) == 3


def test_certificate_list_pdf(client, secretary, published):
    client.force_login(secretary)

    response = client.get(reverse("awards:decision_certificates_pdf", args=[published.pk]))

    text = " ".join(pdf_text(response.content).split())  # table cells may wrap
    assert "T-01-2026-0002 Tranh sơn mài Hạ Thái Cơ sở Sơn mài Hạ Thái Hà Nội" in text


def test_certificate_list_other_province_404(client, published):
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory(code="79", name="TP Hồ Chí Minh"))
    client.force_login(other)

    assert client.get(reverse("awards:decision_certificates_xlsx", args=[published.pk])).status_code == 404


def test_bundle_contains_every_certificate(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job, mine = start_certificate_bundle(decision=published)

    job.refresh_from_db()
    with job.result.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert (mine, job.state, job.done, job.total, job.attempts) == (True, "done", 2, 2, 1)
    assert names == ["T-01-2026-0001.pdf", "T-01-2026-0002.pdf"]


def test_bundle_running_is_not_started_twice(published):
    first, _ = start_certificate_bundle(decision=published)  # queued: its task waits for the commit

    second, mine = start_certificate_bundle(decision=published)

    assert (mine, second.pk) == (False, first.pk)


def test_bundle_views_build_status_download(client, secretary, published, django_capture_on_commit_callbacks):
    client.force_login(secretary)

    page = client.get(reverse("awards:bundle_page", args=[published.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        built = client.post(reverse("awards:bundle_build", args=[published.pk]), HTTP_ACCEPT="application/json")
    status = client.get(reverse("awards:bundle_status", args=[published.pk])).json()
    download = client.get(status["download_url"])

    assert (page.status_code, built.status_code, download.status_code) == (200, 202, 200)
    assert (status["state"], status["done"], status["total"], status["error"]) == ("done", 2, 2, "")
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()) == 2


def test_bundle_download_404_until_done(client, secretary, published):
    client.force_login(secretary)
    start_certificate_bundle(decision=published)  # queued, not run

    response = client.get(reverse("awards:bundle_download", args=[published.pk]))
    status = client.get(reverse("awards:bundle_status", args=[published.pk])).json()

    assert (response.status_code, status["state"], status["download_url"]) == (404, "queued", None)


def test_bundle_without_javascript_comes_back_to_progress_page(client, secretary, published):
    client.force_login(secretary)

    response = client.post(reverse("awards:bundle_build", args=[published.pk]))

    assert response["Location"] == reverse("awards:bundle_page", args=[published.pk])


def test_bundle_failure_is_retried_then_shown_with_reason(published, settings, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    # The PDF engine is a real boundary: make it fail every time.
    from awards import pdf

    def broken(certificate):
        raise OSError("font missing")

    monkeypatch.setattr(pdf, "certificate_pdf", broken)
    settings.JOB_MAX_ATTEMPTS = 3

    with django_capture_on_commit_callbacks(execute=True):
        job, _ = start_certificate_bundle(decision=published)

    job.refresh_from_db()
    assert (job.state, job.attempts, job.error, bool(job.result)) == ("failed", 3, "OSError: font missing", False)


def test_bundle_second_try_succeeds_and_leaves_one_file(published, settings, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    from awards import pdf

    real, calls = pdf.certificate_pdf, []

    def flaky(certificate):
        calls.append(certificate.number)
        if len(calls) == 2:  # the first try dies half-way, after one PDF
            raise ConnectionError("worker lost the database")
        return real(certificate)

    monkeypatch.setattr(pdf, "certificate_pdf", flaky)

    with django_capture_on_commit_callbacks(execute=True):
        job, _ = start_certificate_bundle(decision=published)

    job.refresh_from_db()
    with job.result.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert (job.state, job.attempts, job.done, job.error) == ("done", 2, 2, "")
    assert names == ["T-01-2026-0001.pdf", "T-01-2026-0002.pdf"]


def test_bundle_other_province_404(client, published):
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory(code="79", name="TP Hồ Chí Minh"))
    client.force_login(other)

    assert client.post(reverse("awards:bundle_build", args=[published.pk])).status_code == 404
