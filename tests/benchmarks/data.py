"""The national-size public catalogue the benchmarks build: producers, products, photos, certificates, listing rows.

Attributes are drawn independently from a seeded random generator (so no sort order happens to line up with a
filter), in the proportions the programme shows: most recognitions at commune and province level, a few
national ones, 2012 to today, every province (old units included, as historical records keep them), a share of
paper records without a jury average, some expired and some revoked. Used by bench_catalogue.py and by the
statistics benchmark. Call inside a configured Django process.
"""

import datetime
import random
import time
from decimal import Decimal

CRAFTS = [("Gốm", "1"), ("Mây tre đan", "1"), ("Lụa tơ tằm", "1"), ("Chiếu cói", "1"), ("Sơn mài", "1"),
          ("Đồ gỗ mỹ nghệ", "1"), ("Nón lá", "1"), ("Thêu ren", "1"), ("Đúc đồng", "1"), ("Nước mắm", "2"),
          ("Bánh đa", "2"), ("Chè búp", "2"), ("Miến dong", "2"), ("Mật ong", "2"), ("Dao rèn", "3"),
          ("Máy tuốt lúa", "3"), ("Nông cụ", "3"), ("Tinh dầu sả", "4"), ("Xà phòng thảo mộc", "4"),
          ("Hương trầm", "4")]
PLACES = ["Bát Tràng", "Đồng Kỵ", "Vạn Phúc", "Kim Sơn", "Phú Vinh", "Chu Đậu", "Đại Bái", "Chuông", "Phù Lãng",
          "Hạ Thái", "Đa Sỹ", "Thanh Hà", "Tân Cương", "Cự Đà", "Phúc Sen", "Bàu Trúc", "Hội An", "Mỹ Nghiệp",
          "Tân Châu", "Cái Bè", "Phước Kiều", "Kiêu Kỵ", "Sơn Đồng", "Thổ Hà"]
STYLES = ["men lam", "men rạn", "truyền thống", "cao cấp", "hoa văn cổ", "xuất khẩu", "đặc biệt", "thủ công", "mẫu mới"]
LEVELS = [("commune", 30), ("district", 10), ("province", 35), ("region", 15), ("national", 10)]


def build_catalogue(count: int, *, seed: int = 2026, batch: int = 5000) -> tuple[int, int]:
    """Create `count` recognised products and their listing rows; returns the first and last product id."""
    from django.db import transaction

    from catalog import enums, listing
    from catalog.models import Certificate, Producer, Product, ProductPhoto, Province, set_search_fields

    rng = random.Random(seed)
    provinces = list(Province.objects.order_by("pk"))
    levels, weights = zip(*LEVELS, strict=True)
    today = datetime.date.today()
    span = (today - datetime.date(2012, 1, 1)).days
    started = time.monotonic()
    with transaction.atomic():
        producers = []
        for index in range(count // 4 + 1):
            craft, _group = rng.choice(CRAFTS)
            producer = Producer(
                name=f"{rng.choice(['Hợp tác xã', 'Công ty TNHH', 'Hộ kinh doanh', 'Tổ hợp tác'])} {craft} "
                     f"{rng.choice(PLACES)} {index}",
                legal_form=rng.choice(list(enums.LegalForm.values)), tax_code=f"{9000000000 + index:010d}",
                address=f"Thôn {index % 97}", province=rng.choice(provinces), commune="Xã Thử Nghiệm",
                representative="Nguyễn Văn Thử", phone="0900 000 000", email=f"bench{index}@example.vn",
                publish_contacts=rng.random() < 0.5, description="Cơ sở sản xuất thủ công truyền thống.",
            )
            set_search_fields(producer)
            producers.append(producer)
        producers = Producer.objects.bulk_create(producers, batch_size=batch)
        for start in range(0, count, batch):
            products = []
            for index in range(start, min(start + batch, count)):
                craft, group = rng.choice(CRAFTS)
                place, style = rng.choice(PLACES), rng.choice(STYLES)
                product = Product(
                    producer=producers[index // 4], group=group, name=f"{craft} {style} {place} {index}",
                    description=(f"Sản phẩm {craft.lower()} {style} làm tại làng nghề {place}, "
                                 "được người tiêu dùng trong và ngoài nước ưa chuộng."),
                    materials=rng.choice(["Nguyên liệu trong nước", "Đất sét, men tro", "Tre, mây, song",
                                          "Tơ tằm tự nhiên", "Gỗ rừng trồng", "Thép, đồng"]),
                    market=rng.choice(list(enums.Market.values)),
                )
                set_search_fields(product)
                products.append(product)
            products = Product.objects.bulk_create(products)
            photos, certificates = [], []
            for product in products:
                photos.append(ProductPhoto(product=product, image=f"photos/{product.pk}/bench.jpg", width=1200,
                                           height=900, position=0, caption=f"{product.name}, mặt trước",
                                           role=enums.PhotoRole.FRONT))
                for extra in range(1 if rng.random() < 0.8 else 2):
                    issued = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(span))
                    revoked = rng.random() < 0.01
                    certificates.append(Certificate(
                        product=product, number=f"BENCH-{product.pk:07d}-{extra}",
                        level=rng.choices(levels, weights)[0], issued_on=issued, published_on=issued,
                        valid_until=datetime.date(issued.year + 2, 12, 31),
                        # about half issued through a decision (with a jury average), half recorded from paper
                        average=Decimal(rng.randrange(7000, 9900)) / 100 if rng.random() < 0.5 else None,
                        status="revoked" if revoked else "valid", revoked_on=issued if revoked else None,
                    ))
            ProductPhoto.objects.bulk_create(photos)
            Certificate.objects.bulk_create(certificates)
    # The listing rows through the code path the services use (catalog.listing), in its batches.
    listed = listing.rebuild()
    print(f"built {count:,} products ({listed:,} listed) in {time.monotonic() - started:.0f} s", flush=True)
    return products[0].pk - count + len(products), products[-1].pk


# Rounds a year, as the programme holds them: many commune (before July 2025 district) rounds in each province,
# a provincial round every other year, the regional rounds and, the year after them, the national one.
COMMUNE_ROUNDS_PER_PROVINCE = (3, 5)
ENTRIES = {"commune": (8, 16), "district": (8, 16), "province": (40, 70), "region": (50, 90),
           "national": (190, 230)}


def build_round_history(years: int = 20, *, seed: int = 2027, batch: int = 5000) -> dict[str, int]:
    """Add `years` years of selection rounds up to this year over the products already built (`build_catalogue`):
    nominations, a results decision per round (published, except this year's last few rounds), its entries with
    jury averages, and products forwarded upward. Returns the row counts.

    The entries draw their products at random from the catalogue (one product at most once per round) and their
    averages from 50.00–97.99, so about two thirds pass the threshold (70, or 75 for a tenth of the rounds); a
    few passing products are not recognised and a third of the recognised ones are forwarded to a round of the
    next level the following year.
    """
    from django.db import transaction
    from django.utils import timezone

    from awards.enums import DecisionState
    from awards.models import ResultsDecision
    from catalog.enums import DISTRICT_ABOLISHED_ON
    from catalog.models import Product, Province, Region
    from scoring.enums import NEXT_LEVEL, ForwardingState, NominationState, RoundState
    from scoring.models import Forwarding, Nomination, SelectionRound

    rng = random.Random(seed)
    started = time.monotonic()
    today = timezone.localdate()
    product_ids = list(Product.objects.values_list("pk", flat=True))
    provinces = list(Province.objects.order_by("pk"))
    regions = list(Region.objects.order_by("pk"))
    plans = []  # (level, year, province, region, entry count)
    for year in range(today.year - years + 1, today.year + 1):
        day = datetime.date(year, 6, 1)
        in_force = [p for p in provinces if p.valid_from <= day and (p.valid_to is None or p.valid_to >= day)]
        low_level = "commune" if day >= DISTRICT_ABOLISHED_ON else "district"
        for index, province in enumerate(in_force):
            for _ in range(rng.randint(*COMMUNE_ROUNDS_PER_PROVINCE)):
                plans.append((low_level, year, province, None))
            if (year + index) % 2 == 0:
                plans.append(("province", year, province, None))
        if year % 2 == 0:
            plans += [("region", year, None, region) for region in regions]
        else:
            plans.append(("national", year, None, None))
    with transaction.atomic():
        rounds = SelectionRound.objects.bulk_create([
            SelectionRound(
                level=level, year=year, title=f"Bình chọn {level} {year} {province or region or 'toàn quốc'} {i}",
                scope_province=province, scope_region=region, commune="Xã Thử" if level == "commune" else "",
                groups=["1", "2", "3", "4"], registration_opens=datetime.date(year, 3, 1),
                registration_closes=datetime.date(year, 4, 30),
                threshold=Decimal(75) if rng.random() < 0.1 else Decimal(70),
                state=RoundState.RESULTS_PUBLISHED if year < today.year else RoundState.SCORING_CLOSED,
            )
            for i, (level, year, province, region) in enumerate(plans)
        ], batch_size=batch)
        decisions = ResultsDecision.objects.bulk_create([
            ResultsDecision(
                round=r, number=f"{r.pk}/QĐ-BENCH", decided_on=datetime.date(r.year, 10, 15), signer_name="Bench",
                signer_title="Chủ tịch", notified_on=datetime.date(r.year, 10, 20),
                state=DecisionState.PUBLISHED if r.year < today.year or rng.random() < 0.7 else DecisionState.DRAFT,
            )
            for r in rounds
        ], batch_size=batch)
        nominations, entries, counts = [], [], {"rounds": len(rounds), "nominations": 0, "entries": 0,
                                                 "forwardings": 0}
        recognised_by_round: dict[int, list[int]] = {}
        for selection_round, decision in zip(rounds, decisions, strict=True):
            count = rng.randint(*ENTRIES[selection_round.level])
            for product_id in rng.sample(product_ids, count):
                state = rng.choices([NominationState.ACCEPTED, NominationState.REJECTED, NominationState.WITHDRAWN],
                                    [92, 5, 3])[0]
                nominations.append((decision, Nomination(
                    round=selection_round, product_id=product_id, state=state, sample_delivery="Bench",
                    submitted_at=datetime.datetime(selection_round.year, 4, 1, tzinfo=datetime.UTC))))
            if len(nominations) >= batch:
                _flush_nominations(nominations, entries, recognised_by_round, rng, counts)
        _flush_nominations(nominations, entries, recognised_by_round, rng, counts)
        by_level_year: dict[tuple[str, int], list] = {}
        for selection_round in rounds:
            by_level_year.setdefault((selection_round.level, selection_round.year), []).append(selection_round)
        forwardings = []
        for selection_round in rounds:
            targets = by_level_year.get((NEXT_LEVEL.get(selection_round.level), selection_round.year + 1))
            if not targets:
                continue
            for product_id in recognised_by_round.get(selection_round.pk, []):
                if rng.random() < 0.33:
                    forwardings.append(Forwarding(
                        from_round=selection_round, to_round=rng.choice(targets), product_id=product_id,
                        state=rng.choice(list(ForwardingState.values))))
        forwardings = Forwarding.objects.bulk_create(forwardings, batch_size=batch, ignore_conflicts=True)
        counts["forwardings"] = len(forwardings)
    print(f"built {years} years of rounds ({counts}) in {time.monotonic() - started:.0f} s", flush=True)
    return counts


def _flush_nominations(nominations: list, entries: list, recognised_by_round: dict, rng: random.Random,
                       counts: dict) -> None:
    from awards.models import DecisionEntry
    from scoring.enums import NominationState
    from scoring.models import Nomination

    created = Nomination.objects.bulk_create([nomination for _decision, nomination in nominations])
    for (decision, _unsaved), nomination in zip(nominations, created, strict=True):
        if nomination.state != NominationState.ACCEPTED:
            continue
        average = Decimal(rng.randrange(5000, 9800)) / 100
        passes = average >= nomination.round.threshold
        recognised = passes and rng.random() < 0.93
        entries.append(DecisionEntry(decision=decision, nomination=nomination, recognised=recognised,
                                     average=average, exclusion_reason="" if recognised else "Bench"))
        if recognised:
            recognised_by_round.setdefault(nomination.round_id, []).append(nomination.product_id)
    DecisionEntry.objects.bulk_create(entries)
    counts["nominations"] += len(created)
    counts["entries"] += len(entries)
    nominations.clear()
    entries.clear()
