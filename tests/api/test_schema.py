"""The OpenAPI schema is valid, every documented path is routed, the documentation page is served from our own
files under the strict CSP, and the throttles answer 429 in JSON."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import Resolver404, resolve
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_is_valid_openapi_3():
    schema = _schema()
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 specification
    assert schema["openapi"].startswith("3.")


def test_every_documented_path_exists():
    paths = _schema()["paths"]
    assert len(paths) >= 40
    for path, operations in paths.items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        try:
            match = resolve(concrete)
        except Resolver404:
            pytest.fail(f"{path} is documented but not routed")
        actions = getattr(match.func, "actions", None)  # a viewset's method → action map
        allowed = set(actions) if actions else {m.lower() for m in match.func.cls().allowed_methods}
        for method in set(operations) & {"get", "post", "put", "patch", "delete"}:
            assert method in allowed, f"{method.upper()} {path} is documented but not routed"


def test_schema_endpoint_serves_the_same_paths(anon):
    response = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert set(response.json()["paths"]) == set(_schema()["paths"])


def test_docs_page_uses_local_files_under_strict_csp(anon):
    response = anon.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<style" not in page
    assert not re.search(r"<script>(?!</script>)", page)  # no inline script
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert all(src.startswith("/") for src in scripts)  # nothing from a CDN
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    init = anon.get("/api/v1/docs/?script=")
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")


def test_anonymous_throttle_answers_429_in_json(anon, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"}}
    assert [anon.get("/api/v1/public/rounds/").status_code for _ in range(2)] == [200, 200]
    refused = anon.get("/api/v1/public/rounds/")
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Quá nhiều yêu cầu; hãy thử lại sau 60 giây."}
    english = anon.get("/api/v1/public/rounds/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Too many requests; try again in 60 seconds."}
    assert "Retry-After" in refused


def test_user_throttle_counts_per_account(settings, producer_user, other_producer_user):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"}}
    client = client_for(producer_user)
    assert [client.get("/api/v1/producers/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client_for(other_producer_user).get("/api/v1/producers/").status_code == 200


def test_framework_messages_are_vietnamese_by_default_and_english_on_request(anon, producer_user):
    assert anon.get("/api/v1/producers/").json() == {"detail": "Chưa đăng nhập: hãy gửi token hoặc đăng nhập."}
    assert anon.get("/api/v1/producers/", HTTP_ACCEPT_LANGUAGE="en").json() == {
        "detail": "Authentication credentials were not provided."}
    client = client_for(producer_user)
    missing = client.post("/api/v1/nominations/", {}, format="json")
    assert missing.json() == {"round": ["Trường này bắt buộc."], "product": ["Trường này bắt buộc."]}
    english = client.post("/api/v1/nominations/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["round"] == ["This field is required."]


def test_malformed_json_is_400_not_500(producer_user):
    response = client_for(producer_user).generic("POST", "/api/v1/nominations/", "{not json",
                                                 content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
