"""Working days and certificate validity: pure date arithmetic, the holiday calendar being data.

Complaints are due within 15 working days of the result notice and answered within 10. A working day is
Monday to Friday and not a public holiday. The holidays are whatever set the caller passes (the round's
configured calendar); `vietnam_public_holidays()` only proposes the defaults of the Labour Code 2019, art. 112,
because each year's Government notice may move days, swap days or add substitute days.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

Date = datetime.date
ONE_DAY = datetime.timedelta(days=1)

# Gregorian dates of Tết (1st day of the 1st lunar month) and of Giỗ Tổ Hùng Vương (10th day of the 3rd lunar
# month), Vietnamese lunar calendar (UTC+7). Source: Hồ Ngọc Đức's published astronomical algorithm for the
# Vietnamese calendar, cross-checked against the Chinese calendar, which agrees every year except 2030: that
# new moon falls at 23:07 on 2 Feb in Việt Nam but after midnight in China, so Tết 2030 is 2 Feb here (3 Feb there).
LUNAR_HOLIDAYS: dict[int, tuple[Date, Date]] = {
    2024: (Date(2024, 2, 10), Date(2024, 4, 18)),
    2025: (Date(2025, 1, 29), Date(2025, 4, 7)),
    2026: (Date(2026, 2, 17), Date(2026, 4, 26)),
    2027: (Date(2027, 2, 6), Date(2027, 4, 16)),
    2028: (Date(2028, 1, 26), Date(2028, 4, 4)),
    2029: (Date(2029, 2, 13), Date(2029, 4, 23)),
    2030: (Date(2030, 2, 2), Date(2030, 4, 12)),
}
TET_DAYS = 5  # Labour Code 2019, art. 112(1)(b)


def is_working_day(day: Date, *, holidays: Collection[Date], working: Collection[Date] = ()) -> bool:
    """Monday to Friday and not a day off; a weekend day the Government made a working day (`working`, a swap
    announced with a bridge holiday) counts."""
    return day in working or (day.weekday() < 5 and day not in holidays)


def add_working_days(start: Date, n: int, *, holidays: Collection[Date], working: Collection[Date] = ()) -> Date:
    """The n-th working day after `start`; `start` (the day of notification) is not counted, n = 0 gives start.

    Notified Friday 13 Feb 2026, 15 working days, Tết 16–20 Feb off → Friday 13 Mar 2026.
    """
    if n < 0:
        raise ValueError("n must be 0 or more.")
    day = start
    while n:
        day += ONE_DAY
        if is_working_day(day, holidays=holidays, working=working):
            n -= 1
    return day


def working_days_between(start: Date, end: Date, *, holidays: Collection[Date]) -> int:
    """Working days after `start` up to and including `end` (negative when end is before start).

    The inverse of add_working_days: working_days_between(s, add_working_days(s, n, ...), ...) == n.
    """
    if end < start:
        return -working_days_between(end, start, holidays=holidays)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day, holidays=holidays)
    return count


def _national_day_adjacent(year: int) -> Date:
    # The law leaves 1/9 or 3/9 to the yearly notice. In 2021–2025 it was the weekday that joins 2/9 to a
    # weekend (2021: 3/9, 2023: 1/9, 2025: 1/9), else the adjacent weekday (2022: 1/9, 2024: 3/9); 1/9 first.
    weekdays = [day for day in (Date(year, 9, 1), Date(year, 9, 3)) if day.weekday() < 5]
    bridging = [day for day in weekdays if day.weekday() in (0, 4)]
    return (bridging or weekdays)[0]


def vietnam_public_holidays(
    year: int,
    *,
    lunar_new_year_days: Collection[Date] | None = None,
    hung_kings_day: Date | None = None,
    national_day_adjacent: Date | None = None,
) -> frozenset[Date]:
    """Default public holidays of one year (Labour Code 2019, art. 112), to seed the configurable calendar.

    1/1; Tết, 5 days (default: the last day of the old lunar year and the first four of the new one, the usual
    split); Giỗ Tổ Hùng Vương (10/3 lunar); 30/4; 1/5; 2/9 and one adjacent day (1/9 or 3/9, see above).
    Pass the days of the year's Government notice to override. Substitute days for a holiday falling on a
    weekend, and swapped working days, are decided yearly and are NOT added here: add them to the calendar.
    Years outside LUNAR_HOLIDAYS need the lunar days passed in.
    """
    if (lunar_new_year_days is None or hung_kings_day is None) and year not in LUNAR_HOLIDAYS:
        raise ValueError(f"No lunar dates for {year}: pass lunar_new_year_days and hung_kings_day.")
    if lunar_new_year_days is None:
        tet = LUNAR_HOLIDAYS[year][0]
        lunar_new_year_days = [tet + (offset - 1) * ONE_DAY for offset in range(TET_DAYS)]
    if hung_kings_day is None:
        hung_kings_day = LUNAR_HOLIDAYS[year][1]
    if national_day_adjacent is None:
        national_day_adjacent = _national_day_adjacent(year)
    fixed = {Date(year, 1, 1), Date(year, 4, 30), Date(year, 5, 1), Date(year, 9, 2), national_day_adjacent}
    return frozenset({*fixed, *lunar_new_year_days, hung_kings_day})
