"""Forwarding recognised products upward: proposal, producer's confirmation, the upper nomination, exports."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.enums import Level
from scoring.enums import ForwardingState, NominationState
from scoring.models import Forwarding
from scoring.services import decide_forwarding, forward_products
from tests.factories import (
    CertificateFactory,
    NominationFactory,
    ProductFactory,
    ProvinceFactory,
    SelectionRoundFactory,
)

pytestmark = pytest.mark.django_db

def today():
    # Read when a test runs, never at import: a run that crosses midnight in Vietnam would otherwise compare
    # yesterday's dates with the code's today (CI caught it at 00:00 Asia/Ho_Chi_Minh).
    return timezone.localdate()



@pytest.fixture
def province_round(db):
    return SelectionRoundFactory(level=Level.PROVINCE, commune="", scope_province=ProvinceFactory(),
                                 title="Bình chọn cấp tỉnh Hà Nội 2026")


@pytest.fixture
def recognised(product, commune_round):
    """The product, accepted in the commune round and holding its commune certificate."""
    NominationFactory(round=commune_round, product=product, state=NominationState.ACCEPTED,
                      round_notes="Mẫu mới 2026")
    CertificateFactory(product=product, level=Level.COMMUNE, issued_on=today() - datetime.timedelta(days=30),
                       valid_until=datetime.date(today().year + 2, 12, 31))
    return product


def test_forward_then_confirm_creates_upper_nomination(secretary, producer_user, recognised, commune_round,
                                                       province_round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [forwarding] = forward_products(from_round=commune_round, to_round=province_round, products=[recognised],
                                        by=secretary)

    assert forwarding.state == ForwardingState.PROPOSED
    assert [m.to for m in mail.outbox] == [["nha-san-xuat@example.vn"]]
    assert "cấp trên" in mail.outbox[0].subject

    forwarding = decide_forwarding(forwarding=forwarding, by=producer_user, confirm=True)

    assert forwarding.state == ForwardingState.CONFIRMED
    assert forwarding.nomination.round == province_round
    assert forwarding.nomination.state == NominationState.DRAFT
    assert forwarding.nomination.round_notes == "Mẫu mới 2026"


def test_forward_declined_creates_nothing(secretary, producer_user, recognised, commune_round, province_round):
    [forwarding] = forward_products(from_round=commune_round, to_round=province_round, products=[recognised],
                                    by=secretary)

    forwarding = decide_forwarding(forwarding=forwarding, by=producer_user, confirm=False)

    assert forwarding.state == ForwardingState.DECLINED
    assert province_round.nominations.count() == 0


def test_forward_product_without_certificate_is_refused(secretary, producer, commune_round, province_round):
    product = ProductFactory(producer=producer)
    NominationFactory(round=commune_round, product=product, state=NominationState.ACCEPTED)

    with pytest.raises(ValidationError):
        forward_products(from_round=commune_round, to_round=province_round, products=[product], by=secretary)

    assert Forwarding.objects.count() == 0


def test_forward_to_round_two_levels_up_is_refused(secretary, recognised, commune_round):
    national = SelectionRoundFactory(level=Level.NATIONAL, commune="", scope_province=None)

    with pytest.raises(ValidationError):
        forward_products(from_round=commune_round, to_round=national, products=[recognised], by=secretary)


def test_forward_twice_is_refused(secretary, recognised, commune_round, province_round):
    forward_products(from_round=commune_round, to_round=province_round, products=[recognised], by=secretary)

    with pytest.raises(ValidationError):
        forward_products(from_round=commune_round, to_round=province_round, products=[recognised], by=secretary)


def test_other_producer_cannot_confirm(secretary, other_producer_user, other_producer, recognised, commune_round,
                                       province_round):
    [forwarding] = forward_products(from_round=commune_round, to_round=province_round, products=[recognised],
                                    by=secretary)

    with pytest.raises(ValidationError):
        decide_forwarding(forwarding=forwarding, by=other_producer_user, confirm=True)


def test_forwarding_list_exports_xlsx_and_pdf(client, secretary, recognised, commune_round, province_round):
    import io

    import openpyxl

    forward_products(from_round=commune_round, to_round=province_round, products=[recognised], by=secretary)
    client.force_login(secretary)

    xlsx = client.get(f"/binh-chon/thu-ky/dot/{commune_round.pk}/danh-sach-chuyen-len.xlsx")
    pdf = client.get(f"/binh-chon/thu-ky/dot/{commune_round.pk}/danh-sach-chuyen-len.pdf")

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tên sản phẩm", "Nhóm sản phẩm", "Tên cơ sở")
    assert rows[1][0] == recognised.name
    assert rows[1][5] == recognised.certificates.get().number
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
