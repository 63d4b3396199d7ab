"""A national-size stress round for the ranking benchmarks (bench_ranking.py, bench_ranking_pages.py), and the
throwaway PostgreSQL database it lives in. Imported by those scripts once Django is set up (except the helpers
that make and drop the database)."""

from __future__ import annotations

import datetime
import os
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
SECRETARY = "bench-thu-ky@example.vn"


def psql(url: str, sql: str) -> None:
    parts = urlsplit(url)
    subprocess.run(["psql", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
                    "-U", parts.username or "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql],
                   check=True, capture_output=True)


def use_database(url: str) -> None:
    """Point this process's Django at `url` and set it up."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_round(nominations: int, members: int, criteria_count: int, seed: int, *, quota: int | None = None):
    """One national round in "scoring closed": --nominations accepted nominations, one jury of `members`, a
    `criteria_count`-criterion rubric in 4 groups; every member has a sheet for every nomination (about 1 %
    drafts, 1 % recused), written in bulk as the sheet services leave them (total and group totals), then
    every nomination's figures refreshed (scoring.figures). Also a national secretariat account (SECRETARY) to
    read the pages. Returns the round."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from catalog.enums import Role, ScopeLevel
    from catalog.models import Producer, Product, Province
    from scoring.figures import refresh_round_figures, sheet_totals
    from scoring.models import (
        Criterion,
        CriterionGroup,
        Jury,
        JuryMember,
        Nomination,
        Recusal,
        Rubric,
        Score,
        ScoreSheet,
        SelectionRound,
    )

    rng = random.Random(seed)
    today = datetime.date.today()
    user_model = get_user_model()
    with transaction.atomic():
        user_model.objects.create(email=SECRETARY, full_name="Thư ký quốc gia", role=Role.SECRETARIAT,
                                  scope_level=ScopeLevel.NATIONAL)
        rubric = Rubric.objects.create(name="Thang điểm quốc gia (thử tải)", version="1")
        # 15 criteria over the 4 groups of Phụ lục 4 in proportion 40/30/15/15 points.
        sizes = {"1": 5, "2": 4, "3": 3, "4": 3} if criteria_count == 15 else None
        if sizes is None:
            base, extra = divmod(criteria_count, 4)
            sizes = {str(g): base + (1 if g <= extra else 0) for g in range(1, 5)}
        points = {"1": 40, "2": 30, "3": 15, "4": 15}
        criteria = []
        for position, (code, size) in enumerate(sizes.items()):
            group = CriterionGroup.objects.create(rubric=rubric, code=code, name_vi=f"Nhóm {code}",
                                                  max=Decimal(points[code]), position=position)
            for i in range(size):
                criteria.append(Criterion.objects.create(
                    group=group, code=f"{code}.{i + 1}", name_vi=f"Tiêu chí {code}.{i + 1}",
                    max=(Decimal(points[code]) / size).quantize(Decimal("0.01")), position=i))
        group_of = {c.code: c.group.code for c in criteria}
        selection_round = SelectionRound.objects.create(
            level="national", title="Bình chọn quốc gia (thử tải)", year=today.year, groups=["1", "2", "3", "4"],
            registration_opens=today - datetime.timedelta(days=90),
            registration_closes=today - datetime.timedelta(days=60), state="scoring_closed", rubric=rubric,
            quota=quota)
        jury = Jury.objects.create(round=selection_round, name="Hội đồng quốc gia", groups=["1", "2", "3", "4"])
        users = [user_model.objects.create(email=f"bench-judge-{i}@example.vn", full_name=f"Giám khảo {i}",
                                           role=Role.JURY) for i in range(members)]
        JuryMember.objects.bulk_create(JuryMember(jury=jury, user=u) for u in users)
        province = Province.objects.order_by("pk").first()
        producers = Producer.objects.bulk_create(
            Producer(name=f"Cơ sở thử tải {i}", tax_code=f"{900000000 + i:010d}", province=province,
                     address="Thôn Đông", representative="Nguyễn Văn A", phone="0240000000")
            for i in range(max(nominations // 4, 1)))
        products = Product.objects.bulk_create(
            Product(producer=producers[i % len(producers)], group=str(1 + i % 4), name=f"Sản phẩm thử tải {i}",
                    description="Mô tả.") for i in range(nominations))
        noms = Nomination.objects.bulk_create(
            Nomination(round=selection_round, product=p, state="accepted") for p in products)
    batch = 500
    for start in range(0, len(noms), batch):
        with transaction.atomic():
            sheets, values_of, recusals = [], [], []
            for nomination in noms[start:start + batch]:
                for user in users:
                    values = [Decimal(rng.randint(int(c.max * 40), int(c.max * 100))) / 100 for c in criteria]
                    roll = rng.random()
                    status = "draft" if roll < 0.01 else "submitted"
                    if 0.01 <= roll < 0.02:
                        recusals.append(Recusal(nomination=nomination, user=user, reason="Thử tải"))
                    total, groups = sheet_totals({c.code: v for c, v in zip(criteria, values, strict=True)},
                                                 group_of)
                    sheets.append(ScoreSheet(nomination=nomination, member=user, status=status, total=total,
                                             group_totals=groups))
                    values_of.append(values)
            ScoreSheet.objects.bulk_create(sheets)
            Score.objects.bulk_create(
                (Score(sheet=s, criterion=c, value=v) for s, values in zip(sheets, values_of, strict=True)
                 for c, v in zip(criteria, values, strict=True)), batch_size=5000)
            Recusal.objects.bulk_create(recusals)
    with transaction.atomic():
        refresh_round_figures(round=selection_round)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return selection_round
