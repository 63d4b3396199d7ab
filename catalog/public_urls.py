from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import health, opendata
from .public import views
from .sitemaps import SITEMAPS

app_name = "public"

urlpatterns = [
    path("san-pham/", views.product_list, name="product_list"),
    path("san-pham/<int:pk>/", views.product_detail, name="product"),
    path("nha-san-xuat/<int:pk>/", views.producer_detail, name="producer"),
    path("du-lieu-mo/san-pham.csv", opendata.products_csv, name="products_csv"),
    path("du-lieu-mo/san-pham.json", opendata.products_json, name="products_json"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "public:sitemap_section"},
         name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/ready", health.ready, name="health"),
]
