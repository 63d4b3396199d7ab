"""Property-based tests of the whole API from its own OpenAPI schema (schemathesis): generated requests, valid
and invalid, to every documented operation, each as an anonymous caller and as a producer, a jury member and a
secretariat account, each owning real data. None may answer with a server error.

Bounded: a few examples per operation, derandomized, so the run is repeatable and takes about a
minute or two.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from catalog import enums
from config.wsgi import application
from scoring.enums import NominationState
from tests.api.conftest import client_for
from tests.factories import CertificateFactory, NominationFactory, ProductFactory, UserFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def keep_the_test_connection(callers):
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


@schema.parametrize()
@settings(max_examples=3, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_no_server_error(case, callers, keep_the_test_connection):
    for role, headers in callers.items():
        response = case.call(headers=headers)
        assert response.status_code < 500, (f"{role}: {case.method} {case.formatted_path} → "
                                            f"{response.status_code}: {response.content[:500]!r}")
