"""Who may read and record certificates: the secretariat for products in its scope, at its levels."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from catalog import enums as catalog_enums
from catalog.models import Product
from catalog.permissions import producers_for_user
from scoring.enums import Level

from .models import Certificate

LEVELS_BY_SCOPE = {
    catalog_enums.ScopeLevel.PROVINCE: [Level.COMMUNE, Level.DISTRICT, Level.PROVINCE],
    catalog_enums.ScopeLevel.REGION: [Level.REGION],
    catalog_enums.ScopeLevel.NATIONAL: [Level.NATIONAL],
}


def certificate_levels_for(user) -> list[str]:
    if user.is_authenticated and user.is_administrator:
        return list(Level.values)
    if not (user.is_authenticated and user.is_secretariat):
        return []
    return LEVELS_BY_SCOPE.get(user.scope_level, [])


def products_for_secretariat(user) -> QuerySet[Product]:
    if not certificate_levels_for(user):
        return Product.objects.none()
    return Product.objects.filter(producer__in=producers_for_user(user))


def certificates_for_secretariat(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(product__in=products_for_secretariat(user),
                                      level__in=certificate_levels_for(user))


def can_record(user, certificate: Certificate) -> bool:
    return (certificate.level in certificate_levels_for(user)
            and products_for_secretariat(user).filter(pk=certificate.product_id).exists())


def get_certificate_for_secretariat(user, certificate_id) -> Certificate:
    return get_object_or_404(certificates_for_secretariat(user).select_related("product__producer"),
                             pk=certificate_id)
