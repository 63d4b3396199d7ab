"""The demo seeds an artisan round with a candidate at every stage, once, and its pages render."""

import pytest
from django.core.management import call_command

from awards.artisans.enums import NominationState
from awards.artisans.models import ArtisanNomination, ArtisanTitle, CommentPeriod, CouncilSession
from catalog.models import User

pytestmark = pytest.mark.django_db


def snapshot():
    return (sorted(ArtisanNomination.objects.values_list("full_name", "state")), ArtisanTitle.objects.count(),
            CouncilSession.objects.count(), CommentPeriod.objects.count())


def test_the_demo_has_a_candidate_at_every_stage_and_seeds_once():
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")

    assert snapshot() == first
    states = {state for _name, state in first[0]}
    assert states >= {NominationState.DRAFT, NominationState.SUBMITTED, NominationState.RETURNED,
                      NominationState.ACCEPTED, NominationState.PROVINCIAL_PASSED,
                      NominationState.MINISTERIAL_PASSED, NominationState.STATE_PASSED, NominationState.AWARDED,
                      NominationState.NOT_PASSED}
    assert ArtisanTitle.objects.filter(source="awarded").count() == 1
    assert ArtisanTitle.objects.filter(source="imported").count() == 12
    assert ArtisanNomination.objects.filter(posthumous=True).count() == 1


def test_the_demo_pages_render(client):
    call_command("seed_demo")
    session = CouncilSession.objects.filter(state="draft").get()
    period = CommentPeriod.objects.order_by("-opens_on").first()
    returned = ArtisanNomination.objects.get(state=NominationState.RETURNED)
    public = ["/nghe-nhan/", "/nghe-nhan/lay-y-kien/", f"/nghe-nhan/lay-y-kien/{period.pk}/",
              f"/nghe-nhan/{ArtisanTitle.objects.filter(source='awarded').get().pk}/"]
    by_login = {
        "thuky.hanoi@demo.vn": ["/nghe-nhan/thu-ky/", f"/nghe-nhan/thu-ky/dot/{session.council.round_id}/",
                                f"/nghe-nhan/thu-ky/dot/{session.council.round_id}/ho-so/",
                                f"/nghe-nhan/thu-ky/hoi-dong/{session.council_id}/",
                                f"/nghe-nhan/hoi-dong/phien/{session.pk}/", f"/nghe-nhan/ho-so/{returned.pk}/"],
        "thuky.quocgia@demo.vn": [f"/nghe-nhan/thu-ky/dot/{session.council.round_id}/lay-y-kien/",
                                  f"/nghe-nhan/thu-ky/dot/{session.council.round_id}/quyet-dinh/",
                                  "/nghe-nhan/thu-ky/so-danh-hieu/nhap-tep/"],
        "hoidong01@demo.vn": ["/nghe-nhan/hoi-dong/", f"/nghe-nhan/hoi-dong/phien/{session.pk}/"],
        "nghenhan2@demo.vn": ["/nghe-nhan/ho-so-cua-toi/", f"/nghe-nhan/ho-so/{returned.pk}/"],
    }
    for url in public:
        assert (url, client.get(url).status_code) == (url, 200)
    for email, urls in by_login.items():
        client.force_login(User.objects.get(email=email))
        for url in urls:
            assert (email, url, client.get(url).status_code) == (email, url, 200)
