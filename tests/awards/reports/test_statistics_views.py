"""The statistics pages: every section renders its charts, tables and downloads; filters live in the address and
bad ones answer 400 with a message; downloads are the page's tables, with no live formula; the number of queries
does not grow with the data."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.reports.sections import SECTIONS
from tests.factories import CertificateFactory, ProducerFactory, ProductFactory

from .conftest import decision_with, province

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    """Read when each test runs, in the project's time zone: a run may cross midnight."""
    return timezone.localdate()


def recognised(code="01", level="province", **fields):
    product = ProductFactory(producer=ProducerFactory(province=province(code)), group=fields.pop("group", "1"))
    return CertificateFactory(product=product, level=level, issued_on=today() - datetime.timedelta(days=20),
                              valid_until=datetime.date(today().year + 2, 12, 31), **fields)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def some_data(db):
    recognised("01")
    recognised("cu-24", level="national", group="2")
    decision = decision_with([(True, Decimal("85")), (False, Decimal("66"))], scope=province("01"), year=today().year)
    return decision


@pytest.mark.parametrize("section", list(SECTIONS))
def test_every_public_section_renders_charts_tables_and_downloads(client, some_data, section):
    response = client.get(reverse("reports:statistics", args=[section]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and "<table" in body
    for key, _build in SECTIONS[section].builders:
        if key != "dot":  # a round's histogram only when one is chosen
            assert reverse("reports:statistics_download", args=[section, key, "csv"]) in body


@pytest.mark.parametrize("section", list(SECTIONS))
def test_every_internal_section_renders(client, some_data, secretary, section):
    client.force_login(secretary)

    response = client.get(reverse("reports:internal_statistics", args=[section]))

    assert response.status_code == 200
    assert reverse("reports:internal_statistics_download", args=[section, "theo-tinh" if section in {
        "san-pham", "giay-chung-nhan", "co-so"} else "theo-nam", "xlsx"]) in response.content.decode()


def test_home_is_the_products_section(client, some_data):
    response = client.get(reverse("reports:statistics_home"))

    assert response.status_code == 200
    assert response.context["section"].slug == "san-pham"


@pytest.mark.parametrize(("query", "message"), [
    ("tu_nam=2025&den_nam=2020", "“Từ năm” phải trước hoặc bằng “Đến năm”."),
    ("tinh=99", "Hãy chọn một lựa chọn hợp lệ"),
    ("cap=bogus", "Hãy chọn một lựa chọn hợp lệ"),
    ("tu_nam=abc", "Năm phải là một số, ví dụ 2025."),
])
def test_bad_filters_answer_400_with_a_message(client, some_data, query, message):
    page = client.get(reverse("reports:statistics", args=["san-pham"]) + "?" + query)
    download = client.get(reverse("reports:statistics_download", args=["san-pham", "theo-nam", "csv"]) + "?" + query)

    assert (page.status_code, download.status_code) == (400, 400)
    assert message in page.content.decode()


def test_unknown_section_or_table_is_404(client):
    assert client.get(reverse("reports:statistics", args=["khong-co"])).status_code == 404
    assert client.get(reverse("reports:statistics_download", args=["san-pham", "khong-co", "csv"])).status_code == 404


def test_filters_in_the_address_narrow_the_tables_and_the_charts_link_with_them(client, some_data):
    url = reverse("reports:statistics", args=["san-pham"])

    rows = {row[0]: row[1:] for row in csv_rows(client.get(
        reverse("reports:statistics_download", args=["san-pham", "theo-tinh", "csv"]) + "?tinh=24"))[1:]}
    page = client.get(url + "?tinh=24&cap=national").content.decode()

    assert (rows["Bắc Ninh"][-1], rows["Hà Nội"][-1]) == ("1", "0")  # the old Bắc Giang producer is Bắc Ninh's
    assert f'href="{url}?cap=national&amp;tinh=24&amp;nhom=2"' in page  # a group's bar keeps the other filters


def test_download_is_the_table_with_numbers_as_numbers(client, some_data):
    response = client.get(reverse("reports:statistics_download", args=["san-pham", "theo-nam", "xlsx"]))

    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-san-pham-theo-nam.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Năm công nhận", "Cấp tỉnh", "Cấp quốc gia", "Tổng"]
    assert rows[1:] == [[str(today().year), 1, 1, 2], ["Tổng cộng", 1, 1, 2]]


def test_a_round_title_that_looks_like_a_formula_stays_text(client):
    decision = decision_with([(True, Decimal("80"))], scope=province("01"), year=today().year)
    decision.round.title = '=HYPERLINK("http://example.com","Bấm")'
    decision.round.save()

    def url(fmt):
        return reverse("reports:statistics_download", args=["dot-binh-chon", "danh-sach", fmt]) + f"?nam={today().year}"

    rows = csv_rows(client.get(url("csv")))
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url("xlsx")).content))

    assert rows[1][0] == "'" + decision.round.title
    cell = workbook.active["A2"]
    assert (cell.value, cell.data_type) == (decision.round.title, "s")


def test_a_rounds_histogram_is_linked_from_the_round_list(client, some_data):
    rounds = client.get(reverse("reports:statistics", args=["dot-binh-chon"]) + f"?nam={today().year}")
    link = reverse("reports:statistics", args=["diem"]) + f"?dot={some_data.round.pk}"

    scores = client.get(link).content.decode()

    assert f'href="{link}"' in rounds.content.decode()
    assert some_data.round.title in scores and "Ngưỡng 70" in scores


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("section", list(SECTIONS))
def test_query_count_does_not_grow_with_the_data(client, secretary, section):
    client.force_login(secretary)
    url = reverse("reports:internal_statistics", args=[section]) + f"?nam={today().year}"
    recognised("01")
    decision_with([(True, Decimal("80"))], scope=province("01"), year=today().year)
    one = _queries(client, url)
    for code in ("01", "cu-01"):
        recognised(code, level="commune")
        decision_with([(True, Decimal("75")), (False, Decimal("50"))], scope=province(code), year=today().year)

    assert _queries(client, url) == one
