"""Property-based tests of the whole API from its own OpenAPI schema (schemathesis): generated requests, valid
and invalid, to every documented operation, each as an anonymous caller and as a producer, a jury member and a
secretariat account, each owning real data. None may answer with a server error.

The artisan-title operations take an id the generator cannot guess: each is sent twice, with the generated id and
with the id of the seeded object of its kind (`artisans`), so they reach a real round, dossier, council, session.

Bounded: a few examples per operation, derandomized, so the run is repeatable; about ten minutes on two
busy cores (the artisan operations, sent twice with real objects, take most of it).
"""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from awards.artisans import voting
from awards.artisans.enums import MemberRole
from awards.artisans.enums import NominationState as ArtisanState
from awards.artisans.models import ArtisanTitle, CommentPeriod, PublicComment
from catalog import enums
from config.wsgi import application
from scoring.enums import NominationState
from tests.api.conftest import client_for
from tests.awards.artisans.conftest import ArtisanNominationFactory, make_complete, make_council, members, session_with
from tests.factories import CertificateFactory, NominationFactory, ProductFactory, UserFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def keep_the_test_connection(callers, artisans):
    """Django closes the database connection after each request (request_finished); inside a test that would
    close the test's transaction too (PostgreSQL). Django's own test client turns this off the same way, but
    turns it back on after each of its requests, so this runs after the data is made with it (`callers`)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def callers(producer, jury, accepted, secretary, judge):
    """Headers of each role, with data behind every kind of endpoint: a recognised product, a submitted
    nomination, an accepted one under a jury, a draft sheet."""
    CertificateFactory(product=ProductFactory(producer=producer, group=enums.ProductGroup.FOOD))
    NominationFactory(product=ProductFactory(producer=producer), state=NominationState.SUBMITTED)
    client_for(judge).put(f"/api/v1/jury/nominations/{accepted.pk}/sheet/", {"values": {"1.1": "10"}},
                          format="json")
    UserFactory(email="khong-lien-quan@example.vn", role=enums.Role.PRODUCER)
    headers = {"anonymous": {}}
    for role, user in {"producer": producer.users.get(), "jury": judge, "secretariat": secretary}.items():
        headers[role] = {"Authorization": client_for(user)._credentials["HTTP_AUTHORIZATION"]}
    return headers


@pytest.fixture
def artisans(producer, secretary, judge, artisan_round, ha_noi):
    """The artisan-title objects, with the callers in their places: the producer's account files its own dossier
    (draft, complete), Hà Nội's secretariat runs the provincial council, on which the jury member sits, with a
    session whose attendance is taken and an accepted dossier waiting for it; a posted candidate with a comment
    (the national level's, out of every caller's reach: their 404s), a line of the register. Returns the id of
    each kind of object by the path that names it."""
    owner = producer.users.get()
    dossier = make_complete(ArtisanNominationFactory(round=artisan_round, user=owner, full_name=owner.full_name,
                                                     email=owner.email, province=ha_noi))
    waiting = make_complete(ArtisanNominationFactory(round=artisan_round, province=ha_noi,
                                                     state=ArtisanState.ACCEPTED))
    council = make_council(artisan_round, province=ha_noi, size=3, by=secretary)
    voting.add_member(council=council, user=judge, role=MemberRole.MEMBER, by=secretary)
    session = session_with(council, present=members(council), by=secretary)
    posted = ArtisanNominationFactory(round=artisan_round, province=ha_noi, state=ArtisanState.MINISTERIAL_PASSED)
    today = datetime.date.today()
    period = CommentPeriod.objects.create(round=artisan_round, opens_on=today,
                                          closes_on=today + datetime.timedelta(days=19))
    period.nominations.add(posted)
    comment = PublicComment.objects.create(period=period, nomination=posted, full_name="Lê Thị Hoa",
                                           phone="0912 345 678", address="Gia Lâm, Hà Nội", text="Tôi đồng ý.")
    title = ArtisanTitle.objects.create(full_name="Nguyễn Văn Gốm", title="nnut", year=2019, craft="Gốm sứ",
                                        province=ha_noi)
    prefix = "/api/v1/"
    return {f"{prefix}{path}/{{id}}/": pk for path, pk in {
        "public/artisans": title.pk, "artisans/nominations": dossier.pk,
        "artisans/evidence": dossier.evidence.first().pk, "secretariat/artisan-rounds": artisan_round.pk,
        "secretariat/artisan-nominations": waiting.pk, "secretariat/artisan-councils": council.pk,
        "secretariat/artisan-council-members": members(council)[0].pk,
        "secretariat/artisan-comments": comment.pk, "council/councils": council.pk,
        "council/nominations": waiting.pk, "council/sessions": session.pk}.items()}


def seeded_id(path: str, artisans: dict) -> int | None:
    return next((pk for prefix, pk in artisans.items() if path.startswith(prefix)), None)


@schema.parametrize()
@settings(max_examples=3, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_no_server_error(case, callers, artisans, keep_the_test_connection):
    seeded = seeded_id(case.operation.path, artisans)
    generated = dict(case.path_parameters or {})
    for role, headers in callers.items():
        for ids in [generated] + ([{**generated, "id": seeded}] if seeded is not None else []):
            case.path_parameters = ids
            response = case.call(headers=headers)
            assert response.status_code < 500, (f"{role}: {case.method} {case.formatted_path} → "
                                                f"{response.status_code}: {response.content[:500]!r}")
