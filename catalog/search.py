"""Vietnamese search with or without diacritics, the same on SQLite and PostgreSQL.

The query is folded with `catalog.text.fold` (the rule that fills `search_name`/`search_text`), split into
words, and every word must appear in the product name, the producer name or the product's materials and
description. Plain `contains` on folded, lower-case columns: no database function that one engine lacks.
"""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .text import fold

MAX_WORDS = 8  # a pasted paragraph should not build a query with hundreds of LIKE clauses


def words(query: str) -> list[str]:
    return fold(query).split()[:MAX_WORDS]


def _all_words(field: str, terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__contains": term})
    return condition


def filter_products(products: QuerySet, query: str, *, also: Q | None = None) -> QuerySet:
    """Products where each word of `query` is in the name, the producer's name, the materials or description."""
    terms = words(query)
    if not terms:
        return products
    condition = Q()
    for term in terms:
        condition &= (
            Q(search_name__contains=term) | Q(producer__search_name__contains=term) | Q(search_text__contains=term)
        )
    if also is not None:
        condition |= also
    return products.filter(condition)


def rank(query: str) -> Case:
    """0: the name holds the whole phrase; 1: the name holds every word; 2: the producer's name does; 3: other."""
    terms = words(query)
    return Case(
        When(search_name__contains=" ".join(terms), then=Value(0)),
        When(_all_words("search_name", terms), then=Value(1)),
        When(_all_words("producer__search_name", terms), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
