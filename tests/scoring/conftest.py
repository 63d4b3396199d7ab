import pytest

from catalog import enums
from tests.factories import DocumentFactory, ProductFactory, ProductPhotoFactory, SelectionRoundFactory


def make_complete(product):
    """Give a product and its producer every required dossier item."""
    for role in (enums.PhotoRole.FRONT, enums.PhotoRole.SIDE, enums.PhotoRole.TOP):
        ProductPhotoFactory(product=product, role=role)
    if not product.producer.documents.filter(kind=enums.DocumentKind.BUSINESS_REGISTRATION).exists():
        DocumentFactory(producer=product.producer)
    return product


@pytest.fixture
def product(producer):
    """A handicraft of the Bát Tràng cooperative (Hà Nội) with a complete dossier."""
    return make_complete(ProductFactory(producer=producer, name="Bình gốm men lam Bát Tràng"))


@pytest.fixture
def commune_round(db):
    """The open commune round of Xã Bát Tràng, Hà Nội."""
    return SelectionRoundFactory(title="Bình chọn cấp xã Bát Tràng 2026")

