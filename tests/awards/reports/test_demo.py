import pytest
from django.core.management import call_command

from awards.models import AnnualReport, AnnualReportCycle, PeriodicReport
from catalog.models import User


def snapshot():
    return (AnnualReportCycle.objects.count(), sorted(AnnualReport.objects.values_list("producer_id", "state")),
            PeriodicReport.objects.count())


@pytest.mark.django_db
def test_seed_reports_is_idempotent_and_its_pages_render(client):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")

    assert snapshot() == first
    cycles, reports, periodic = first
    # One holder's report submitted, one in draft (which holders depends on the names in the large demo).
    assert (cycles, sorted(state for _producer, state in reports), periodic) == (1, ["draft", "submitted"], 2)
    cycle = AnnualReportCycle.objects.get()
    client.force_login(User.objects.get(email="thuky.hanoi@demo.vn"))
    report = PeriodicReport.objects.get(kind="provincial")
    for url in ["/thu-ky/thong-ke/", "/thu-ky/bao-cao-hang-nam/", f"/thu-ky/bao-cao-hang-nam/{cycle.pk}/",
                "/thu-ky/bao-cao-dinh-ky/", f"/thu-ky/bao-cao-dinh-ky/{report.pk}/", "/thong-ke/dot-binh-chon/"]:
        assert (url, client.get(url).status_code) == (url, 200)
    client.force_login(User.objects.get(email="sanxuat@demo.vn"))
    assert client.get("/bao-cao-hang-nam/").status_code == 200
