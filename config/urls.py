from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from catalog import views as catalog_views

urlpatterns = [
    path("", catalog_views.home, name="home"),
    path("i18n/setlang/", catalog_views.switch_language, name="set_language"),
    path("tai-khoan/", include("catalog.account_urls")),
    path("co-so/", include("catalog.urls")),
    path("binh-chon/", include("scoring.urls")),
    path("chung-nhan/", include("awards.urls")),
    path("nghe-nhan/", include("awards.artisans.urls")),
    path("quan-tri/", admin.site.urls),
    # The REST API and its OpenAPI documentation (config.api).
    path("api/v1/", include(("config.api", "api"))),
    # Statistics, holders' annual reports and periodic reports (awards.reports.urls, namespace "reports").
    path("", include("awards.reports.urls")),
    # The public catalogue, open data, sitemap and /healthz (catalog.public_urls, namespace "public").
    path("", include("catalog.public_urls")),
]

if settings.SERVE_MEDIA:
    # Public media only (photos and thumbnails); private documents live in another folder with no URL.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
