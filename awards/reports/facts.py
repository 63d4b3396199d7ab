"""The statistics facts of certificates (CertificateFact): computed from the certificates, written, checked.

`refresh(product_ids)` rewrites the facts of those products' certificates; it is a follower of
`catalog.listing.refresh` (registered in awards.apps), so every service that changes a certificate, a product or
a producer, and calls that, keeps the facts in step in the same transaction. `rebuild` writes them all (after a
migration that finds none, or `manage.py statistics --rebuild`), `verify` lists what disagrees.
"""

from collections.abc import Iterable

from django.db import transaction

from catalog.models import Certificate

from .models import CertificateFact

BATCH = 2000
FIELDS = ("product_id", "producer_id", "province_id", "legal_form", "group", "level", "year", "issued_on",
          "valid_until",
          "published_on", "status", "revoked_on")


def compute(product_ids: Iterable[int]) -> list[CertificateFact]:
    """Fresh facts (not saved) for every certificate of these products. One query."""
    rows = Certificate.objects.filter(product_id__in=list(product_ids)).values_list(
        "pk", "product_id", "product__producer_id", "product__producer__province_id",
        "product__producer__legal_form", "product__group", "level", "issued_on", "valid_until", "published_on",
        "status", "revoked_on")
    return [CertificateFact(certificate_id=pk, product_id=product_id, producer_id=producer_id,
                            province_id=province_id, legal_form=legal_form, group=group, level=level,
                            year=issued_on.year, issued_on=issued_on, valid_until=valid_until,
                            published_on=published_on, status=status, revoked_on=revoked_on)
            for (pk, product_id, producer_id, province_id, legal_form, group, level, issued_on, valid_until,
                 published_on, status, revoked_on) in rows]


@transaction.atomic
def refresh(product_ids: Iterable[int]) -> int:
    """Rewrite the facts of these products' certificates; returns how many. A few queries per BATCH products."""
    ids = sorted(set(product_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        facts = compute(batch)
        CertificateFact.objects.filter(product_id__in=batch).exclude(
            certificate_id__in=[fact.certificate_id for fact in facts]).delete()
        CertificateFact.objects.bulk_create(facts, update_conflicts=True, unique_fields=["certificate"],
                                            update_fields=list(FIELDS))
        written += len(facts)
    return written


def rebuild() -> int:
    """Every certificate's facts from scratch."""
    with transaction.atomic():
        CertificateFact.objects.exclude(certificate_id__in=Certificate.objects.values("pk")).delete()
        return refresh(Certificate.objects.values_list("product_id", flat=True).distinct())


def verify() -> list[str]:
    """Differences between the stored facts and a fresh computation, one line each (empty: they agree)."""
    problems = []
    product_ids = sorted({*Certificate.objects.values_list("product_id", flat=True),
                          *CertificateFact.objects.values_list("product_id", flat=True)})
    for start in range(0, len(product_ids), BATCH):
        batch = product_ids[start:start + BATCH]
        fresh = {fact.certificate_id: fact for fact in compute(batch)}
        stored = {fact.certificate_id: fact for fact in CertificateFact.objects.filter(product_id__in=batch)}
        for pk in sorted(fresh.keys() | stored.keys()):
            if pk not in stored:
                problems.append(f"certificate {pk}: no statistics fact")
            elif pk not in fresh:
                problems.append(f"certificate {pk}: a fact but no such certificate of product {stored[pk].product_id}")
            else:
                problems += [f"certificate {pk}: {name} is {getattr(stored[pk], name)!r}, should be "
                             f"{getattr(fresh[pk], name)!r}" for name in FIELDS
                             if getattr(stored[pk], name) != getattr(fresh[pk], name)]
    return problems
