"""factory_boy factories shared by every test package."""

import datetime

import factory
from factory.django import DjangoModelFactory

from catalog import enums
from catalog.models import Producer, Product, Province, Region, User


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "north"
    name = "Phía Bắc"


class ProvinceFactory(DjangoModelFactory):
    """Defaults to Hà Nội; get_or_create returns the row the geography migration already loaded."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "01"
    name = "Hà Nội"
    kind = enums.ProvinceKind.CITY
    valid_from = datetime.date(2025, 7, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    role = enums.Role.PRODUCER
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-an-toan-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProducerFactory(DjangoModelFactory):
    class Meta:
        model = Producer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hợp tác xã Gốm {n}")
    legal_form = enums.LegalForm.COOPERATIVE
    tax_code = factory.Sequence(lambda n: f"{100000000 + n:010d}")
    address = "Thôn Giang Cao"
    province = factory.SubFactory(ProvinceFactory)
    commune = "Xã Bát Tràng"
    representative = "Nguyễn Văn An"
    phone = "0243 874 1234"
    email = factory.Sequence(lambda n: f"lienhe{n}@htx.vn")

    @factory.post_generation
    def users(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.users.add(*extracted)


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    group = enums.ProductGroup.HANDICRAFT
    name = factory.Sequence(lambda n: f"Bình gốm men lam {n}")
    description = "Bình gốm vẽ tay, men lam truyền thống."
    materials = "Đất sét trắng, men lam"
