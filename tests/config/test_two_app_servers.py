"""Two app servers, one worker, shared state: the production shape, exercised as processes.

Two gunicorn processes on different ports and one `manage.py db_worker` process run against the same PostgreSQL
(this test's database), the same Redis and the same S3-compatible store (moto's server in CI). Nothing is shared
through this test's own process: every step is an HTTP request to one server and the check is a request to the
other. It needs all three services, so it runs in `.ci/run`'s PostgreSQL pass (DATABASE_URL on PostgreSQL,
REDIS_URL and S3_BUCKET set) and nowhere else. The three processes keep their media under a key prefix of their
own in the bucket (S3_PREFIX), removed afterwards.

- a publication on server A is on server B's (cached) catalogue page at once: the public cache's version lives in
  Redis, not in a process;
- a photo uploaded through A is on B's product page and its bytes come from the shared store;
- a certificate ZIP started on A stays queued while no worker runs (the servers only queue it), then a separate
  worker process builds it and B serves the download.
"""

import io
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests import media
from tests.awards.conftest import approved_decision  # noqa: F401  (a fixture)
from tests.benchmarks.common import session_key_for
from tests.images import jpeg_bytes

ROOT = Path(__file__).resolve().parents[2]
NEEDS = bool(os.environ.get("REDIS_URL") and settings.S3_BUCKET and os.environ.get("DATABASE_URL", "").startswith(
    "postgres"))

pytestmark = [
    # Serialized like the other committing tests: a flush without it would leave the content types they reload
    # with other ids (a duplicate-key error at the set-up of the next serialized test in this process).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not NEEDS, reason="needs PostgreSQL, REDIS_URL and S3_BUCKET (.ci/run's PostgreSQL pass)"),
]

RECOGNISED = "Bình gốm men lam Bát Tràng"  # a recognised product of the `approved_decision` fixture


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"not within {seconds} s: {what}")


@pytest.fixture(scope="module")
def environment(django_db_setup, tmp_path_factory):
    """What the three processes share: this test's PostgreSQL database, one Redis database, the S3 store, one
    static folder (collected once), the database task backend, and no e-mail leaving the machine."""
    database = settings.DATABASES["default"]
    base, _, number = os.environ["REDIS_URL"].rpartition("/")
    var = tmp_path_factory.mktemp("servers")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
                        f"{database['PORT'] or 5432}/{database['NAME']}",
        # A Redis database of its own (the suite's workers use REDIS_URL's number upwards).
        "REDIS_URL": f"{base}/{(int(number) + 6) % 16}", "REDIS_KEY_PREFIX": f"two-servers-{os.getpid()}",
        "TASK_BACKEND": "database", "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "VAR_DIR": str(var),
        "SECRET_KEY": settings.SECRET_KEY, "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "SITE_URL": "http://127.0.0.1", "LOG_LEVEL": "WARNING",
        "S3_PREFIX": media.new_test_prefix(settings.S3_PREFIX),  # media/ and private/ of their own in the bucket
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    yield env
    media.delete_prefix(env["S3_PREFIX"])


@pytest.fixture(scope="module")
def servers(environment):
    """Two gunicorn app servers on their own ports; yields their base addresses."""
    processes, addresses = [], []
    for _ in range(2):
        port = free_port()
        processes.append(subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--log-level", "warning"], cwd=ROOT, env=environment))
        addresses.append(f"http://127.0.0.1:{port}")
    try:
        for address in addresses:
            wait_until(lambda a=address: _answers(a), seconds=60, what=f"{address} answers")
        yield addresses
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def _answers(address: str) -> bool:
    try:
        return requests.get(f"{address}/healthz", timeout=10).status_code == 200
    except requests.RequestException:  # not listening yet, or still importing the project
        return False


def signed_in(user, address: str) -> requests.Session:
    """A browser session of `user` (a session row in the shared database) holding the CSRF cookie of `address`."""
    browser = requests.Session()
    browser.cookies.set(settings.SESSION_COOKIE_NAME, session_key_for(user), domain="127.0.0.1")
    browser.get(f"{address}{reverse('login')}", timeout=10)  # any form page sets csrftoken
    assert browser.cookies.get(settings.CSRF_COOKIE_NAME), "the CSRF cookie was not set"
    return browser


def post(browser: requests.Session, url: str, **kwargs) -> requests.Response:
    headers = {"X-CSRFToken": browser.cookies.get(settings.CSRF_COOKIE_NAME), **kwargs.pop("headers", {})}
    return browser.post(url, headers=headers, allow_redirects=False, timeout=60, **kwargs)


def catalogue_names(address: str) -> str:
    response = requests.get(f"{address}{reverse('public:product_list')}", timeout=10)
    assert response.status_code == 200
    return response.text


def test_publication_photo_and_certificate_batch_cross_servers(servers, environment, secretary, producer_user,
                                                               approved_decision):  # noqa: F811
    a, b = servers
    connection.close()  # the servers and the worker take their own connections; ours holds no lock meanwhile

    # 1. Publication on A, seen by B at once, though B has filled its cache for the page (visited twice).
    catalogue_names(b)
    before = catalogue_names(b)
    assert "Sản phẩm" in before and RECOGNISED not in before  # the page answered, without the product
    secretariat_a = signed_in(secretary, a)
    published = post(secretariat_a, f"{a}{reverse('awards:decision_state', args=[approved_decision.pk])}",
                     data={"new_state": "published"})
    assert published.status_code == 302
    approved_decision.refresh_from_db()
    assert approved_decision.state == "published"
    after = catalogue_names(b)
    assert RECOGNISED in after and "Tranh sơn mài Hạ Thái" in after and "Giỏ mây Phú Vinh" not in after

    # 2. A photo uploaded through A is on B's public product page, its bytes served by the shared store.
    product = approved_decision.entries.get(nomination__product__name=RECOGNISED).nomination.product
    producer_a = signed_in(producer_user, a)
    uploaded = post(producer_a, f"{a}{reverse('catalog:photo_add', args=[product.pk])}",
                    data={"role": "front", "caption": "Mặt trước"},
                    files={"image": ("binh-gom.jpg", jpeg_bytes((640, 480)), "image/jpeg")})
    assert uploaded.status_code == 302, uploaded.text[:500]
    page_url = f"{b}{reverse('public:product', args=[product.pk])}"

    def photo_on_b():
        page = requests.get(page_url, timeout=10)
        assert page.status_code == 200 and RECOGNISED in page.text
        found = re.findall(r'src="([^"]+\.webp)"', page.text)
        return found[0] if found else None

    src = wait_until(photo_on_b, seconds=30, what="the photo on B's product page")
    assert src.startswith(settings.STORAGES["default"]["OPTIONS"]["endpoint_url"])  # from the store, not a disk
    image = requests.get(src, timeout=10)
    assert image.status_code == 200 and image.content[:4] == b"RIFF" and image.content[8:12] == b"WEBP"

    # 3. The certificate ZIP: A queues it, nothing builds it without a worker, a separate worker does, B serves it.
    status_url = f"{b}{reverse('awards:bundle_status', args=[approved_decision.pk])}"
    queued = post(secretariat_a, f"{a}{reverse('awards:bundle_build', args=[approved_decision.pk])}",
                  headers={"Accept": "application/json"})
    assert queued.status_code == 202, queued.text[:500]
    secretariat_b = signed_in(secretary, b)
    time.sleep(2)
    assert secretariat_b.get(status_url, timeout=10).json()["state"] == "queued"
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-startup-delay"], cwd=ROOT,
                              env=environment)
    try:
        done = wait_until(lambda: (s := secretariat_b.get(status_url, timeout=10).json())["state"] == "done" and s,
                          seconds=180, what="the worker builds the ZIP")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    assert (done["done"], done["total"]) == (2, 2)
    download = secretariat_b.get(f"{b}{reverse('awards:bundle_download', args=[approved_decision.pk])}", timeout=60)
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    names = archive.namelist()
    assert len(names) == 2 and all(archive.read(name).startswith(b"%PDF") for name in names)
