"""Certificate numbers: format, one counter per (level, scope, year), never reused, unique under concurrency."""

import datetime
import threading

import pytest
from django.db import connection, connections

from awards.models import DecisionEntry
from awards.numbering import format_number, next_certificate_number, scope_code
from awards.services import issue_certificates, revoke_certificate
from catalog.models import Certificate
from tests.factories import DecisionEntryFactory, RegionFactory, ResultsDecisionFactory, SelectionRoundFactory

D = datetime.date


@pytest.mark.parametrize(
    ("level", "scope", "year", "sequence", "expected"),
    [("province", "01", 2026, 7, "T-01-2026-0007"), ("commune", "01", 2025, 1, "X-01-2025-0001"),
     ("region", "NORTH", 2026, 12, "KV-NORTH-2026-0012"), ("national", "VN", 2027, 110, "QG-VN-2027-0110"),
     ("province", "01", 2026, 12345, "T-01-2026-12345")],
)
def test_format_number(level, scope, year, sequence, expected):
    assert format_number(level=level, scope=scope, year=year, sequence=sequence) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("level", "expected"), [("province", "01"), ("commune", "01"), ("national", "VN")])
def test_scope_code_of_round(level, expected):
    assert scope_code(SelectionRoundFactory(level=level)) == expected


@pytest.mark.django_db
def test_scope_code_of_regional_round():
    assert scope_code(SelectionRoundFactory(level="region", scope_province=None,
                                            scope_region=RegionFactory())) == "NORTH"


@pytest.mark.django_db
def test_next_number_counts_per_level_scope_and_year():
    numbers = [next_certificate_number(level="province", scope="01", year=2026) for _ in range(3)]
    other_year = next_certificate_number(level="province", scope="01", year=2027)
    other_scope = next_certificate_number(level="province", scope="79", year=2026)

    assert numbers == ["T-01-2026-0001", "T-01-2026-0002", "T-01-2026-0003"]
    assert (other_year, other_scope) == ("T-01-2027-0001", "T-79-2026-0001")


@pytest.mark.django_db
def test_revoked_number_is_never_reused(secretary):
    first = DecisionEntryFactory(decision=ResultsDecisionFactory(decided_on=D(2026, 3, 2)))
    [certificate] = issue_certificates(decision=first.decision, by=secretary)
    revoke_certificate(certificate=certificate, by=secretary, revoked_on=D(2026, 4, 1), reason="Vi phạm",
                       decision_number="55/QĐ-UBND")
    second = DecisionEntryFactory(decision=ResultsDecisionFactory(decided_on=D(2026, 9, 1)))

    [later] = issue_certificates(decision=second.decision, by=secretary)

    assert (certificate.number, later.number) == ("T-01-2026-0001", "T-01-2026-0002")


@pytest.mark.django_db
def test_number_not_reused_after_certificate_row_is_deleted(secretary):
    entry = DecisionEntryFactory()
    [certificate] = issue_certificates(decision=entry.decision, by=secretary)
    DecisionEntry.objects.filter(certificate=certificate).update(certificate=None)
    Certificate.objects.filter(pk=certificate.pk).delete()

    assert next_certificate_number(level="province", scope="01", year=2026) == "T-01-2026-0002"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_next_number_unique_under_concurrency():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL (run there in CI).")
    threads_count, per_thread = 8, 5
    numbers, errors = [], []
    barrier = threading.Barrier(threads_count)

    def issue():
        try:
            barrier.wait()
            for _ in range(per_thread):
                numbers.append(next_certificate_number(level="national", scope="VN", year=2026))
        except Exception as exc:  # reported below; a thread's exception would otherwise vanish
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == [f"QG-VN-2026-{n:04d}" for n in range(1, threads_count * per_thread + 1)]
