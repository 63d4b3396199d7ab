"""The displayed status of a certificate on a date, and the validity rule for certificates issued here."""

import datetime

import pytest

from catalog.validity import CERTIFICATE_VALID_YEARS, valid_until
from tests.factories import CertificateFactory

D = datetime.date


@pytest.mark.parametrize("issued", [D(2025, 1, 2), D(2025, 12, 31)])
def test_issued_in_2025_valid_to_end_of_2027(issued):
    assert valid_until(issued, years=CERTIFICATE_VALID_YEARS) == D(2027, 12, 31)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on", "revoked_on", "expected"),
    [(D(2026, 6, 1), None, "valid"), (D(2027, 12, 31), None, "valid"), (D(2028, 1, 1), None, "expired"),
     (D(2026, 6, 1), D(2026, 6, 1), "revoked"), (D(2026, 5, 31), D(2026, 6, 1), "valid"),
     (D(2028, 1, 1), D(2026, 6, 1), "revoked")],
)
def test_display_status(on, revoked_on, expected):
    certificate = CertificateFactory(issued_on=D(2025, 9, 1), valid_until=D(2027, 12, 31),
                                     status="revoked" if revoked_on else "valid", revoked_on=revoked_on)

    assert certificate.status_on(on) == expected
