"""Rebuild or check the public catalogue's listing rows (catalog.listing)."""

from django.core.management.base import BaseCommand, CommandError

from catalog import listing


class Command(BaseCommand):
    help = "Rebuild (--rebuild), bring up to date (--due) or check (--check) the public catalogue's listing rows."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Recompute every row from the certificates.")
        parser.add_argument("--due", action="store_true",
                            help="Rewrite the rows whose facts changed today (run daily just after midnight).")
        parser.add_argument("--check", action="store_true",
                            help="Compare every row with a fresh computation; exit 1 on any difference.")

    def handle(self, *args, rebuild=False, due=False, check=False, **options):
        if not (rebuild or due or check):
            raise CommandError("Say --rebuild, --due or --check.")
        if due:
            total = 0
            while done := listing.refresh_due():
                total += done
            self.stdout.write(f"{total} listing rows were due and are rewritten.")
        if rebuild:
            self.stdout.write(f"{listing.rebuild()} listing rows written.")
        if check:
            while listing.refresh_due():
                pass
            problems = listing.verify()
            for problem in problems[:50]:
                self.stdout.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} listing rows differ from their certificates.")
            self.stdout.write("Every listing row agrees with its certificates.")
