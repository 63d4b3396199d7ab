from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import queries


class StaticSitemap(Sitemap):
    def items(self):
        return ["home", "public:product_list"]

    def location(self, item):
        return reverse(item)


class ProductSitemap(Sitemap):
    """Recognised products only: an unpublished recognition must not leak through the sitemap either."""

    changefreq = "monthly"

    def items(self):
        return queries.current_listings().order_by("pk").values_list("pk", flat=True)

    def location(self, pk):
        return reverse("public:product", args=[pk])


class ProducerSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return queries.recognised_producer_ids().order_by("producer_id")

    def location(self, pk):
        return reverse("public:producer", args=[pk])


SITEMAPS = {"trang": StaticSitemap, "san-pham": ProductSitemap, "nha-san-xuat": ProducerSitemap}
