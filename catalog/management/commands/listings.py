"""Rebuild or check the public catalogue's listing rows (catalog.listing)."""

from django.core.management.base import BaseCommand, CommandError

from catalog import listing


class Command(BaseCommand):
    help = "Rebuild (--rebuild) or check (--check) the listing rows of the public catalogue."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Recompute every row from the certificates.")
        parser.add_argument("--check", action="store_true",
                            help="Compare every row with a fresh computation; exit 1 on any difference.")

    def handle(self, *args, rebuild=False, check=False, **options):
        if not (rebuild or check):
            raise CommandError("Say --rebuild or --check.")
        if rebuild:
            self.stdout.write(f"{listing.rebuild()} listing rows written.")
        if check:
            listing.refresh_due()
            problems = listing.verify()
            for problem in problems[:50]:
                self.stdout.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} listing rows differ from their certificates.")
            self.stdout.write("Every listing row agrees with its certificates.")
