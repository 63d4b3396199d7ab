"""The round's nominations list as a file (`?export=xlsx|csv` on the page, scoring.exports): exactly the rows the
page's filter gives, only in a round the secretariat may see, a constant number of queries. The job path for a
large list is tested in test_nomination_exports.py."""

import pytest
from django.urls import reverse

from catalog import enums as catalog_enums
from scoring.enums import NominationState
from tests.exports import FORMATS, FORMULA, NEUTRALISED, cells, column, export, queries
from tests.factories import (
    NominationFactory,
    ProducerFactory,
    ProductFactory,
    ProvinceFactory,
    SelectionRoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEADERS = ["id", "Sản phẩm", "Nhóm", "Cơ sở", "Mã số thuế", "Tỉnh/thành phố", "Địa chỉ", "Người đại diện",
           "Điện thoại", "Trạng thái", "Ngày nộp", "Đủ hồ sơ"]


@pytest.fixture
def ho_chi_minh(db):
    return ProvinceFactory(code="79", name="TP Hồ Chí Minh")


@pytest.fixture
def other_secretary(ho_chi_minh):
    return UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                       scope_province=ho_chi_minh)


@pytest.fixture
def rounds(ho_chi_minh):
    """Hà Nội's round: two submitted handicrafts (one named like a formula), a submitted food product, a draft;
    TP HCM's round: one submitted."""
    ha_noi_round = SelectionRoundFactory()
    for name, group, state in (("Bình gốm Bát Tràng", "1", NominationState.SUBMITTED),
                               (FORMULA, "1", NominationState.SUBMITTED),
                               ("Bánh cốm Vòng", "2", NominationState.SUBMITTED),
                               ("Chổi đót", "1", NominationState.DRAFT)):
        NominationFactory(round=ha_noi_round, state=state, product=ProductFactory(name=name, group=group))
    hcm_round = SelectionRoundFactory(scope_province=ho_chi_minh, commune="Phường Bến Thành")
    NominationFactory(round=hcm_round, state=NominationState.SUBMITTED, product=ProductFactory(
        name="Sơn mài TP HCM", producer=ProducerFactory(province=ho_chi_minh)))
    return ha_noi_round, hcm_round


def url(selection_round):
    return reverse("scoring:round_nominations", args=[selection_round.pk])


@pytest.mark.parametrize("fmt", FORMATS)
def test_nominations_export_holds_exactly_the_filtered_rows(client, secretary, rounds, fmt):
    ha_noi_round, _hcm_round = rounds
    client.force_login(secretary)

    rows = cells(export(client, url(ha_noi_round), fmt, state="submitted", group="1"))

    assert rows[0] == HEADERS
    # Not the food product nor the draft (the filters), nor TP HCM's round.
    assert sorted(column(rows, "Sản phẩm")) == sorted(["Bình gốm Bát Tràng", NEUTRALISED])
    assert set(column(rows, "Trạng thái")) == {"Đã nộp"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_nominations_export_of_another_provinces_round_is_404(client, other_secretary, rounds, fmt):
    ha_noi_round, hcm_round = rounds
    client.force_login(other_secretary)

    assert export(client, url(ha_noi_round), fmt).status_code == 404
    assert column(cells(export(client, url(hcm_round), fmt)), "Sản phẩm") == ["Sơn mài TP HCM"]  # control


def test_nominations_export_query_count_does_not_grow(client, secretary):
    selection_round = SelectionRoundFactory()
    NominationFactory(round=selection_round)
    client.force_login(secretary)
    one = queries(client, url(selection_round), export="csv")
    NominationFactory.create_batch(2, round=selection_round)

    assert queries(client, url(selection_round), export="csv") == one


def test_nominations_page_links_its_filtered_export(client, secretary, rounds):
    ha_noi_round, _hcm_round = rounds
    client.force_login(secretary)

    html = client.get(url(ha_noi_round), {"state": "submitted"}).content.decode()

    assert 'href="?state=submitted&amp;export=xlsx"' in html and 'href="?state=submitted&amp;export=csv"' in html
