"""The geography loaded by migration 0002 and the helpers that read it on a date."""

import datetime

import pytest

from catalog.geography import (
    ProvinceIndex,
    province_key,
    province_with_predecessors,
    provinces_in_region,
    region_of,
    resolve_province,
)
from catalog.models import Province, Region, RegionMembership
from catalog.text import fold

BEFORE_MERGER = datetime.date(2024, 1, 1)
AFTER_MERGER = datetime.date(2025, 7, 1)

pytestmark = pytest.mark.django_db


def current(name: str) -> Province:
    return Province.objects.get(name=name, valid_to__isnull=True)


def old(name: str) -> Province:
    return Province.objects.get(name=name, valid_to__isnull=False)


# --- The loaded data ---------------------------------------------------------------------------------------


def test_provinces_current_today_are_the_34_new_units():
    assert Province.objects.current().count() == 34


def test_provinces_current_before_merger_are_the_63_old_units():
    assert Province.objects.current(BEFORE_MERGER).count() == 63


def test_provinces_current_on_merger_day_are_the_34_new_units():
    assert Province.objects.current(AFTER_MERGER).count() == 34
    assert Province.objects.current(datetime.date(2025, 6, 30)).count() == 63


def test_provinces_new_units_count_6_cities():
    assert list(Province.objects.current().filter(kind="city").order_by("code").values_list("name", flat=True)) == [
        "Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ",
    ]


def test_provinces_every_old_unit_has_a_current_successor():
    olds = Province.objects.current(BEFORE_MERGER).select_related("successor")

    assert [p.name for p in olds if p.successor is None or not p.successor.is_current()] == []


def test_provinces_name_ascii_filled_by_migration():
    assert Province.objects.exclude(name_ascii="").count() == 97
    assert all(p.name_ascii == fold(p.name) for p in Province.objects.all())


def test_provinces_default_factory_code_is_new_hanoi():
    hanoi = Province.objects.get(code="01")

    assert (hanoi.name, hanoi.valid_to, hanoi.kind) == ("Hà Nội", None, "city")


def test_provinces_old_code_has_prefix():
    assert Province.objects.get(code="cu-24").name == "Bắc Giang"


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        ("north", None, 18),
        ("central", None, 8),
        ("south", None, 8),
        ("north", BEFORE_MERGER, 28),
        ("central", BEFORE_MERGER, 15),
        ("south", BEFORE_MERGER, 20),
    ],
)
def test_provinces_in_region_counts(code, on, expected):
    assert provinces_in_region(Region.objects.get(code=code), on=on).count() == expected


def test_provinces_in_region_lam_dong_moved_to_central():
    central = Region.objects.get(code="central")

    assert current("Lâm Đồng") in provinces_in_region(central)
    assert old("Bình Thuận") not in provinces_in_region(central, on=BEFORE_MERGER)


def test_provinces_in_region_ignores_membership_ended_before_date():
    region = Region.objects.create(code="thu-nghiem", name="Khu vực thử nghiệm")
    RegionMembership.objects.create(region=region, province=current("Hà Nội"), valid_from=AFTER_MERGER,
                                    valid_to=datetime.date(2025, 12, 31))

    assert list(provinces_in_region(region, on=datetime.date(2025, 8, 1))) == [current("Hà Nội")]
    assert list(provinces_in_region(region, on=datetime.date(2026, 1, 1))) == []


@pytest.mark.parametrize(
    ("name", "on", "region_code"),
    [
        ("Lâm Đồng", None, "central"),
        ("Bắc Ninh", None, "north"),
        ("Cần Thơ", None, "south"),
    ],
)
def test_region_of_current_unit(name, on, region_code):
    assert region_of(current(name), on=on).code == region_code


def test_region_of_old_unit_before_merger():
    assert region_of(old("Bình Thuận"), on=BEFORE_MERGER).code == "south"


def test_region_of_old_unit_after_it_ended_is_none():
    assert region_of(old("Bình Thuận")) is None


# --- Name resolution ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "on", "expected_name", "expected_current"),
    [
        ("Bac Giang", None, "Bắc Ninh", True),
        ("bắc giang", datetime.date(2024, 5, 1), "Bắc Giang", False),
        ("Bắc Ninh", datetime.date(2024, 5, 1), "Bắc Ninh", False),
        ("ha noi", None, "Hà Nội", True),
        ("Hanoi", None, "Hà Nội", True),
        ("Thành phố Hà Nội", None, "Hà Nội", True),
        ("TP HCM", None, "Thành phố Hồ Chí Minh", True),
        ("TP.HCM", None, "Thành phố Hồ Chí Minh", True),
        ("HCM", None, "Thành phố Hồ Chí Minh", True),
        ("TP. Hồ Chí Minh", None, "Thành phố Hồ Chí Minh", True),
        ("Ho Chi Minh City", None, "Thành phố Hồ Chí Minh", True),
        ("Sai Gon", None, "Thành phố Hồ Chí Minh", True),
        ("Binh Duong", None, "Thành phố Hồ Chí Minh", True),
        ("Bà Rịa Vũng Tàu", None, "Thành phố Hồ Chí Minh", True),
        ("BR-VT", None, "Thành phố Hồ Chí Minh", True),
        ("BR-VT", BEFORE_MERGER, "Bà Rịa – Vũng Tàu", False),
        ("Thua Thien Hue", None, "Huế", True),
        ("Thừa Thiên - Huế", None, "Huế", True),
        ("Huế", BEFORE_MERGER, "Thừa Thiên Huế", False),
        ("Kiên Giang", None, "An Giang", True),
        ("Tỉnh Kiên Giang", BEFORE_MERGER, "Kiên Giang", False),
        ("Dak Nong", None, "Lâm Đồng", True),
        ("Quang Binh", None, "Quảng Trị", True),
        ("Đắk Lắk", None, "Đắk Lắk", True),
        ("dak lak", None, "Đắk Lắk", True),
        ("Phu Yen", None, "Đắk Lắk", True),
        ("  NINH   BÌNH ", None, "Ninh Bình", True),
        ("T. Nghệ An", None, "Nghệ An", True),
        ("24", None, "Bắc Ninh", True),
        ("cu-24", BEFORE_MERGER, "Bắc Giang", False),
        ("46", BEFORE_MERGER, "Thừa Thiên Huế", False),
    ],
)
def test_resolve_province_known_name(text, on, expected_name, expected_current):
    province = resolve_province(text, on=on)

    assert (province.name, province.valid_to is None) == (expected_name, expected_current)


@pytest.mark.parametrize("text", ["Atlantis", "", "   ", "Tỉnh", "99"])
def test_resolve_province_unknown_is_none(text):
    assert resolve_province(text) is None


def test_resolve_province_before_any_row_is_none():
    assert resolve_province("Hà Nội", on=datetime.date(2000, 1, 1)) is None


def test_resolve_province_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        resolve_province("Bac Giang")


def test_province_index_reused_without_queries(django_assert_num_queries):
    index = ProvinceIndex.load()

    with django_assert_num_queries(0):
        names = [index.resolve(text).name for text in ("Hải Dương", "Thái Bình", "Hậu Giang")]

    assert names == ["Hải Phòng", "Hưng Yên", "Cần Thơ"]


def test_province_key_distinct_for_distinct_names():
    names = set(Province.objects.values_list("name", flat=True))

    assert len({province_key(name) for name in names}) == len(names)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỉnh Bà Rịa – Vũng Tàu", "bariavungtau"),
        ("TP. Hồ Chí Minh", "hochiminh"),
        ("Thành phố Đà Nẵng", "danang"),
        ("Bac Ninh Province", "bacninh"),
    ],
)
def test_province_key_drops_prefix_and_punctuation(text, expected):
    assert province_key(text) == expected


# --- Predecessors ------------------------------------------------------------------------------------------


def test_province_with_predecessors_ninh_binh_has_three_old_units():
    ninh_binh = current("Ninh Bình")

    ids = province_with_predecessors(ninh_binh)

    assert ids[0] == ninh_binh.pk
    assert set(ids) == {ninh_binh.pk, old("Ninh Bình").pk, old("Hà Nam").pk, old("Nam Định").pk}


def test_province_with_predecessors_follows_chain_recursively():
    bac_giang = old("Bắc Giang")
    older = Province.objects.create(code="thu-nghiem", name="Tỉnh thử nghiệm", valid_from=datetime.date(1990, 1, 1),
                                    valid_to=datetime.date(2008, 7, 31), successor=bac_giang)

    ids = province_with_predecessors(current("Bắc Ninh"))

    assert set(ids) == {current("Bắc Ninh").pk, old("Bắc Ninh").pk, bac_giang.pk, older.pk}


def test_province_with_predecessors_old_unit_alone():
    assert province_with_predecessors(old("Hà Nam")) == [old("Hà Nam").pk]


def test_province_with_predecessors_every_old_unit_reaches_a_new_one():
    reached = set()
    for province in Province.objects.current():
        reached.update(province_with_predecessors(province))

    assert len(reached) == 97
