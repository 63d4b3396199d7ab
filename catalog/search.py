"""Vietnamese search with or without diacritics, on the listing's folded words, through an index on both databases.

A query is folded into words (`catalog.text.search_words`, the rule that wrote the listing's words); every word
must be the start of a word of the product's name, producer, materials, description or province: "gom bat"
and "gom bat tr" find "Gốm Bát Tràng", but "om" does not find "gốm" nor "an" "Hoàng". Word starts rather than any
substring keep results relevant in Vietnamese, whose syllables are short, and let a word index serve them.

- PostgreSQL: full text with prefix terms, to_tsvector('simple', words) @@ 'gom:* & bat:*', on a GIN index
  (the vector is stored, a generated column).
- SQLite: an FTS5 table of the same words with prefix indexes, MATCH '"gom"* AND "bat"*'.
Both are a subquery giving the ids of the rows found (migration catalog 0004 makes the indexes).

Ranking of the rows found: 0 the name holds the whole phrase; 1 the name holds every word; 2 the producer's name
does; 3 other: LIKE '% word%' on the listing's short folded name and producer columns (and on the words of
ListingText, the same rule as the index). `rank` is the ranking as a sort key (the API, open data); the list page
reads its pages with `ranked_rows`, a rank at a time, which gives the same rows in the same order without ranking
every row found: a search of common words finds 10-40 % of the catalogue ("men lam", 35,000 of 100,000
products), and finding and sorting all those rows by an expression costs hundreds of milliseconds, where the first
pages of a rank are usually among the first rows of the list.
So each rank first reads the first rows of the list in its order (a window, walked on the sort's index) and keeps
those of the rank; only when the window holds too few does it ask an index for the rank's rows (GIN on
to_tsvector of the name or producer words on PostgreSQL, FTS5 on SQLite: migration catalog 0011).
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from .text import search_words

# A whole product name pasted from a published list is found (real names run to 25 words and more); a pasted
# paragraph past this is cut, since a person refines a search rather than writing one that long.
MAX_WORDS = 40
# A search that finds more rows than this says "more than 1,000" instead of counting them all: a count of every
# product holding a common word (gốm) costs more than the page; a person refines the search instead.
COUNT_LIMIT = 1000


def words(query: str) -> list[str]:
    return search_words(query)[:MAX_WORDS]


def _found(terms: list[str]) -> Q:
    # Terms are [a-z0-9]+ (search_words): nothing in them means anything to either query syntax.
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{term}"*' for term in terms)
        sql = "SELECT rowid FROM catalog_listingtext_fts WHERE catalog_listingtext_fts MATCH %s"
    else:
        match = " & ".join(f"{term}:*" for term in terms)
        # `vector` is to_tsvector('simple', words), a stored generated column (migration catalog 0004).
        sql = "SELECT listing_id FROM catalog_listingtext WHERE vector @@ to_tsquery('simple', %s)"
    return Q(pk__in=RawSQL(sql, [match]))


def _found_in(column: str, terms: list[str]) -> Q:
    """Every term starts a word of the listing's `column` (name_words or producer_words), through its index."""
    sql, match = _index_match(column, terms)
    if connection.vendor == "sqlite":
        return Q(pk__in=RawSQL(sql, [match]))
    return Q(RawSQL(sql, [match], output_field=BooleanField()))


def _index_match(column: str, terms: list[str]) -> tuple[str, str]:
    if connection.vendor == "sqlite":
        match = " AND ".join(f'{column} : "{term}"*' for term in terms)
        return "SELECT rowid FROM catalog_listing_fts WHERE catalog_listing_fts MATCH %s", match
    # The expression of the index (migration catalog 0011), so the planner can use it.
    return (f"to_tsvector('simple', \"catalog_listing\".\"{column}\") @@ to_tsquery('simple', %s)",
            " & ".join(f"{term}:*" for term in terms))


def _count_in(column: str, terms: list[str], limit: int) -> int:
    """How many listing rows (any filter aside) have every term starting a word of `column`, up to `limit`."""
    sql, match = _index_match(column, terms)
    if connection.vendor != "sqlite":
        sql = f"SELECT 1 FROM catalog_listing WHERE {sql}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT {int(limit)}) found", [match])
        return cursor.fetchone()[0]


def filter_listings(listings: QuerySet, query: str, *, also: Q | None = None) -> QuerySet:
    """Listing rows where every word of `query` starts a word of the product's text (or that match `also`)."""
    terms = words(query)
    if not terms:
        return listings
    condition = _found(terms)
    if also is not None:
        condition |= also
    return listings.filter(condition)


def _starts(field: str, terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__contains": f" {term}"})
    return condition


def _ranks(terms: list[str]) -> tuple[Q, Q, Q]:
    """The tests of ranks 0, 1 and 2 on a listing row; a row found that passes none is rank 3."""
    return (Q(name_words__contains=" " + " ".join(terms)), _starts("name_words", terms),
            _starts("producer_words", terms))


def rank(query: str) -> Case:
    """The ranking of rows found for `query` (see the module's docstring), as a sort key."""
    phrase, name, producer = _ranks(words(query))
    return Case(When(phrase, then=Value(0)), When(name, then=Value(1)), When(producer, then=Value(2)),
                default=Value(3), output_field=IntegerField())


# A rank's window: this many rows of the list per row wanted. A rank holding at least 1 row in 40 of the list
# (2,500 of 100,000 products) fills its page from the window; a rarer one is read from its index, where it is
# small. Either way a page reads a few thousand rows at most, whatever the number of rows found.
WINDOW_PER_ROW = 40
# A name or producer index finding fewer rows than this gives a rank's rows straight away (a few queries, each
# sorting at most these rows); past it, the rank is first looked for in the window.
FEW = 1000


def ranked_rows(listings: QuerySet, query: str, order: Sequence, fields: Sequence[str], start: int, stop: int, *,
                also: Q | None = None) -> list[dict]:
    """Rows start:stop (as dicts of `fields`) of `filter_listings(listings, query, also=also)` ordered by `rank`
    then `order`, read a rank at a time (see the module's docstring): one or two queries a rank, until `stop`
    rows are read."""
    terms = words(query)
    phrase, name, producer = _ranks(terms)
    other, other_indexed = _starts("text__words", terms), _found(terms)
    if also is not None:
        other, other_indexed = other | also, other_indexed | also
    # Each rank: its test on a row, the index finding its rows (with more), and that index's column if any.
    ranks = [(phrase, _found_in("name_words", terms), "name_words"),
             (name & ~phrase, _found_in("name_words", terms), "name_words"),
             (producer & ~name, _found_in("producer_words", terms), "producer_words"),
             (other & ~name & ~producer, other_indexed, None)]
    found_by: dict[str, int] = {}  # rows the name and producer indexes find (any filter aside), up to FEW
    rows: list[dict] = []
    for condition, indexed, column in ranks:
        wanted = stop - len(rows)
        if wanted <= 0:
            break
        if column and column not in found_by:
            found_by[column] = _count_in(column, terms, FEW)
        if found_by.get(column) == 0:
            continue
        small = found_by.get(column, FEW) < FEW
        found = [] if small else _in_window(listings, order, condition, fields, wanted, WINDOW_PER_ROW * stop)
        if len(found) < wanted:
            found = list(listings.filter(indexed).filter(condition).order_by(*order).values(*fields)[:wanted])
        rows += found
    return rows[start:stop]


def _in_window(listings: QuerySet, order: Sequence, condition: Q, fields: Sequence[str], limit: int,
               size: int) -> list[dict]:
    """The first `limit` rows passing `condition` among the first `size` rows of `listings` in `order`.

    The window is a subquery in FROM, under the listing table's own name, so the condition and order compiled for
    the table apply to it (the ORM has no subquery in FROM).
    """
    if size <= 0:
        return []
    model = listings.model
    table = connection.ops.quote_name(model._meta.db_table)
    columns = sorted({*WINDOW_COLUMNS, *fields})
    window_sql, window_params = listings.order_by(*order).values(*columns)[:size].query.sql_with_params()
    outer = model.objects.filter(condition).order_by(*order).only(*fields)[:limit]
    outer_sql, outer_params = outer.query.sql_with_params()
    head, tail = outer_sql.split(f" FROM {table}", 1)
    rows = model.objects.raw(f"{head} FROM ({window_sql}) {table}{tail}", (*window_params, *outer_params))
    return [{name: getattr(row, name) for name in fields} for row in rows]


# What a window's rows carry: the ranks' conditions and the sorts' keys read them.
WINDOW_COLUMNS = ("product_id", "province_id", "name_words", "producer_words", "recognised_on", "sort_name",
                  "score_key")


class RankedRows:
    """A search's rows for the list page's paginator, which slices them (its count is set apart)."""

    def __init__(self, listings: QuerySet, query: str, order: Sequence, fields: Sequence[str], *,
                 also: Q | None = None):
        self.listings, self.query, self.order, self.fields, self.also = listings, query, order, fields, also

    def __getitem__(self, page: slice) -> list[dict]:
        return ranked_rows(self.listings, self.query, self.order, self.fields, page.start or 0, page.stop,
                           also=self.also)
