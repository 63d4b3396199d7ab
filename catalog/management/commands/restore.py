from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog import backup


class Command(BaseCommand):
    help = "Restore a backup folder into the configured (empty) database and media stores, then run the checks."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)

    def handle(self, *args, source, **options):
        manifest = backup.restore(source)
        files = sum(len(names) for names in manifest["files"].values())
        self.stdout.write(f"{manifest['database']} database and {files} file(s) restored from {source}")
        problems = {name: found for name, found in backup.run_checks().items() if found}
        if problems:
            raise CommandError(f"checks failed after restore: {problems}")
