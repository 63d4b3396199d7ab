"""Nominations in bulk (scoring.nomination_import): the round's secretariat enters products from the nomination
list the round page exports, through create_nomination, so the window, scope, prerequisite chain and one
nomination per round hold; all or nothing unless bad rows are skipped; problems by row, column and message."""

import datetime

import pytest
import tablib
from django.core.exceptions import ValidationError

from catalog import enums as catalog_enums
from catalog.geography import resolve_province
from scoring.enums import NominationState
from scoring.models import Nomination, NominationEvent
from scoring.nomination_import import import_nominations
from scoring.resources import NominationResource
from tests.factories import (
    CertificateFactory,
    ProducerFactory,
    ProductFactory,
    ProvinceFactory,
    SelectionRoundFactory,
    UserFactory,
)
from tests.scoring.conftest import commune_round, product  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

HEADERS = ["Mã số thuế", "Sản phẩm", "Cơ sở"]
TAX_CODE_MESSAGE = "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số và 3 chữ số đơn vị phụ thuộc (0101234567-001)."


def dataset(rows, headers=HEADERS):
    return tablib.Dataset(*rows, headers=headers)


def state():
    """Everything an import could change: nominations and their history lines."""
    return (sorted(Nomination.objects.values_list("round_id", "product_id", "state", "created_by_id")),
            NominationEvent.objects.count())


@pytest.fixture
def second_product(producer):
    return ProductFactory(producer=producer, name="Lọ hoa men rạn")


def test_good_file_creates_draft_nominations_through_the_service(secretary, commune_round, product,  # noqa: F811
                                                                 second_product):
    code = product.producer.tax_code
    file = dataset([[code, "Bình gốm men lam Bát Tràng", "HTX"], [code, "lo hoa men ran", ""]])

    result = import_nominations(round=commune_round, dataset=file, by=secretary)

    assert (result.errors, result.submitted) == ([], 2)
    assert state() == (sorted([(commune_round.pk, product.pk, NominationState.DRAFT, secretary.pk),
                               (commune_round.pk, second_product.pk, NominationState.DRAFT, secretary.pk)]), 2)


def test_product_by_its_number_and_tax_code_typed_as_a_number(secretary, commune_round, product,  # noqa: F811
                                                              second_product):
    # Excel turns a typed 0100000001 into 100000001; a number column beats the name.
    file = dataset([[int(product.producer.tax_code), "Bình gốm men lam Bát Tràng", ""],
                    ["", "", second_product.pk]], headers=["Mã số thuế", "Sản phẩm", "Mã sản phẩm"])

    result = import_nominations(round=commune_round, dataset=file, by=secretary)

    assert (result.errors, result.submitted) == ([], 2)
    assert set(Nomination.objects.values_list("product_id", flat=True)) == {product.pk, second_product.pk}


BAD_ROWS_MESSAGES = [
    "Dòng 2, cột “Mã số thuế”: " + TAX_CODE_MESSAGE,
    "Dòng 3, cột “Mã số thuế”: Không có cơ sở nào với mã số thuế “0999999999”; hãy nhập cơ sở trước.",
    "Dòng 4, cột “Sản phẩm”: Cơ sở có mã số thuế {code} không có sản phẩm “Ấm chén”.",
    "Dòng 5, cột “Sản phẩm”: Trùng với dòng 1 (cùng sản phẩm).",
    "Dòng 6, cột “Sản phẩm”: Cơ sở không thuộc phạm vi của đợt bình chọn này (Xã Bát Tràng, Hà Nội).",
]


@pytest.fixture
def bad_file(product, second_product):  # noqa: F811
    code = product.producer.tax_code
    elsewhere = ProducerFactory(commune="Xã Phù Lãng")
    ProductFactory(producer=elsewhere, name="Chum gốm Phù Lãng")
    return dataset([[code, "Bình gốm men lam Bát Tràng", ""], ["12345", "Bình", ""], ["0999999999", "Bình", ""],
                    [code, "Ấm chén", ""], [code, "BÌNH GỐM MEN LAM BÁT TRÀNG", ""],
                    [elsewhere.tax_code, "Chum gốm Phù Lãng", ""], [code, "Lọ hoa men rạn", ""]])


def test_bad_rows_name_row_column_and_message_and_store_nothing(secretary, commune_round, product,  # noqa: F811
                                                                bad_file):
    before = state()

    result = import_nominations(round=commune_round, dataset=bad_file, by=secretary)

    assert [str(error) for error in result.errors] == [
        message.format(code=product.producer.tax_code) for message in BAD_ROWS_MESSAGES]
    assert state() == before == ([], 0)


def test_dry_run_of_a_good_file_stores_nothing(secretary, commune_round, product):  # noqa: F811
    file = dataset([[product.producer.tax_code, product.name, ""]])

    result = import_nominations(round=commune_round, dataset=file, by=secretary, dry_run=True)

    assert (result.errors, result.submitted, result.dry_run) == ([], 1, True)
    assert state() == ([], 0)


def test_skip_bad_rows_stores_the_good_ones(secretary, commune_round, product, second_product,  # noqa: F811
                                            bad_file):
    result = import_nominations(round=commune_round, dataset=bad_file, by=secretary, skip_bad_rows=True)

    assert len(result.errors) == 5
    assert result.submitted == 2
    assert set(Nomination.objects.values_list("product_id", flat=True)) == {product.pk, second_product.pk}


def test_a_product_already_in_the_round_is_refused(secretary, commune_round, product, producer_user):  # noqa: F811
    from scoring.services import create_nomination

    create_nomination(round=commune_round, product=product, by=producer_user)
    before = state()

    result = import_nominations(round=commune_round, dataset=dataset([[product.producer.tax_code, product.name, ""]]),
                                by=secretary)

    assert [str(e) for e in result.errors] == [
        "Dòng 1, cột “Sản phẩm”: Sản phẩm “Bình gốm men lam Bát Tràng” đã có hồ sơ trong đợt bình chọn này."]
    assert state() == before


def test_prerequisite_chain_applies(secretary, product):  # noqa: F811
    today = datetime.date.today()
    province_round = SelectionRoundFactory(level="province", commune="")
    file = dataset([[product.producer.tax_code, product.name, ""]])

    refused = import_nominations(round=province_round, dataset=file, by=secretary)
    CertificateFactory(product=product, level="commune", issued_on=today - datetime.timedelta(days=100),
                       valid_until=today + datetime.timedelta(days=400))
    accepted = import_nominations(round=province_round, dataset=file, by=secretary)

    assert [e.column for e in refused.errors] == ["Sản phẩm"]
    assert "giấy chứng nhận" in refused.errors[0].message
    assert (accepted.errors, accepted.submitted) == ([], 1)
    assert list(Nomination.objects.values_list("round_id", "product_id")) == [(province_round.pk, product.pk)]


def test_producer_filed_under_a_former_province_enters_the_successors_round(db):
    """Bắc Giang was merged into Bắc Ninh in 2025: a producer still filed under it enters Bắc Ninh's round."""
    bac_giang, bac_ninh = resolve_province("Bắc Giang"), resolve_province("Bac Ninh")
    assert bac_giang.name == "Bắc Ninh" == bac_ninh.name  # the lookup already gives today's unit
    from catalog.models import Province

    former = Province.objects.get(name="Bắc Giang", valid_to__isnull=False)
    producer = ProducerFactory(province=former, commune="")
    thing = ProductFactory(producer=producer, name="Mỳ Chũ")
    secretary = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                            scope_province=bac_ninh)
    selection_round = SelectionRoundFactory(level="province", scope_province=bac_ninh, commune="",
                                            allow_without_commune_round=True)

    result = import_nominations(round=selection_round, dataset=dataset([[producer.tax_code, "mỳ chũ", ""]]),
                                by=secretary)

    assert (result.errors, result.submitted) == ([], 1)
    assert Nomination.objects.get().product == thing


def test_missing_columns_are_named(secretary, commune_round):  # noqa: F811
    result = import_nominations(round=commune_round, dataset=dataset([["x"]], headers=["Cơ sở"]), by=secretary)

    assert [str(e) for e in result.errors] == ["Thiếu cột “Mã số thuế”.", "Thiếu cột “Sản phẩm”."]


def test_secretariat_of_another_province_is_refused(commune_round, product):  # noqa: F811
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory(code="24", name="Bắc Ninh"))

    with pytest.raises(ValidationError) as caught:
        import_nominations(round=commune_round, dataset=dataset([[product.producer.tax_code, product.name, ""]]),
                           by=other)

    assert caught.value.messages == ["Đợt bình chọn này nằm ngoài phạm vi phụ trách của bạn."]
    assert state() == ([], 0)


def test_another_producer_still_cannot_nominate_someone_elses_product(commune_round, product,  # noqa: F811
                                                                      other_producer_user):
    from scoring.services import create_nomination

    with pytest.raises(ValidationError):
        create_nomination(round=commune_round, product=product, by=other_producer_user)
    assert state() == ([], 0)


def test_round_trip_export_then_import_gives_the_same_list(secretary, commune_round, product,  # noqa: F811
                                                           second_product, producer_user):
    from scoring.services import create_nomination

    for each in (product, second_product):
        create_nomination(round=commune_round, product=each, by=producer_user)
    exported = NominationResource().export(commune_round.nominations.all())
    # The file as the secretariat downloads it (XLSX), read back.
    file = tablib.Dataset().load(exported.export("xlsx"), format="xlsx")
    again = SelectionRoundFactory(title="Bình chọn cấp xã Bát Tràng 2026 – bổ sung")

    result = import_nominations(round=again, dataset=file, by=secretary)

    assert (result.errors, result.submitted) == ([], 2)
    columns = ["Sản phẩm", "Nhóm", "Cơ sở", "Mã số thuế", "Tỉnh/thành phố", "Địa chỉ", "Người đại diện",
               "Điện thoại", "Trạng thái"]

    def rows(selection_round):
        data = NominationResource().export(selection_round.nominations.order_by("product__name"))
        return [[line[data.headers.index(c)] for c in columns] for line in data]

    assert rows(again) == rows(commune_round)
    assert len(rows(again)) == 2
