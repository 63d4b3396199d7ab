"""Vietnamese search with or without diacritics, on the listing's folded words, through an index on both databases.

A query is folded into words (`catalog.text.search_words`, the rule that wrote `ListingText`); every word must be
the start of a word of the product's name, producer, materials, description or province: "gom bat" finds "Gốm
Bát Tràng" but "om" does not find "gốm". Matching word starts rather than any substring keeps results relevant
for Vietnamese, whose syllables are short ("go" is gỗ, not every "gốm"), and lets both indexes serve even two-letter
words: the pattern ' go%' has three known characters.

- PostgreSQL: LIKE '% word%' on `ListingText.words`, served by a pg_trgm GIN index.
- SQLite: the same LIKE on an FTS5 table with the trigram tokenizer, which serves LIKE patterns of 3 or more
  characters; triggers keep it in step with `ListingText` (migration catalog 0004).
"""

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from .text import search_words

MAX_WORDS = 12  # a pasted paragraph should not build a query with hundreds of LIKE clauses
FTS_TABLE = "catalog_listingtext_fts"


def words(query: str) -> list[str]:
    return search_words(query)[:MAX_WORDS]


def _starts(field: str, terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__contains": f" {term}"})
    return condition


def _matching(terms: list[str]) -> Q:
    if connection.vendor == "sqlite":
        likes = " AND ".join(["words LIKE %s"] * len(terms))
        ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {likes}", [f"% {term}%" for term in terms])
        return Q(pk__in=ids)
    return _starts("text__words", terms)


def filter_listings(listings: QuerySet, query: str, *, also: Q | None = None) -> QuerySet:
    """Listing rows where every word of `query` starts a word of the product's text (or that match `also`)."""
    terms = words(query)
    if not terms:
        return listings
    condition = _matching(terms)
    if also is not None:
        condition |= also
    return listings.filter(condition)


def rank(query: str) -> Case:
    """0: the name holds the whole phrase; 1: the name holds every word; 2: the producer's name does; 3: other."""
    terms = words(query)
    return Case(
        When(Q(text__name__contains=" " + " ".join(terms)), then=Value(0)),
        When(_starts("text__name", terms), then=Value(1)),
        When(_starts("text__producer", terms), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
