"""Helpers for the public catalogue: certificates that are current, expired, unpublished or revoked today."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import CertificateFactory, ProductFactory


def today() -> datetime.date:
    return timezone.localdate()


def current_certificate(product=None, **kwargs):
    """Published, valid today: the product shows as currently recognised."""
    issued = kwargs.pop("issued_on", today() - datetime.timedelta(days=60))
    kwargs.setdefault("valid_until", datetime.date(issued.year + 2, 12, 31))
    return CertificateFactory(product=product or ProductFactory(), issued_on=issued, **kwargs)


def expired_certificate(product=None, **kwargs):
    """Published, expired: the product shows as historically recognised."""
    issued = kwargs.pop("issued_on", datetime.date(today().year - 6, 3, 1))
    return CertificateFactory(product=product or ProductFactory(), issued_on=issued,
                              valid_until=datetime.date(issued.year + 2, 12, 31), **kwargs)


def unpublished_certificate(product=None, **kwargs):
    """Valid dates, but its results decision is not published: must never be visible."""
    return current_certificate(product, published_on=None, **kwargs)


def revoked_certificate(product=None, **kwargs):
    revoked_on = today() - datetime.timedelta(days=5)
    return current_certificate(product, status="revoked", revoked_on=revoked_on, **kwargs)


@pytest.fixture
def settings_site(settings):
    settings.SITE_URL = "https://cnnt.example.vn"
    return settings
