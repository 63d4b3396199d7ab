"""The task functions the queue runs (django-tasks). They carry ids only; the rows say what to do."""

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from . import jobs

    jobs.run(job_id)


@task()
def deliver_mail(ids: list[int] | None) -> int:
    from . import mail

    return mail.deliver(ids)
