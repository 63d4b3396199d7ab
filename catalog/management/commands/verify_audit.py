from django.core.management.base import BaseCommand, CommandError

from catalog import audit


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and name the first broken link (exit code 1 if any)."

    def handle(self, *args, **options):
        checked, broken = audit.verify()
        if broken is not None:
            raise CommandError(f"Audit chain broken at entry id={broken.entry_id} (seq {broken.seq}): "
                               f"{broken.problem}. {checked} entries before it are intact.", returncode=1)
        self.stdout.write(f"Audit chain intact: {checked} entries.")
