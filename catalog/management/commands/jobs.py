"""`manage.py jobs --resume`: pick up what a dead worker or a lost task left, and deliver due e-mails.

Run it every few minutes from cron or a systemd timer (with the immediate backend it is also what retries
failed e-mails); `jobs` alone lists the active and recently failed jobs.
"""

from django.core.management.base import BaseCommand

from catalog import jobs, mail
from catalog.enums import JobState, OutboxState
from catalog.models import Job, OutboxMessage


class Command(BaseCommand):
    help = "Resume interrupted background jobs and deliver pending e-mails."

    def add_arguments(self, parser):
        parser.add_argument("--resume", action="store_true", help="re-queue dead or lost jobs; deliver due e-mail")

    def handle(self, *args, resume=False, **options):
        if resume:
            ids = jobs.resume()
            sent = mail.deliver()
            self.stdout.write(f"{len(ids)} job(s) re-queued, {sent} e-mail(s) sent.")
            return
        for job in Job.objects.filter(state__in=[*jobs.ACTIVE, JobState.FAILED]).order_by("-pk")[:50]:
            self.stdout.write(f"{job.pk}\t{job.kind}\t{job.key}\t{job.state}\t{job.done}/{job.total}\t"
                              f"try {job.attempts}/{job.max_attempts}\t{job.error}")
        pending = OutboxMessage.objects.filter(state=OutboxState.PENDING).count()
        failed = OutboxMessage.objects.filter(state=OutboxState.FAILED).count()
        self.stdout.write(f"e-mail: {pending} pending, {failed} failed")
