"""`/healthz/ready`: whether this app server can serve — database, cache, both storages, the task queue.

For the load balancer (take a server out when its database or store is unreachable) and for monitoring (a
queue whose oldest waiting task is older than TASK_QUEUE_MAX_WAIT means no worker is running). `/healthz` stays
the trivial "process is up" answer. Each check says ok or the reason; 200 when all pass, 503 otherwise.
"""

import datetime
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def check_cache() -> None:
    key = f"health:{time.monotonic_ns()}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


def check_storage(alias: str) -> None:
    storages[alias].exists("health-check-probe")  # a listing or HEAD request: proves the store answers


def check_tasks() -> None:
    if settings.TASK_BACKEND != "database":
        return  # immediate backend: tasks run in this process
    from django_tasks_db.models import DBTaskResult, get_date_max

    waited = timezone.now() - datetime.timedelta(seconds=settings.TASK_QUEUE_MAX_WAIT)
    # Due (no run_after, or a run_after that has passed) for longer than the allowed wait, and not yet taken.
    overdue = DBTaskResult.objects.ready().filter(Q(run_after=get_date_max(), enqueued_at__lt=waited)
                                                  | Q(run_after__lt=waited))
    oldest = overdue.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    if oldest is not None:
        raise RuntimeError(f"a task has waited since {oldest:%Y-%m-%d %H:%M:%S}: is a worker running?")


CHECKS = {"database": check_database, "cache": check_cache, "storage": lambda: check_storage("default"),
          "private_storage": lambda: check_storage("private"), "tasks": check_tasks}


@never_cache
def ready(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 — any failure is the answer, with its reason
            results[name] = f"{type(exc).__name__}: {exc}"[:300]
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": results}, status=200 if healthy else 503)
