"""One command from a fresh clone to a running, seeded demo on SQLite."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from .seed_demo import accounts_table


class Command(BaseCommand):
    help = "Cài đặt cơ sở dữ liệu, dịch, tệp tĩnh, dữ liệu mẫu rồi chạy máy chủ demo tại http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Chuẩn bị mọi thứ nhưng không chạy máy chủ.")

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        compile_translations()
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("seed_demo")
        if no_serve:
            return
        self.stdout.write(self.style.SUCCESS(f"\nDemo: http://{addrport}/"))
        self.stdout.write(accounts_table() + "\n")
        # No autoreloader: it would start a second process that runs this whole command again.
        call_command("runserver", addrport, use_reloader=False)


def compile_translations() -> None:
    """Compile our own catalogues only (compilemessages would walk the virtualenv too)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise CommandError("Cần gói gettext (msgfmt) để biên dịch bản dịch: apt-get install gettext")
    for locale_dir in settings.LOCALE_PATHS:
        for po in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            subprocess.run([msgfmt, "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
