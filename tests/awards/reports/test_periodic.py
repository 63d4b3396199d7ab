"""Periodic reports: the provincial report and the national summary for a year or a half, computed from the data,
stored as a snapshot (downloading again gives the same numbers; generating again makes a new one), as XLSX and
PDF; who may generate and read which."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.models import AnnualReportCycle, Complaint, PeriodicReport
from awards.reports import annual, periodic
from catalog import enums
from scoring.models import Forwarding
from tests.factories import CertificateFactory, NominationFactory, ProducerFactory, ProductFactory, UserFactory

from .conftest import decision_with, province

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def certificate(code, issued, **fields):
    product = ProductFactory(producer=ProducerFactory(province=province(code)), group=fields.pop("group", "1"))
    return CertificateFactory(product=product, issued_on=issued, valid_until=D(issued.year + 2, 12, 31),
                              level=fields.pop("level", "province"), **fields)


def complaint(decision, filed, due, answered=None):
    entry = decision.entries.first()
    return Complaint.objects.create(decision=decision, nomination=entry.nomination, text="Khiếu nại",
                                    filed_at=at(filed), answer_due=due, answered_at=at(answered) if answered else None,
                                    answer="Trả lời" if answered else "")


@pytest.fixture
def secretaries(db):
    return {code: UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.PROVINCE,
                              scope_province=province(code)) for code in ("24", "79")} | {
        "national": UserFactory(role=enums.Role.SECRETARIAT, scope_level=enums.ScopeLevel.NATIONAL)}


@pytest.fixture
def year_2025(db):
    """Bắc Ninh (old units included) and Hồ Chí Minh City in 2025: rounds, certificates, complaints, forwardings."""
    first = decision_with([(True, Decimal("82")), (True, Decimal("71")), (False, Decimal("65"))], year=2025,
                          scope=province("cu-27"), registration_opens=D(2025, 3, 1),
                          registration_closes=D(2025, 4, 30))
    NominationFactory(round=first.round, state="rejected", submitted_at=at(D(2025, 4, 2)))
    decision_with([(True, Decimal("90"))], year=2025, scope=province("24"), level="commune",
                  registration_opens=D(2025, 8, 1), registration_closes=D(2025, 9, 30), state="approved")
    decision_with([(True, Decimal("95"))], year=2025, scope=province("79"), registration_opens=D(2025, 3, 1),
                  registration_closes=D(2025, 4, 30))
    target = decision_with([], level="region", year=2026, registration_opens=D(2026, 3, 1),
                           registration_closes=D(2026, 4, 30), state="draft").round
    for entry in first.entries.filter(recognised=True):
        Forwarding.objects.filter(pk=Forwarding.objects.create(from_round=first.round, to_round=target,
                                                               product=entry.nomination.product).pk).update(
            created_at=at(D(2025, 11, 5)))
    certificate("cu-24", D(2025, 5, 10))
    certificate("24", D(2025, 9, 10), level="commune", group="2")
    certificate("24", D(2025, 2, 1), status="revoked", revoked_on=D(2025, 10, 1))
    certificate("24", D(2023, 2, 1), status="revoked", revoked_on=D(2024, 10, 1))  # revoked before the period
    certificate("79", D(2025, 5, 10))
    complaint(first, D(2025, 11, 1), D(2025, 11, 14), answered=D(2025, 11, 10))
    complaint(first, D(2025, 11, 2), D(2025, 11, 14), answered=D(2025, 11, 20))
    complaint(first, D(2025, 11, 3), D(2025, 11, 17))
    complaint(first, D(2024, 11, 3), D(2024, 11, 17), answered=D(2024, 11, 4))  # filed before the period
    return first


def table(report, title_start: str):
    return next(t for t in periodic.tables(report) if t.title.startswith(title_start))


def first_column(t) -> dict:
    return {row[0]: row[1:] for row in t.rows}


def test_provincial_report_for_a_year(year_2025, secretaries):
    report = periodic.generate(kind="provincial", province=province("24"), year=2025, half=0, by=secretaries["24"])

    rounds = table(report, "Đợt bình chọn")
    assert [row[1:] for row in rounds.rows] == [
        ["Cấp tỉnh", "Bắc Ninh", "Đã công bố kết quả", 4, 3, 2, 2, 2],
        ["Cấp xã", "Xã Thử, Bắc Ninh", "Đã công bố kết quả", 1, 1, None, None, 0]]
    recognised = first_column(table(report, "Sản phẩm được công nhận"))
    assert (recognised["Thủ công mỹ nghệ"], recognised["Chế biến nông, lâm, thủy sản và thực phẩm"]) == (
        [0, 1, 1], [1, 0, 1])
    assert first_column(table(report, "Giấy chứng nhận")) == {"Cấp xã": [1, 0], "Cấp tỉnh": [2, 1]}
    assert table(report, "Sản phẩm đề nghị").rows == [["Cấp tỉnh", 2, 0, 0, 2]]
    complaints = first_column(table(report, "Khiếu nại"))
    assert [complaints[k][0] for k in ("Khiếu nại nhận trong kỳ", "Đã trả lời đúng hạn", "Đã trả lời quá hạn",
                                       "Chưa trả lời, đã quá hạn", "Tỉ lệ trả lời đúng hạn (%)")] == [
        3, 1, 1, 1, Decimal("33.33")]


def test_half_year_reports_split_the_year(year_2025, secretaries):
    first_half = periodic.generate(kind="provincial", province=province("24"), year=2025, half=1,
                                   by=secretaries["24"])
    second_half = periodic.generate(kind="provincial", province=province("24"), year=2025, half=2,
                                    by=secretaries["24"])

    assert [row[0] for row in table(first_half, "Đợt bình chọn").rows] == [year_2025.round.title]
    assert len(table(second_half, "Đợt bình chọn").rows) == 1
    assert first_column(table(first_half, "Giấy chứng nhận")) == {"Cấp tỉnh": [2, 0]}
    assert first_column(table(second_half, "Giấy chứng nhận")) == {"Cấp xã": [1, 0], "Cấp tỉnh": [0, 1]}
    assert (first_half.figures["start"], first_half.figures["end"]) == ("2025-01-01", "2025-06-30")


def test_national_summary_has_every_province(year_2025, secretaries):
    report = periodic.generate(kind="national", province=None, year=2025, half=0, by=secretaries["national"])

    provinces = first_column(table(report, "Số liệu theo tỉnh/thành phố"))
    assert len(provinces) == 34
    assert provinces["Bắc Ninh"][:3] == [2, 2, 1]  # rounds, recognised (the revoked one not), revoked
    assert provinces["Thành phố Hồ Chí Minh"][:3] == [1, 1, 0]
    assert table(report, "Đợt bình chọn").footer[4:] == [6, 5, 3, 3, 2]


def test_holders_figures_come_from_the_years_cycle(year_2025, secretaries):
    user = UserFactory()
    holder = ProducerFactory(province=province("24"), users=[user])
    CertificateFactory(product=ProductFactory(producer=holder), issued_on=D(2025, 3, 1), valid_until=D(2027, 12, 31))
    today = timezone.localdate()
    cycle = annual.save_cycle(cycle=AnnualReportCycle(year=2025, province=province("24"), opens_on=today,
                                                      deadline=today), by=secretaries["24"])
    annual.save_annual_report(cycle=cycle, producer=holder, by=user, submit=True, figures={
        "production_volume": "1 tấn", "revenue": Decimal(900), "export_revenue": Decimal(0), "jobs": 4,
        "market": "domestic", "export_markets": "", "logo_use": "some", "support": [], "support_amount": Decimal(0),
        "notes": ""})

    report = periodic.generate(kind="provincial", province=province("24"), year=2025, half=0, by=secretaries["24"])

    holders = first_column(table(report, "Báo cáo hằng năm"))
    assert (holders["Đã nộp"], holders["Tổng doanh thu (đồng)"], holders["Tổng số lao động"]) == ([1], [900], [4])
    assert holders["Cơ sở phải báo cáo"][0] == 3  # the holder and the two 2025 certificates of Bắc Ninh


def issued_at_province_level(book) -> int:
    sheet = book.worksheets[3]  # after "Thông tin": rounds, recognised, certificates issued and revoked
    assert sheet.title.startswith("3. Giấy chứng nhận")
    return next(row[1].value for row in sheet.iter_rows() if row[0].value == "Cấp tỉnh")


def test_the_snapshot_keeps_its_numbers_and_generating_again_makes_a_new_one(client, year_2025, secretaries):
    report = periodic.generate(kind="provincial", province=province("24"), year=2025, half=0, by=secretaries["24"])
    client.force_login(secretaries["24"])
    url = reverse("reports:periodic_xlsx", args=[report.pk])
    before = client.get(url).content
    certificate("24", D(2025, 6, 1))  # the data changes after the report was made

    again = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    fresh = client.post(reverse("reports:periodic_regenerate", args=[report.pk]))

    assert issued_at_province_level(openpyxl.load_workbook(io.BytesIO(before))) == 2
    assert issued_at_province_level(again) == 2
    newest = PeriodicReport.objects.exclude(pk=report.pk).get()
    assert fresh.url == reverse("reports:periodic_detail", args=[newest.pk])
    assert first_column(table(newest, "Giấy chứng nhận"))["Cấp tỉnh"] == [3, 1]
    report.refresh_from_db()
    assert first_column(table(report, "Giấy chứng nhận"))["Cấp tỉnh"] == [2, 1]


def test_the_workbook_says_what_the_report_is(client, year_2025, secretaries):
    report = periodic.generate(kind="provincial", province=province("24"), year=2025, half=1, by=secretaries["24"])
    client.force_login(secretaries["24"])

    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("reports:periodic_xlsx", args=[report.pk])).content))

    about = {row[0].value: row[1].value for row in book["Thông tin"].iter_rows(min_row=2)}
    assert (about["Phạm vi"], about["Kỳ báo cáo"], about["Từ ngày"], about["Đến ngày"]) == (
        "Bắc Ninh", "6 tháng đầu năm năm 2025", "01/01/2025", "30/06/2025")
    assert len(book.sheetnames) == 7


def test_the_pdf_carries_the_same_figures(client, year_2025, secretaries):
    report = periodic.generate(kind="provincial", province=province("24"), year=2025, half=0, by=secretaries["24"])
    client.force_login(secretaries["24"])

    response = client.get(reverse("reports:periodic_pdf", args=[report.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Báo cáo của tỉnh gửi Bộ Công Thương".upper() in text.upper()
    assert year_2025.round.title in text and "33,33" in text


# --- Who may -----------------------------------------------------------------------------------------------


def test_a_province_generates_its_own_report_only(year_2025, secretaries):
    with pytest.raises(ValidationError, match="Chỉ Bộ Công Thương"):
        periodic.generate(kind="national", province=None, year=2025, half=0, by=secretaries["24"])
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        periodic.generate(kind="provincial", province=province("79"), year=2025, half=0, by=secretaries["24"])
    with pytest.raises(ValidationError, match="hiện hành"):
        periodic.generate(kind="provincial", province=province("cu-24"), year=2025, half=0, by=secretaries["24"])

    assert not PeriodicReport.objects.exists()


def test_reports_are_read_within_scope(client, year_2025, secretaries):
    own = periodic.generate(kind="provincial", province=province("24"), year=2025, half=0, by=secretaries["24"])
    other = periodic.generate(kind="provincial", province=province("79"), year=2025, half=0, by=secretaries["79"])
    national = periodic.generate(kind="national", province=None, year=2025, half=0, by=secretaries["national"])
    client.force_login(secretaries["24"])

    for report in (other, national):
        for name in ("periodic_detail", "periodic_xlsx", "periodic_pdf"):
            assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404
        assert client.post(reverse("reports:periodic_regenerate", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:periodic_detail", args=[own.pk])).status_code == 200
    listed = client.get(reverse("reports:periodic_list")).context["reports"]
    assert list(listed) == [own]
    client.force_login(secretaries["national"])
    assert set(client.get(reverse("reports:periodic_list")).context["reports"]) == {own, other, national}


def test_generating_through_the_page(client, year_2025, secretaries):
    client.force_login(secretaries["24"])

    refused = client.post(reverse("reports:periodic_list"), {"kind": "national", "year": 2025, "half": 0})
    missing = client.post(reverse("reports:periodic_list"), {"kind": "provincial", "half": 0})
    made = client.post(reverse("reports:periodic_list"), {"kind": "provincial", "province": province("24").pk,
                                                          "year": 2025, "half": 2})

    assert (refused.status_code, missing.status_code, made.status_code) == (400, 400, 302)
    assert PeriodicReport.objects.get().half == 2


def test_the_pages_are_for_the_secretariat(client, producer_user):
    client.force_login(producer_user)

    assert client.get(reverse("reports:periodic_list")).status_code == 404


def test_report_list_query_count_does_not_grow(client, secretaries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretaries["24"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:periodic_list")).status_code == 200
        return len(captured)

    periodic.generate(kind="provincial", province=province("24"), year=2025, half=0, by=secretaries["24"])
    one = queries()
    for half in (1, 2):
        periodic.generate(kind="provincial", province=province("24"), year=2025, half=half, by=secretaries["24"])

    assert queries() == one
