"""The bad-input walk: every URL of the URL configuration, every form found on its pages and every query
parameter (of those forms and of the views' code), fed one hostile value of each input class, as the roles that
reach the page.

Every route gets every input class at least once: NUL, a huge id, a negative id, a non-numeric id (in the address
and in the query), a 10,000-character string, impossible dates, invalid UTF-8, markup and formulas, a value drawn
by hypothesis; and, sent as POST to every route, malformed JSON, a malformed multipart body and a form without its
CSRF token. Asserted: no answer is a server error (≥ 500); every 4xx page is in Vietnamese; a refused request
wrote nothing; the database holds the same rows afterwards (row counts of every table, a digest of the key
tables). The walk is bounded (WALK_SECONDS, checked before every request); if a request blocks, faulthandler
writes every thread's stack to tests/artifacts/walker-stacks.txt. The numbers are printed at the end of the run.
"""

import datetime
import faulthandler
import hashlib
import os
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import ARTIFACTS
from tests.factories import (
    CertificateFactory,
    DecisionEntryFactory,
    DocumentFactory,
    JuryFactory,
    JuryMemberFactory,
    NominationFactory,
    ProducerFactory,
    ProductFactory,
    ResultsDecisionFactory,
    SelectionRoundFactory,
    UserFactory,
)

from .counts import record
from .walk import CODE_PARAMS, HUGE, WriteRecorder, fill, forms_of, snapshot, walked_routes

SEED_PK = 424242  # every seeded object has this id, so one number fills every <int:...> of every URL
WALK_SECONDS = int(os.environ.get("WALK_SECONDS", "240"))
SKIPPED_NAMES = {"logout"}  # the walk keeps its sessions
# Pages that answer the same to everyone and cost a second each (the OpenAPI schema): walked by one role.
ONE_ROLE_NAMES = {"api:schema"}
# Tables a refused request may still write: the session, login throttling's record of a failed attempt.
WRITES_ALLOWED = ("django_session", "axes_")
INVALID_UTF8 = "%ff%fe%c3%28"  # raw bytes in a query string or a form body that are no UTF-8 at all

# One value per input class, in the query string and in every field of every form.
VALUE_CLASSES = {
    "nul": "a\x00b",
    "huge number": str(HUGE),
    "negative number": "-" + str(HUGE),
    "non-numeric": "abc",
    "long string": "x" * 10_000,
    "bad date": "31/02/2026",
    "far date": "9999-12-31",
    "markup and formula": "=HYPERLINK(\"http://x\")<script>alert(1)</script>\"'; DROP TABLE catalog_product; --",
}
# The id classes, in every <int:...> of the address. A negative or non-numeric id matches no route (404).
PATH_CLASSES = {"huge id": HUGE, "negative id": -1, "non-numeric id": "abc"}
BODY_CLASSES = ("malformed json", "malformed multipart", "missing csrf")
generated = st.one_of(
    st.text(min_size=1, max_size=60),
    st.integers(min_value=2**63 - 2, max_value=2**80).map(str),
    st.integers(max_value=-(2**63) + 2, min_value=-(2**80)).map(str),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(datetime.date.isoformat),
)


@pytest.fixture
def seeded(db, producer, secretary, judge, admin_user):
    """One of everything a role may reach, each with id SEED_PK; the personas own or judge them."""
    product = ProductFactory(pk=SEED_PK, producer=producer)
    ProducerFactory(pk=SEED_PK, users=[UserFactory()])
    DocumentFactory(pk=SEED_PK, producer=producer)
    selection_round = SelectionRoundFactory(pk=SEED_PK, level="province", commune="",
                                            scope_province=secretary.scope_province)
    nomination = NominationFactory(pk=SEED_PK, round=selection_round, product=product)
    jury = JuryFactory(pk=SEED_PK, round=selection_round)
    JuryMemberFactory(pk=SEED_PK, jury=jury, user=judge)
    decision = ResultsDecisionFactory(pk=SEED_PK, round=selection_round)
    DecisionEntryFactory(pk=SEED_PK, decision=decision, nomination=nomination)
    CertificateFactory(pk=SEED_PK, product=product)
    return {"anonymous": None, "producer": producer.users.get(), "jury member": judge, "secretariat": secretary,
            "administrator": admin_user}


class OutOfTime(Exception):
    pass


class Walk:
    """Sends the requests and keeps the score: counts, bad answers, the slowest requests, accepted writes."""

    def __init__(self, clients: dict[str, Client], csrf_clients: dict[str, Client], deadline: float):
        self.clients = clients
        self.csrf_clients = csrf_clients
        self.deadline = deadline
        self.inputs = 0
        self.per_class: dict[str, int] = {}
        self.failures: list[str] = []
        self.accepted_writes: list[str] = []
        self.slowest: list[tuple[float, str]] = []

    def send(self, role, input_class, method, path, *, data=None, body=None, content_type=None, csrf=False):
        if time.monotonic() > self.deadline:
            raise OutOfTime(f"{role} {method} {path} ({input_class})")
        client = (self.csrf_clients if csrf else self.clients)[role]
        recorder = WriteRecorder(WRITES_ALLOWED)
        started = time.monotonic()
        # An accepted write (the hostile value was valid input) is undone, so the seeded world stays the same for
        # the next request; a refused request's writes are kept, and the before/after comparison finds them.
        with connection.execute_wrapper(recorder):
            try:
                with transaction.atomic():
                    if method == "GET":
                        response = client.get(path, data or {})
                    elif body is not None:
                        response = client.generic("POST", path, body, content_type=content_type)
                    else:
                        response = client.post(path, data or {})
                    if response.status_code < 400 and recorder.tables:
                        raise _Accepted(response)
            except _Accepted as accepted:
                response = accepted.response
                self.accepted_writes.append(f"{role} {method} {path} ({input_class}) → {sorted(set(recorder.tables))}")
        elapsed = time.monotonic() - started
        self.slowest = sorted([*self.slowest, (elapsed, f"{role} {method} {path} ({input_class})")], reverse=True)[:8]
        self.inputs += 1
        for one_class in input_class if isinstance(input_class, list) else [input_class]:
            self.per_class[one_class] = self.per_class.get(one_class, 0) + 1
        where = f"{role} {method} {path} ({input_class}) {data!r:.120}"
        if response.status_code >= 500:
            self.failures.append(f"{where} → {response.status_code}")
        elif response.status_code >= 400:
            if recorder.tables:
                self.failures.append(f"{where} refused ({response.status_code}) but wrote {recorder.tables}")
            if "text/html" in response.get("Content-Type", "") and '<html lang="vi"' not in response.content.decode(
                    "utf-8", "replace"):
                self.failures.append(f"{where} → {response.status_code} page not in Vietnamese")
        elif csrf and method == "POST":
            self.failures.append(f"{where} accepted without a CSRF token ({response.status_code})")
        return response


def _is_file(response) -> bool:
    return response.status_code == 200 and "text/html" not in response.get("Content-Type", "")


class _Accepted(Exception):
    def __init__(self, response):
        self.response = response


def snapshot_of_nothing() -> str:
    """The digest of an empty table: a key table's digest must differ from it (the comparison saw rows)."""
    return hashlib.sha256(repr([]).encode()).hexdigest()


def mixed(names: list[str], classes: list[tuple[str, str]], requests: int = 2) -> list[tuple[list[str], dict]]:
    """Requests that carry every class at least once, one class per parameter, shifted from one request to the next
    (a page with a dozen parameters meets the eight classes in two requests instead of eight)."""
    names = names + [f"walk_{i}" for i in range(len(classes) - len(names))]  # room for every class
    requests = max(requests, -(-len(classes) // len(names)))
    out = []
    for turn in range(requests):
        chosen = [classes[(i + turn * len(names)) % len(classes)] for i in range(len(names))]
        values = {n: value for n, (_c, value) in zip(names, chosen, strict=True)}
        out.append((sorted({c for c, _value in chosen}), values))
    return out


def drawn_values(count: int) -> list[str]:
    """Values hypothesis draws (deterministically), outside the walk: a failed walk is reported once, not replayed."""
    values: list[str] = []

    @settings(max_examples=1, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.lists(generated, min_size=count, max_size=count, unique=True))
    def draw(drawn):
        values[:] = drawn

    draw()
    return values


def test_no_hostile_input_gives_a_server_error_or_stores_anything(seeded):
    routes = walked_routes(SKIPPED_NAMES)
    clients, csrf_clients = {}, {}
    for role, user in seeded.items():
        clients[role] = Client(raise_request_exception=False)
        csrf_clients[role] = Client(raise_request_exception=False, enforce_csrf_checks=True)
        if user is not None:
            clients[role].force_login(user)
            csrf_clients[role].force_login(user)
    roles = list(seeded)
    generated_values = drawn_values(30)
    walk = Walk(clients, csrf_clients, time.monotonic() + WALK_SECONDS)
    before = snapshot()
    ARTIFACTS.mkdir(exist_ok=True)
    stacks = (ARTIFACTS / "walker-stacks.txt").open("w")
    faulthandler.dump_traceback_later(WALK_SECONDS + 30, file=stacks)
    post_routes = 0
    try:
        for index, (route, name) in enumerate(routes):
            path = fill(route, SEED_PK)
            classes = [(c, v) for c, v in VALUE_CLASSES.items() if c != "nul"]
            classes.append(("generated", generated_values[index % len(generated_values)]))
            # Every role opens the page; those it answers (200) are the ones whose inputs the view really reads.
            walkers = roles[:1] if name in ONE_ROLE_NAMES else roles
            pages = {role: walk.send(role, "plain", "GET", path) for role in walkers}
            reached = [role for role in walkers if pages[role].status_code == 200]
            takes_post = route.startswith("api/") or any(pages[role].status_code == 405 for role in walkers)
            reached = reached or [role for role in walkers if pages[role].status_code == 405] or walkers
            forms = {role: forms_of(pages[role]) for role in reached}

            def role_for(turn, index=index, reached=reached):
                return reached[(index + turn) % len(reached)]

            query_names = sorted({*CODE_PARAMS, *(n for role_forms in forms.values() for f in role_forms
                                                  if f["method"] == "get" for n in f["fields"])})
            # NUL alone: it is refused before anything reads the other parameters.
            walk.send(role_for(0), "nul", "GET", path, data=dict.fromkeys(query_names, VALUE_CLASSES["nul"]))
            for turn, (carried, query) in enumerate(mixed(query_names, classes)):
                walk.send(role_for(turn + 1), carried, "GET", path, data=query)
            walk.send(role_for(0), "invalid utf-8", "GET",
                      path + "?" + "&".join(f"{name}={INVALID_UTF8}" for name in query_names))
            if "<int:" in route:
                for turn, (input_class, value) in enumerate(PATH_CLASSES.items()):
                    walk.send(role_for(turn), input_class, "GET", fill(route, value))
            # Each form by the roles that see it in turn (the same form as two roles is one form).
            post_forms: dict[tuple, list[str]] = {}
            for role, role_forms in forms.items():
                for form in (f for f in role_forms if f["method"] == "post" and f["fields"]):
                    action = form["action"] if form["action"].startswith("/") else path
                    post_forms.setdefault((action, tuple(sorted(form["fields"]))), []).append(role)
                    takes_post = takes_post or action == path
            for (action, fields), form_roles in post_forms.items():
                walk.send(form_roles[0], "nul", "POST", action, data=dict.fromkeys(fields, VALUE_CLASSES["nul"]))
                for turn, (carried, form_data) in enumerate(mixed(list(fields), classes)):
                    walk.send(form_roles[(turn + 1) % len(form_roles)], carried, "POST", action, data=form_data)
                walk.send(form_roles[0], "invalid utf-8", "POST", action,
                          content_type="application/x-www-form-urlencoded",
                          body="&".join(f"{name}={INVALID_UTF8}" for name in fields))
            if takes_post:
                post_routes += 1
                walk.send(role_for(0), "malformed json", "POST", path, body='{"name": "x", ',
                          content_type="application/json")
                walk.send(role_for(1), "malformed multipart", "POST", path,
                          body="--b\r\nContent-Disposition: form-data", content_type="multipart/form-data; boundary=b")
                walk.send(role_for(2), "missing csrf", "POST", path, data={"name": "x"}, csrf=True)
    except OutOfTime as out_of_time:
        pytest.fail(f"the walk passed its {WALK_SECONDS} s after {walk.inputs} inputs, at {out_of_time}; "
                    f"slowest: {walk.slowest}")
    finally:
        faulthandler.cancel_dump_traceback_later()
        stacks.close()
    after = snapshot()

    record("bad-input walk", urls=len(routes), post_urls=post_routes, inputs_sent=walk.inputs, roles=len(roles))
    print(f"\nbad-input walk: {len(routes)} URLs ({post_routes} taking POST), {walk.inputs} inputs; per class "
          f"{walk.per_class}; slowest {[(round(s, 2), w) for s, w in walk.slowest[:3]]}; accepted writes (undone) "
          f"{len(walk.accepted_writes)}")
    (ARTIFACTS / "walker-failures.txt").write_text("\n".join(walk.failures + ["", "accepted writes (undone):"]
                                                              + walk.accepted_writes))
    assert walk.failures[:40] == [], f"{len(walk.failures)} bad answers"
    assert {table: (before[table], after.get(table)) for table in before
            if before[table] != after.get(table) and not table.startswith(WRITES_ALLOWED)} == {}
    assert before["catalog_product"] == after["catalog_product"] != snapshot_of_nothing()
    # Every route met every class: the plain page, NUL, each value class, invalid UTF-8, the ids in the address;
    # every route that takes a POST the body classes.
    for input_class in ["plain", "nul", *VALUE_CLASSES, "generated", "invalid utf-8"]:
        assert walk.per_class[input_class] >= len(routes), input_class
    int_routes = sum("<int:" in route for route, _name in routes)
    assert all(walk.per_class[input_class] == int_routes for input_class in PATH_CLASSES)
    assert all(walk.per_class[input_class] == post_routes for input_class in BODY_CLASSES)
    assert post_routes >= 80  # the forms and the API: a walk that found none would prove nothing
