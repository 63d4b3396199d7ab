import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileHasNoURL(AttributeError):
    """Raised for any private file's URL. An AttributeError, because that is what asking for a missing
    attribute means to Django's file widgets (ClearableFileInput.is_initial uses getattr with a default) and to
    templates: a form or admin page with a private file renders, without any link. Python code that asks still
    gets the error."""

    silent_variable_failure = True


class PrivateStorage(FileSystemStorage):
    """Documents live here: a folder outside MEDIA_ROOT with no URL at all.

    FileSystemStorage falls back to MEDIA_URL when base_url is None, which would hand out a /media/ address;
    here asking for a URL is an error, so a template can never leak one. Files leave only through the
    permission-checked download view. The folder is read from settings at use time, not at import.
    """

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise PrivateFileHasNoURL("Private files have no URL; use the document download view.")


try:
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover — django-storages is a dependency; kept importable without boto3
    S3Storage = None

if S3Storage is not None:

    class PrivateS3Storage(S3Storage):
        """Private files on the object store (S3_BUCKET): objects with a private ACL under private/, and, as on
        disk, no URL: they are streamed to the user by the permission-checked views, never linked to."""

        def url(self, name, parameters=None, expire=None, http_method=None):
            raise PrivateFileHasNoURL("Private files have no URL; use the permission-checked download view.")
