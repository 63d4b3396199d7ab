"""What a test reads back from the media stores, through Django's storage API only, so the same assertion holds
on local disk (the default) and on the S3-compatible store (S3_BUCKET; .ci/run's PostgreSQL pass with moto).

Never look at MEDIA_ROOT, PRIVATE_MEDIA_ROOT or a FieldFile's `.path`: on the object store there is no file."""

import itertools
import uuid

from django.core.files.storage import storages

from catalog.backup import walk

# One random folder per test process (each xdist worker its own), one numbered sub-folder per test in it.
_RUN = uuid.uuid4().hex[:10]
_numbers = itertools.count(1)


def stored_names(alias: str = "default") -> list[str]:
    """Every file name in the store `alias` ("default": public media; "private": documents, dossiers, PDFs)."""
    return sorted(walk(storages[alias]))


def stored_bytes(name: str, alias: str = "default") -> bytes:
    with storages[alias].open(name, "rb") as handle:
        return handle.read()


def is_stored(name: str, alias: str = "default") -> bool:
    return storages[alias].exists(name)


def new_test_prefix(base: str = "") -> str:
    """A key prefix in the bucket that no other test (in this process or another) uses."""
    return "/".join(filter(None, [base, f"tests-{_RUN}", str(next(_numbers))]))


def delete_prefix(prefix: str) -> None:
    """Remove every object under `prefix` from the bucket (the S3 stores only)."""
    storages["default"].bucket.objects.filter(Prefix=f"{prefix}/").delete()
