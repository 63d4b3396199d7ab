import pytest
from django.core.management import call_command

from awards.demo import PAST_ROUND
from awards.models import DecisionEntry, ResultsDecision
from catalog.models import Certificate


def snapshot():
    return (ResultsDecision.objects.count(), DecisionEntry.objects.count(),
            sorted(Certificate.objects.values_list("number", flat=True)))


@pytest.mark.django_db
def test_seed_results_is_idempotent_and_publishes_certificates(client):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")

    assert snapshot() == first
    decision = ResultsDecision.objects.get(round__title=PAST_ROUND)
    issued = Certificate.objects.public().filter(entry__decision=decision, source="issued").order_by("number")
    assert (decision.state, list(issued.values_list("number", flat=True))) == (
        "published", ["T-01-2024-0001", "T-01-2024-0002"])
    assert client.get(f"/chung-nhan/xac-minh/{issued[0].number}/").status_code == 200


@pytest.mark.django_db
def test_seeded_results_pages_render(client):
    from catalog.models import User

    call_command("seed_demo")
    decision = ResultsDecision.objects.get(round__title=PAST_ROUND)
    client.force_login(User.objects.get(email="thuky.hanoi@demo.vn"))
    urls = ["/chung-nhan/thu-ky/", "/chung-nhan/thu-ky/quyet-dinh/", f"/chung-nhan/thu-ky/quyet-dinh/{decision.pk}/",
            f"/chung-nhan/thu-ky/quyet-dinh/{decision.pk}/tai-tat-ca/", "/chung-nhan/thu-ky/khieu-nai/"]
    for url in urls:
        assert (url, client.get(url).status_code) == (url, 200)
    client.force_login(User.objects.get(email="sanxuat@demo.vn"))
    assert client.get("/chung-nhan/ket-qua/").status_code == 200
