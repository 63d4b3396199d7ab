"""The access matrix (tests/security/access_matrix.py): every cell, each role asking for the owner's objects.

ACCESS_MATRIX_PRINT=1 prints the answers seen, in the table's own format, to tests/artifacts/access-matrix.txt
(to review a change, never to copy blindly: a 200 in a row of someone else's object is a hole).
"""

import datetime
import os

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client

from awards.models import Complaint
from catalog import enums
from catalog.models import Job
from scoring.figures import refresh_figures
from scoring.models import Rubric, ScoreSheet
from tests.factories import (
    CertificateFactory,
    DecisionEntryFactory,
    DocumentFactory,
    JuryFactory,
    JuryMemberFactory,
    NominationFactory,
    ProducerFactory,
    ProductFactory,
    ProductPhotoFactory,
    ProvinceFactory,
    ResultsDecisionFactory,
    SelectionRoundFactory,
    UserFactory,
)

from .access_matrix import CERTIFICATE_NUMBER, LISTS, MATRIX, NAMESPACES, PATH_VALUES, ROLES, SEED_PK
from .counts import record
from .walk import CONVERTER, walked_routes

OTHER_PROVINCE = "79"  # Thành phố Hồ Chí Minh


@pytest.fixture
def world(db, producer, other_producer, secretary, admin_user):
    """The owner's objects, all with id SEED_PK, and the other roles' own, elsewhere."""
    judge = UserFactory(pk=SEED_PK, email="giam-khao-dot@example.vn", role=enums.Role.JURY)
    other_province = ProvinceFactory(code=OTHER_PROVINCE)
    product = ProductFactory(pk=SEED_PK, producer=producer, name="Bình hút lộc men rạn")
    ProducerFactory(pk=SEED_PK, users=[producer.users.get()], name="Cơ sở thứ hai của chủ")
    ProductPhotoFactory(pk=SEED_PK, product=product)
    DocumentFactory(pk=SEED_PK, producer=producer)
    selection_round = SelectionRoundFactory(pk=SEED_PK, level="province", commune="", state="scoring",
                                            blind_judging=True, scope_province=secretary.scope_province)
    nomination = NominationFactory(pk=SEED_PK, round=selection_round, product=product, state="accepted")
    jury = JuryFactory(pk=SEED_PK, round=selection_round)
    JuryMemberFactory(pk=SEED_PK, jury=jury, user=judge)
    decision = ResultsDecisionFactory(pk=SEED_PK, round=selection_round)
    DecisionEntryFactory(pk=SEED_PK, decision=decision, nomination=nomination, scored=False)
    CertificateFactory(pk=SEED_PK, product=product, number=CERTIFICATE_NUMBER, source="issued")
    ScoreSheet.objects.create(pk=SEED_PK, nomination=nomination, member=judge, status="submitted")
    refresh_figures(nominations=[nomination.pk])  # as the sheet services do after every save
    Rubric.objects.create(pk=SEED_PK, name="Thang điểm của tỉnh", version="2")
    Complaint.objects.create(pk=SEED_PK, decision=decision, nomination=nomination, filed_by=producer.users.get(),
                             text="Xin xem lại điểm.", answer_due=datetime.date(2026, 4, 1))
    Job.objects.create(pk=SEED_PK, kind="round-import", key=f"round-import:{SEED_PK}", state="done",
                       created_by=secretary,
                       params={"round": SEED_PK, "kind": "nominations", "dry_run": True, "skip_bad_rows": False})

    # Elsewhere: the other producer's product, a round of another province with its own jury and secretariat.
    other_product = ProductFactory(producer=other_producer, name="Giỏ mây của cơ sở khác")
    other_round = SelectionRoundFactory(level="province", commune="", state="scoring", scope_province=other_province)
    NominationFactory(round=other_round, product=other_product, state="accepted")
    other_judge = UserFactory(email="giam-khao-khac@example.vn", role=enums.Role.JURY)
    JuryMemberFactory(jury=JuryFactory(round=other_round), user=other_judge)
    other_secretary = UserFactory(email="thu-ky-khac@example.vn", role=enums.Role.SECRETARIAT,
                                  scope_level=enums.ScopeLevel.PROVINCE, scope_province=other_province)
    users = {"anonymous": None, "owner": producer.users.get(), "other producer": other_producer.users.get(),
             "jury member": judge, "other jury": other_judge, "secretariat": secretary,
             "other province": other_secretary, "administrator": admin_user}
    assert tuple(users) == ROLES
    return users


def matrix_routes():
    return [(route, name) for route, name in walked_routes() if name and name.split(":")[0] in NAMESPACES]


def address(route: str) -> str:
    return "/" + CONVERTER.sub(lambda m: str(PATH_VALUES.get(m.group(2), SEED_PK)), route)


def answer(client: Client, path: str, method: str) -> str:
    # The effects of an allowed POST are undone, so every cell sees the same world.
    with transaction.atomic():
        response = client.post(path) if method == "POST" else client.get(path)
        transaction.set_rollback(True)
    if response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return "login"
    return str(response.status_code)


def test_every_route_of_the_table_exists_and_every_route_is_in_the_table():
    names = {name for _route, name in matrix_routes()}
    assert sorted(names - set(MATRIX)) == []  # a new route needs its row: who may reach it?
    assert sorted(set(MATRIX) - names) == []
    assert all(len(row.split()) == len(ROLES) for row in MATRIX.values())


def test_each_role_gets_exactly_the_answer_of_its_cell(world):
    clients = {}
    for role, user in world.items():
        clients[role] = Client(raise_request_exception=False)
        if user is not None:
            clients[role].force_login(user)
    seen, wrong = {}, []
    for route, name in matrix_routes():
        path = address(route)
        row = [answer(clients[role], path, "GET") for role in ROLES]
        method = "GET"
        if "405" in row:  # a POST-only address: the funnel and the form answer a POST
            method = "POST"
            row = [answer(clients[role], path, "POST") for role in ROLES]
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


LIST_NAMES = ("catalog:dashboard", "scoring:my_nominations", "scoring:round_list", "scoring:jury_queue",
              "scoring:forwarding_list", "scoring:rubric_list", "awards:certificate_list", "awards:decision_list",
              "awards:complaint_list", "awards:my_results", "api:producer-list", "api:product-list",
              "api:document-list", "api:nomination-list", "api:jury-nomination-list", "api:secretariat-round-list",
              "api:secretariat-nomination-list", "api:secretariat-jury-list", "api:secretariat-certificate-list",
              "api:secretariat-decision-list")


def test_each_list_shows_the_owners_objects_to_exactly_the_roles_of_its_row(world):
    routes = {name: route for route, name in matrix_routes()}
    seen, wrong = {}, []
    for name in LIST_NAMES:
        row = []
        for role in ROLES:
            client = Client(raise_request_exception=False)
            if world[role] is not None:
                client.force_login(world[role])
            response = client.get(address(routes[name]), follow=False)
            row.append("yes" if response.status_code == 200 and str(SEED_PK) in response.content.decode() else "no")
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


