"""Background jobs: long work (certificate batches, reports, exports) outside the request, on django-tasks.

The queue carries only a job's id (catalog.tasks.run_job); the `Job` row holds what a user sees: progress
(`done`/`total`, committed as the work goes, so any app server's status page shows it), tries, the reason of a
failure and the result file (private storage). With the database backend (`TASK_BACKEND=database`) workers on
any machine run `manage.py db_worker` against the same database; with the immediate backend (the embedded
demo, the tests) the job runs in-process right after the transaction that started it commits.

A handler (registered with `@handler("kind")`) receives the job, reports progress with `progress()`, and
returns a `JobOutput` (a name and an open file) or None. It must write nothing visible until it has finished:
its result is stored only on success, and any rows it writes go in one transaction at its end, so an interrupted
job leaves nothing partial behind and simply runs again (`resume()`, also `manage.py jobs --resume`).

Files: a job whose input is an uploaded file keeps its private storage name in `params["file"]`; a handler
registered with `disposable_result=True` makes a file that can be made again (an export, a report, a ZIP). Once
the job has ended, `prune_files()` (`manage.py prune_uploads`) deletes the first IMPORT_UPLOAD_RETENTION_DAYS and
the second EXPORT_FILE_RETENTION_DAYS later; any other result (an import's findings) stays with the row.

Failures: a `JobError` carries a message for the user and is final; any other exception is retried with
exponential backoff (JOB_RETRY_SECONDS × 2^(try-1)) up to `max_attempts`, then shown as failed with its reason.
"""

import datetime
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import JobState
from .models import Job

logger = logging.getLogger(__name__)

ACTIVE = (JobState.QUEUED, JobState.RUNNING, JobState.RETRYING)
FINISHED = (JobState.DONE, JobState.FAILED)
# A running job whose heartbeat (every progress() call) is older than this is taken as dead (worker killed).
STALE = datetime.timedelta(minutes=10)


class JobError(Exception):
    """A failure with a message for the user (already translated); not retried, since it would fail again."""


@dataclass
class JobOutput:
    name: str
    file: IO[bytes]


HANDLERS: dict[str, Callable[[Job], JobOutput | None]] = {}
# The kinds whose result is a file that can be made again, deleted EXPORT_FILE_RETENTION_DAYS after the job.
DISPOSABLE_RESULTS: set[str] = set()


def handler(kind: str, *, disposable_result: bool = False):
    def register(function: Callable[[Job], JobOutput | None]):
        HANDLERS[kind] = function
        if disposable_result:
            DISPOSABLE_RESULTS.add(kind)
        return function

    return register


def backoff(attempt: int) -> datetime.timedelta:
    """The wait before try `attempt + 1`: 1, 2, 4… times JOB_RETRY_SECONDS."""
    return datetime.timedelta(seconds=settings.JOB_RETRY_SECONDS * 2 ** max(attempt - 1, 0))


def supports_defer() -> bool:
    from django_tasks import task_backends

    return task_backends["default"].supports_defer


def _enqueue(job_id: int, run_after: datetime.datetime | None = None) -> None:
    from .tasks import run_job

    task = run_job.using(run_after=run_after) if run_after and supports_defer() else run_job
    task.enqueue(job_id)


def start(*, kind: str, key: str, params: dict | None = None, by=None, total: int = 0,
          max_attempts: int | None = None) -> tuple[Job, bool]:
    """Queue a job unless one for the same key is active: (job, True) when queued now, (active job, False).

    A dead job (no heartbeat for STALE) no longer blocks its key: it is marked failed and a new one starts.
    The task is enqueued after commit, so a worker never looks for a row that is not there yet.
    """
    if kind not in HANDLERS:
        raise ValueError(f"no job handler for {kind!r}")
    with transaction.atomic():
        active = Job.objects.select_for_update().filter(key=key, state__in=ACTIVE).first()
        if active and not is_stale(active):
            return active, False
        if active:
            _give_up(active, _("Bị gián đoạn (máy chạy nền dừng giữa chừng); đã chạy lại."))
        try:
            with transaction.atomic():
                job = Job.objects.create(kind=kind, key=key, params=params or {}, created_by=by, total=total,
                                         max_attempts=max_attempts or settings.JOB_MAX_ATTEMPTS)
        except IntegrityError:  # another server started it a moment ago (job_one_active_per_key)
            return Job.objects.get(key=key, state__in=ACTIVE), False
        transaction.on_commit(functools.partial(_enqueue, job.pk))
    return job, True


def is_stale(job: Job, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    last = job.heartbeat_at or job.next_try_at or job.created_at
    if job.state == JobState.RETRYING and job.next_try_at and job.next_try_at > now:
        return False
    return now - last > STALE


def progress(job: Job, done: int, total: int | None = None) -> None:
    """Commit the progress at once (the handler runs outside any transaction), with a heartbeat."""
    job.done, job.heartbeat_at = done, timezone.now()
    fields = {"done": done, "heartbeat_at": job.heartbeat_at}
    if total is not None:
        job.total = fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)


class ProgressBeside:
    """Progress for a handler whose work is one transaction (an all-or-nothing import): `progress()` inside it
    would be seen only at its commit (or undone with a dry run's rollback), so the count is written through a
    second connection of its own, committed at once, at most every `every` seconds; `close()` ends it.

    Only where the database takes a second writer beside an open transaction (PostgreSQL). SQLite has one writer
    at a time and the work holds it: there the count moves only before and after the work (the embedded demo,
    with its in-process jobs, shows the result at once anyway)."""

    def __init__(self, job: Job, every: float = 0.5):
        self.job, self.every, self.last, self.db = job, every, 0.0, None

    def __call__(self, done: int) -> None:
        self.job.done = done
        now = time.monotonic()
        if connection.vendor != "postgresql" or now - self.last < self.every:
            return
        self.last = now
        if self.db is None:
            self.db = connections.create_connection(connection.alias)
        with self.db.cursor() as cursor:  # autocommit: visible to every app server at once
            cursor.execute(f"UPDATE {Job._meta.db_table} SET done = %s, heartbeat_at = %s WHERE id = %s",
                           [done, timezone.now(), self.job.pk])

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def run(job_id: int) -> None:
    """The worker's side: claim the job (once, even if its task was delivered twice), run it, record the end."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state__in=(JobState.QUEUED, JobState.RETRYING)).update(
        state=JobState.RUNNING, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now, done=0)
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    try:
        output = HANDLERS[job.kind](job)
        if output is not None:
            with output.file:
                job.result.save(output.name, File(output.file), save=False)
            job.result_name = output.name
    except Exception as exc:  # noqa: BLE001 — every failure is recorded on the job, then retried or shown
        _failed(job, exc)
        return
    job.state, job.finished_at, job.error, job.next_try_at = JobState.DONE, timezone.now(), "", None
    job.save(update_fields=["state", "finished_at", "error", "next_try_at", "result", "result_name"])


def _reason(exc: Exception) -> str:
    if isinstance(exc, JobError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"[:1000]


def _failed(job: Job, exc: Exception) -> None:
    logger.warning("job %s (%s) failed on try %s of %s", job.pk, job.kind, job.attempts, job.max_attempts,
                   exc_info=exc)
    job.error = _reason(exc)
    if isinstance(exc, JobError) or job.attempts >= job.max_attempts:
        job.state, job.finished_at = JobState.FAILED, timezone.now()
        job.save(update_fields=["state", "finished_at", "error"])
        return
    job.state, job.next_try_at = JobState.RETRYING, timezone.now() + backoff(job.attempts)
    job.save(update_fields=["state", "next_try_at", "error"])
    # The immediate backend cannot wait: it tries again at once (the demo); a real queue waits the backoff.
    _enqueue(job.pk, job.next_try_at)


def _give_up(job: Job, reason: str) -> None:
    job.state, job.error, job.finished_at = JobState.FAILED, reason, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])


def restart(job: Job) -> Job:
    """Run a failed job again from the start, with a fresh count of tries."""
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, state=JobState.FAILED).update(
            state=JobState.QUEUED, attempts=0, error="", done=0, finished_at=None, next_try_at=None,
            heartbeat_at=None, created_at=timezone.now())
        if updated:
            transaction.on_commit(functools.partial(_enqueue, job.pk))
    job.refresh_from_db()
    return job


def resume(now: datetime.datetime | None = None) -> list[int]:
    """Pick up what a dead worker or a lost task left: running jobs without a heartbeat for STALE go back to
    the queue (counting the lost try), queued or retrying jobs whose task never ran are enqueued again.
    Enqueuing twice is harmless (`run` claims once). Returns the ids enqueued."""
    now = now or timezone.now()
    ids = []
    dead = Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=now - STALE)
    for job in dead:
        if job.attempts >= job.max_attempts:
            _give_up(job, _("Bị gián đoạn ở lần thử cuối (máy chạy nền dừng giữa chừng)."))
            continue
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(state=JobState.RETRYING, next_try_at=now)
        ids.append(job.pk)
    lost = Job.objects.filter(
        Q(state=JobState.QUEUED, created_at__lt=now - STALE)
        | Q(state=JobState.RETRYING, next_try_at__lt=now - STALE))
    ids += list(lost.values_list("pk", flat=True))
    for job_id in ids:
        _enqueue(job_id)
    return ids


def latest(key: str) -> Job | None:
    return Job.objects.filter(key=key).order_by("-pk").first()


def job_status(job: Job | None, download_url: str | None = None) -> dict:
    """What a progress page polls (JSON): the same shape for every kind of job. `pruned`: its kept files were
    deleted (prune_files), so a finished export offers no download any more."""
    if job is None:
        return {"state": "none", "done": 0, "total": 0, "attempts": 0, "max_attempts": 0, "error": "",
                "download_url": None, "pruned": False}
    pruned = job.files_pruned_at is not None
    return {"state": job.state, "done": job.done, "total": job.total, "attempts": job.attempts,
            "max_attempts": job.max_attempts, "error": job.error, "pruned": pruned,
            "download_url": download_url if job.state == JobState.DONE and not pruned else None}


@dataclass
class Pruned:
    uploads: int = 0  # uploaded files deleted
    results: int = 0  # result files deleted
    jobs: int = 0  # job rows marked files_pruned_at
    in_use: int = 0  # uploaded files past their time, kept: a queued, running or recent job still uses them


def prune_files(*, now: datetime.datetime | None = None, dry_run: bool = False) -> Pruned:
    """Delete what finished jobs kept past its time: an uploaded file IMPORT_UPLOAD_RETENTION_DAYS after the last
    job using it ended (a dry run and its confirmed import share one file), a disposable result
    EXPORT_FILE_RETENTION_DAYS after its job ended. Never a file a queued, running or retrying job uses.

    Side effects: the files are deleted through the storage API (disk or object store alike); the rows stay,
    with `files_pruned_at` set (their counts, failure reasons and an import's findings are still shown) and an
    emptied `result`. With `dry_run`, only counted. A confirmation racing the deletion fails as a job with
    "the uploaded file is gone", storing nothing."""
    now = now or timezone.now()
    storage = Job._meta.get_field("result").storage
    report = Pruned()
    uploads_before = now - datetime.timedelta(days=settings.IMPORT_UPLOAD_RETENTION_DAYS)
    expired = Job.objects.filter(state__in=FINISHED, finished_at__lt=uploads_before, files_pruned_at__isnull=True,
                                 params__has_key="file")
    for name in sorted({job.params["file"] for job in expired if job.params.get("file")}):
        users = Job.objects.filter(params__file=name, files_pruned_at__isnull=True)
        if users.filter(Q(state__in=ACTIVE) | Q(finished_at__gte=uploads_before)).exists():
            report.in_use += 1
            continue
        report.uploads += storage.exists(name)
        report.jobs += users.count()
        if not dry_run:
            users.update(files_pruned_at=now)  # first, so a page no longer offers to confirm it
            storage.delete(name)
    results_before = now - datetime.timedelta(days=settings.EXPORT_FILE_RETENTION_DAYS)
    kept = Job.objects.filter(kind__in=DISPOSABLE_RESULTS, state=JobState.DONE, finished_at__lt=results_before,
                              files_pruned_at__isnull=True).exclude(result="")
    for job in kept:
        report.results += storage.exists(job.result.name)
        report.jobs += 1
        if not dry_run:
            Job.objects.filter(pk=job.pk).update(result="", files_pruned_at=now)
            storage.delete(job.result.name)
    return report
