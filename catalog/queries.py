"""Public catalogue querysets: the listing rows the public list, filters, sorts, search and counts read.

Which products are public is decided once, when a listing row is written (catalog.listing: a product with a
published, not revoked certificate has a row); these querysets only read rows, through indexes, and refresh
the few rows whose facts changed overnight first (`current_listings`).
"""

import datetime
import functools
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Subquery
from django.utils import timezone

from . import listing, search
from .enums import Level
from .models import Certificate, Listing, ListingPage, Province, Region

PAGE_SIZE = 24
SORT_NEWEST, SORT_NAME, SORT_SCORE = "moi-nhat", "ten", "diem"


def current_listings(on: datetime.date | None = None) -> QuerySet[Listing]:
    """Every listing row, with the rows due on `on` refreshed first (usually none: one indexed query)."""
    listing.refresh_due(on)
    return Listing.objects.all()


CARD_FIELDS = ("product_id", "name", "producer_name", "province_name", "is_current", "level", "year", "thumbnail",
               "thumbnail_width", "thumbnail_height", "thumbnail_alt")


def with_cards(listings: QuerySet[Listing]) -> QuerySet:
    """What a product card shows, as plain rows (names and thumbnail are copied onto the listing row): one query
    a page, and no model instance to build for each card."""
    return listings.values(*CARD_FIELDS)


def public_certificates(product_id: int, on: datetime.date | None = None) -> QuerySet[Certificate]:
    """The certificates the product page lists: public ones, revoked and expired included."""
    return Certificate.objects.public(on).filter(product_id=product_id).order_by("-issued_on", "number")


def listing_page(product_id: int) -> dict | None:
    """A listed product's stored page (ListingPage.data, what its public page shows), or None if it is not listed.

    One statement by primary key, written once per process rather than built by the ORM for each page: building
    and compiling the query cost more than running it (as for the list's pages, `_page_statement`).
    """
    sql, field = _listing_page_statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, (product_id,))
        row = cursor.fetchone()
    return None if row is None else field.from_db_value(row[0], None, connection)


@functools.lru_cache(maxsize=4)
def _listing_page_statement(vendor: str) -> tuple[str, object]:
    sql, values = ListingPage.objects.filter(pk=0).values_list("data").query.sql_with_params()
    if values != (0,):  # the primary key must be the statement's one parameter
        raise AssertionError(f"unexpected page statement: {sql}")
    return sql, ListingPage._meta.get_field("data")


@dataclass(frozen=True)  # hashable: a key of _page_statement
class CatalogueQuery:
    """The public list's parameters, already checked (see `forms.CatalogueFilterForm`)."""

    q: str = ""
    level: str = ""
    year: int | None = None
    group: str = ""
    region: str = ""
    province: Province | None = None
    sort: str = SORT_NEWEST
    # The province the search text names, if any ("ha tay", "Bắc Ninh"): its products are found too.
    named_province: Province | None = None


def catalogue(params: CatalogueQuery, on: datetime.date | None = None) -> QuerySet[Listing]:
    """The public list for `params`: listing rows, filtered, searched and sorted, every step on an index.

    The level and year filters read what the card shows: the product's highest recognition (in force, else
    ever) and the year of its latest one. Sorting by score uses the best jury average among its recognitions;
    products recorded from paper registers (no average) come after the scored ones.
    """
    rows = _filtered(params, on)
    if not params.q:
        return rows.order_by(*_order(params.sort))
    rows = search.filter_listings(rows, params.q, also=_named(params))
    return rows.order_by(search.rank(params.q), *_order(params.sort))


def catalogue_cards(params: CatalogueQuery, on: datetime.date | None = None):
    """The cards of `catalogue(params)` as the list page's paginator slices them: a search's pages are read a rank
    at a time (catalog.search.ranked_rows), the same rows in the same order. The count is the paginator's."""
    if not search.words(params.q):
        return KeyedPages(params, on)
    return search.RankedRows(_filtered(params, on), params.q, _order(params.sort), CARD_FIELDS, also=_named(params))


class KeyedPages:
    """Sorted listing rows for the paginator, a page read as keys first, then the page's cards by primary key.

    Page 100 skips 2,376 rows. Read whole, every skipped row is fetched from the table (on PostgreSQL 2,400
    heap pages, 2–7 ms); its product ids alone come from the sort index (an index-only scan, about 0.5 ms),
    and then only the page's 24 rows are fetched. One query: the keys are a subquery.
    """

    def __init__(self, params: CatalogueQuery, on: datetime.date | None = None):
        listing.refresh_due(on)  # what current_listings does first; the statement itself is the same every day
        self.params = params

    def __getitem__(self, page: slice) -> list[dict]:
        sql, values = _page_statement(self.params, connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, (*values, page.stop - page.start, page.start))
            # SQLite answers a boolean as 0 or 1; the ORM's converter would make it True or False.
            return [{**dict(zip(CARD_FIELDS, row, strict=True)), "is_current": bool(row[CARD_INDEX["is_current"]])}
                    for row in cursor.fetchall()]


CARD_INDEX = {name: index for index, name in enumerate(CARD_FIELDS)}
_MARK = 987_654_321  # an offset no real page reaches, found and replaced in the compiled statement


@functools.lru_cache(maxsize=1024)
def _page_statement(params: CatalogueQuery, vendor: str) -> tuple[str, tuple]:
    """A page's statement for one set of filters and sort, compiled by the ORM once and reused for every page.

    Building and compiling the query costs more than running it (0.8 ms against 0.2–0.8 ms a page, measured), so
    the compiled text is kept per process, like a prepared statement, with its limit and offset as the two last
    parameters (they close the keys' subquery, the statement's only parameters after the filters'). A statement
    holds no data: nothing here goes stale. `vendor` keys it by database (tests switch between them).
    """
    rows = catalogue(params)
    keys = rows.values("product_id")[_MARK:_MARK + PAGE_SIZE]
    cards = with_cards(Listing.objects.filter(product_id__in=keys).order_by(*rows.query.order_by))
    sql, values = cards.query.sql_with_params()
    limit_offset = connection.ops.limit_offset_sql(_MARK, _MARK + PAGE_SIZE)
    before, found, after = sql.partition(limit_offset)
    if not found or limit_offset in after or "%s" in after:  # the two new parameters must come last
        raise AssertionError(f"unexpected page statement: {sql}")
    return before + "LIMIT %s OFFSET %s" + after, tuple(values)


def _filtered(params: CatalogueQuery, on: datetime.date | None) -> QuerySet[Listing]:
    rows = current_listings(on or timezone.localdate())
    if params.level:
        rows = rows.filter(level=params.level)
    if params.year:
        rows = rows.filter(year=params.year)
    if params.group:
        rows = rows.filter(group=params.group)
    if params.region:
        # The region's id as a subquery run once, not a join: with the join PostgreSQL walked the newest index
        # and its table rows to find a region's (2 ms for page 10), with the id it reads listing_region.
        rows = rows.filter(region=Subquery(Region.objects.filter(code=params.region).values("pk")[:1]))
    if params.province is not None:
        rows = rows.filter(province=params.province)
    return rows


def _named(params: CatalogueQuery) -> Q | None:
    return Q(province=params.named_province) if params.named_province else None


def _order(sort: str) -> list:
    if sort == SORT_NEWEST:
        return [F("recognised_on").desc(), "sort_name", "product_id"]
    if sort == SORT_SCORE:
        return ["-score_key", "sort_name", "product_id"]
    return ["sort_name", "product_id"]


def recognised_producer_ids(on: datetime.date | None = None) -> QuerySet:
    return current_listings(on).values_list("producer_id", flat=True).distinct()


def listing_counts(on: datetime.date | None = None) -> list[dict]:
    """Recognised products by shown level and year of latest recognition (each product once), newest year first."""
    return list(current_listings(on).values("level", "year").annotate(products=Count("*")).order_by("-year", "level"))


# A loose index scan on listing_year_level: each step finds the next lower year with one index probe, so the
# twenty-odd years cost twenty probes, where DISTINCT reads all 100,000 rows (4 ms on PostgreSQL, the filter
# form's largest query). Both databases run recursive CTEs.
_YEARS_SQL = """
WITH RECURSIVE years(year) AS (
    SELECT MAX(year) FROM {table}
    UNION ALL
    SELECT (SELECT MAX(inner_row.year) FROM {table} inner_row WHERE inner_row.year < years.year)
    FROM years WHERE years.year IS NOT NULL
)
SELECT year FROM years WHERE year IS NOT NULL
"""


def listing_years(on: datetime.date | None = None) -> list[int]:
    """The years of latest recognition that have a listed product, newest first."""
    listing.refresh_due(on)
    with connection.cursor() as cursor:
        cursor.execute(_YEARS_SQL.format(table=connection.ops.quote_name(Listing._meta.db_table)))
        return [year for (year,) in cursor.fetchall()]


def level_choices() -> list[tuple[str, str]]:
    return list(Level.choices)
