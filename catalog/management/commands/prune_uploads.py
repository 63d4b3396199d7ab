"""`manage.py prune_uploads`: delete the files finished background jobs kept past their retention.

An uploaded import file IMPORT_UPLOAD_RETENTION_DAYS after its last job ended, a made export, report or certificate
ZIP EXPORT_FILE_RETENTION_DAYS after its job ended (catalog.jobs.prune_files); never the file of a queued or
running job. The job rows stay. Safe to run at any time and as often as wanted: daily from cron or a systemd timer.
"""

from django.core.management.base import BaseCommand

from catalog import jobs


class Command(BaseCommand):
    help = "Delete uploaded import files and made export files of finished jobs past their retention."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")

    def handle(self, *args, dry_run=False, **options):
        report = jobs.prune_files(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {report.uploads} uploaded file(s) and {report.results} export file(s) of "
                          f"{report.jobs} finished job(s); kept {report.in_use} uploaded file(s) still used by "
                          f"a queued, running or recent job.")
