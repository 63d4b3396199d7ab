"""An address pattern moved under /moved/ (tests/config/test_jinja2.py): remembered addresses must follow it."""

from django.urls import include, path

urlpatterns = [path("moved/", include("config.urls"))]
