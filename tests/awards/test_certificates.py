"""Certificate validity (pure rule and the one QuerySet method), recording, import, scope."""

import datetime

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.services import record_historical_certificate, revoke_certificate
from catalog import enums as catalog_enums
from catalog.models import Certificate
from catalog.validity import CERTIFICATE_VALID_YEARS, valid_until
from tests.factories import CertificateFactory, ProducerFactory, ProductFactory, ProvinceFactory, UserFactory

D = datetime.date


@pytest.mark.parametrize(
    ("issued", "years", "expected"),
    [(D(2025, 1, 1), 3, D(2027, 12, 31)), (D(2025, 12, 31), 3, D(2027, 12, 31)),
     (D(2024, 2, 29), 3, D(2026, 12, 31)), (D(2025, 6, 1), 2, D(2026, 12, 31)), (D(2025, 6, 1), 1, D(2025, 12, 31))],
)
def test_valid_until(issued, years, expected):
    assert valid_until(issued, years=years) == expected


def test_valid_until_refuses_a_year_past_9999():
    assert valid_until(D(9997, 3, 1), years=3) == D(9999, 12, 31)
    with pytest.raises(ValueError):
        valid_until(D(9998, 3, 1), years=3)


@pytest.mark.django_db
def test_round_sets_the_validity_of_its_certificates(secretary):
    from tests.factories import SelectionRoundFactory

    selection_round = SelectionRoundFactory(certificate_valid_years=5)
    assert valid_until(D(2025, 3, 1), years=selection_round.certificate_valid_years) == D(2029, 12, 31)
    assert SelectionRoundFactory().certificate_valid_years == CERTIFICATE_VALID_YEARS == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on", "valid"),
    [(D(2025, 8, 31), False), (D(2025, 9, 1), True), (D(2027, 12, 31), True), (D(2028, 1, 1), False)],
)
def test_valid_on_bounds(on, valid):
    certificate = CertificateFactory(issued_on=D(2025, 9, 1), valid_until=D(2027, 12, 31))

    assert list(Certificate.objects.in_force(on)) == ([certificate] if valid else [])


@pytest.mark.django_db
@pytest.mark.parametrize(("on", "valid"), [(D(2026, 3, 9), True), (D(2026, 3, 10), False), (D(2027, 1, 1), False)])
def test_valid_on_revoked_from_its_date(on, valid):
    certificate = CertificateFactory(issued_on=D(2025, 9, 1), valid_until=D(2027, 12, 31), status="revoked",
                                     revoked_on=D(2026, 3, 10), revocation_reason="Vi phạm")

    assert list(Certificate.objects.in_force(on)) == ([certificate] if valid else [])


@pytest.mark.django_db
def test_valid_on_through_product_reverse_relation():
    certificate = CertificateFactory(issued_on=D(2025, 9, 1), valid_until=D(2027, 12, 31))

    assert list(certificate.product.certificates.in_force(D(2026, 1, 1))) == [certificate]


@pytest.mark.django_db
def test_record_historical_certificate_fills_validity(secretary):
    product = ProductFactory()
    certificate = Certificate(product=product, number="123/QĐ-UBND", level="district", issued_on=D(2024, 11, 5))

    record_historical_certificate(certificate=certificate, by=secretary)

    certificate.refresh_from_db()
    assert (certificate.valid_until, certificate.source, certificate.recorded_by) == (
        D(2026, 12, 31), "historical", secretary)


@pytest.mark.django_db
def test_record_certificate_outside_scope_is_refused(secretary):
    bac_ninh = ProvinceFactory(code="24", name="Bắc Ninh")
    product = ProductFactory(producer=ProducerFactory(province=bac_ninh))

    with pytest.raises(ValidationError):
        record_historical_certificate(
            certificate=Certificate(product=product, number="9", level="province", issued_on=D(2025, 1, 2)),
            by=secretary)
    with pytest.raises(ValidationError):  # a provincial secretariat does not record regional certificates
        record_historical_certificate(
            certificate=Certificate(product=ProductFactory(), number="10", level="region", issued_on=D(2025, 1, 2)),
            by=secretary)

    assert Certificate.objects.count() == 0


@pytest.mark.django_db
def test_revoke_certificate_needs_reason_and_sets_date(secretary):
    certificate = CertificateFactory()

    with pytest.raises(ValidationError):
        revoke_certificate(certificate=certificate, by=secretary, revoked_on=D(2026, 1, 5), reason=" ",
                           decision_number="55/QĐ-UBND")
    with pytest.raises(ValidationError):
        revoke_certificate(certificate=certificate, by=secretary, revoked_on=D(2026, 1, 5), reason="Vi phạm nhãn",
                           decision_number=" ")
    revoke_certificate(certificate=certificate, by=secretary, revoked_on=D(2026, 1, 5), reason="Vi phạm nhãn",
                       decision_number="55/QĐ-UBND")

    certificate.refresh_from_db()
    assert (certificate.status, certificate.revoked_on, certificate.revocation_decision_number) == (
        "revoked", D(2026, 1, 5), "55/QĐ-UBND")


def _sheet(rows):
    data = tablib.Dataset(headers=["Số giấy chứng nhận", "Mã số thuế", "Tên sản phẩm", "Cấp", "Ngày cấp",
                                   "Hiệu lực đến", "Cơ quan cấp"])
    for row in rows:
        data.append(row)
    return SimpleUploadedFile("gcn.xlsx", data.export("xlsx"))


@pytest.mark.django_db
def test_import_page_dry_run_then_save(client, secretary):
    product = ProductFactory(name="Nón lá Chuông", producer=ProducerFactory(tax_code="0101234567"))
    client.force_login(secretary)
    rows = [("GCN-H-01", "0101234567", "nón lá chuông", "Cấp huyện (trước 01/7/2025)", "05/11/2024", "",
             "UBND huyện Thanh Oai"), ("GCN-T-02", "0101234567", "Nón lá Chuông", "province", "2025-10-01",
                                       "2027-12-31", "UBND TP Hà Nội")]

    preview = client.post("/chung-nhan/thu-ky/nhap-tep/", {"file": _sheet(rows), "dry_run": "on"})
    assert preview.status_code == 200
    assert Certificate.objects.count() == 0

    saved = client.post("/chung-nhan/thu-ky/nhap-tep/", {"file": _sheet(rows)})

    assert saved.status_code == 302
    assert list(Certificate.objects.order_by("number").values_list("number", "product", "level", "valid_until")) == [
        ("GCN-H-01", product.pk, "district", D(2026, 12, 31)), ("GCN-T-02", product.pk, "province", D(2027, 12, 31)),
    ]


@pytest.mark.django_db
def test_import_row_for_unknown_or_out_of_scope_product_stores_nothing(client, secretary):
    bac_ninh = ProvinceFactory(code="24", name="Bắc Ninh")
    ProductFactory(name="Tranh Đông Hồ", producer=ProducerFactory(tax_code="2300000001", province=bac_ninh))
    client.force_login(secretary)
    rows = [("X-1", "2300000001", "Tranh Đông Hồ", "province", "01/10/2025", "", ""),
            ("X-2", "0000000000", "Không có", "province", "01/10/2025", "", "")]

    response = client.post("/chung-nhan/thu-ky/nhap-tep/", {"file": _sheet(rows)})

    assert response.status_code == 400
    assert Certificate.objects.count() == 0


@pytest.mark.django_db
def test_import_page_rejects_unreadable_file(client, secretary):
    client.force_login(secretary)

    response = client.post("/chung-nhan/thu-ky/nhap-tep/",
                           {"file": SimpleUploadedFile("gcn.xlsx", b"not a spreadsheet")})

    assert response.status_code == 400
    assert Certificate.objects.count() == 0


@pytest.mark.django_db
def test_certificate_form_records_and_list_hides_other_provinces(client, secretary):
    product = ProductFactory(name="Lụa Vạn Phúc")
    bac_ninh = ProvinceFactory(code="24", name="Bắc Ninh")
    CertificateFactory(number="BN-SECRET", product=ProductFactory(producer=ProducerFactory(province=bac_ninh)))
    client.force_login(secretary)

    response = client.post("/chung-nhan/thu-ky/ghi-nhan/", {
        "product": product.pk, "number": "HN-2025-001", "level": "province", "issued_on": "2025-10-01"})
    listing = client.get("/chung-nhan/thu-ky/")

    assert response.status_code == 302
    assert Certificate.objects.get(number="HN-2025-001").valid_until == D(2027, 12, 31)
    assert "HN-2025-001" in listing.content.decode()
    assert "BN-SECRET" not in listing.content.decode()


@pytest.mark.django_db
def test_certificate_pages_are_404_for_producers(client, producer_user):
    client.force_login(producer_user)

    assert client.get("/chung-nhan/thu-ky/").status_code == 404
    assert client.get("/chung-nhan/thu-ky/ghi-nhan/").status_code == 404


@pytest.mark.django_db
def test_regional_secretary_records_only_region_level():
    regional = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.NATIONAL)
    product = ProductFactory()

    record_historical_certificate(
        certificate=Certificate(product=product, number="QG-1", level="national", issued_on=D(2025, 12, 1)),
        by=regional)

    assert Certificate.objects.get().level == "national"



@pytest.mark.django_db
def test_certificate_list_query_count_does_not_grow(client, secretary):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretary)
    CertificateFactory()
    with CaptureQueriesContext(connection) as one:
        client.get("/chung-nhan/thu-ky/")
    CertificateFactory()
    CertificateFactory()
    with CaptureQueriesContext(connection) as three:
        response = client.get("/chung-nhan/thu-ky/")

    assert len(response.context["certificates"]) == 3
    assert len(three) == len(one)
