"""The public listing rows: the pure facts, the writers that keep them current, the daily refresh, the check."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from awards.services import revoke_certificate
from catalog import listing, queries, services, uploads
from catalog.apps import build_missing_listings
from catalog.models import Listing, ListingPage, ListingText, Province
from catalog.text import sort_key
from tests.factories import CertificateFactory, ProducerFactory, ProductFactory, UserFactory
from tests.images import png_upload

D = datetime.date
ON = D(2026, 6, 1)


ISSUED, UNTIL = D(2025, 3, 1), D(2027, 12, 31)


def rec(level="province", issued=ISSUED, until=UNTIL, published=ISSUED, revoked=None, average=None, number="A"):
    return listing.Recognition(level, number, issued, until, published, revoked, average)


# --- The pure facts ------------------------------------------------------------------------------------------


def test_one_certificate_in_force():
    facts = listing.listing_facts([rec(average=Decimal("81.25"))], ON)

    assert facts == listing.Facts(level="province", year=2025, recognised_on=D(2025, 3, 1),
                                  best_average=Decimal("81.25"), valid_until=D(2027, 12, 31), is_current=True,
                                  changes_on=D(2028, 1, 1))


def test_expired_certificate_keeps_the_product_as_historical():
    facts = listing.listing_facts([rec(issued=D(2019, 5, 1), until=D(2021, 12, 31), published=D(2019, 5, 1))], ON)

    assert (facts.is_current, facts.level, facts.year, facts.changes_on) == (False, "province", 2019, None)


def test_shown_level_is_the_highest_in_force_not_a_higher_expired_one():
    national_expired = rec("national", D(2019, 1, 1), D(2021, 12, 31), D(2019, 1, 1), number="N")
    commune_current = rec("commune", D(2025, 1, 1), D(2027, 12, 31), D(2025, 1, 1), number="C")

    assert listing.listing_facts([national_expired, commune_current], ON).level == "commune"
    # Once nothing is in force, the highest ever is shown.
    assert listing.listing_facts([national_expired, commune_current], D(2028, 1, 1)).level == "national"


@pytest.mark.parametrize(("revoked", "facts_exist"), [(D(2026, 6, 1), False), (D(2026, 6, 2), True)])
def test_revocation_takes_effect_on_its_date(revoked, facts_exist):
    facts = listing.listing_facts([rec(revoked=revoked)], ON)

    assert (facts is not None) == facts_exist
    if facts:
        assert facts.changes_on == revoked  # the row is rewritten on the day the revocation takes effect


def test_unpublished_certificate_recognises_nothing_and_its_average_never_counts():
    published = rec(number="P")
    unpublished = rec(published=None, average=Decimal("99.00"), number="U")

    assert listing.listing_facts([unpublished], ON) is None
    assert listing.listing_facts([published, unpublished], ON).best_average is None


def test_best_average_and_latest_year_across_certificates():
    older = rec("commune", D(2022, 1, 1), D(2024, 12, 31), D(2022, 1, 1), average=Decimal("88.00"), number="O")
    newer = rec("province", D(2025, 1, 1), D(2027, 12, 31), D(2025, 1, 1), average=Decimal("75.50"), number="N")

    facts = listing.listing_facts([older, newer], ON)

    assert (facts.best_average, facts.year, facts.recognised_on) == (Decimal("88.00"), 2025, D(2025, 1, 1))


# --- Writers --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_certificate_makes_a_row_with_what_the_card_shows():
    product = ProductFactory(name="Bình gốm men lam", producer=ProducerFactory(name="HTX Gốm Đồng Kỵ"))
    uploads.add_photo(product=product, upload=png_upload(), role="front", caption="Mặt trước")
    CertificateFactory(product=product, level="national", issued_on=D(2025, 9, 1), average=Decimal("90.10"))

    row = Listing.objects.get(pk=product.pk)

    assert (row.name, row.producer_name, row.province_name, row.level, row.year, row.best_average,
            row.score_key, row.thumbnail_alt, row.thumbnail.endswith(".w320.webp")) == (
        "Bình gốm men lam", "HTX Gốm Đồng Kỵ", "Hà Nội", "national", 2025, Decimal("90.10"), 9010, "Mặt trước",
        True)
    assert (row.name_words, row.producer_words) == (" binh gom men lam", " htx gom dong ky")
    assert ListingText.objects.get(pk=product.pk).words.startswith(" binh gom men lam htx gom dong ky")
    assert row.sort_name == sort_key("Bình gốm men lam")


@pytest.mark.django_db
def test_old_province_is_filed_under_its_successor():
    nam_dinh = Province.objects.get(name="Nam Định", valid_to__isnull=False)  # merged into Ninh Bình in 2025
    product = ProductFactory(producer=ProducerFactory(province=nam_dinh))
    CertificateFactory(product=product)

    row = Listing.objects.get(pk=product.pk)

    assert (row.province.name, row.province_name, row.region.code) == ("Ninh Bình", "Ninh Bình", "north")
    assert "nam dinh" in ListingText.objects.get(pk=product.pk).words  # the old name still finds it


@pytest.mark.django_db
def test_services_that_change_product_or_producer_refresh_the_row():
    product = ProductFactory(name="Nón lá")
    CertificateFactory(product=product)
    product.name = "Nón lá bài thơ"
    services.save_product(product=product)
    producer = product.producer
    producer.name = "Hộ kinh doanh Nón Chuông"
    services.save_producer(producer=producer)

    row = Listing.objects.get(pk=product.pk)

    assert (row.name, row.producer_name, row.name_words) == ("Nón lá bài thơ", "Hộ kinh doanh Nón Chuông",
                                                            " non la bai tho")


@pytest.mark.django_db
def test_photo_services_refresh_the_card_thumbnail():
    product = ProductFactory()
    CertificateFactory(product=product)
    assert Listing.objects.get(pk=product.pk).thumbnail == ""

    photo = uploads.add_photo(product=product, upload=png_upload(), role="front")
    assert Listing.objects.get(pk=product.pk).thumbnail == photo.thumbnail_name(320)

    uploads.delete_photo(photo=photo)
    assert Listing.objects.get(pk=product.pk).thumbnail == ""


@pytest.mark.django_db
def test_revoking_the_only_certificate_removes_the_row():
    certificate = CertificateFactory(issued_on=D(2025, 9, 1))
    assert Listing.objects.filter(pk=certificate.product_id).exists()

    revoke_certificate(certificate=certificate, by=UserFactory(is_superuser=True), revoked_on=D(2025, 10, 1),
                       reason="Vi phạm chất lượng", decision_number="9/QĐ-UBND")

    assert not Listing.objects.filter(pk=certificate.product_id).exists()
    assert not ListingText.objects.filter(pk=certificate.product_id).exists()


@pytest.mark.django_db
def test_rows_due_are_rewritten_on_their_day():
    certificate = CertificateFactory(issued_on=D(2025, 9, 1), valid_until=D(2027, 12, 31))
    assert Listing.objects.get(pk=certificate.product_id).is_current is True

    assert listing.refresh_due(D(2027, 12, 31)) == 0  # still in force on its last day
    assert listing.refresh_due(D(2028, 1, 1)) == 1

    row = Listing.objects.get(pk=certificate.product_id)
    assert (row.is_current, row.computed_on, row.changes_on) == (False, D(2028, 1, 1), None)


# --- Rebuild and check ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_check_names_a_tampered_row_and_rebuild_repairs_it(capsys):
    certificate = CertificateFactory(level="province")
    call_command("listings", "--check")
    Listing.objects.filter(pk=certificate.product_id).update(level="national")

    with pytest.raises(CommandError, match="1 listing rows differ"):
        call_command("listings", "--check")
    assert f"product {certificate.product_id}: level is 'national', should be 'province'" in capsys.readouterr().out

    call_command("listings", "--rebuild")
    call_command("listings", "--check")
    assert Listing.objects.get(pk=certificate.product_id).level == "province"


@pytest.mark.django_db
def test_check_finds_a_missing_row_and_an_upgrade_builds_missing_rows():
    certificate = CertificateFactory()
    Listing.objects.all().delete()

    assert listing.verify() == [f"product {certificate.product_id}: recognised but has no row"]
    build_missing_listings()
    assert listing.verify() == []
    assert Listing.objects.filter(pk=certificate.product_id).exists()


@pytest.mark.parametrize("names", [
    ["An Giang", "Ăn", "Ân Thi", "Bà Rịa", "Bắc Ninh", "Dương", "Đà Nẵng", "Ha", "Hà", "Hạ", "Hà Nội", "Huế",
     "Mẫu 1", "Mẫu 10", "Mẫu 2", "O", "Ô", "Ơ", "U", "Ư", "Vĩnh Long"],
])
def test_sort_key_is_vietnamese_alphabetical_order(names):
    shuffled = names[1::2] + names[::2]
    assert sorted(shuffled, key=sort_key) == names


# --- The product page's stored row ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_row_holds_what_the_product_page_shows_and_no_unpublished_contacts():
    producer = ProducerFactory(phone="0912 345 678", email="lienhe@example.vn", publish_contacts=False)
    product = ProductFactory(producer=producer, name="Chiếu cói Kim Sơn", materials="Cói")
    CertificateFactory(product=product, number="B-2", issued_on=D(2025, 9, 1))
    CertificateFactory(product=product, number="A-1", issued_on=D(2025, 9, 1))
    CertificateFactory(product=product, number="C-3", issued_on=D(2026, 3, 1), published_on=None)
    photo = uploads.add_photo(product=product, upload=png_upload(), role="front")

    data = ListingPage.objects.get(pk=product.pk).data

    assert (data["name"], data["materials"], data["producer"]["contacts"]) == ("Chiếu cói Kim Sơn", "Cói", None)
    assert "0912 345 678" not in str(data) and "lienhe@example.vn" not in str(data)
    assert [c["number"] for c in data["certificates"]] == ["A-1", "B-2"]  # public ones, newest first, then by number
    assert (photo.width, photo.height) == (600, 400)  # a 320-pixel thumbnail, never upscaled, keeps the ratio
    assert data["photos"] == [{"thumbnail": photo.thumbnail_name(320), "width": 320,
                               "height": 213, "large": photo.thumbnail_name(1280), "caption": ""}]

    producer.publish_contacts = True
    services.save_producer(producer=producer)
    assert ListingPage.objects.get(pk=product.pk).data["producer"]["contacts"]["phone"] == "0912 345 678"


@pytest.mark.django_db
def test_check_names_a_tampered_page_and_an_upgrade_builds_missing_pages(capsys):
    certificate = CertificateFactory()
    ListingPage.objects.filter(pk=certificate.product_id).update(data={"name": "Giả mạo"})

    with pytest.raises(CommandError, match="1 listing rows differ"):
        call_command("listings", "--check")
    assert f"product {certificate.product_id}: data is {{'name': 'Giả mạo'}}" in capsys.readouterr().out

    ListingPage.objects.all().delete()
    build_missing_listings()  # after `migrate` to catalog 0006: listed products get their page
    assert listing.verify() == []


# --- Readers --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_listing_years_are_the_distinct_years_newest_first():
    assert queries.listing_years() == []  # no listed product: no year, not [None]
    for issued in (D(2019, 4, 1), D(2024, 2, 1), D(2021, 5, 1), D(2024, 7, 1), D(2021, 9, 1)):
        CertificateFactory(issued_on=issued, valid_until=issued.replace(year=issued.year + 3))

    assert queries.listing_years() == [2024, 2021, 2019]
    assert queries.listing_years() == sorted(set(Listing.objects.values_list("year", flat=True)), reverse=True)
