"""The working-day calendar applied to complaint deadlines: Vietnam's statutory days off from the maintained
`holidays` package (Labour Code 2019 art. 112, the compensatory day of art. 111(3) when a holiday falls on a
weekend, the Government's announced Tết break and swapped days), corrected by the editable PublicHoliday table
for announcements the package does not have yet. Deadlines are computed once, when a notice is sent, and stored
(ResultsDecision.complaint_due, Complaint.answer_due): a later edit of the calendar moves no deadline given.
"""

import datetime

import holidays
from django.conf import settings

from .calendar import add_working_days
from .enums import HolidayKind
from .models import PublicHoliday


def calendar_between(start: datetime.date, end: datetime.date) -> tuple[frozenset, frozenset]:
    """(days off, working days) between the two dates: the package's, then the table's corrections."""
    statutory = holidays.country_holidays("VN", years=range(start.year, end.year + 1))
    rows = PublicHoliday.objects.filter(date__gt=start, date__lte=end).values_list("date", "kind")
    extra_off = {day for day, kind in rows if kind == HolidayKind.OFF}
    working = {day for day, kind in rows if kind == HolidayKind.WORKING}
    working |= {day for day in statutory.weekend_workdays if start < day <= end}
    off = (set(statutory) | extra_off) - working
    return frozenset(off), frozenset(working)


def deadline(start: datetime.date, working_days: int) -> datetime.date:
    """The `working_days`-th working day after `start` (not counted), in a window wide enough for weekends,
    Tết and a run of holidays."""
    off, working = calendar_between(start, start + datetime.timedelta(days=2 * working_days + 30))
    return add_working_days(start, working_days, holidays=off, working=working)


def complaint_deadline(notified_on: datetime.date) -> datetime.date:
    """Last day a producer may file a complaint: COMPLAINT_FILING_WORKING_DAYS after the notice (default 15)."""
    return deadline(notified_on, settings.COMPLAINT_FILING_WORKING_DAYS)


def answer_deadline(filed_on: datetime.date) -> datetime.date:
    """Last day the secretariat may answer: COMPLAINT_ANSWER_WORKING_DAYS after filing (default 10)."""
    return deadline(filed_on, settings.COMPLAINT_ANSWER_WORKING_DAYS)


def complaint_due(decision) -> datetime.date | None:
    """The decision's complaint deadline as given in its notice (stored when it was sent); computed only for a
    decision published before deadlines were stored."""
    if decision.complaint_due:
        return decision.complaint_due
    return complaint_deadline(decision.notified_on) if decision.notified_on else None
