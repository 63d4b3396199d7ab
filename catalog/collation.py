"""Vietnamese alphabetical order, the one definition for lists sorted for people.

Databases sort text by code point by default: "Huế" before "Hà Nội", "Đà Nẵng" after "Vĩnh Long". Two ways to
sort right, one order:
- `vietnamese("name")` is an expression for `order_by()` and `Meta.ordering`, run by the database: PostgreSQL's
  ICU collation "vi-x-icu", SQLite a collation of the same name registered on every connection
  (`register_sqlite_collation`, connected in catalog.apps) whose key is `vietnamese_key`;
- `vietnamese_key(text)` for lists sorted in Python (choices built from a few rows already loaded).
"""

from functools import lru_cache

from django.db.models import F, Func
from django.db.models.functions import Collate

from .text import sort_key

# The pure key: catalog.text.sort_key (also stored in listing rows' sort_name), under the name callers look for.
vietnamese_key = sort_key

POSTGRESQL_COLLATION = "vi-x-icu"
SQLITE_COLLATION = "vietnamese"


@lru_cache(maxsize=4096)
def _cached_key(text: str) -> str:
    # SQLite calls the collation once per comparison, so each name is keyed about log2(n) times in one sort.
    return vietnamese_key(text)


def compare(left: str, right: str) -> int:
    """SQLite's collation callback: negative, zero or positive as `left` sorts before, with or after `right`."""
    a, b = _cached_key(left), _cached_key(right)
    if a == b:  # same letters and tones ("Hà Nội", "hà nội"): code point order keeps the result stable
        return (left > right) - (left < right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **_kwargs) -> None:
    """connection_created receiver: every new SQLite connection knows the Vietnamese collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, compare)


class Vietnamese(Collate):
    """COLLATE with the Vietnamese collation of the database that runs the query (chosen when compiled, so the
    same expression serves in Meta.ordering on SQLite and PostgreSQL)."""

    def __init__(self, expression):
        super().__init__(expression, SQLITE_COLLATION)

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor == "postgresql":
            extra_context["collation"] = connection.ops.quote_name(POSTGRESQL_COLLATION)
        elif connection.vendor != "sqlite":  # no known Vietnamese collation: the database's own order
            return compiler.compile(self.get_source_expressions()[0])
        return super().as_sql(compiler, connection, **extra_context)


def vietnamese(field_name: str) -> Func:
    """An ordering expression: `field_name` (a lookup path like "province__name" works) in Vietnamese order.

    Descending: `vietnamese("name").desc()`.
    """
    return Vietnamese(F(field_name))
