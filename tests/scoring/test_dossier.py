"""The dossier checklist, its database twin, and the freeze on acceptance."""

import pytest

from catalog import enums as catalog_enums
from scoring import queries
from scoring.dossier import document_storage, dossier_checklist, dossier_for_display, missing_items, photo_storage
from scoring.enums import NominationState
from scoring.models import Nomination
from scoring.services import set_nomination_state
from tests.factories import DocumentFactory, NominationFactory, ProductFactory, ProductPhotoFactory

pytestmark = pytest.mark.django_db


def test_checklist_of_complete_dossier_has_nothing_missing(product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product)

    assert missing_items(nomination) == []
    assert [item.code for item in dossier_checklist(nomination) if not item.required] == [
        "document_quality", "document_food_safety", "document_award"
    ]


def test_checklist_ignores_photo_of_other_roles(producer, commune_round):
    product = ProductFactory(producer=producer)
    DocumentFactory(producer=producer)
    for role in (catalog_enums.PhotoRole.FRONT, catalog_enums.PhotoRole.PACKAGING, catalog_enums.PhotoRole.OTHER):
        ProductPhotoFactory(product=product, role=role)
    nomination = NominationFactory(round=commune_round, product=product)

    assert [item.code for item in missing_items(nomination)] == ["photo_side", "photo_top"]


def test_checklist_ignores_documents_of_another_product(producer, commune_round):
    product = ProductFactory(producer=producer)
    other = ProductFactory(producer=producer)
    DocumentFactory(producer=producer, product=other)  # a registration filed under another product
    nomination = NominationFactory(round=commune_round, product=product)

    assert "business_registration" in [item.code for item in missing_items(nomination)]


def test_completeness_annotation_agrees_with_checklist(producer, product, commune_round):
    complete = NominationFactory(round=commune_round, product=product)
    no_photo = NominationFactory(round=commune_round, product=ProductFactory(producer=producer))
    no_sample = NominationFactory(round=commune_round, product=product.__class__.objects.create(
        producer=producer, group="1", name="Lọ hoa", description="Lọ hoa men rạn"), sample_delivery=" ")
    blank_description = ProductFactory(producer=producer, description="   ")
    for role in ("front", "side", "top"):
        ProductPhotoFactory(product=blank_description, role=role)
    no_description = NominationFactory(round=commune_round, product=blank_description)

    annotated = {n.pk: n.is_complete for n in queries.with_completeness(Nomination.objects.all())}

    for nomination in (complete, no_photo, no_sample, no_description):
        assert annotated[nomination.pk] == (missing_items(nomination) == [])
    assert annotated == {complete.pk: True, no_photo.pk: False, no_sample.pk: False, no_description.pk: False}
    assert list(queries.complete(Nomination.objects.all()).values_list("pk", flat=True)) == [complete.pk]


def test_accepting_freezes_dossier_against_later_edits(secretary, product, commune_round):
    DocumentFactory(producer=product.producer, kind=catalog_enums.DocumentKind.FOOD_SAFETY, number="ATTP-01")
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    before = dossier_for_display(nomination)

    set_nomination_state(nomination=nomination, new_state=NominationState.ACCEPTED, by=secretary)
    # The producer keeps working on its product after acceptance.
    product.description = "Mô tả mới sau khi đã nộp"
    product.name = "Tên mới"
    product.save()
    for photo in product.photos.all():
        photo.image.delete(save=False)
        photo.delete()
    for document in product.producer.documents.all():
        document.file.delete(save=False)
        document.delete()
    nomination.refresh_from_db()
    frozen = dossier_for_display(nomination)

    assert frozen["frozen"] is True
    assert frozen["product"] == before["product"]
    assert [p["role"] for p in frozen["photos"]] == ["front", "side", "top"]
    assert all(p["name"].startswith(f"frozen/{nomination.pk}/photos/") for p in frozen["photos"])
    assert all(photo_storage().exists(p["name"]) for p in frozen["photos"])
    assert sorted(d["kind"] for d in frozen["documents"]) == ["business_registration", "food_safety"]
    assert all(document_storage().exists(d["name"]) for d in frozen["documents"])
    assert nomination.frozen_at is not None


def test_dossier_before_acceptance_follows_the_product(product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    product.description = "Đã sửa"
    product.save()

    assert dossier_for_display(nomination)["product"]["description"] == "Đã sửa"
    assert nomination.snapshot is None


def test_frozen_photos_are_renamed_reencoded_copies_without_metadata(secretary, producer, commune_round):
    """What a blind jury fetches cannot be matched with the public photo: other bytes, another name, no EXIF
    (here carrying the producer's name and tax code), no id of the public photo."""
    import io

    from PIL import Image

    product = ProductFactory(producer=producer, description="Bình gốm")
    DocumentFactory(producer=producer)
    exif = Image.Exif()
    exif[0x013B] = f"{producer.name} {producer.tax_code}"  # Artist
    for role in ("front", "side", "top"):
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG", exif=exif)
        buffer.seek(0)
        ProductPhotoFactory(product=product, role=role, image__from_file=buffer,
                            image__filename=f"{producer.tax_code}-binh-gom.jpg")
    public = {p.image.name: p.image.read() for p in product.photos.all()}
    assert all(producer.tax_code.encode() in data for data in public.values())  # positive control
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)

    set_nomination_state(nomination=nomination, new_state=NominationState.ACCEPTED, by=secretary)
    nomination.refresh_from_db()

    for photo in nomination.snapshot["photos"]:
        with photo_storage().open(photo["name"], "rb") as frozen:
            data = frozen.read()
        assert data not in public.values()
        assert producer.tax_code not in photo["name"] and "binh-gom" not in photo["name"]
        assert producer.tax_code.encode() not in data and producer.name.encode() not in data
        assert not Image.open(io.BytesIO(data)).getexif()
        assert "id" not in photo
        assert Image.open(io.BytesIO(data)).size == (40, 30)
