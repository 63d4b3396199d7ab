"""Public catalogue querysets: which products the public may see, and the filters, search and sorts on them.

The rule, in one place: a product is *recognised* when it has at least one certificate whose recognition has
been published (`published_on` set and not in the future) and that is not revoked. It shows as *current*
while one of those certificates is valid today, and as *historical* once they have all expired.

catalog may not import awards (catalog ← scoring ← awards): certificates are read through the reverse relation
`Product.certificates`, and the model is looked up from that relation instead of imported.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from . import search
from .geography import provinces_with_predecessors, resolve_province
from .models import Producer, Product, ProductPhoto, Province, RegionMembership

# Certificate.status values (awards.enums.CertificateStatus), spelled here because catalog may not import awards.
STATUS_VALID = "valid"
STATUS_REVOKED = "revoked"

PAGE_SIZE = 24
SORT_NEWEST, SORT_NAME, SORT_SCORE = "moi-nhat", "ten", "diem"


def certificate_model():
    return Product._meta.get_field("certificates").related_model


def level_choices() -> list[tuple[str, str]]:
    return list(certificate_model()._meta.get_field("level").choices)


def published_certificates(on: datetime.date | None = None) -> QuerySet:
    """Every certificate whose recognition is public on `on`, revoked ones included (the product page lists them)."""
    on = on or timezone.localdate()
    return certificate_model().objects.filter(published_on__isnull=False, published_on__lte=on)


def recognising_certificates(on: datetime.date | None = None) -> QuerySet:
    """Published certificates that still recognise their product on `on`: not revoked by then (expired is fine)."""
    on = on or timezone.localdate()
    return published_certificates(on).filter(Q(status=STATUS_VALID) | Q(revoked_on__gt=on))


def recognised_products(on: datetime.date | None = None, *, level: str = "", year: int | None = None) -> QuerySet:
    """Products the public may see, annotated with `is_current` (a recognising certificate valid on `on`).

    `level` and `year` (of issue) narrow which certificate must recognise the product; both apply to the same
    certificate, so "provincial level in 2024" means one provincial certificate issued in 2024.
    """
    on = on or timezone.localdate()
    recognising = recognising_certificates(on).filter(product=OuterRef("pk"))
    matching = recognising
    if level:
        matching = matching.filter(level=level)
    if year:
        matching = matching.filter(issued_on__year=year)
    current = recognising.filter(issued_on__lte=on, valid_until__gte=on)
    latest = recognising.order_by("-issued_on").values("issued_on")[:1]
    return (
        Product.objects.filter(Exists(matching))
        .annotate(is_current=Exists(current), recognised_on=Subquery(latest), best_score=best_score(recognising))
    )


def best_score(recognising: QuerySet) -> Subquery:
    """The highest jury average behind a recognising certificate, as its published decision recorded it.

    Certificates recorded from paper registers carry no average: their products sort after the scored ones.
    Only an issued certificate exists for a published decision (published_on is set at publication), so
    reading the decision entry through it never exposes an unpublished figure.
    """
    entry = "nomination__decision_entries"
    scored = recognising.filter(**{f"{entry}__recognised": True, f"{entry}__average__isnull": False})
    return Subquery(scored.order_by(f"-{entry}__average").values(f"{entry}__average")[:1])


def with_public_details(products: QuerySet, on: datetime.date | None = None) -> QuerySet:
    """Everything a card or product page shows, in a fixed number of queries whatever the number of products."""
    on = on or timezone.localdate()
    return products.select_related("producer__province").prefetch_related(
        Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id")),
        Prefetch("certificates", queryset=published_certificates(on).order_by("-issued_on", "number"),
                 to_attr="public_certificates"),
    )


def recognised_producers(on: datetime.date | None = None) -> QuerySet:
    return Producer.objects.filter(Exists(recognised_products(on).filter(producer=OuterRef("pk"))))


def region_province_ids(region_code: str, on: datetime.date | None = None) -> list[int]:
    """Provinces of a region on `on` and the old units merged into them (old records keep old provinces)."""
    on = on or timezone.localdate()
    members = RegionMembership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), region__code=region_code, valid_from__lte=on,
    ).values_list("province_id", flat=True)
    return provinces_with_predecessors(list(members))


@dataclass
class CatalogueQuery:
    """The public list's parameters, already checked (see `forms.CatalogueFilterForm`)."""

    q: str = ""
    level: str = ""
    year: int | None = None
    group: str = ""
    region: str = ""
    province: Province | None = None
    sort: str = SORT_NEWEST


def catalogue(params: CatalogueQuery, on: datetime.date | None = None) -> QuerySet:
    """The public list for `params`: recognised products, filtered, searched and sorted.

    Sorting by score uses the jury average of the product's best published recognition (see best_score).
    """
    on = on or timezone.localdate()
    products = recognised_products(on, level=params.level, year=params.year)
    if params.group:
        products = products.filter(group=params.group)
    if params.region:
        products = products.filter(producer__province_id__in=region_province_ids(params.region, on))
    if params.province is not None:
        products = products.filter(producer__province_id__in=provinces_with_predecessors([params.province]))
    order: list = []
    if params.q:
        # A query that names a province ("ha tay", "Bắc Ninh") also finds that province's products.
        named = resolve_province(params.q, on=on)
        extra = Q(producer__province_id__in=provinces_with_predecessors([named])) if named else None
        products = search.filter_products(products, params.q, also=extra).annotate(rank=search.rank(params.q))
        order.append("rank")
    if params.sort == SORT_NEWEST:
        order += ["-recognised_on", "search_name", "pk"]
    elif params.sort == SORT_SCORE:
        order += [F("best_score").desc(nulls_last=True), "search_name", "pk"]
    else:
        order += ["search_name", "name", "pk"]
    return products.order_by(*order)


def recognition_counts(on: datetime.date | None = None) -> list[dict]:
    """Recognised products by level and year of issue, in one aggregate query, newest year first."""
    return list(
        recognising_certificates(on)
        .annotate(year=ExtractYear("issued_on"))
        .values("level", "year")
        .annotate(products=Count("product", distinct=True))
        .order_by("-year", "level")
    )
