"""Named personas used across the suite. Each persona owns data that the others must never reach."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from catalog import enums
from tests.factories import ProducerFactory, ProvinceFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Debian's Chromium (Playwright cannot download its own browser here). The flags keep it from calling home,
# which the closed network would refuse many times over.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOCALE_DIR = Path(__file__).resolve().parents[1] / "config" / "locale"


def pytest_configure(config):
    """Compile the translation catalogues once (on the xdist controller), as the set-up command does."""
    if hasattr(config, "workerinput"):
        return
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)


def _s3_stores_in(prefix: str, monkeypatch, settings) -> dict:
    """The two stores of the S3 settings moved under `prefix` in the bucket (media/ and private/ below it).

    Django builds storages[...] afresh after the settings change, but a FileField given a storage callable
    (catalog.models.private_storage) keeps the instance made when the models were imported: that instance is
    moved too, for this test only."""
    from django.apps import apps
    from django.core.files.storage import default_storage
    from django.db.models import FileField

    moved = {}
    for alias, folder in (("default", "media"), ("private", "private")):
        options = settings.STORAGES[alias]["OPTIONS"]
        moved[alias] = {**settings.STORAGES[alias], "OPTIONS": {**options, "location": f"{prefix}/{folder}"}}
    locations = {settings.STORAGES[alias]["OPTIONS"]["location"]: moved[alias]["OPTIONS"]["location"]
                 for alias in moved}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            storage = getattr(field, "storage", None) if isinstance(field, FileField) else None
            if storage is not None and storage is not default_storage and storage.location in locations:
                monkeypatch.setattr(storage, "location", locations[storage.location])
    return moved


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path, monkeypatch):
    # Every test writes uploads to its own folders, so nothing leaks between tests or into var/. On the object
    # store (S3_BUCKET: .ci/run's PostgreSQL pass, with moto's server) each test has its own key prefix in the
    # bucket instead, removed afterwards: tests running at once (pytest -n 2) never see each other's objects.
    from tests import media

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    prefix = media.new_test_prefix(settings.S3_PREFIX) if settings.S3_BUCKET else None
    settings.STORAGES = {
        **settings.STORAGES,
        **(_s3_stores_in(prefix, monkeypatch, settings) if prefix else {"default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"}}}),
        # Tests render templates without running collectstatic first.
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if os.environ.get("REDIS_URL"):
        # Each xdist worker its own Redis database (the tests clear the cache, which empties a whole database):
        # REDIS_URL's number, plus the worker's index.
        base, _, number = os.environ["REDIS_URL"].rpartition("/")
        worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": f"{base}/{int(number) + worker}"}}
    # PBKDF2's deliberate slowness is for attackers, not for a test suite that creates hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    if prefix:
        media.delete_prefix(prefix)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language. A request through the test client leaves its language
    active in the thread afterwards (the locale middleware activates it and nothing resets it between tests), so
    an API test asking for English would otherwise decide the language of whatever the next test renders."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _own_certificate_pdfs(monkeypatch):
    """On the object store (one bucket for the whole run) each test keeps its rendered certificate PDFs in a
    folder of its own: their names are not random (awards.pdf.stored_pdf_name), and one test must not reuse
    another's. On disk every test has its own private folder already."""
    from django.conf import settings

    if settings.S3_BUCKET:
        monkeypatch.setattr("awards.pdf.STORE_FOLDER", f"certificate-pdfs/{uuid.uuid4().hex}")


@pytest.fixture(autouse=True)
def _empty_cache(_media_in_tmp):  # after the cache settings are chosen (a Redis database per worker)
    # The public pages cache fragments (catalog.public.cache); a rolled-back test sends no signal to drop them.
    from django.core.cache import cache

    from catalog import listing

    cache.clear()
    listing._checked_on.clear()  # a process remembers which dates it brought up to date; each test starts afresh


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
def ho_chi_minh(db):
    return ProvinceFactory(code="79", name="TP Hồ Chí Minh")


@pytest.fixture
def other_secretary(ho_chi_minh):
    """Provincial secretariat of TP Hồ Chí Minh: outside Hà Nội's rounds and lists (a local fixture may differ)."""
    return UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE,
                       scope_province=ho_chi_minh)


@pytest.fixture
def judge(db):
    return UserFactory(email="giam-khao@example.vn", role=enums.Role.JURY)


@pytest.fixture
def admin_user(db):
    return UserFactory(email="quan-tri@example.vn", role=enums.Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def browser(monkeypatch):
    """A real headless Chromium. A missing browser fails the test: the README's test command installs it."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run beside one otherwise.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def screenshot_dir():
    """Where browser tests leave screenshots for a person to look at (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """`with after_commit(execute=True):` runs what waits for a commit — e-mails leaving the outbox
    (catalog.mail), queued jobs (catalog.jobs) — since a test's own transaction never commits."""
    return django_capture_on_commit_callbacks


# --- Security test numbers (tests/security/counts.py): printed at the end of every run, on both databases ---


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):
        from tests.security import counts

        counts.clear()


def pytest_terminal_summary(terminalreporter):
    from tests.security import counts

    for title, numbers in counts.summary().items():
        terminalreporter.write_line(f"{title}: " + ", ".join(f"{key.replace('_', ' ')} {value}"
                                                              for key, value in numbers.items()))
