"""The public catalogue's listing rows (catalog.models.Listing and ListingText): computed, written, kept current.

The facts of a row are computed by one pure function, `listing_facts`, from the product's certificates on a date.
`refresh(product_ids)` recomputes and writes the rows of some products in a few queries (whatever their number,
in batches); the services that publish, revoke or record a recognition, or change a product or a producer, call
it inside their transaction, so the public list never disagrees with the certificates. `refresh_due` rewrites the
rows whose facts changed by themselves since they were written (a recognition expired overnight); the list calls
it before reading. `verify` compares every stored row with a fresh computation: `manage.py listings --check`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import enums
from .geography import ProvinceIndex, region_ids_on
from .models import Certificate, Listing, ListingPage, ListingText, Product, ProductPhoto
from .public import cache as public_cache
from .text import search_document, sort_key
from .thumbnails import thumbnail_size

BATCH = 2000
# Rows other apps derive from a product's certificates, product and producer (awards' statistics facts) are
# refreshed by the same calls, in the same transaction: each app registers a `refresh(product_ids)` here from its
# AppConfig.ready. catalog imports nothing from those apps; they follow it.
FOLLOWERS: list[Callable[[list[int]], object]] = []
FACT_FIELDS = ("producer_id", "group", "province_id", "region_id", "level", "year", "recognised_on", "best_average",
               "score_key", "valid_until", "is_current", "sort_name", "changes_on", "name", "producer_name",
               "name_words", "producer_words",
               "province_name", "thumbnail", "thumbnail_width", "thumbnail_height", "thumbnail_alt")
CARD_THUMBNAIL = 320
PAGE_THUMBNAIL, PAGE_LARGE = 320, 1280  # the product page's gallery: a thumbnail linking to the larger WebP
TEXT_FIELDS = ("words",)
PAGE_FIELDS = ("data",)


@dataclass(frozen=True)
class Recognition:
    """What the listing needs of one certificate."""

    level: str
    number: str
    issued_on: datetime.date
    valid_until: datetime.date
    published_on: datetime.date | None
    revoked_on: datetime.date | None  # only for a revoked certificate
    average: Decimal | None
    decision_number: str = ""  # a published list's recognition has this and no certificate number


@dataclass(frozen=True)
class Facts:
    level: str
    year: int
    recognised_on: datetime.date
    best_average: Decimal | None
    valid_until: datetime.date
    is_current: bool
    changes_on: datetime.date | None


def listing_facts(recognitions: Iterable[Recognition], on: datetime.date) -> Facts | None:
    """The listing facts of a product on `on`, or None when nothing recognises it (then it has no row).

    The rule is CertificateQuerySet's: a certificate recognises its product from its publication until its
    revocation takes effect (expired ones still do: the product is then "historical"), and is in force from
    issue to `valid_until`. Shown level: the highest in force, else the highest ever (ties: the latest issued).
    `changes_on`: the first day after `on` on which these facts change by themselves.
    """
    recognitions = list(recognitions)
    recognising = [r for r in recognitions if r.published_on is not None and r.published_on <= on
                   and (r.revoked_on is None or r.revoked_on > on)]
    upcoming = [day for r in recognitions for day in (r.published_on, r.revoked_on) if day and day > on]
    upcoming += [r.issued_on for r in recognising if r.issued_on > on]
    # A certificate valid to 31/12/9999 never lapses: there is no day after it to change on.
    upcoming += [r.valid_until + datetime.timedelta(days=1) for r in recognising
                 if on <= r.valid_until < datetime.date.max]
    changes_on = min(upcoming, default=None)
    if not recognising:
        return None
    in_force = [r for r in recognising if r.issued_on <= on <= r.valid_until]
    shown = max(in_force or recognising, key=lambda r: (enums.LEVEL_RANK[r.level], r.issued_on, r.number))
    latest = max(recognising, key=lambda r: (r.issued_on, r.number))
    averages = [r.average for r in recognising if r.average is not None]
    return Facts(
        level=shown.level, year=latest.issued_on.year, recognised_on=latest.issued_on,
        best_average=max(averages, default=None), valid_until=max(r.valid_until for r in recognising),
        is_current=bool(in_force), changes_on=changes_on,
    )


def _recognitions(product_ids: list[int]) -> dict[int, list[Recognition]]:
    rows = Certificate.objects.filter(product_id__in=product_ids).values_list(
        "product_id", "level", "number", "issued_on", "valid_until", "published_on", "status", "revoked_on", "average",
        "decision_number")
    by_product: dict[int, list[Recognition]] = defaultdict(list)
    for product_id, level, number, issued_on, valid_until, published_on, status, revoked_on, average, decision in rows:
        revoked = revoked_on if status == enums.CertificateStatus.REVOKED else None
        by_product[product_id].append(Recognition(level, number, issued_on, valid_until, published_on, revoked,
                                                  average, decision))
    return by_product


def _photos(product_ids: list[int]) -> dict[int, list[ProductPhoto]]:
    """Each product's photos in their order (the first is the card's)."""
    by_product: dict[int, list[ProductPhoto]] = defaultdict(list)
    for photo in ProductPhoto.objects.filter(product_id__in=product_ids).order_by("product_id", "position", "id"):
        by_product[photo.product_id].append(photo)
    return by_product


def _photo_facts(photo: ProductPhoto) -> dict:
    width, height = thumbnail_size(photo.width, photo.height, PAGE_THUMBNAIL)
    return {"thumbnail": photo.thumbnail_name(PAGE_THUMBNAIL), "width": width, "height": height,
            "large": photo.thumbnail_name(PAGE_LARGE), "caption": photo.caption}


def page_facts(product: Product, province_name: str, photos: list[ProductPhoto],
               recognitions: list[Recognition]) -> dict:
    """What the public product page shows (catalog.models.ListingPage.data), as JSON: dates in ISO form.

    Certificates are the public ones (published, revoked and expired included), newest first, with no state: the
    page computes it on the day it is shown. The producer's contacts are there only when the producer publishes
    them: a page can show nothing it was not given.
    """
    producer = product.producer
    contacts = ({"address": producer.address, "phone": producer.phone, "email": producer.email,
                 "website": producer.website} if producer.publish_contacts else None)
    # Newest first, then by number (the order of catalog.queries.public_certificates): two stable sorts.
    public = sorted(sorted((r for r in recognitions if r.published_on is not None), key=lambda r: r.number),
                    key=lambda r: r.issued_on, reverse=True)
    return {
        "name": product.name, "group": product.group, "is_set": product.is_set, "materials": product.materials,
        "specifications": product.specifications, "market": product.market, "description": product.description,
        "producer": {"id": producer.pk, "name": producer.name, "commune": producer.commune,
                     "province": province_name, "contacts": contacts, "unverified": producer.is_unverified},
        "photos": [_photo_facts(photo) for photo in photos],
        "certificates": [{"level": r.level, "number": r.number, "decision_number": r.decision_number,
                          "issued_on": r.issued_on.isoformat(),
                          "valid_until": r.valid_until.isoformat(), "published_on": r.published_on.isoformat(),
                          "revoked_on": r.revoked_on.isoformat() if r.revoked_on else None} for r in public],
    }


@dataclass
class Rows:
    """Fresh rows (not saved) of some products: the list's, the search's and the product pages'."""

    listings: list[Listing]
    texts: list[ListingText]
    pages: list[ListingPage]


def compute(product_ids: Iterable[int], on: datetime.date) -> Rows:
    """Fresh rows for the products among `product_ids` that something recognises on `on`."""
    product_ids = list(product_ids)
    products = Product.objects.filter(pk__in=product_ids).select_related("producer__province")
    recognitions = _recognitions(product_ids)
    photos = _photos(product_ids)
    provinces, regions = ProvinceIndex.load(), region_ids_on(on)
    rows = Rows([], [], [])
    listings, texts = rows.listings, rows.texts
    for product in products:
        facts = listing_facts(recognitions.get(product.pk, []), on)
        if facts is None:
            continue
        producer = product.producer
        province = provinces.current_unit(producer.province, on)
        photo = photos[product.pk][0] if photos.get(product.pk) else None
        width, height = thumbnail_size(photo.width, photo.height, CARD_THUMBNAIL) if photo else (None, None)
        listings.append(Listing(
            product_id=product.pk, producer_id=producer.pk, group=product.group, province_id=province.pk,
            region_id=regions.get(province.pk), sort_name=sort_key(product.name), computed_on=on,
            score_key=-1 if facts.best_average is None else int(facts.best_average * 100), **vars(facts),
            name=product.name, producer_name=producer.name, province_name=province.name,
            name_words=search_document(product.name), producer_words=search_document(producer.name),
            thumbnail=photo.thumbnail_name(CARD_THUMBNAIL) if photo else "", thumbnail_width=width,
            thumbnail_height=height, thumbnail_alt=(photo.caption or product.name) if photo else "",
        ))
        texts.append(ListingText(listing_id=product.pk, words=search_document(
            product.name, producer.name, product.materials, product.description, province.name,
            producer.province.name)))
        rows.pages.append(ListingPage(listing_id=product.pk, data=page_facts(
            product, province.name, photos.get(product.pk, []), recognitions.get(product.pk, []))))
    return rows


@transaction.atomic
def refresh(product_ids: Iterable[int], *, on: datetime.date | None = None) -> int:
    """Recompute and store the rows of these products (deleting those no longer recognised), and the rows of
    every FOLLOWER. Returns listing rows kept.

    Call it inside the transaction that changed a certificate, product or producer, with the changed products.
    """
    on = on or timezone.localdate()
    ids = sorted(set(product_ids))
    kept = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        rows = compute(batch, on)
        keep = {row.product_id for row in rows.listings}
        Listing.objects.filter(product_id__in=[pk for pk in batch if pk not in keep]).delete()
        Listing.objects.bulk_create(rows.listings, update_conflicts=True, unique_fields=["product"],
                                    update_fields=[*FACT_FIELDS, "computed_on"])
        ListingText.objects.bulk_create(rows.texts, update_conflicts=True, unique_fields=["listing"],
                                        update_fields=list(TEXT_FIELDS))
        ListingPage.objects.bulk_create(rows.pages, update_conflicts=True, unique_fields=["listing"],
                                        update_fields=list(PAGE_FIELDS))
        for follower in FOLLOWERS:
            follower(batch)
        kept += len(rows.listings)
    if ids:
        public_cache.bump_version()  # bulk writes send no signal; the cached public pages must not outlive the rows
    return kept


def refresh_producers(producer_ids: Iterable[int], *, on: datetime.date | None = None) -> int:
    """After a producer's name or province changed: the rows of all its products."""
    return refresh(Product.objects.filter(producer_id__in=list(producer_ids)).values_list("pk", flat=True), on=on)


_checked_on: set[tuple[str, datetime.date]] = set()  # (database alias, date) already brought up to date here


def refresh_due(on: datetime.date | None = None, *, using: str = "default") -> int:
    """Rewrite the rows whose facts changed by themselves by `on`, at most BATCH of them a call.

    A row written on a day always gets a `changes_on` after that day, so rows only fall due when the date moves
    on: once a check on a date finds nothing left (one indexed query), this process skips it for that date. On
    1 January a third of the catalogue expires at once: `manage.py listings --due`, run just after midnight,
    does that work before visitors come; without it the first requests of the day share it, a batch each.
    """
    on = on or timezone.localdate()
    if (using, on) in _checked_on:
        return 0
    due = list(Listing.objects.using(using).filter(changes_on__lte=on).values_list("product_id", flat=True)[:BATCH])
    if len(due) < BATCH:
        _checked_on.add((using, on))
    return refresh(due, on=on) if due else 0


def rebuild(*, on: datetime.date | None = None) -> int:
    """Every row from scratch: the rows of all products that have a certificate; the others are deleted."""
    on = on or timezone.localdate()
    with transaction.atomic():
        Listing.objects.exclude(product_id__in=Certificate.objects.values("product_id")).delete()
        return refresh(Certificate.objects.values_list("product_id", flat=True).distinct(), on=on)


def verify(*, on: datetime.date | None = None) -> list[str]:
    """Differences between the stored rows and a fresh computation, one line each (empty: all rows agree)."""
    on = on or timezone.localdate()
    problems = []
    product_ids = sorted({*Certificate.objects.values_list("product_id", flat=True),
                          *Listing.objects.values_list("product_id", flat=True)})
    for start in range(0, len(product_ids), BATCH):
        batch = product_ids[start:start + BATCH]
        rows = compute(batch, on)
        fresh = {row.product_id: row for row in rows.listings}
        fresh_text = {row.listing_id: row for row in rows.texts}
        fresh_page = {row.listing_id: row for row in rows.pages}
        stored = {row.product_id: row for row in Listing.objects.filter(product_id__in=batch)}
        stored_text = {row.listing_id: row for row in ListingText.objects.filter(listing_id__in=batch)}
        stored_page = {row.listing_id: row for row in ListingPage.objects.filter(listing_id__in=batch)}
        for pk in batch:
            row_problems = _differences(pk, fresh.get(pk), stored.get(pk), FACT_FIELDS)
            # A missing or extra row has no text or page either way: one line says it.
            if fresh.get(pk) is not None and stored.get(pk) is not None:
                row_problems += _differences(pk, fresh_text.get(pk), stored_text.get(pk), TEXT_FIELDS)
                row_problems += _differences(pk, fresh_page.get(pk), stored_page.get(pk), PAGE_FIELDS)
            problems += row_problems
    return problems


def _differences(pk: int, fresh, stored, fields) -> list[str]:
    if fresh is None and stored is None:
        return []
    if fresh is None:
        return [f"product {pk}: has a row but nothing recognises it"]
    if stored is None:
        return [f"product {pk}: recognised but has no row"]
    return [f"product {pk}: {name} is {getattr(stored, name)!r}, should be {getattr(fresh, name)!r}"
            for name in fields if getattr(stored, name) != getattr(fresh, name)]
