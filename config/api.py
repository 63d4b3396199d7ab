"""The project's API under /api/v1/: one router, each app registering its own viewsets (catalog.api,
scoring.api, awards.api, awards.artisans.api), the OpenAPI schema and its documentation page.

The documentation is Swagger UI from drf-spectacular-sidecar, served from our static files, with its start
script as a separate file (the split view), so the strict Content-Security-Policy holds on this page too.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from awards import api as awards_api
from awards.artisans import api as artisans_api
from catalog import api as catalog_api
from scoring import api as scoring_api


class Router(DefaultRouter):
    """Every object id in the API is an integer: <int:pk> in the paths, so the schema types them, a non-number is
    simply not found and an id past 64 bits is refused (catalog.middleware) before any query. DRF sets its
    default converter ("str") in __init__, so it is replaced there; a class attribute would be overwritten."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._default_value_pattern = "int"


class TokenRequestSerializer(AuthTokenSerializer):
    """DRF's token request with the account's limit on the e-mail: a longer value is refused as bad input (400)
    before it reaches the sign-in backends, whose failed-attempt record (django-axes) cannot store it (a 500 on
    PostgreSQL)."""

    username = serializers.CharField(label="e-mail", write_only=True, max_length=254)


class TokenView(ObtainAuthToken):
    serializer_class = TokenRequestSerializer


router = Router(use_regex_path=False)
router.include_format_suffixes = False
for app in (catalog_api, scoring_api, awards_api, artisans_api):
    app.register(router)

urlpatterns = [
    path("", include(router.urls)),
    path("token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
