from django.core.management import call_command

from catalog.demo import PRODUCERS
from catalog.models import Producer, Product, ProductPhoto, User


def snapshot():
    # The hand-written producers (catalog.demo.PRODUCERS); the bulk catalogue has its own test (test_demo_catalogue).
    hand_written = Producer.objects.filter(tax_code__in=[row[0] for row in PRODUCERS])
    return (
        User.objects.count(),
        hand_written.count(),
        Product.objects.filter(producer__in=hand_written).count(),
        ProductPhoto.objects.filter(product__producer__in=hand_written).count(),
        sorted(hand_written.values_list("province__name", flat=True).distinct()),
    )


def test_seed_demo_is_idempotent_and_realistic(db, capsys):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    second = snapshot()

    assert second == first
    users, producers, products, photos, provinces = first
    assert producers == 16
    assert products == 19
    assert photos == 3 * products
    # Old names in the seed ("Kiên Giang", "Bến Tre", "Hòa Bình") land in today's provinces.
    assert "An Giang" in provinces and "Vĩnh Long" in provinces and "Phú Thọ" in provinces
    assert len(provinces) >= 12
    assert set(Product.objects.values_list("group", flat=True)) == {"1", "2", "3", "4"}
    roles = set(User.objects.values_list("role", flat=True))
    assert {"producer", "jury", "secretariat", "admin"} <= roles
    assert "sanxuat@demo.vn" in capsys.readouterr().out
