"""Holders' annual reports: who must report, statuses, the writes and their rules through every door, the
province's aggregate, the reminders (each once), and who reaches what."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import AnnualReport, AnnualReportCycle, AnnualReportReminder
from awards.reports import annual
from catalog import enums
from catalog import mail as outbox
from tests.factories import CertificateFactory, ProducerFactory, ProductFactory, UserFactory

from .conftest import province

pytestmark = pytest.mark.django_db

def today():
    # Read when a test runs, never at import: a run that crosses midnight in Vietnam would otherwise compare
    # yesterday's dates with the code's today (CI caught it at 00:00 Asia/Ho_Chi_Minh).
    return timezone.localdate()

def last_year() -> int:
    """The year reported on: the one before today's, read when each test runs (a run can cross New Year)."""
    return today().year - 1


D = datetime.date
FIGURES = {"production_volume": "12.000 sản phẩm", "revenue": Decimal(2_500_000_000),
           "export_revenue": Decimal(400_000_000), "jobs": 35, "market": "both", "export_markets": "Nhật Bản",
           "logo_use": "all", "support": ["extension", "training"], "support_amount": Decimal(50_000_000),
           "notes": ""}


def holder_with(code: str, *, user=None, **certificate):
    producer = ProducerFactory(province=province(code), users=[user] if user else [])
    certificate.setdefault("issued_on", D(last_year(), 3, 1))
    certificate.setdefault("valid_until", D(last_year() + 2, 12, 31))
    CertificateFactory(product=ProductFactory(producer=producer), **certificate)
    return producer


@pytest.fixture
def bac_ninh_secretary(db):
    return UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE,
                       scope_province=province("24"))


@pytest.fixture
def cycle(bac_ninh_secretary):
    return annual.save_cycle(cycle=AnnualReportCycle(
        year=last_year(), province=province("24"), opens_on=today() - datetime.timedelta(days=10),
        deadline=today() + datetime.timedelta(days=20)), by=bac_ninh_secretary)


@pytest.fixture
def holder_user(db):
    return UserFactory(email="chu-co-so@example.vn")


@pytest.fixture
def holder(holder_user):
    """Filed under old Bắc Giang (now Bắc Ninh), with a certificate in force at the end of the reported year."""
    return holder_with("cu-24", user=holder_user)


def test_holders_have_a_published_certificate_in_force_at_the_end_of_the_year(cycle, holder):
    # Expired before the year ended:
    holder_with("24", issued_on=D(last_year() - 3, 3, 1), valid_until=D(last_year() - 1, 12, 31))
    holder_with("24", issued_on=D(last_year(), 1, 5), status="revoked", revoked_on=D(last_year(), 6, 1))
    holder_with("24", published_on=None)
    # Issued after the year:
    holder_with("24", issued_on=D(last_year() + 1, 1, 1), valid_until=D(last_year() + 3, 12, 31))
    holder_with("79")  # another province
    until_year_end = holder_with("cu-27", issued_on=D(last_year() - 2, 3, 1), valid_until=D(last_year(), 12, 31))

    assert set(annual.holders(cycle)) == {holder, until_year_end}


def test_status_not_started_draft_submitted_and_late(cycle, holder, holder_user):
    after_deadline = cycle.deadline + datetime.timedelta(days=1)
    assert annual.holder_status(cycle, None, today()) == "not_started"
    assert annual.holder_status(cycle, None, after_deadline) == "late"

    report = annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures=FIGURES)
    assert (annual.holder_status(cycle, report, today()), annual.holder_status(cycle, report, after_deadline)) == (
        "draft", "late")

    report = annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures=FIGURES, submit=True)
    assert (annual.holder_status(cycle, report, today()), annual.holder_status(cycle, report, after_deadline)) == (
        "submitted", "submitted")
    assert (report.state, report.submitted_by, report.is_late) == ("submitted", holder_user, False)


def test_a_report_submitted_after_the_deadline_is_marked_late(cycle, holder, holder_user):
    AnnualReportCycle.objects.filter(pk=cycle.pk).update(deadline=today() - datetime.timedelta(days=1))
    cycle.refresh_from_db()

    report = annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures=FIGURES, submit=True)

    assert (report.is_submitted, report.is_late) == (True, True)


def test_a_submitted_report_no_longer_changes(cycle, holder, holder_user):
    annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures=FIGURES, submit=True)

    with pytest.raises(ValidationError, match="đã nộp"):
        annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures={**FIGURES, "jobs": 1})

    assert AnnualReport.objects.get().jobs == 35


@pytest.mark.parametrize(("changes", "field"), [
    ({"export_revenue": Decimal(3_000_000_000)}, "export_revenue"),
    ({"revenue": Decimal(-1), "export_revenue": Decimal(0)}, "revenue"),
    ({"support": ["bogus"]}, "support"),
    ({"market": "domestic"}, "market"),
])
def test_bad_figures_are_refused_and_store_nothing(cycle, holder, holder_user, changes, field):
    with pytest.raises(ValidationError) as error:
        annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures={**FIGURES, **changes})

    assert field in error.value.message_dict
    assert not AnnualReport.objects.exists()


def test_only_a_producers_own_accounts_report_for_it(cycle, holder, other_producer_user, bac_ninh_secretary):
    for stranger in (other_producer_user, bac_ninh_secretary):
        with pytest.raises(ValidationError):
            annual.save_annual_report(cycle=cycle, producer=holder, by=stranger, figures=FIGURES)
    assert not AnnualReport.objects.exists()


def test_a_producer_that_is_not_a_holder_cannot_report(cycle, holder_user):
    not_holder = holder_with("24", user=holder_user, published_on=None)

    with pytest.raises(ValidationError, match="không phải báo cáo"):
        annual.save_annual_report(cycle=cycle, producer=not_holder, by=holder_user, figures=FIGURES)


def test_a_cycle_not_yet_open_takes_no_report(cycle, holder, holder_user):
    AnnualReportCycle.objects.filter(pk=cycle.pk).update(opens_on=today() + datetime.timedelta(days=1),
                                                         deadline=today() + datetime.timedelta(days=30))

    with pytest.raises(ValidationError):
        annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures=FIGURES)


# --- Opening a cycle ---------------------------------------------------------------------------------------


def test_one_cycle_per_province_and_year(cycle, bac_ninh_secretary):
    with pytest.raises(ValidationError, match="đã có đợt báo cáo"):
        annual.save_cycle(cycle=AnnualReportCycle(year=last_year(), province=province("24"), opens_on=today(),
                                                  deadline=today()), by=bac_ninh_secretary)


# The dates are computed when each test runs (a function of today), not when the tests are collected.
@pytest.mark.parametrize(("fields", "message"), [
    (lambda on: {"province": "79"}, "ngoài phạm vi"),
    (lambda on: {"province": "cu-24"}, "hiện hành"),
    (lambda on: {"year": on.year + 1}, "năm đã bắt đầu"),
    (lambda on: {"deadline": on - datetime.timedelta(days=1)}, "Hạn nộp không thể trước"),
])
def test_cycle_rules(bac_ninh_secretary, fields, message):
    on = today()
    values = {"year": on.year - 1, "province": "24", "opens_on": on,
              "deadline": on + datetime.timedelta(days=5), **fields(on)}
    values["province"] = province(values["province"])
    with pytest.raises(ValidationError, match=message):
        annual.save_cycle(cycle=AnnualReportCycle(**values), by=bac_ninh_secretary)
    assert not AnnualReportCycle.objects.exists()


def test_an_open_cycle_keeps_its_year_and_province(cycle, bac_ninh_secretary):
    cycle.year = last_year() - 1

    with pytest.raises(ValidationError, match="Không đổi được"):
        annual.save_cycle(cycle=cycle, by=bac_ninh_secretary)


# --- Reopening, aggregate ----------------------------------------------------------------------------------


def test_the_secretariat_sends_a_report_back_with_a_reason(cycle, holder, holder_user, bac_ninh_secretary,
                                                           django_capture_on_commit_callbacks):
    report = annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures=FIGURES, submit=True)
    with pytest.raises(ValidationError):
        annual.reopen_annual_report(report=report, by=bac_ninh_secretary, reason=" ")

    with django_capture_on_commit_callbacks(execute=True):
        annual.reopen_annual_report(report=report, by=bac_ninh_secretary, reason="Doanh thu chưa khớp sổ sách.")

    report.refresh_from_db()
    assert (report.state, report.submitted_at) == ("draft", None)
    assert mail.outbox[0].to == ["chu-co-so@example.vn"]
    assert "Doanh thu chưa khớp sổ sách." in mail.outbox[0].body


def test_a_secretariat_of_another_province_cannot_send_it_back(cycle, holder, holder_user):
    report = annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures=FIGURES, submit=True)
    hcm = UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE, scope_province=province("79"))

    with pytest.raises(ValidationError):
        annual.reopen_annual_report(report=report, by=hcm, reason="Sai")

    assert AnnualReport.objects.get().state == "submitted"


def test_the_aggregate_sums_submitted_reports_only(cycle, holder, holder_user):
    second_user = UserFactory()
    second = holder_with("24", user=second_user)
    holder_with("24")  # not started
    annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures=FIGURES, submit=True)
    annual.save_annual_report(cycle=cycle, producer=second, by=second_user,
                              figures={**FIGURES, "revenue": Decimal(100), "export_revenue": Decimal(0),
                                       "jobs": 5, "market": "domestic", "logo_use": "none", "support": []})

    result = annual.aggregate([cycle], on=today())

    assert (result.holders, result.submitted, result.statuses["draft"], result.statuses["not_started"]) == (3, 1, 1, 1)
    assert (result.revenue, result.export_revenue, result.jobs, result.support_amount) == (
        2_500_000_000, 400_000_000, 35, 50_000_000)
    assert (result.markets["both"], result.markets["domestic"], result.logo_use["all"], result.support["training"]) == (
        1, 0, 1, 1)


# --- Reminders ---------------------------------------------------------------------------------------------


def test_reminders_before_and_after_the_deadline_go_once_each(cycle, holder, holder_user):
    submitted_user = UserFactory(email="da-nop@example.vn")
    submitted = holder_with("24", user=submitted_user)
    annual.save_annual_report(cycle=cycle, producer=submitted, by=submitted_user, figures=FIGURES, submit=True)
    holder_with("24", user=None).users.clear()  # a holder with neither account nor e-mail address
    AnnualReportCycle.objects.filter(pk=cycle.pk).update(opens_on=today() - datetime.timedelta(days=3))
    no_address = ProducerFactory(province=province("24"), email="")
    CertificateFactory(product=ProductFactory(producer=no_address), issued_on=D(last_year(), 3, 1),
                       valid_until=D(last_year() + 2, 12, 31))
    before = cycle.deadline - datetime.timedelta(days=7)
    after = cycle.deadline + datetime.timedelta(days=3)

    assert annual.send_reminders(on=before - datetime.timedelta(days=1)) == 0
    sent_before = annual.send_reminders(on=before)
    assert annual.send_reminders(on=before + datetime.timedelta(days=1)) == 0
    assert annual.send_reminders(on=cycle.deadline + datetime.timedelta(days=1)) == 0
    sent_after = annual.send_reminders(on=after)
    assert annual.send_reminders(on=after) == 0

    outbox.deliver()  # what the worker does after commit (the test's transaction never commits)
    recipients = sorted(to for message in mail.outbox for to in message.to)
    assert (sent_before, sent_after) == (2, 2)  # the holder and the one with only its own e-mail address
    assert "chu-co-so@example.vn" in recipients and "da-nop@example.vn" not in recipients
    assert set(AnnualReportReminder.objects.values_list("kind", flat=True)) == {"before", "after"}
    assert not AnnualReportReminder.objects.filter(producer=no_address).exists()
    assert "quá hạn" in mail.outbox[-1].subject


def test_reminders_of_old_cycles_are_not_sent_late(cycle, holder):
    after = cycle.deadline + datetime.timedelta(days=3)

    assert annual.send_reminders(on=after + annual.REMINDER_WINDOW + datetime.timedelta(days=1)) == 0
    assert annual.send_reminders(on=after + annual.REMINDER_WINDOW) == 1


def test_the_daily_command_sends_the_days_reminders(cycle, holder, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("annual_report_reminders", "--date", cycle.deadline.isoformat())

    assert capsys.readouterr().out.strip() == "1 e-mail nhắc đã gửi."
    assert reverse("reports:annual_report", args=[cycle.pk, holder.pk]) in mail.outbox[0].body


# --- Pages -------------------------------------------------------------------------------------------------


def test_the_producer_fills_saves_and_submits_its_report(client, cycle, holder, holder_user):
    client.force_login(holder_user)
    url = reverse("reports:annual_report", args=[cycle.pk, holder.pk])
    data = {**{k: str(v) for k, v in FIGURES.items() if k != "support"}, "support": FIGURES["support"]}

    assert str(cycle.year) in client.get(reverse("reports:my_annual_reports")).content.decode()
    assert client.post(url, {**data, "action": "save"}).status_code == 302
    refused = client.post(url, {**data, "action": "submit"})
    assert refused.status_code == 400 and "Hãy đánh dấu xác nhận" in refused.content.decode()
    assert AnnualReport.objects.get().state == "draft"
    assert client.post(url, {**data, "action": "submit", "confirm": "on"}).status_code == 302

    report = AnnualReport.objects.get()
    assert (report.state, report.revenue, report.support) == ("submitted", Decimal(2_500_000_000),
                                                             ["extension", "training"])
    assert "nộp sau hạn" not in client.get(url).content.decode()  # the read-only view
    assert client.post(url, {**data, "jobs": "1", "action": "save"}).status_code == 200
    assert AnnualReport.objects.get().jobs == 35


def test_a_bad_form_answers_400_with_the_message_and_stores_nothing(client, cycle, holder, holder_user):
    client.force_login(holder_user)
    data = {**{k: str(v) for k, v in FIGURES.items() if k != "support"}, "export_revenue": "9000000000",
            "action": "save"}

    response = client.post(reverse("reports:annual_report", args=[cycle.pk, holder.pk]), data)

    assert response.status_code == 400
    assert "Doanh thu xuất khẩu không thể lớn hơn tổng doanh thu." in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_a_producer_reaches_only_its_own_reports(client, cycle, holder, holder_user, other_producer_user):
    url = reverse("reports:annual_report", args=[cycle.pk, holder.pk])
    other = holder_with("79", user=other_producer_user)

    client.force_login(other_producer_user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "save"}).status_code == 404
    assert client.get(reverse("reports:annual_report", args=[cycle.pk, other.pk])).status_code == 404  # not a holder
    client.force_login(holder_user)
    assert client.get(url).status_code == 200


def test_the_secretariat_reaches_the_cycles_of_its_province_only(client, cycle, holder, holder_user,
                                                                bac_ninh_secretary):
    report = annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures=FIGURES, submit=True)
    hcm = UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE, scope_province=province("79"))
    urls = [reverse("reports:cycle_detail", args=[cycle.pk]), reverse("reports:cycle_export", args=[cycle.pk]),
            reverse("reports:cycle_report", args=[cycle.pk, report.pk])]

    client.force_login(hcm)
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert client.post(reverse("reports:cycle_report_reopen", args=[cycle.pk, report.pk]),
                       {"reason": "x"}).status_code == 404
    assert str(cycle) not in client.get(reverse("reports:cycle_list")).content.decode()
    client.force_login(bac_ninh_secretary)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    assert str(cycle) in client.get(reverse("reports:cycle_list")).content.decode()


def test_the_export_lists_every_holder_and_the_aggregate(client, cycle, holder, holder_user, bac_ninh_secretary):
    annual.save_annual_report(cycle=cycle, producer=holder, by=holder_user, figures=FIGURES, submit=True)
    holder_with("24", user=None)
    client.force_login(bac_ninh_secretary)

    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("reports:cycle_export", args=[cycle.pk])).content))

    rows = [[cell.value for cell in row] for row in book["Cơ sở"].iter_rows()]
    assert [row[2] for row in rows[1:]].count("Đã nộp") == 1 and len(rows) == 3
    totals = {row[0].value: row[1].value for row in book["Tổng hợp"].iter_rows(min_row=2)}
    assert (totals["Cơ sở phải báo cáo"], totals["Tổng doanh thu (đồng)"]) == (2, 2_500_000_000)


def test_opening_a_cycle_through_the_page(client, bac_ninh_secretary):
    client.force_login(bac_ninh_secretary)
    data = {"year": last_year(), "province": province("24").pk, "opens_on": today().isoformat(),
            "deadline": (today() + datetime.timedelta(days=30)).isoformat(), "remind_days_before": 7,
            "remind_days_after": 3, "instructions": ""}

    assert client.post(reverse("reports:cycle_create"), {**data, "province": province("79").pk}).status_code == 400
    response = client.post(reverse("reports:cycle_create"), data)

    assert response.status_code == 302
    assert AnnualReportCycle.objects.get().province.code == "24"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_cycle_page_query_count_does_not_grow_with_holders(client, cycle, holder, bac_ninh_secretary):
    client.force_login(bac_ninh_secretary)
    url = reverse("reports:cycle_detail", args=[cycle.pk])
    one = _queries(client, url)
    for _ in range(2):
        user = UserFactory()
        annual.save_annual_report(cycle=cycle, producer=holder_with("24", user=user), by=user, figures=FIGURES)

    assert _queries(client, url) == one


def test_my_reports_query_count_does_not_grow_with_cycles(client, cycle, holder, holder_user, bac_ninh_secretary):
    client.force_login(holder_user)
    url = reverse("reports:my_annual_reports")
    one = _queries(client, url)
    for year in (last_year() - 1, last_year() - 2):
        annual.save_cycle(cycle=AnnualReportCycle(year=year, province=province("24"), opens_on=today(),
                                                  deadline=today()), by=bac_ninh_secretary)
    CertificateFactory(product=ProductFactory(producer=holder), issued_on=D(last_year() - 2, 3, 1),
                       valid_until=D(last_year(), 12, 31))

    body = client.get(url).content.decode()
    assert _queries(client, url) == one
    assert all(f"Năm {year}" in body for year in (last_year(), last_year() - 1, last_year() - 2))


def test_cycle_list_query_count_does_not_grow(client, cycle, bac_ninh_secretary):
    client.force_login(bac_ninh_secretary)
    url = reverse("reports:cycle_list")
    one = _queries(client, url)
    for year in (last_year() - 1, last_year() - 2):
        annual.save_cycle(cycle=AnnualReportCycle(year=year, province=province("24"), opens_on=today(),
                                                  deadline=today()), by=bac_ninh_secretary)

    assert _queries(client, url) == one
