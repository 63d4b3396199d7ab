"""The configurable working-day calendar (PublicHoliday rows) applied to complaint deadlines."""

import datetime

from django.conf import settings

from .calendar import add_working_days
from .models import PublicHoliday


def holidays_from(start: datetime.date, working_days: int) -> frozenset[datetime.date]:
    """Holidays in a window wide enough for `working_days` even across weekends, Tết and a run of holidays."""
    end = start + datetime.timedelta(days=2 * working_days + 30)
    return frozenset(PublicHoliday.objects.filter(date__gt=start, date__lte=end).values_list("date", flat=True))


def complaint_deadline(notified_on: datetime.date) -> datetime.date:
    """Last day a producer may file a complaint: COMPLAINT_FILING_WORKING_DAYS after the notice (default 15)."""
    n = settings.COMPLAINT_FILING_WORKING_DAYS
    return add_working_days(notified_on, n, holidays=holidays_from(notified_on, n))


def answer_deadline(filed_on: datetime.date) -> datetime.date:
    """Last day the secretariat may answer: COMPLAINT_ANSWER_WORKING_DAYS after filing (default 10)."""
    n = settings.COMPLAINT_ANSWER_WORKING_DAYS
    return add_working_days(filed_on, n, holidays=holidays_from(filed_on, n))
