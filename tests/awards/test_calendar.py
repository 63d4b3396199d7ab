import datetime

import pytest

from awards.calendar import (
    LUNAR_HOLIDAYS,
    _national_day_adjacent,
    add_working_days,
    vietnam_public_holidays,
    working_days_between,
)

d = datetime.date
NO_HOLIDAYS = frozenset()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (d(2025, 3, 7), 0, d(2025, 3, 7)),
        (d(2025, 3, 7), 1, d(2025, 3, 10)),  # Friday notice: Saturday and Sunday do not count
        (d(2025, 3, 7), 5, d(2025, 3, 14)),
        (d(2025, 3, 8), 1, d(2025, 3, 10)),  # notified on a Saturday
        (d(2025, 3, 7), 15, d(2025, 3, 28)),
    ],
)
def test_add_working_days_skips_weekends(start, n, expected):
    assert add_working_days(start, n, holidays=NO_HOLIDAYS) == expected
    assert working_days_between(start, expected, holidays=NO_HOLIDAYS) == n


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, d(2026, 2, 23)), (10, d(2026, 3, 6)), (15, d(2026, 3, 13))],
)
def test_add_working_days_skips_tet_2026(n, expected):
    # Notice on Friday 13 Feb 2026; Tết holiday Monday 16 to Friday 20 Feb, then a weekend.
    holidays = vietnam_public_holidays(2026)

    assert add_working_days(d(2026, 2, 13), n, holidays=holidays) == expected
    assert working_days_between(d(2026, 2, 13), expected, holidays=holidays) == n


def test_working_days_between_is_negative_backwards_and_rejects_negative_n():
    assert working_days_between(d(2025, 3, 14), d(2025, 3, 7), holidays=NO_HOLIDAYS) == -5
    with pytest.raises(ValueError):
        add_working_days(d(2025, 3, 7), -1, holidays=NO_HOLIDAYS)


def test_vietnam_public_holidays_2026_defaults():
    assert vietnam_public_holidays(2026) == {
        d(2026, 1, 1),
        d(2026, 2, 16), d(2026, 2, 17), d(2026, 2, 18), d(2026, 2, 19), d(2026, 2, 20),
        d(2026, 4, 26),  # Giỗ Tổ on a Sunday: no substitute day is added by default
        d(2026, 4, 30), d(2026, 5, 1),
        d(2026, 9, 1), d(2026, 9, 2),
    }


@pytest.mark.parametrize(
    ("year", "tet", "hung_kings"),
    [(2025, d(2025, 1, 29), d(2025, 4, 7)), (2026, d(2026, 2, 17), d(2026, 4, 26)),
     (2030, d(2030, 2, 2), d(2030, 4, 12))],
)
def test_lunar_holiday_table(year, tet, hung_kings):
    assert LUNAR_HOLIDAYS[year] == (tet, hung_kings)


@pytest.mark.parametrize(
    ("year", "adjacent"),
    [(2021, d(2021, 9, 3)), (2022, d(2022, 9, 1)), (2023, d(2023, 9, 1)), (2024, d(2024, 9, 3)),
     (2025, d(2025, 9, 1))],
)
def test_national_day_adjacent_matches_past_notices(year, adjacent):
    assert _national_day_adjacent(year) == adjacent


@pytest.mark.parametrize(("year", "adjacent", "not_chosen"), [(2024, d(2024, 9, 3), d(2024, 9, 1)),
                                                             (2025, d(2025, 9, 1), d(2025, 9, 3))])
def test_vietnam_public_holidays_adds_one_day_next_to_national_day(year, adjacent, not_chosen):
    holidays = vietnam_public_holidays(year)

    assert (d(year, 9, 2) in holidays, adjacent in holidays, not_chosen in holidays) == (True, True, False)


def test_vietnam_public_holidays_takes_the_yearly_notice_days():
    tet = [d(2031, 1, 22) + datetime.timedelta(days=i) for i in range(-1, 4)]

    holidays = vietnam_public_holidays(2031, lunar_new_year_days=tet, hung_kings_day=d(2031, 4, 1),
                                       national_day_adjacent=d(2031, 9, 1))

    assert set(tet) <= holidays
    assert len(holidays) == 11
    with pytest.raises(ValueError):
        vietnam_public_holidays(2031)
