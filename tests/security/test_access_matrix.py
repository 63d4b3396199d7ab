"""The access matrix (tests/security/access_matrix.py): every cell, each role asking for the owner's objects.

ACCESS_MATRIX_PRINT=1 prints the answers seen, in the table's own format, to tests/artifacts/access-matrix.txt
(to review a change, never to copy blindly: a 200 in a row of someone else's object is a hole).
"""

import os

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client

from .access_matrix import (
    LISTS,
    MATRIX,
    METHODS,
    PATH_VALUES,
    POST_DATA,
    ROLES,
    ROUTE_VALUES,
    SECOND_PK,
    SEED_PK,
    SKIPPED_PREFIXES,
)
from .counts import record
from .matrix_world import build_world
from .walk import CONVERTER, url_patterns

# Routes whose allowed POST ends the session (not undone by the rollback): asked with clients of their own.
SESSION_ENDING = {"logout"}
# Answers that reach nothing: a row made only of these proves no role can reach its object.
REFUSALS = {"404", "login", "401", "403", "405"}


@pytest.fixture
def world(db, producer, other_producer, secretary, admin_user, django_capture_on_commit_callbacks):
    """The owner's objects, all with id SEED_PK, and the other roles' own, elsewhere (matrix_world)."""
    return build_world(producer=producer, other_producer=other_producer, secretary=secretary,
                       admin_user=admin_user, on_commit=django_capture_on_commit_callbacks)


def matrix_routes():
    """Every named route of the URL configuration, but Django's admin and file serving."""
    return [(route, name) for route, name in url_patterns()
            if name and not route.startswith("^") and not route.startswith(SKIPPED_PREFIXES)]


def address(route: str, name: str = "") -> str:
    values = {**PATH_VALUES, **ROUTE_VALUES.get(name, {})}
    return "/" + CONVERTER.sub(lambda m: str(values.get(m.group(2), SEED_PK)), route)


def answer(client: Client, path: str, method: str, data: dict | None = None) -> str:
    # The effects of an allowed POST are undone, so every cell sees the same world.
    with transaction.atomic():
        if method == "GET":
            response = client.get(path)
        elif method == "POST":
            response = client.post(path, data or {})
        else:
            response = client.generic(method, path, "{}", content_type="application/json")
        transaction.set_rollback(True)
    if response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return "login"
    return str(response.status_code)


def clients_of(world) -> dict[str, Client]:
    clients = {}
    for role, user in world.items():
        clients[role] = Client(raise_request_exception=False)
        if user is not None:
            clients[role].force_login(user)
    return clients


def test_every_route_of_the_table_exists_and_every_route_is_in_the_table():
    names = {name for _route, name in matrix_routes()}
    assert sorted(names - set(MATRIX)) == []  # a new route needs its row: who may reach it?
    assert sorted(set(MATRIX) - names) == []
    assert all(len(row.split()) == len(ROLES) for row in MATRIX.values())


def test_each_role_gets_exactly_the_answer_of_its_cell(world):
    clients = clients_of(world)
    seen, wrong = {}, []
    for route, name in matrix_routes():
        path = address(route, name)
        asking = clients_of(world) if name in SESSION_ENDING else clients
        method = METHODS.get(name, "GET")
        row = [answer(asking[role], path, method) for role in ROLES]
        if method == "GET" and "405" in row:  # a POST-only address: the funnel and the form answer a POST
            method = "POST"
            row = [answer(asking[role], path, "POST", POST_DATA.get(name)) for role in ROLES]
        seen[name] = row
        expected = MATRIX.get(name, "").split()
        if row != expected:
            wrong.append(f"{name} {method} {path}: expected {expected}, got {row}")
    if os.environ.get("ACCESS_MATRIX_PRINT"):
        width = max(map(len, seen)) + 3
        lines = [f'    {(repr(name) + ":").ljust(width)}"{" ".join(c.ljust(5) for c in row).rstrip()}",'
                 for name, row in seen.items()]
        (settings.BASE_DIR / "tests" / "artifacts" / "access-matrix.txt").write_text("\n".join(lines) + "\n")
    record("access matrix", routes=len(seen), roles=len(ROLES), cells_checked=len(seen) * len(ROLES))
    assert wrong == []
    # The positive controls: the owner reaches its own product, the secretariat of the scope the round.
    assert MATRIX["catalog:product_detail"].split()[ROLES.index("owner")] == "200"
    assert MATRIX["scoring:round_detail"].split()[ROLES.index("secretariat")] == "200"


def unreachable(matrix: dict[str, str]) -> list[str]:
    return [name for name, row in matrix.items() if set(row.split()) <= REFUSALS]


def test_every_row_has_a_cell_that_reaches_its_object():
    """A row of refusals only would prove nothing: its 404s need a role that gets through (the positive control)."""
    assert unreachable(MATRIX) == []
    # The check itself: a row of refusals is caught, one reaching cell (a form's redirect) is enough.
    assert unreachable({"refused": "login 404 401 403 405", "reached": "login 404 302"}) == ["refused"]


LIST_NAMES = ("catalog:dashboard", "scoring:my_nominations", "scoring:round_list", "scoring:jury_queue",
              "scoring:forwarding_list", "scoring:rubric_list", "awards:certificate_list", "awards:decision_list",
              "awards:complaint_list", "awards:my_results", "api:producer-list", "api:product-list",
              "api:document-list", "api:nomination-list", "api:jury-nomination-list", "api:secretariat-round-list",
              "api:secretariat-nomination-list", "api:secretariat-jury-list", "api:secretariat-certificate-list",
              "api:secretariat-decision-list",
              "artisans:my_nominations", "artisans:round_nominations", "artisans:my_councils",
              "api:artisan-nomination-list", "api:secretariat-artisan-nomination-list",
              "api:secretariat-artisan-council-list", "api:council-list", "api:council-nomination-list",
              "api:council-session-list", "api:secretariat-artisan-round-comments",
              "reports:my_annual_reports", "reports:cycle_list", "reports:periodic_list",
              "api:public-producer-list", "api:public-result-list", "public:product_list")
# The owner's objects a list may show: those of the first state and the second objects (SECOND_PK).
OWNERS_IDS = (str(SEED_PK), str(SECOND_PK))


def test_each_list_shows_the_owners_objects_to_exactly_the_roles_of_its_row(world):
    routes = {name: route for route, name in matrix_routes()}
    clients = clients_of(world)
    seen, wrong = {}, []
    for name in LIST_NAMES:
        row = []
        for role in ROLES:
            response = clients[role].get(address(routes[name], name), follow=False)
            content = response.content.decode() if response.status_code == 200 else ""
            row.append("yes" if any(pk in content for pk in OWNERS_IDS) else "no")
        seen[name] = row
        if row != LISTS.get(name, "").split():
            wrong.append(f"{name}: expected {LISTS.get(name)}, got {' '.join(row)}")
    if os.environ.get("ACCESS_MATRIX_PRINT"):
        width = max(map(len, seen)) + 3
        (settings.BASE_DIR / "tests" / "artifacts" / "access-lists.txt").write_text("\n".join(
            f'    {(repr(name) + ":").ljust(width)}"{" ".join(c.ljust(5) for c in row).rstrip()}",'
            for name, row in seen.items()) + "\n")
    record("access matrix", lists=len(seen), list_cells_checked=len(seen) * len(ROLES))
    assert sorted(LISTS) == sorted(LIST_NAMES)
    assert wrong == []


def test_the_blind_round_shows_the_jury_member_no_producer_name(world):
    """The jury member of the blind round scores the product without learning whose it is."""
    client = Client()
    client.force_login(world["jury member"])

    page = client.get(f"/binh-chon/giam-khao/ho-so/{SEED_PK}/").content.decode()
    secretariat = Client()
    secretariat.force_login(world["secretariat"])
    control = secretariat.get(f"/binh-chon/thu-ky/ho-so/{SEED_PK}/").content.decode()

    assert "Bình hút lộc men rạn" in page
    assert "Hợp tác xã Gốm Bát Tràng" not in page
    assert "Hợp tác xã Gốm Bát Tràng" in control




def test_the_conflicted_members_404_comes_from_the_conflict_alone(world):
    """The conflicted member's column is the conflict's doing: the same member, once the recorded conflicts are
    gone, reaches the owner's nomination like the jury member does."""
    from scoring.models import ConflictDeclaration

    member = Client()
    member.force_login(world["conflicted member"])
    pages = [f"/binh-chon/giam-khao/ho-so/{SEED_PK}/", f"/api/v1/jury/nominations/{SEED_PK}/"]
    assert [member.get(page).status_code for page in pages] == [404, 404]

    deleted, _by_model = ConflictDeclaration.objects.filter(user=world["conflicted member"]).delete()

    assert deleted == 2
    assert [member.get(page).status_code for page in pages] == [200, 200]


def test_djangos_admin_opens_to_the_administrator_only(world):
    """The admin is no row of the table (Django's own permission checks, one page per model): its door, per role."""
    seen = {}
    for role, client in clients_of(world).items():
        response = client.get("/quan-tri/")
        seen[role] = "200" if response.status_code == 200 else response.get("Location", str(response.status_code))
    assert seen == {role: "/quan-tri/login/?next=/quan-tri/" for role in ROLES if role != "administrator"} | {
        "administrator": "200"}
