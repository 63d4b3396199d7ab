"""Certificate numbers: `{LEVEL}-{SCOPE}-{YEAR}-{SEQ:04d}`, e.g. `T-01-2026-0007`.

LEVEL: X commune, H district (history), T province, KV region, QG national. SCOPE: the province code for
commune/district/province rounds (01 = Hà Nội), the region code in capitals for regional rounds (NORTH), VN for
national rounds. YEAR: the year of issue. SEQ: the next value of the (level, scope, year) counter, at least four
digits. A number is never reused: the counter only counts up and a revoked certificate keeps its number.
"""

from django.db import transaction

from catalog.enums import Level

from .models import CertificateCounter

LEVEL_CODES = {
    Level.COMMUNE: "X",
    Level.DISTRICT: "H",
    Level.PROVINCE: "T",
    Level.REGION: "KV",
    Level.NATIONAL: "QG",
}
NATIONAL_SCOPE = "VN"


def scope_code(selection_round) -> str:
    if selection_round.level == Level.NATIONAL:
        return NATIONAL_SCOPE
    if selection_round.level == Level.REGION:
        return selection_round.scope_region.code.upper()
    return selection_round.scope_province.code.upper()


def format_number(*, level: str, scope: str, year: int, sequence: int) -> str:
    return f"{LEVEL_CODES[level]}-{scope}-{year}-{sequence:04d}"


@transaction.atomic
def next_certificate_number(*, level: str, scope: str, year: int) -> str:
    """Take the next number of a counter. The row lock is held until the caller's transaction ends."""
    # get_or_create survives two first-ever issuers racing: the loser's insert fails and it reads the row.
    CertificateCounter.objects.get_or_create(level=level, scope_code=scope, year=year)
    counter = CertificateCounter.objects.select_for_update().get(level=level, scope_code=scope, year=year)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return format_number(level=level, scope=scope, year=year, sequence=counter.last_sequence)
