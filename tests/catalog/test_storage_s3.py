"""Media on the S3-compatible store (run when S3_BUCKET is set: CI starts moto's server on loopback for the
PostgreSQL pass). Public photos are public objects; private documents are private objects with no URL, and
still reach the allowed user through the permission-checked view."""

import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.urls import reverse

from catalog import enums, uploads
from catalog.storage import PrivateFileHasNoURL
from tests.factories import ProductFactory
from tests.images import jpeg_upload, pdf_bytes, upload

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not settings.S3_BUCKET, reason="needs S3_BUCKET (an S3-compatible server)")]

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def grants_to_everyone(storage, name) -> set[str]:
    client = storage.connection.meta.client
    acl = client.get_object_acl(Bucket=storage.bucket_name, Key=storage._normalize_name(name))
    return {grant["Permission"] for grant in acl["Grants"] if grant["Grantee"].get("URI") == ALL_USERS}


def test_photo_is_a_public_object_served_from_the_store(producer):
    photo = uploads.add_photo(product=ProductFactory(producer=producer), upload=jpeg_upload(), role="front")

    url = photo.image.url
    with urllib.request.urlopen(url) as response:  # anonymous, straight from the store (loopback)
        body = response.read()

    assert url.startswith(settings.STORAGES["default"]["OPTIONS"]["endpoint_url"] + "/")
    assert grants_to_everyone(default_storage, photo.image.name) == {"READ"}
    assert body == default_storage.open(photo.image.name).read()


def test_document_is_private_without_url_and_reaches_only_through_the_view(client, producer, producer_user,
                                                                          other_producer_user):
    document = uploads.add_document(producer=producer, kind=enums.DocumentKind.FOOD_SAFETY, number="1/ATTP",
                                    upload=upload("ATTP.pdf", pdf_bytes(), "application/pdf"))
    storage = storages["private"]

    assert grants_to_everyone(storage, document.file.name) == set()
    with pytest.raises(PrivateFileHasNoURL):
        _ = document.file.url
    signed = storage.connection.meta.client.generate_presigned_url  # the store itself refuses anonymous reads
    unsigned = signed("get_object", Params={"Bucket": storage.bucket_name,
                                            "Key": storage._normalize_name(document.file.name)}).split("?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned)
    assert refused.value.code == 403

    client.force_login(other_producer_user)
    assert client.get(reverse("catalog:document_download", args=[document.pk])).status_code == 404
    client.force_login(producer_user)
    response = client.get(reverse("catalog:document_download", args=[document.pk]))
    assert (response.status_code, b"".join(response.streaming_content)) == (200, pdf_bytes())


def test_each_test_has_its_own_empty_key_prefix_removed_afterwards():
    """tests/conftest.py gives every test a prefix of its own (two xdist workers never see each other's objects);
    the stores a FileField kept since import follow it."""
    from django.core.files.base import ContentFile

    from catalog.models import Document
    from tests import media

    public, private = storages["default"], storages["private"]
    prefix = public.location.removesuffix("/media")
    assert prefix.split("/")[-2].startswith("tests-") and private.location == f"{prefix}/private"
    assert Document._meta.get_field("file").storage.location == private.location
    assert (media.stored_names(), media.stored_names("private")) == ([], [])

    name = default_storage.save("photos/kiem-tra.txt", ContentFile(b"x"))
    assert media.stored_names() == [name]  # positive control: the listing sees this test's object
    media.delete_prefix(prefix)
    assert media.stored_names() == []
