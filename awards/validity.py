"""How long a certificate stays valid: a pure function, so the rule is read and tested in one place."""

import datetime

from django.conf import settings


def default_valid_until(issued_on: datetime.date, *, years: int | None = None) -> datetime.date:
    """31 December of the n-th year counted from the year of issue, the year of issue being the first.

    With the default n = 3 (settings.CERTIFICATE_VALID_YEARS): issued in 2025 → valid to 31/12/2027.
    """
    if years is None:
        years = settings.CERTIFICATE_VALID_YEARS
    if years < 1:
        raise ValueError("years must be 1 or more.")
    return datetime.date(issued_on.year + years - 1, 12, 31)
