"""Check or rebuild the statistics' derived rows (certificate facts, recorded figures of published decisions)."""

from django.core.management.base import BaseCommand, CommandError

from awards.reports import facts, results


class Command(BaseCommand):
    help = "Kiểm tra (--check) hoặc tạo lại (--rebuild) số liệu dẫn xuất của phần thống kê."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true")
        group.add_argument("--rebuild", action="store_true")

    def handle(self, *args, check=False, rebuild=False, **options):
        if rebuild:
            self.stdout.write(f"{facts.rebuild()} certificate facts, {results.rebuild()} decisions' figures written.")
            return
        problems = facts.verify() + results.verify()
        for line in problems:
            self.stdout.write(line)
        if problems:
            raise CommandError(f"{len(problems)} differences")
        self.stdout.write("The statistics agree with the certificates and the published decisions.")
