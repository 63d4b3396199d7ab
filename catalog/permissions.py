"""The access funnel: every producer-owned object a person reaches goes through one function here.

Missing and forbidden both answer 404, so an address never tells whether somebody else's object exists.
Reading: the producer's own accounts, the secretariat whose scope covers the producer's province, administrators.
Editing (`for_edit=True`): the producer's own accounts and administrators only.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from . import enums
from .geography import provinces_in_region, provinces_with_predecessors
from .models import Document, Producer, Product, ProductPhoto, Province


def secretariat_provinces(user) -> QuerySet[Province] | None:
    """Provinces a secretariat account covers; None means all of them (national scope)."""
    if not user.is_secretariat:
        return Province.objects.none()
    if user.scope_level == enums.ScopeLevel.NATIONAL:
        return None
    if user.scope_level == enums.ScopeLevel.REGION and user.scope_region_id:
        return provinces_in_region(user.scope_region)
    if user.scope_level == enums.ScopeLevel.PROVINCE and user.scope_province_id:
        return Province.objects.filter(pk=user.scope_province_id)
    return Province.objects.none()


def secretariat_covers_province(user, province) -> bool:
    provinces = secretariat_provinces(user)
    if provinces is None:
        return True
    return provinces.filter(pk=province.pk).exists()


def producers_for_user(user, *, for_edit: bool = False) -> QuerySet[Producer]:
    """Producers the user may read (or edit, with for_edit)."""
    if not user.is_authenticated or not user.is_active:
        return Producer.objects.none()
    if user.is_administrator:
        return Producer.objects.all()
    if user.is_producer:
        return Producer.objects.filter(users=user)
    if for_edit:
        return Producer.objects.none()
    if user.is_secretariat:
        provinces = secretariat_provinces(user)
        if provinces is None:
            return Producer.objects.all()
        # A producer still filed under a unit merged in 2025 belongs to the province that unit became part of.
        return Producer.objects.filter(province_id__in=provinces_with_predecessors(list(provinces)))
    return Producer.objects.none()


def get_producer_for_user(user, producer_id, *, for_edit: bool = False) -> Producer:
    return get_object_or_404(producers_for_user(user, for_edit=for_edit).select_related("province"), pk=producer_id)


def get_product_for_user(user, product_id, *, for_edit: bool = False) -> Product:
    products = Product.objects.filter(producer__in=producers_for_user(user, for_edit=for_edit))
    return get_object_or_404(products.select_related("producer"), pk=product_id)


def get_photo_for_user(user, photo_id, *, for_edit: bool = False) -> ProductPhoto:
    photos = ProductPhoto.objects.filter(product__producer__in=producers_for_user(user, for_edit=for_edit))
    return get_object_or_404(photos.select_related("product__producer"), pk=photo_id)


def get_document_for_user(user, document_id, *, for_edit: bool = False) -> Document:
    documents = Document.objects.filter(producer__in=producers_for_user(user, for_edit=for_edit))
    return get_object_or_404(documents.select_related("producer", "product"), pk=document_id)


def can_edit_producer(user, producer: Producer) -> bool:
    return producers_for_user(user, for_edit=True).filter(pk=producer.pk).exists()


def get_unverified_producer(producer_id) -> Producer:
    """An unverified producer of a published list, which anybody may ask to claim (it is public with its products);
    404 for any other id."""
    return get_object_or_404(Producer.objects.filter(is_unverified=True).select_related("province"), pk=producer_id)
