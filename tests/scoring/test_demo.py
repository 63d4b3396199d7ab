import pytest
from django.core.management import call_command

from awards.demo_catalogue import HCM_TITLE
from catalog.enums import Level
from scoring.demo import SCORING_TITLE
from scoring.enums import NominationState, RoundState
from scoring.models import Forwarding, JuryMember, Nomination, ScoreSheet, SelectionRound


def snapshot():
    return (SelectionRound.objects.count(), Nomination.objects.count(), Forwarding.objects.count(),
            sorted(Nomination.objects.values_list("state", flat=True)))


@pytest.mark.django_db
def test_seed_rounds_is_idempotent_and_covers_every_state():
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")

    assert snapshot() == first
    assert set(Nomination.objects.values_list("state", flat=True)) == set(NominationState.values)
    open_levels = set(SelectionRound.objects.open_for_registration().values_list("level", flat=True))
    assert open_levels == {Level.COMMUNE, Level.PROVINCE, Level.REGION}
    assert Forwarding.objects.get().product.name == "Bình hút lộc men rạn cổ"
    # The rounds of this app's demo (the TP HCM round being scored is awards.demo_catalogue's).
    assert Nomination.objects.filter(state="accepted", snapshot__isnull=False).exclude(
        round__title__in=[SCORING_TITLE, HCM_TITLE]).count() == 3


@pytest.mark.django_db
def test_seed_has_a_round_in_scoring_with_partly_filled_sheets(client):
    call_command("seed_demo")
    call_command("seed_demo")

    scoring = SelectionRound.objects.get(title=SCORING_TITLE)
    sheets = sorted(ScoreSheet.objects.filter(nomination__round=scoring).values_list("member__email", "status"))
    assert scoring.state == RoundState.SCORING
    assert scoring.nominations.filter(state="accepted").count() == 5
    assert sorted(JuryMember.objects.filter(jury__round=scoring).values_list("user__email", flat=True)) == [
        "giamkhao1@demo.vn", "giamkhao2@demo.vn", "giamkhao3@demo.vn"]
    assert sheets == [("giamkhao1@demo.vn", "submitted"), ("giamkhao1@demo.vn", "submitted"),
                      ("giamkhao2@demo.vn", "draft")]
    # Blind, with a conflict recorded after giamkhao1 scored (the sheet kept, not counted) and one to review.
    from scoring.models import ConflictReport, Recusal

    # giamkhao1 had scored two products of that producer: both sheets stop counting.
    late = list(Recusal.objects.filter(nomination__round=scoring).select_related("nomination__figures"))
    assert scoring.blind_judging is True
    assert sorted((r.user.email, r.recorded_by.email, r.nomination.figures.sheet_count) for r in late) == [
        ("giamkhao1@demo.vn", "thuky.hanoi@demo.vn", 0)] * 2
    assert ConflictReport.objects.get().state == "pending"

    from catalog.models import User

    client.force_login(User.objects.get(email="giamkhao2@demo.vn"))
    urls = ["/binh-chon/giam-khao/"] + [f"/binh-chon/giam-khao/ho-so/{n.pk}/" for n in scoring.nominations.all()]
    assert [client.get(url).status_code for url in urls] == [200] * 6
    client.force_login(User.objects.get(email="thuky.hanoi@demo.vn"))
    urls = [f"/binh-chon/thu-ky/dot/{scoring.pk}/giam-khao/", f"/binh-chon/thu-ky/dot/{scoring.pk}/tien-do-cham/"]
    urls += [f"/binh-chon/thu-ky/ho-so/{n.pk}/phieu-cham/" for n in scoring.nominations.all()]
    assert [client.get(url).status_code for url in urls] == [200] * 7


@pytest.mark.django_db
def test_seeded_demo_pages_render(client):
    from catalog.models import User

    call_command("seed_demo")
    hanoi = User.objects.get(email="thuky.hanoi@demo.vn")
    client.force_login(hanoi)
    urls = ["/binh-chon/thu-ky/dot/", "/binh-chon/thu-ky/dot/tao-moi/", "/chung-nhan/thu-ky/",
            "/chung-nhan/thu-ky/ghi-nhan/", "/chung-nhan/thu-ky/nhap-tep/"]
    for selection_round in SelectionRound.objects.filter(scope_province=hanoi.scope_province):
        urls += [f"/binh-chon/thu-ky/dot/{selection_round.pk}/", f"/binh-chon/thu-ky/dot/{selection_round.pk}/ho-so/",
                 f"/binh-chon/thu-ky/dot/{selection_round.pk}/chuyen-len/"]
        urls += [f"/binh-chon/thu-ky/ho-so/{n.pk}/" for n in selection_round.nominations.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url

    client.force_login(User.objects.get(email="sanxuat@demo.vn"))
    mine = Nomination.objects.filter(product__producer__users__email="sanxuat@demo.vn")
    urls = ["/binh-chon/dot-dang-mo/", "/binh-chon/de-cu/", "/binh-chon/chuyen-len/"]
    urls += [f"/binh-chon/de-cu/{n.pk}/" for n in mine]
    urls += [f"/binh-chon/dot/{r.pk}/de-cu/" for r in SelectionRound.objects.open_for_registration()]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert mine.count() == 7
