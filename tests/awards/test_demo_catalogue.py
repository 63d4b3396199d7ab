"""The realistic demo (issue 12): ≥ 150 recognised products in four groups, rounds at every level in several
provinces and regions, a persona login for every dossier state. Seeding is slow, so one test seeds (twice, for
idempotence) and checks everything on that one database."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from awards.demo_catalogue import COMPLAINT_TEXT, HCM_TITLE, NOT_RECOGNISED
from awards.models import Complaint, DecisionEntry, ResultsDecision
from catalog.demo import ACCOUNTS, DEMO_PASSWORD
from catalog.enums import Level, ProductGroup
from catalog.models import Certificate, Listing, Product, ProductPhoto, User
from scoring.demo import REASONS
from scoring.enums import NominationState, RoundState
from scoring.models import Nomination, ScoreSheet, SelectionRound


def snapshot():
    return (User.objects.count(), Product.objects.count(), ProductPhoto.objects.count(),
            SelectionRound.objects.count(), Nomination.objects.count(), ScoreSheet.objects.count(),
            ResultsDecision.objects.count(), Certificate.objects.count(), Complaint.objects.count(),
            Listing.objects.count())


def login(client, email):
    client.logout()
    response = client.post(reverse("login"), {"username": email, "password": DEMO_PASSWORD})
    assert (email, response.status_code) == (email, 302)


def persona_nomination(email, **filters):
    return Nomination.objects.filter(product__producer__users__email=email, **filters).select_related("round").get()


@pytest.mark.django_db
def test_demo_catalogue_is_realistic_idempotent_and_has_a_persona_per_state(client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first

    # ≥ 150 recognised products in the public listing, every group with ≥ 20, each with a certificate in force.
    listed = Listing.objects.filter(is_current=True)
    by_group = dict(listed.values_list("group").annotate(n=Count("pk")))
    assert listed.count() >= 150
    assert set(by_group) == set(ProductGroup.values) and min(by_group.values()) >= 20, by_group
    in_force = set(Certificate.objects.public().values_list("product_id", flat=True))
    assert set(listed.values_list("product_id", flat=True)) <= in_force
    assert listed.values("province_id").distinct().count() >= 8
    found = client.get("/san-pham/", {"q": "chieu coi kim son"}).content.decode()
    assert "Chiếu cói Kim Sơn dệt hoa" in found and "Bánh đậu xanh Hải Dương" not in found
    assert "Bánh đậu xanh Hải Dương" in client.get("/san-pham/", {"q": "banh dau xanh"}).content.decode()

    # Rounds at every level; published ones in Hà Nội, another northern and a southern province, two regions.
    published = SelectionRound.objects.filter(state=RoundState.RESULTS_PUBLISHED)
    assert set(published.values_list("level", flat=True)) == set(Level.values)
    provinces = set(published.filter(level=Level.PROVINCE).values_list("scope_province__name", flat=True))
    assert {"Hà Nội", "Bắc Ninh", "Ninh Bình", "Vĩnh Long"} <= provinces, provinces
    assert {"north", "south"} <= set(published.filter(level=Level.REGION).values_list("scope_region__code",
                                                                                       flat=True))
    assert published.count() == ResultsDecision.objects.filter(state="published").count()

    # Photos: bulk products one, featured three; two groups' photos differ in bytes.
    photos = dict(Product.objects.annotate(n=Count("photos")).values_list("name", "n"))
    assert (photos["Chiếu cói Kim Sơn dệt hoa"], photos["Làn bèo bồng đan tay"]) == (1, 3)
    food = ProductPhoto.objects.filter(product__group=ProductGroup.FOOD).first()
    machine = ProductPhoto.objects.filter(product__group=ProductGroup.MACHINERY).first()
    assert food.image.read() != machine.image.read()

    # The printed persona table names every persona with what to look at.
    printed = out.getvalue()
    for spec in ACCOUNTS:
        assert spec.email in printed
    assert "Hồ sơ bị trả lại để bổ sung" in printed

    # Each persona logs in and sees the state it promises.
    draft = persona_nomination("hoso.nhap@demo.vn")
    submitted = persona_nomination("hoso.danop@demo.vn")
    returned = persona_nomination("hoso.tralai@demo.vn")
    scored = persona_nomination("hoso.dangcham@demo.vn")
    assert [n.state for n in (draft, submitted, returned, scored)] == [
        NominationState.DRAFT, NominationState.SUBMITTED, NominationState.RETURNED, NominationState.ACCEPTED]
    assert (scored.round.title, scored.round.state) == (HCM_TITLE, RoundState.SCORING)

    login(client, "hoso.tralai@demo.vn")
    page = client.get(f"/binh-chon/de-cu/{returned.pk}/").content.decode()
    assert REASONS[NominationState.RETURNED] in page
    login(client, "hoso.nhap@demo.vn")  # positive control: the draft persona's page has no return reason
    page = client.get(f"/binh-chon/de-cu/{draft.pk}/").content.decode()
    assert "Tranh thêu tay phong cảnh Hồ Gươm" in page and REASONS[NominationState.RETURNED] not in page

    not_recognised = DecisionEntry.objects.get(nomination__product__producer__users__email="hoso.khongdat@demo.vn")
    recognised = DecisionEntry.objects.get(nomination__product__producer__users__email="hoso.congnhan@demo.vn")
    assert (not_recognised.recognised, not_recognised.exclusion_reason) == (False, NOT_RECOGNISED)
    assert recognised.recognised and recognised.certificate.status_on() == "valid"
    login(client, "hoso.congnhan@demo.vn")
    assert recognised.certificate.number in client.get("/chung-nhan/ket-qua/").content.decode()
    login(client, "hoso.khongdat@demo.vn")
    page = client.get("/chung-nhan/ket-qua/").content.decode()
    assert NOT_RECOGNISED in page and recognised.certificate.number not in page

    complaint = Complaint.objects.get()
    assert (complaint.filed_by.email, complaint.text, complaint.decision.round.level) == (
        "hoso.khieunai@demo.vn", COMPLAINT_TEXT, Level.NATIONAL)
    assert complaint.decision.is_published and not complaint.is_answered

    # The TP HCM round mid-scoring: giamkhao4 submitted three sheets, giamkhao5 has two drafts.
    sheets = sorted(ScoreSheet.objects.filter(nomination__round__title=HCM_TITLE)
                    .values_list("member__email", "status"))
    assert sheets == [("giamkhao4@demo.vn", "submitted")] * 3 + [("giamkhao5@demo.vn", "draft")] * 2
    login(client, "giamkhao5@demo.vn")
    assert client.get("/binh-chon/giam-khao/").status_code == 200
