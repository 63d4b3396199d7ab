"""Public verification by number: published certificates only, no private data, 404 for anything else."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import CertificateFactory, ProducerFactory, ProductFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    producer = ProducerFactory(name="Hợp tác xã Gốm Bát Tràng", tax_code="0101234567", phone="0243 874 1234",
                               email="lienhe@battrang.vn")
    return CertificateFactory(number="T-01-2026-0007", product=ProductFactory(name="Bình gốm men lam Bát Tràng",
                                                                           producer=producer),
                              level="province", issued_on=D(2026, 3, 2), valid_until=D(2099, 12, 31))


def test_verify_shows_published_certificate(client, certificate):
    response = client.get(reverse("awards:verify", args=[certificate.number]))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Bình gốm men lam Bát Tràng" in text
    assert "Hợp tác xã Gốm Bát Tràng" in text
    assert "02/03/2026" in text
    assert "31/12/2099" in text
    assert "Còn hiệu lực" in text


def test_verify_hides_private_data(client, certificate):
    text = client.get(reverse("awards:verify", args=[certificate.number])).content.decode()

    assert "0101234567" not in text
    assert "0243 874 1234" not in text
    assert "lienhe@battrang.vn" not in text


def test_verify_url_shape(certificate):
    assert reverse("awards:verify", args=[certificate.number]) == "/chung-nhan/xac-minh/T-01-2026-0007/"


def test_verify_unknown_number_is_404(client):
    response = client.get(reverse("awards:verify", args=["T-01-2026-9999"]))

    assert response.status_code == 404
    assert "Không tìm thấy giấy chứng nhận" in response.content.decode()


def test_verify_unpublished_certificate_is_404(client, certificate):
    certificate.published_on = None
    certificate.save()

    response = client.get(reverse("awards:verify", args=[certificate.number]))

    assert response.status_code == 404


def test_verify_expired_certificate(client, certificate):
    certificate.issued_on, certificate.valid_until = D(2020, 1, 10), D(2022, 12, 31)
    certificate.save()

    text = client.get(reverse("awards:verify", args=[certificate.number])).content.decode()

    assert "Hết hiệu lực" in text


def test_verify_revoked_certificate_shows_date(client, certificate):
    certificate.status, certificate.revoked_on = "revoked", D(2026, 5, 4)
    certificate.revocation_reason, certificate.revocation_decision_number = "Vi phạm", "55/QĐ-UBND"
    certificate.save()

    text = client.get(reverse("awards:verify", args=[certificate.number])).content.decode()

    assert "Đã thu hồi từ ngày 04/05/2026" in text
    assert "55/QĐ-UBND" in text


def test_verify_search_redirects_to_certificate(client, certificate):
    response = client.get(reverse("awards:verify_search"), {"so": " t-01-2026-0007 "})

    assert response.status_code == 302
    assert response["Location"] == "/chung-nhan/xac-minh/T-01-2026-0007/"


def test_verify_search_unknown_number_is_404(client):
    response = client.get(reverse("awards:verify_search"), {"so": "KHONG-CO"})

    assert response.status_code == 404


def test_verify_search_form(client):
    response = client.get(reverse("awards:verify_search"))

    assert response.status_code == 200
    assert 'name="so"' in response.content.decode()


def test_verify_historical_number_with_slashes(client):
    certificate = CertificateFactory(number="15/GCN-UBND-HN-2025", valid_until=D(2099, 12, 31))

    response = client.get(reverse("awards:verify", args=[certificate.number]))

    assert reverse("awards:verify", args=[certificate.number]) == "/chung-nhan/xac-minh/15/GCN-UBND-HN-2025/"
    assert response.status_code == 200
