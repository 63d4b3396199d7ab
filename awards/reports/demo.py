"""Demo reporting: last year's annual-report cycle of Hà Nội with one holder's report submitted and one in draft,
and a provincial report and the national summary for last year, all through the real services. Idempotent."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from catalog.collation import vietnamese
from catalog.models import Province, User

from . import annual, periodic
from .enums import PeriodicReportKind
from .models import AnnualReport, AnnualReportCycle, PeriodicReport

FIGURES = {"production_volume": "18.500 sản phẩm", "revenue": Decimal(4_200_000_000),
           "export_revenue": Decimal(1_150_000_000), "jobs": 62, "market": "both",
           "export_markets": "Nhật Bản, Hàn Quốc, Đức", "logo_use": "all", "support": ["extension", "promotion"],
           "support_amount": Decimal(120_000_000), "notes": "Đề nghị hỗ trợ tham gia hội chợ quốc tế năm tới."}


def seed_reports(*, stdout=None) -> None:
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        cycle = _seed_cycle()
        made = _seed_periodic()
    if stdout and cycle:
        stdout.write(f"Reports: {cycle} ({cycle.reports.count()} holders' reports), {made} periodic reports.")


def _seed_cycle() -> AnnualReportCycle | None:
    secretary = User.objects.filter(email="thuky.hanoi@demo.vn").first()
    ha_noi = Province.objects.current().filter(code="01").first()
    if secretary is None or ha_noi is None:
        return None
    today = timezone.localdate()
    year = today.year - 1
    cycle = AnnualReportCycle.objects.filter(year=year, province=ha_noi).first() or annual.save_cycle(
        cycle=AnnualReportCycle(year=year, province=ha_noi, opens_on=today - datetime.timedelta(days=7),
                                deadline=today + datetime.timedelta(days=21),
                                instructions="Báo cáo số liệu cả năm; doanh thu tính theo sổ sách kế toán."),
        by=secretary)
    holders = list(annual.holders(cycle).prefetch_related("users").order_by(vietnamese("name")))
    for index, holder in enumerate(holders[:2]):
        account = holder.users.filter(is_active=True).first() or User.objects.filter(email="quantri@demo.vn").first()
        if account is None or AnnualReport.objects.filter(cycle=cycle, producer=holder).exists():
            continue
        annual.save_annual_report(cycle=cycle, producer=holder, by=account, figures=FIGURES, submit=index == 0)
    return cycle


def _seed_periodic() -> int:
    if PeriodicReport.objects.exists():
        return PeriodicReport.objects.count()
    year = timezone.localdate().year - 1
    secretary = User.objects.filter(email="thuky.hanoi@demo.vn").first()
    ministry = User.objects.filter(email="thuky.quocgia@demo.vn").first()
    ha_noi = Province.objects.current().filter(code="01").first()
    if secretary and ha_noi:
        periodic.generate(kind=PeriodicReportKind.PROVINCIAL, province=ha_noi, year=year, half=0, by=secretary)
    if ministry:
        periodic.generate(kind=PeriodicReportKind.NATIONAL, province=None, year=year, half=0, by=ministry)
    return PeriodicReport.objects.count()
