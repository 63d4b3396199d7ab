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
does; 3 other: LIKE '% word%' on the listing's short folded name and producer columns.
"""

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
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


def rank(query: str) -> Case:
    """The ranking of rows found for `query` (see the module's docstring), as a sort key."""
    terms = words(query)
    return Case(
        When(Q(name_words__contains=" " + " ".join(terms)), then=Value(0)),
        When(_starts("name_words", terms), then=Value(1)),
        When(_starts("producer_words", terms), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
