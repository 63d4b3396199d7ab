from pathlib import Path

from django.core.management.base import BaseCommand

from catalog import backup


class Command(BaseCommand):
    help = "Back up the database and both media stores into a new folder (see catalog/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument("target", type=Path)

    def handle(self, *args, target, **options):
        manifest = backup.backup(target)
        files = sum(len(names) for names in manifest["files"].values())
        self.stdout.write(f"{manifest['database']} database and {files} file(s) written to {target}")
