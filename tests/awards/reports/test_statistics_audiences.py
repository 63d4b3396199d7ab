"""Each audience sees its scope only, and only published data reaches the public: the data that could leak is
planted beside a positive control, through the query functions and through the pages and downloads."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.reports import statistics as st
from awards.reports.audience import MINISTRY, PUBLIC, audience_for
from awards.reports.filters import Filters
from catalog import enums
from catalog.models import Producer
from tests.factories import CertificateFactory, ProducerFactory, ProductFactory, RegionFactory, UserFactory

from .conftest import decision_with, province

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    """Read when each test runs, in the project's time zone: a run may cross midnight."""
    return timezone.localdate()


def issued() -> datetime.date:
    return today() - datetime.timedelta(days=30)


def certificate(code: str, **fields):
    product = ProductFactory(producer=ProducerFactory(province=province(code)))
    fields.setdefault("issued_on", issued())
    fields.setdefault("valid_until", datetime.date(issued().year + 2, 12, 31))
    return CertificateFactory(product=product, level=fields.pop("level", "province"), **fields)


def secretary(**scope):
    return UserFactory(role=enums.Role.SECRETARIAT, **scope)


@pytest.fixture
def bac_ninh_secretary(db):
    return secretary(scope_level=enums.ScopeLevel.PROVINCE, scope_province=province("24"))


@pytest.fixture
def planted(db):
    """Bắc Ninh: one public certificate filed under old Bắc Giang, one unpublished, one revoked; Hồ Chí Minh City:
    one public certificate; and rounds: a published one of old Bắc Ninh, one of Hồ Chí Minh City, an approved but
    unpublished one of Bắc Ninh."""
    certificate("cu-24", number="BN-OLD-UNIT")
    certificate("24", number="BN-UNPUBLISHED", published_on=None)
    certificate("24", number="BN-REVOKED", status="revoked", revoked_on=today() - datetime.timedelta(days=1))
    certificate("79", number="HCM-PUBLIC")
    decision_with([(True, Decimal("81")), (False, Decimal("64"))], scope=province("cu-27"), year=2024)
    decision_with([(True, Decimal("91"))], scope=province("79"), year=2024)
    decision_with([(True, Decimal("88")), (True, Decimal("77"))], scope=province("24"), year=2024, state="approved")


def by_province(audience) -> dict:
    places = st.recognitions_by_place(audience, Filters(), on=today()).by_province
    return {code: places.row_total(code) for code, _name in places.rows if places.row_total(code)}


def round_totals(audience) -> tuple:
    figures = st.rounds_by_year(audience, Filters())
    return tuple(sum(getattr(f, name) for f in figures) for name in ("rounds", "entries", "recognised"))


def test_public_sees_published_certificates_of_every_province(planted):
    assert by_province(PUBLIC) == {"24": 1, "79": 1}  # the unpublished and the revoked one are not there
    assert round_totals(PUBLIC) == (2, 3, 2)  # the approved decision is not published yet


def test_ministry_sees_every_province_and_what_is_not_published_yet(planted):
    assert by_province(MINISTRY) == {"24": 2, "79": 1}
    assert round_totals(MINISTRY) == (2, 3, 2)  # results count once a decision is published, for everyone


def test_provincial_secretariat_sees_its_province_with_its_old_units_only(planted, bac_ninh_secretary):
    audience = audience_for(bac_ninh_secretary)

    assert by_province(audience) == {"24": 2}
    assert round_totals(audience) == (1, 2, 1)  # old Bắc Ninh's round, not Hồ Chí Minh City's
    statuses = st.certificate_statuses(audience, Filters(), on=today()).by_level
    assert (statuses.get("province", st.IN_FORCE), statuses.get("province", st.REVOKED)) == (2, 1)
    producers = st.producers(audience, Filters(), on=today()).by_province
    filed_in_bac_ninh = Producer.objects.filter(province__code__in=["24", "cu-24", "cu-27"]).count()
    assert filed_in_bac_ninh == 7  # three with certificates, four entered in the two rounds
    assert (producers.get("24", st.REGISTERED), producers.get("79", st.REGISTERED)) == (filed_in_bac_ninh, 0)


def test_public_statuses_count_only_published_certificates(planted):
    statuses = st.certificate_statuses(PUBLIC, Filters(), on=today()).by_level

    assert (statuses.get("province", st.IN_FORCE), statuses.get("province", st.REVOKED)) == (2, 1)
    ministry = st.certificate_statuses(MINISTRY, Filters(), on=today()).by_level
    assert ministry.get("province", st.IN_FORCE) == 3  # the unpublished one, inside the administration


def test_public_never_gets_registered_producer_counts(planted):
    counts = st.producers(PUBLIC, Filters(), on=today())

    assert [key for key, _label in counts.by_province.columns] == [st.RECOGNISED]
    assert counts.by_province.get("24", st.RECOGNISED) == 1
    assert st.producers(MINISTRY, Filters(), on=today()).by_province.get("24", st.REGISTERED) == 7


def test_regional_secretariat_sees_its_region(planted):
    north = RegionFactory(code="north")
    audience = audience_for(secretary(scope_level=enums.ScopeLevel.REGION, scope_region=north))
    decision_with([(True, Decimal("85"))], level="region", region=north, year=2024)
    decision_with([(True, Decimal("85"))], level="region", region=RegionFactory(code="south"), year=2024)

    assert by_province(audience) == {"24": 2}
    assert round_totals(audience) == (2, 3, 2)  # old Bắc Ninh's round and the North's regional round


def test_a_round_outside_the_scope_is_not_reachable_by_id(planted, bac_ninh_secretary):
    hcm = st.round_results(MINISTRY, Filters()).get(scope_province__code="79")

    assert st.round_result(audience_for(bac_ninh_secretary), hcm.round_id) is None
    assert st.round_result(MINISTRY, hcm.round_id).round_id == hcm.round_id


def test_accounts_without_an_audience(db, producer_user, judge):
    assert audience_for(producer_user) is None
    assert audience_for(judge) is None
    assert audience_for(secretary(scope_level=enums.ScopeLevel.NATIONAL)) == MINISTRY
    assert audience_for(UserFactory(role=enums.Role.ADMIN)) == MINISTRY
    unscoped = audience_for(secretary(scope_level=enums.ScopeLevel.PROVINCE))
    assert unscoped.province_ids == frozenset()


# --- Through the pages and downloads ------------------------------------------------------------------------


def table(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {row[0]: row[1:] for row in rows[1:]}


def province_totals(client, url_name) -> dict[str, str]:
    url = reverse(url_name, args=["san-pham", "theo-tinh", "csv"])
    return {name: values[-1] for name, values in table(client.get(url)).items()}


def test_public_download_has_published_data_only(client, planted):
    totals = province_totals(client, "reports:statistics_download")

    assert (totals["Bắc Ninh"], totals["Thành phố Hồ Chí Minh"], totals["Tổng cộng"]) == ("1", "1", "2")


def test_secretariat_download_has_its_scope(client, planted, bac_ninh_secretary):
    client.force_login(bac_ninh_secretary)

    totals = province_totals(client, "reports:internal_statistics_download")

    assert (totals["Bắc Ninh"], totals["Thành phố Hồ Chí Minh"], totals["Tổng cộng"]) == ("2", "0", "2")


def test_round_list_of_a_secretariat_lists_its_rounds_only(client, planted, bac_ninh_secretary):
    client.force_login(bac_ninh_secretary)

    rows = table(client.get(reverse("reports:internal_statistics_download", args=["dot-binh-chon", "danh-sach", "csv"])
                            + "?nam=2024"))

    assert [values[1] for values in rows.values()] == ["Bắc Ninh"]


@pytest.mark.parametrize("name", ["reports:internal_statistics_home", "reports:internal_statistics_download"])
def test_internal_statistics_are_for_the_secretariat(client, planted, producer_user, judge, bac_ninh_secretary, name):
    url = reverse(name) if name.endswith("home") else reverse(name, args=["san-pham", "theo-tinh", "csv"])

    assert client.get(url).status_code == 302  # to the login page
    for user in (producer_user, judge):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(bac_ninh_secretary)
    assert client.get(url).status_code == 200


def test_public_score_histogram_of_an_unpublished_round_is_not_shown(client, planted):
    approved = st.round_results(MINISTRY, Filters()).values_list("round_id", flat=True)
    from scoring.models import SelectionRound

    unpublished = SelectionRound.objects.exclude(pk__in=list(approved)).get(results_decision__state="approved")
    published = SelectionRound.objects.get(pk=approved[0])

    shown = client.get(reverse("reports:statistics", args=["diem"]) + f"?dot={published.pk}").content.decode()
    hidden = client.get(reverse("reports:statistics", args=["diem"]) + f"?dot={unpublished.pk}").content.decode()

    assert published.title in shown
    assert unpublished.title not in hidden
