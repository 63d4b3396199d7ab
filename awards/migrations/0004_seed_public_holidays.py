"""Seed the working-day calendar with the Labour Code's default holidays for 2025–2027 (editable in the admin)."""

import datetime

from django.db import migrations

from awards.calendar import LUNAR_HOLIDAYS, vietnam_public_holidays

YEARS = (2025, 2026, 2027)


def holiday_name(day: datetime.date) -> str:
    tet, hung_kings = LUNAR_HOLIDAYS[day.year]
    if day == hung_kings:
        return "Giỗ Tổ Hùng Vương"
    if abs((day - tet).days) <= 4:
        return "Tết Nguyên đán"
    return {(1, 1): "Tết Dương lịch", (4, 30): "Ngày Chiến thắng", (5, 1): "Ngày Quốc tế Lao động"}.get(
        (day.month, day.day), "Quốc khánh")


def seed(apps, schema_editor):
    PublicHoliday = apps.get_model("awards", "PublicHoliday")
    for year in YEARS:
        for day in sorted(vietnam_public_holidays(year)):
            PublicHoliday.objects.get_or_create(date=day, defaults={"name": holiday_name(day)})


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0003_decisions_certificates"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
