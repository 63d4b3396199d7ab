"""/healthz/ready: every shared dependency checked, 503 with the reason when one fails."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_ready_all_ok(client):
    response = client.get("/healthz/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {
        "database": "ok", "cache": "ok", "storage": "ok", "private_storage": "ok", "tasks": "ok"}}


def test_ready_fails_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens on port 1

    response = client.get("/healthz/ready")

    body = response.json()
    assert (response.status_code, body["status"], body["checks"]["database"]) == (503, "failing", "ok")
    assert body["checks"]["cache"].startswith("ConnectionError")


def test_ready_fails_when_tasks_wait_with_no_worker(client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASK_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from catalog.tasks import deliver_mail

    fresh = deliver_mail.enqueue([])
    assert client.get("/healthz/ready").status_code == 200  # just queued: fine
    DBTaskResult.objects.filter(id=fresh.id).update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))

    response = client.get("/healthz/ready")

    assert response.status_code == 503
    assert "is a worker running?" in response.json()["checks"]["tasks"]
