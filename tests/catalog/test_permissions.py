"""The access funnel: who reaches which producer-owned object, and 404 for everything else."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from catalog import enums, uploads
from catalog.models import Province, RegionMembership
from catalog.permissions import (
    get_document_for_user,
    get_photo_for_user,
    get_producer_for_user,
    get_product_for_user,
    producers_for_user,
    secretariat_covers_province,
)
from tests.factories import ProducerFactory, ProductFactory, ProvinceFactory, RegionFactory, UserFactory
from tests.images import jpeg_upload, pdf_upload


@pytest.fixture
def saigon(db):
    return ProvinceFactory(code="79", name="Thành phố Hồ Chí Minh")


@pytest.fixture
def saigon_producer(saigon):
    return ProducerFactory(name="Cơ sở Sơn mài Tương Bình Hiệp", province=saigon)


@pytest.fixture
def northern_region(db):
    """A region of our own holding Hà Nội only, so loaded geography data cannot change the answer."""
    region = RegionFactory(code="bac-thu-nghiem", name="Khu vực thử nghiệm")
    RegionMembership.objects.create(region=region, province=ProvinceFactory(), valid_from=datetime.date(2025, 7, 1))
    return region


def secretariat(**scope):
    return UserFactory(role=enums.Role.SECRETARIAT, **scope)


def test_producers_for_user_producer_sees_only_own(producer, other_producer, producer_user):
    assert list(producers_for_user(producer_user)) == [producer]


def test_producers_for_user_province_secretariat_sees_its_province(producer, saigon_producer, secretary):
    assert list(producers_for_user(secretary)) == [producer]


def test_producers_for_user_region_secretariat_sees_region(producer, saigon_producer, northern_region):
    user = secretariat(scope_level=enums.ScopeLevel.REGION, scope_region=northern_region)

    assert list(producers_for_user(user)) == [producer]


def test_producers_for_user_national_secretariat_sees_all(producer, saigon_producer):
    user = secretariat(scope_level=enums.ScopeLevel.NATIONAL)

    assert set(producers_for_user(user)) == {producer, saigon_producer}


def test_producers_for_user_secretariat_without_scope_sees_none(producer):
    assert list(producers_for_user(secretariat())) == []


def test_producers_for_user_admin_sees_all(producer, saigon_producer, admin_user):
    assert set(producers_for_user(admin_user)) == {producer, saigon_producer}


def test_producers_for_user_jury_and_anonymous_see_none(producer, judge):
    assert list(producers_for_user(judge)) == []
    assert list(producers_for_user(AnonymousUser())) == []


def test_producers_for_user_inactive_producer_sees_none(producer, producer_user):
    producer_user.is_active = False
    producer_user.save()

    assert list(producers_for_user(producer_user)) == []


def test_producers_for_user_for_edit_excludes_secretariat(producer, secretary, admin_user, producer_user):
    assert list(producers_for_user(secretary, for_edit=True)) == []
    assert list(producers_for_user(admin_user, for_edit=True)) == [producer]
    assert list(producers_for_user(producer_user, for_edit=True)) == [producer]


def test_secretariat_covers_province_by_scope(saigon, northern_region):
    hanoi = ProvinceFactory()
    province_level = secretariat(scope_level=enums.ScopeLevel.PROVINCE, scope_province=hanoi)
    region_level = secretariat(scope_level=enums.ScopeLevel.REGION, scope_region=northern_region)
    national = secretariat(scope_level=enums.ScopeLevel.NATIONAL)
    producer_account = UserFactory()

    assert [secretariat_covers_province(u, hanoi) for u in (province_level, region_level, national)] == [
        True, True, True]
    assert [secretariat_covers_province(u, saigon) for u in (province_level, region_level, national)] == [
        False, False, True]
    assert secretariat_covers_province(producer_account, hanoi) is False


def test_secretariat_covers_province_ignores_ended_region_membership(saigon):
    region = RegionFactory(code="nam-thu-nghiem", name="Khu vực cũ")
    RegionMembership.objects.create(region=region, province=saigon, valid_from=datetime.date(2020, 1, 1),
                                    valid_to=datetime.date(2025, 6, 30))
    user = secretariat(scope_level=enums.ScopeLevel.REGION, scope_region=region)

    assert secretariat_covers_province(user, saigon) is False


@pytest.fixture
def owned_objects(producer):
    product = ProductFactory(producer=producer)
    photo = uploads.add_photo(product=product, upload=jpeg_upload(), role=enums.PhotoRole.FRONT)
    document = uploads.add_document(producer=producer, kind=enums.DocumentKind.QUALITY, upload=pdf_upload())
    return producer, product, photo, document


def getters(objects):
    producer, product, photo, document = objects
    return [(get_producer_for_user, producer), (get_product_for_user, product), (get_photo_for_user, photo),
            (get_document_for_user, document)]


def test_get_for_user_owner_reaches_everything(owned_objects, producer_user):
    for getter, obj in getters(owned_objects):
        assert getter(producer_user, obj.pk, for_edit=True) == obj


def test_get_for_user_other_producer_gets_404(owned_objects, other_producer_user):
    for getter, obj in getters(owned_objects):
        with pytest.raises(Http404):
            getter(other_producer_user, obj.pk)


def test_get_for_user_secretariat_reads_but_cannot_edit(owned_objects, secretary):
    for getter, obj in getters(owned_objects):
        assert getter(secretary, obj.pk) == obj
        with pytest.raises(Http404):
            getter(secretary, obj.pk, for_edit=True)


def test_get_for_user_missing_id_is_404_like_forbidden(owned_objects, admin_user):
    for getter, obj in getters(owned_objects):
        assert getter(admin_user, obj.pk, for_edit=True) == obj
        with pytest.raises(Http404):
            getter(admin_user, obj.pk + 1000)


def test_get_for_user_jury_gets_404(owned_objects, judge):
    for getter, obj in getters(owned_objects):
        with pytest.raises(Http404):
            getter(judge, obj.pk)


@pytest.mark.django_db
def test_secretariat_reaches_producers_filed_under_an_old_unit_of_its_province():
    ninh_binh = Province.objects.get(name="Ninh Bình", valid_to__isnull=True)
    nam_dinh = Province.objects.get(name="Nam Định", valid_to__isnull=False)
    filed_old = ProducerFactory(province=nam_dinh)
    elsewhere = ProducerFactory()  # Hà Nội
    officer = secretariat(scope_level=enums.ScopeLevel.PROVINCE, scope_province=ninh_binh)

    assert list(producers_for_user(officer)) == [filed_old]
    assert elsewhere not in producers_for_user(officer)
