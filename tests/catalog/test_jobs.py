"""Background jobs (catalog.jobs) and the e-mail outbox (catalog.mail): retries, failure reasons, resumption,
and that an e-mail exists exactly when the change it reports does."""

import datetime

import pytest
from django.core import mail as django_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from catalog import jobs, mail
from catalog.models import Job, OutboxMessage

pytestmark = pytest.mark.django_db

RUNS = []


@jobs.handler("tests.count")
def count_to_three(job):
    RUNS.append(job.attempts)
    for done in range(1, 4):
        jobs.progress(job, done, 3)
    if job.params.get("fail_times", 0) >= job.attempts:
        raise RuntimeError(f"try {job.attempts} broke")
    if job.params.get("refuse"):
        raise jobs.JobError("Không có giấy chứng nhận nào.")
    return None


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down (the real boundary of the outbox)."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def queue_one() -> int:
    return mail.send_templated("catalog/email/activation", {"user": {"email": "a@example.vn"}, "activation_url": "x"},
                               ["a@example.vn"])


@pytest.fixture(autouse=True)
def _clear_runs():
    RUNS.clear()


def test_job_runs_after_commit_with_progress(after_commit, producer_user):
    with after_commit(execute=True):
        job, mine = jobs.start(kind="tests.count", key="k1", by=producer_user)
        assert RUNS == []  # nothing runs before the transaction that queued it commits

    job.refresh_from_db()
    assert (mine, job.state, job.done, job.total, job.attempts, job.error) == (True, "done", 3, 3, 1, "")


def test_job_retried_with_backoff_then_succeeds(after_commit, settings):
    settings.JOB_MAX_ATTEMPTS = 3
    with after_commit(execute=True):
        job, _ = jobs.start(kind="tests.count", key="k2", params={"fail_times": 2})

    job.refresh_from_db()
    assert (RUNS, job.state, job.attempts, job.error) == ([1, 2, 3], "done", 3, "")


def test_job_failed_after_last_try_shows_reason(after_commit, settings):
    settings.JOB_MAX_ATTEMPTS = 2
    with after_commit(execute=True):
        job, _ = jobs.start(kind="tests.count", key="k3", params={"fail_times": 9})

    job.refresh_from_db()
    assert (RUNS, job.state, job.attempts, job.error) == ([1, 2], "failed", 2, "RuntimeError: try 2 broke")
    assert jobs.job_status(job)["error"] == "RuntimeError: try 2 broke"


def test_job_error_is_final_and_not_retried(after_commit):
    with after_commit(execute=True):
        job, _ = jobs.start(kind="tests.count", key="k4", params={"refuse": True})

    job.refresh_from_db()
    assert (RUNS, job.state, job.error) == ([1], "failed", "Không có giấy chứng nhận nào.")


def test_backoff_doubles(settings):
    settings.JOB_RETRY_SECONDS = 30

    assert [jobs.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]


def test_one_active_job_per_key_and_a_new_one_after_it_ends(after_commit):
    first, _ = jobs.start(kind="tests.count", key="same")
    second, mine = jobs.start(kind="tests.count", key="same")
    assert (mine, second.pk) == (False, first.pk)

    jobs.run(first.pk)
    third, mine = jobs.start(kind="tests.count", key="same")

    assert (mine, third.pk != first.pk) == (True, True)


def test_run_claims_once_when_delivered_twice():
    job, _ = jobs.start(kind="tests.count", key="twice")

    jobs.run(job.pk)
    jobs.run(job.pk)

    assert RUNS == [1]


def test_dead_worker_job_is_resumed_and_completes():
    job, _ = jobs.start(kind="tests.count", key="dead")
    long_ago = timezone.now() - jobs.STALE - datetime.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(state="running", attempts=1, heartbeat_at=long_ago, done=1)

    call_command("jobs", "--resume")

    job.refresh_from_db()
    assert (job.state, job.attempts, job.done) == ("done", 2, 3)


def test_live_running_job_is_not_resumed():
    job, _ = jobs.start(kind="tests.count", key="alive")
    Job.objects.filter(pk=job.pk).update(state="running", attempts=1, heartbeat_at=timezone.now())

    assert jobs.resume() == []
    assert Job.objects.get(pk=job.pk).state == "running"


def test_failed_job_can_be_restarted(after_commit, settings):
    settings.JOB_MAX_ATTEMPTS = 1
    with after_commit(execute=True):
        job, _ = jobs.start(kind="tests.count", key="again", params={"fail_times": 1})
    job.refresh_from_db()
    assert job.state == "failed"
    Job.objects.filter(pk=job.pk).update(params={})  # whatever broke it has been fixed

    with after_commit(execute=True):
        jobs.restart(job)

    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == ("done", 1, "")


# --- The outbox -----------------------------------------------------------------------------------------


def test_mail_is_sent_after_commit_only(after_commit):
    with after_commit(execute=True):
        queue_one()
        assert django_mail.outbox == []  # not while the transaction is open

    row = OutboxMessage.objects.get()
    assert ([m.to for m in django_mail.outbox], row.state, row.attempts) == ([["a@example.vn"]], "sent", 1)


def test_mail_of_a_rolled_back_change_is_never_sent(after_commit):
    with after_commit(execute=True):
        try:
            with transaction.atomic():
                queue_one()
                raise ValueError("the change failed")
        except ValueError:
            pass

    assert (OutboxMessage.objects.count(), django_mail.outbox) == (0, [])


def test_failed_mail_stays_pending_then_is_retried_once(after_commit, settings):
    settings.EMAIL_BACKEND = "tests.catalog.test_jobs.RefusingBackend"
    with after_commit(execute=True):
        queue_one()
    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts, row.error) == ("pending", 1, "ConnectionRefusedError: smtp down")
    assert row.next_try_at > timezone.now()
    assert mail.deliver() == 0  # not due yet: no second try inside the backoff

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.update(next_try_at=timezone.now())
    call_command("jobs", "--resume")
    call_command("jobs", "--resume")

    row.refresh_from_db()
    assert (row.state, row.attempts, len(django_mail.outbox)) == ("sent", 2, 1)


def test_mail_marked_failed_after_last_try(settings):
    settings.EMAIL_BACKEND = "tests.catalog.test_jobs.RefusingBackend"
    settings.MAIL_MAX_ATTEMPTS = 2
    queue_one()

    for _ in range(2):
        OutboxMessage.objects.update(next_try_at=timezone.now())
        mail.deliver()

    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts) == ("failed", 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # like every transactional test here: a flush
# without it re-creates the content types under new ids, and the next serialized test cannot restore its rows
def test_progress_beside_an_open_transaction_is_seen_before_it_commits():
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes no second writer beside an open transaction (ProgressBeside writes nothing)")
    job = Job.objects.create(kind="tests.count", key="tests.beside", total=10)
    beside, other = jobs.ProgressBeside(job, every=0), connections.create_connection("default")

    def seen() -> int:
        with other.cursor() as cursor:
            cursor.execute("SELECT done FROM catalog_job WHERE id = %s", [job.pk])
            return cursor.fetchone()[0]

    try:
        with transaction.atomic():  # the import's one transaction, rolled back as a dry run is
            Job.objects.create(kind="tests.count", key="tests.other")
            beside(7)
            during = seen()
            transaction.set_rollback(True)
    finally:
        beside.close()
    job.refresh_from_db()

    assert (during, job.done, Job.objects.filter(key="tests.other").exists()) == (7, 7, False)
    other.close()
