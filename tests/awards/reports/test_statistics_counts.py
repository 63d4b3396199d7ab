"""Every statistic equals the same count made directly from the rows (certificates through their vocabulary,
entries of published decisions, forwardings), on a generated history with old province names, unpublished and
revoked certificates, drafts; for the public and for the ministry."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from awards.models import DecisionEntry
from awards.reports import facts, results
from awards.reports import statistics as st
from awards.reports.audience import MINISTRY, PUBLIC
from awards.reports.filters import Filters
from catalog.enums import CertificateDisplayStatus
from catalog.geography import ProvinceIndex, region_ids_on
from catalog.models import Certificate, Producer, Region
from scoring.models import Forwarding

from .conftest import ON, build_rounds, decision_with, province

pytestmark = pytest.mark.django_db
AUDIENCES = [pytest.param(PUBLIC, id="public"), pytest.param(MINISTRY, id="ministry")]


def counted(audience):
    """The certificates an audience counts as recognitions, read straight from the certificate rows."""
    base = Certificate.objects.recognising(ON) if audience.published_only else Certificate.objects.not_revoked(ON)
    return list(base.select_related("product__producer__province"))


def unit_code(certificate) -> str:
    return ProvinceIndex.load().current_unit(certificate.product.producer.province, ON).code


def region_code(certificate) -> str:
    unit = ProvinceIndex.load().current_unit(certificate.product.producer.province, ON)
    return Region.objects.get(pk=region_ids_on(ON)[unit.pk]).code


def nonzero(breakdown: st.Breakdown) -> dict:
    return {key: n for key, n in breakdown.counts.items() if n}


def test_history_has_what_the_tests_need(history):
    # The generated history is worth testing against: old units, unpublished, revoked before and after ON.
    certificates = Certificate.objects.all()
    assert certificates.filter(product__producer__province__code__startswith="cu-").exists()
    assert certificates.filter(published_on__isnull=True).exists()
    assert certificates.filter(published_on__gt=ON).exists()
    assert certificates.revoked(ON).exists()
    assert certificates.filter(status="revoked", revoked_on__gt=ON).exists()
    assert certificates.expired(ON).exists()
    assert facts.verify() == []


@pytest.mark.parametrize("audience", AUDIENCES)
def test_recognitions_by_year_and_level(history, audience):
    expected = Counter((str(c.issued_on.year), c.level) for c in counted(audience))

    breakdown = st.recognitions_by_year(audience, Filters(), on=ON)

    assert nonzero(breakdown) == dict(expected)
    years = sorted(int(year) for year, _level in expected)
    assert [int(key) for key, _label in breakdown.rows] == list(range(years[0], years[-1] + 1))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_recognitions_by_todays_province_and_region(history, audience):
    rows = counted(audience)

    places = st.recognitions_by_place(audience, Filters(), on=ON)

    assert nonzero(places.by_province) == dict(Counter((unit_code(c), c.level) for c in rows))
    assert nonzero(places.by_region) == dict(Counter((region_code(c), c.level) for c in rows))
    # Old units are folded in: every row is one of today's 34 units.
    assert len(places.by_province.rows) == 34
    assert {code for code, _level in places.by_province.counts} <= {"01", "24", "46", "79"}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_recognitions_by_group(history, audience):
    expected = Counter((c.product.group, c.level) for c in counted(audience))

    assert nonzero(st.recognitions_by_group(audience, Filters(), on=ON)) == dict(expected)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_filters_match_the_same_filters_on_the_rows(history, audience):
    bac_ninh = province("24")
    filters = Filters(year_from=2018, year_to=2023, level="province", group="1", province=bac_ninh)
    expected = Counter(str(c.issued_on.year) for c in counted(audience)
                       if 2018 <= c.issued_on.year <= 2023 and c.level == "province" and c.product.group == "1"
                       and unit_code(c) == "24")

    breakdown = st.recognitions_by_year(audience, filters, on=ON)

    assert {year: n for (year, _level), n in nonzero(breakdown).items()} == dict(expected)
    assert [key for key, _label in breakdown.rows] == [str(y) for y in range(2018, 2024)]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_certificate_statuses_follow_status_on(history, audience):
    base = Certificate.objects.public(ON) if audience.published_only else Certificate.objects.all()
    in_force = set(Certificate.objects.in_force(ON).values_list("pk", flat=True))
    expected = Counter()
    for c in base.select_related("product__producer__province"):
        status = c.status_on(ON)
        if c.pk in in_force:
            expected[(c.level, st.IN_FORCE)] += 1
            if c.valid_until.year == ON.year:
                expected[(c.level, st.EXPIRING)] += 1
        elif status == CertificateDisplayStatus.EXPIRED:
            expected[(c.level, st.EXPIRED)] += 1
        elif status == CertificateDisplayStatus.REVOKED:
            expected[(c.level, st.REVOKED)] += 1

    statuses = st.certificate_statuses(audience, Filters(), on=ON)

    assert nonzero(statuses.by_level) == dict(expected)
    assert sum(nonzero(statuses.by_province).values()) == sum(expected.values())


@pytest.mark.parametrize("audience", AUDIENCES)
def test_producers_by_legal_form_province_and_product_count(history, audience):
    rows = counted(audience)
    producers = {c.product.producer for c in rows}
    index = ProvinceIndex.load()

    counts = st.producers(audience, Filters(), on=ON)
    by_count = st.producers_by_product_count(audience, Filters(), on=ON)

    recognised = Counter(p.legal_form for p in producers)
    assert {key: n for (key, column), n in nonzero(counts.by_legal_form).items() if column == st.RECOGNISED} == \
        dict(recognised)
    by_unit = Counter(index.current_unit(p.province, ON).code for p in producers)
    assert {key: n for (key, column), n in nonzero(counts.by_province).items() if column == st.RECOGNISED} == \
        dict(by_unit)
    products = defaultdict(set)
    for c in rows:
        products[c.product.producer_id].add(c.product_id)
    assert nonzero(by_count) == dict(Counter((str(min(len(p), 5)), "producers") for p in products.values()))
    registered = {key: n for (key, column), n in nonzero(counts.by_legal_form).items() if column == st.REGISTERED}
    if audience.published_only:
        assert registered == {}
    else:
        assert registered == dict(Counter(Producer.objects.values_list("legal_form", flat=True)))


# --- Rounds and scores -------------------------------------------------------------------------------------


def published_entries():
    return DecisionEntry.objects.filter(decision__state="published").select_related("decision__round")


def test_rounds_by_year_equal_the_entries_of_published_decisions(db):
    decisions = build_rounds()
    assert {d.state for d in decisions} >= {"published", "draft"}
    expected = defaultdict(Counter)
    for entry in published_entries():
        year = entry.decision.round.year
        expected[year]["entries"] += 1
        expected[year]["scored"] += entry.average is not None
        expected[year]["eligible"] += entry.average is not None and entry.average >= entry.decision.round.threshold
        expected[year]["recognised"] += entry.recognised
    for forwarding in Forwarding.objects.filter(from_round__results_decision__state="published"):
        expected[forwarding.from_round.year]["forwarded"] += 1
    rounds = Counter(d.round.year for d in decisions if d.state == "published")

    figures = {int(f.label): f for f in st.rounds_by_year(MINISTRY, Filters())}

    for year, numbers in expected.items():
        f = figures[year]
        assert (f.rounds, f.entries, f.scored, f.eligible, f.recognised, f.forwarded) == (
            rounds[year], numbers["entries"], numbers["scored"], numbers["eligible"], numbers["recognised"],
            numbers["forwarded"])
    assert sum(f.rounds for f in figures.values()) == sum(rounds.values())
    assert results.verify() == []


def test_eligible_is_an_exact_comparison_with_the_rounds_threshold(db):
    decision_with([(True, Decimal("70.00")), (False, Decimal("69.99")), (True, Decimal("100.00"))], year=2024)
    decision_with([(True, Decimal("75.00")), (False, Decimal("74.99"))], year=2024, threshold=Decimal("75"))

    (figures,) = st.rounds_by_year(MINISTRY, Filters())
    bins = st.score_bins_by_year(MINISTRY, Filters())

    assert (figures.entries, figures.eligible, figures.recognised) == (5, 3, 3)
    assert (figures.eligible_rate, figures.pass_rate) == (Decimal("60.00"), Decimal("60.00"))
    # 69.99 in [65, 70), 70.00 in [70, 75), 74.99 in [70, 75), 75.00 in [75, 80), 100 in the last bin.
    assert nonzero(bins) == {("2024", "13"): 1, ("2024", "14"): 2, ("2024", "15"): 1, ("2024", "19"): 1}


def test_score_bins_by_year_equal_the_averages(db):
    build_rounds()
    expected = Counter()
    for entry in published_entries():
        if entry.average is not None:
            expected[(str(entry.decision.round.year), str(min(int(entry.average // 5), 19)))] += 1

    assert nonzero(st.score_bins_by_year(MINISTRY, Filters())) == dict(expected)


def test_rounds_of_a_year_one_line_each_with_forwardings(db):
    ha_noi = province("01")
    first = decision_with([(True, Decimal("80")), (True, Decimal("72.5")), (False, Decimal("60"))], scope=ha_noi)
    forward(first, 2)
    decision_with([(True, Decimal("90"))], scope=ha_noi, level="commune")
    decision_with([(True, Decimal("90"))], scope=ha_noi, year=2023)

    lines = st.rounds_of_year(MINISTRY, Filters(), 2024)

    assert [(f.level, f.entries, f.eligible, f.recognised, f.forwarded) for f in lines] == [
        ("province", 3, 2, 2, 2), ("commune", 1, 1, 1, 0)]


def forward(decision, count):
    from .conftest import forward as forward_products

    forward_products(decision, count)


def test_statistics_of_an_empty_database_are_empty(db):
    assert st.recognitions_by_year(PUBLIC, Filters(), on=ON).rows == []
    assert st.rounds_by_year(PUBLIC, Filters()) == []
    assert st.recognitions_by_place(PUBLIC, Filters(), on=ON).by_province.total == 0


def test_year_filter_without_data_lists_its_years_with_zeros(db):
    breakdown = st.recognitions_by_year(PUBLIC, Filters(year_from=2020, year_to=2022), on=ON)

    assert ([key for key, _label in breakdown.rows], breakdown.total) == (["2020", "2021", "2022"], 0)


def test_expiring_this_year_is_part_of_in_force(db):
    from tests.factories import CertificateFactory

    CertificateFactory(issued_on=datetime.date(2024, 3, 1), valid_until=datetime.date(2026, 12, 31))
    CertificateFactory(issued_on=datetime.date(2025, 3, 1), valid_until=datetime.date(2027, 12, 31))

    statuses = st.certificate_statuses(PUBLIC, Filters(), on=ON).by_level

    assert (statuses.get("commune", st.IN_FORCE), statuses.get("commune", st.EXPIRING)) == (2, 1)
