from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Danh mục sản phẩm")

    def ready(self):
        # Signals only for cache invalidation, not business logic: any save or delete of what the public
        # pages show makes every cached public fragment stale (catalog.public.cache). The certificate model
        # is looked up by name because catalog may not import awards. queryset.update() sends no signal:
        # writers that use it call catalog.public.cache.bump_version() themselves.
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from .public.cache import bump_version

        watched = [self.get_model(name) for name in ("Producer", "Product", "ProductPhoto", "Province")]
        if apps.is_installed("awards"):
            watched.append(apps.get_model("awards", "Certificate"))
        for model in watched:
            post_save.connect(bump_version, sender=model, dispatch_uid=f"public-cache-{model._meta.label}-save")
            post_delete.connect(bump_version, sender=model, dispatch_uid=f"public-cache-{model._meta.label}-delete")
