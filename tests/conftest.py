"""Named personas used across the suite. Each persona owns data that the others must never reach."""

import subprocess
from pathlib import Path

import pytest

from catalog import enums
from tests.factories import ProducerFactory, ProvinceFactory, UserFactory

LOCALE_DIR = Path(__file__).resolve().parents[1] / "config" / "locale"


def pytest_configure(config):
    """Compile the translation catalogues once (on the xdist controller), as the set-up command does."""
    if hasattr(config, "workerinput"):
        return
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Every test writes uploads to its own folders, so nothing leaks between tests or into var/.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"}},
        # Tests render templates without running collectstatic first.
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # PBKDF2's deliberate slowness is for attackers, not for a test suite that creates hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def producer_user(db):
    return UserFactory(email="nha-san-xuat@example.vn", full_name="Trần Thị Bình")


@pytest.fixture
def producer(producer_user):
    """The producer profile managed by `producer_user`."""
    return ProducerFactory(name="Hợp tác xã Gốm Bát Tràng", users=[producer_user])


@pytest.fixture
def other_producer_user(db):
    return UserFactory(email="co-so-khac@example.vn", full_name="Lê Văn Cường")


@pytest.fixture
def other_producer(other_producer_user):
    return ProducerFactory(name="Cơ sở Mây tre đan Phú Vinh", users=[other_producer_user])


@pytest.fixture
def secretary(db):
    """Provincial secretariat of Hà Nội (the default province of the factories)."""
    return UserFactory(email="thu-ky@example.vn", role=enums.Role.SECRETARIAT,
                       scope_level=enums.ScopeLevel.PROVINCE, scope_province=ProvinceFactory())


@pytest.fixture
def judge(db):
    return UserFactory(email="giam-khao@example.vn", role=enums.Role.JURY)


@pytest.fixture
def admin_user(db):
    return UserFactory(email="quan-tri@example.vn", role=enums.Role.ADMIN, is_staff=True, is_superuser=True)
