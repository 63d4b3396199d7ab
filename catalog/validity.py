"""How long a certificate stays valid and what it is on a day: pure functions and the legal default, so each
rule is read in one place."""

import datetime

from . import enums

# Thông tư 26/2014/TT-BCT: valid to 31 December of the third year counted from the year of issue. The default of
# SelectionRound.certificate_valid_years (configurable per round) and of certificates recorded from history.
CERTIFICATE_VALID_YEARS = 3


def valid_until(issued_on: datetime.date, *, years: int) -> datetime.date:
    """31 December of the n-th year counted from the year of issue, the year of issue being the first.

    With n = 3: issued in 2025 → valid to 31/12/2027. Years past 9999 cannot be dates: refused with a ValueError.
    """
    if years < 1:
        raise ValueError("years must be 1 or more.")
    last_year = issued_on.year + years - 1
    if last_year > datetime.MAXYEAR:
        raise ValueError(f"A certificate issued in {issued_on.year} cannot be valid for {years} years.")
    return datetime.date(last_year, 12, 31)


def status_on(*, valid_until: datetime.date, revoked_on: datetime.date | None,
              on: datetime.date) -> enums.CertificateDisplayStatus:
    """valid / expired / revoked on `on`; `revoked_on` only for a revoked certificate (a revocation takes effect
    on its date). Certificate.status_on and the stored product pages (catalog.listing) both ask this."""
    if revoked_on is not None and revoked_on <= on:
        return enums.CertificateDisplayStatus.REVOKED
    if on > valid_until:
        return enums.CertificateDisplayStatus.EXPIRED
    return enums.CertificateDisplayStatus.VALID
