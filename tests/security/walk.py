"""The pieces of the bad-input walk (tests/security/test_walker.py): the routes from the URL configuration, the
forms found on their pages, the hostile value of each input class, and what the database held before and after.

Kept apart from the test so the access matrix (tests/security/access_matrix.py) reads the same route list.
"""

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("quan-tri/", "static/", "media/", "i18n/")  # Django's own admin and file serving
HUGE = 2**70
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
# Every query parameter a view reads by name (request.GET.get("...")), from the code itself.
CODE_PARAMS = sorted({m for path in Path(__file__).resolve().parents[2].glob("[cas]*/**/*.py")
                      for m in re.findall(r"request\.GET\.get(?:list)?\(\"([a-z_]+)\"", path.read_text())})
# Tables whose rows the walk reads before and after, row by row (the rest by row count).
KEY_TABLES = ("catalog_producer", "catalog_product", "catalog_document", "catalog_certificate",
              "scoring_selectionround", "scoring_nomination", "scoring_jury", "scoring_jurymember",
              "scoring_scoresheet", "scoring_score", "awards_resultsdecision", "awards_decisionentry",
              "catalog_auditentry")


def url_patterns(resolver=None, prefix=""):
    """(route, name) of every URL pattern, from the URL configuration itself."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            for sub_route, name in url_patterns(entry, route):
                yield sub_route, (namespace + name) if name else None
        elif isinstance(entry, URLPattern):
            yield route, entry.name


def walked_routes(skipped_names=()) -> list[tuple[str, str]]:
    """The routes the walk and the access matrix cover: all but Django's admin, file serving and regexes."""
    return [(route, name) for route, name in url_patterns()
            if not route.startswith("^") and not route.startswith(SKIPPED_PREFIXES) and name not in skipped_names]


def fill(route: str, int_value, slug_value: str = "x-1") -> str:
    """The route as an address: every <int:...> takes int_value, every other converter slug_value."""
    return "/" + CONVERTER.sub(lambda m: str(int_value) if m.group(1) == "int" else slug_value, route)


class FormFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or "",
                               "fields": set()})
        elif (tag in {"input", "select", "textarea", "button"} and self.forms and attrs.get("name")
              and attrs.get("type") != "file" and attrs["name"] != "csrfmiddlewaretoken"):
            self.forms[-1]["fields"].add(attrs["name"])


def forms_of(response) -> list[dict]:
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    finder = FormFinder()
    finder.feed(response.content.decode("utf-8", "replace"))
    return finder.forms


def snapshot() -> dict[str, object]:
    """Row count of every table, and a digest of every row of the key tables."""
    state: dict[str, object] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            if table in KEY_TABLES:
                cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")
                state[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
            else:
                cursor.execute(f"SELECT COUNT(*) FROM {quoted}")
                state[table] = cursor.fetchone()[0]
    return state


class WriteRecorder:
    """Collects the tables that INSERT/UPDATE/DELETE statements touched during one request."""

    def __init__(self, allowed: tuple[str, ...]):
        self.allowed = allowed
        self.tables: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        match = re.match(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', sql, re.IGNORECASE)
        if match and not match.group(1).startswith(self.allowed):
            self.tables.append(match.group(1))
        return execute(sql, params, many, context)
