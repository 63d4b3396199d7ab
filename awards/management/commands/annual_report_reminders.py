"""Send the day's reminders of holders' annual reports: run once a day from a timer (cron, systemd)."""

import datetime

from django.core.management.base import BaseCommand

from awards.reports.annual import send_reminders


class Command(BaseCommand):
    help = "Gửi e-mail nhắc nộp báo cáo hằng năm (trước và sau hạn nộp); mỗi lần nhắc chỉ gửi một lần."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None,
                            help="Ngày tính nhắc (YYYY-MM-DD); mặc định hôm nay.")

    def handle(self, *args, date=None, **options):
        sent = send_reminders(on=date)
        self.stdout.write(f"{sent} e-mail nhắc đã gửi.")
