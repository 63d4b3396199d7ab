"""A generated history for the statistics: producers filed under today's and old provinces, certificates of every
level from 2015 on (published, unpublished, published later, expired, revoked before and after the day looked at),
and published and unpublished results decisions with their entries and forwardings."""

import datetime
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from awards.models import ResultsDecision
from awards.reports import results
from catalog import enums
from catalog.models import Province
from scoring.models import Forwarding
from tests.factories import (
    CertificateFactory,
    DecisionEntryFactory,
    ProducerFactory,
    ProductFactory,
    ResultsDecisionFactory,
    SelectionRoundFactory,
)

D = datetime.date
ON = D(2026, 6, 15)
# Today's Hà Nội, Bắc Ninh, Huế and Hồ Chí Minh City, and old units merged into them in 2025 (old Bắc Ninh and Bắc
# Giang into Bắc Ninh, Thừa Thiên Huế into Huế, Bình Dương into Hồ Chí Minh City).
PROVINCE_CODES = ["01", "24", "46", "79", "cu-01", "cu-24", "cu-27", "cu-46", "cu-74"]
LEVELS = ["commune", "district", "province", "region", "national"]


def province(code: str) -> Province:
    return Province.objects.get(code=code)


def build_history(seed: int = 7, products: int = 48):
    """Products and certificates drawn from a seeded generator; returns the products."""
    rng = random.Random(seed)
    provinces = [province(code) for code in PROVINCE_CODES]
    producers = [ProducerFactory(province=rng.choice(provinces), legal_form=rng.choice(enums.LegalForm.values))
                 for _ in range(16)]
    made = []
    for index in range(products):
        product = ProductFactory(producer=rng.choice(producers), group=rng.choice(enums.ProductGroup.values))
        for _ in range(rng.choice([1, 1, 2])):
            issued = D(2015, 1, 1) + datetime.timedelta(days=rng.randrange((ON - D(2015, 1, 1)).days))
            published = rng.choices([issued, None, ON + datetime.timedelta(days=rng.randrange(1, 60))], [8, 1, 1])[0]
            revoked_on = (issued + datetime.timedelta(days=rng.randrange(1, 1500))) if rng.random() < 0.15 else None
            CertificateFactory(
                product=product, number=f"H-{seed}-{index}-{rng.randrange(10**6)}", level=rng.choice(LEVELS),
                issued_on=issued, valid_until=D(issued.year + 2, 12, 31), published_on=published,
                status="revoked" if revoked_on else "valid", revoked_on=revoked_on)
        made.append(product)
    return made


def decision_with(entries, *, level="province", year=2024, scope=None, threshold=Decimal(70), state="published",
                  region=None, **round_fields):
    """A round with a decision (published by default, its figures recorded as publication does) and one entry per
    (recognised, average) pair."""
    selection_round = SelectionRoundFactory(level=level, year=year, commune="Xã Thử" if level == "commune" else "",
                                            scope_province=None if level in ("region", "national") else scope,
                                            scope_region=region, threshold=threshold, state="results_published",
                                            **round_fields)
    decision = ResultsDecisionFactory(round=selection_round, state=state)
    for recognised, average in entries:
        product = ProductFactory(producer=ProducerFactory(province=scope or province("01")))
        DecisionEntryFactory(decision=decision, recognised=recognised, average=average, nomination__product=product,
                             nomination__submitted_at=timezone.now(),  # accepted dossiers were submitted first
                             exclusion_reason="" if recognised else "Dưới ngưỡng")
    if state == "published":
        results.record(decision=ResultsDecision.objects.select_related("round").get(pk=decision.pk))
    return decision


def forward(decision, count: int):
    """Forward the first `count` recognised products of a decision to a round of the next level."""
    target = SelectionRoundFactory(level="region", commune="", scope_province=None, year=decision.round.year + 1)
    for entry in decision.entries.filter(recognised=True)[:count]:
        Forwarding.objects.create(from_round=decision.round, to_round=target, product=entry.nomination.product)


STATES = ["published", "draft", "published", "approved", "published", "published", "draft", "published", "published"]


def build_rounds(seed: int = 11):
    """Rounds of several years and levels; each with a few scored entries, some without an average."""
    rng = random.Random(seed)
    decisions = []
    for index in range(9):
        level = rng.choice(["commune", "district", "province"])
        entries = []
        for _ in range(rng.randint(1, 5)):
            average = None if rng.random() < 0.15 else Decimal(rng.randrange(5000, 9900)) / 100
            entries.append((bool(average and average >= 70 and rng.random() < 0.9), average))
        state = STATES[index]
        decision = decision_with(entries, level=level, year=rng.choice([2021, 2022, 2024]),
                                 scope=province(rng.choice(PROVINCE_CODES)), state=state,
                                 threshold=Decimal(75) if index % 4 == 0 else Decimal(70))
        forward(decision, rng.randint(0, 2))
        decisions.append(decision)
    return decisions


@pytest.fixture
def history(db):
    return build_history()
