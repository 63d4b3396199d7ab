"""Seed the demo. Lives in awards because awards is the one app allowed to import the other two."""

from importlib import import_module

from django.core.management.base import BaseCommand

from catalog.demo import ACCOUNTS, DEMO_PASSWORD, seed_catalog

# Each app adds its part of the demo as `<app>.demo.seed_<part>(stdout=...)`; the order follows the data flow.
LATER_STEPS = [("scoring.demo", "seed_rounds"), ("awards.demo", "seed_results"),
               ("awards.demo_catalogue", "seed_recognitions"),
               ("awards.artisans.demo", "seed_artisans"),
               ("awards.reports.demo", "seed_reports")]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (chạy lại nhiều lần không tạo trùng)."

    def handle(self, *args, **options):
        seed_catalog(stdout=self.stdout)
        for module_name, function_name in LATER_STEPS:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError:
                continue
            getattr(module, function_name)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng."))
        self.stdout.write(accounts_table())


def accounts_table() -> str:
    lines = [f"Tài khoản mẫu (mật khẩu: {DEMO_PASSWORD}):"]
    lines += [f"  {spec.role:<12} {spec.email:<26} {spec.full_name}" + (f"\n{'':<41}→ {spec.look_at}" if spec.look_at
                                                                          else "")
              for spec in ACCOUNTS]
    return "\n".join(lines)
