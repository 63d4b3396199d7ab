from django.core.management import call_command

from catalog.models import Producer, Product, ProductPhoto, User


def snapshot():
    return (
        User.objects.count(),
        Producer.objects.count(),
        Product.objects.count(),
        ProductPhoto.objects.count(),
        sorted(Producer.objects.values_list("province__name", flat=True).distinct()),
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
