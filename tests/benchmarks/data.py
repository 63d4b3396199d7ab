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
