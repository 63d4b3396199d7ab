import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

# The artisan-title personas and their round, shared with the artisan tests.
from tests.awards.artisans.conftest import (  # noqa: F401
    artisan_round,
    candidate,
    ha_noi,
    national_secretary,
    other_candidate,
    other_province_secretary,
    own_nomination,
)

# The judging personas and their round, shared with the scoring tests.
from tests.scoring.conftest import (  # noqa: F401
    FULL_SHEET,
    accepted,
    commune_round,
    jury,
    make_complete,
    other_judge,
    product,
    scoring_round,
)


def client_for(user=None) -> APIClient:
    """An API client authenticated by token (as another agency's system is), or anonymous."""
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anon():
    return APIClient()
