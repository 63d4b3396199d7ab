from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def build_missing_listings(using="default", **_kwargs):
    """After `migrate`: a database upgraded from before listing rows (or their product pages) existed gets them,
    with the final schema.

    Only when there are certificates and no listing row at all, or listing rows without a page (catalog 0006),
    so it costs a few small queries otherwise.
    """
    from .listing import rebuild, refresh
    from .models import Certificate, Listing

    if Certificate.objects.using(using).exists() and not Listing.objects.using(using).exists():
        rebuild()
    elif missing := list(Listing.objects.using(using).filter(page__isnull=True).values_list("pk", flat=True)):
        refresh(missing)


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Danh mục sản phẩm")

    def ready(self):
        # Signals only for cache invalidation and upkeep, not business logic: any save or delete of what the
        # public pages show makes every cached public fragment stale (catalog.public.cache). queryset.update()
        # and bulk writes send no signal: their writers (catalog.listing.refresh among them) bump the version.
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_migrate, post_save

        from .collation import register_sqlite_collation
        from .public.cache import bump_version

        # Not upkeep but a database feature: SQLite has no Vietnamese collation of its own (catalog.collation).
        connection_created.connect(register_sqlite_collation, dispatch_uid="catalog-vietnamese-collation")

        for name in ("Producer", "Product", "ProductPhoto", "Province", "Certificate"):
            model = self.get_model(name)
            post_save.connect(bump_version, sender=model, dispatch_uid=f"public-cache-{model._meta.label}-save")
            post_delete.connect(bump_version, sender=model, dispatch_uid=f"public-cache-{model._meta.label}-delete")
        post_migrate.connect(build_missing_listings, sender=self, dispatch_uid="catalog-build-missing-listings")
        from . import two_factor  # noqa: F401  (connects its user_logged_in receiver)
