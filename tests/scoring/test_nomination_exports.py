"""The secretariat's nominations export (scoring.exports): a small filtered list comes in the response, a large one
(past EXPORT_INLINE_MAX_ROWS) is made by a background job with a progress page, and gives the same cells."""

import csv
import io
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import reverse

from catalog import enums as catalog_enums
from catalog.models import Job
from scoring.enums import NominationState
from tests.factories import NominationFactory, ProductFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["id", "Sản phẩm", "Nhóm", "Cơ sở", "Mã số thuế", "Tỉnh/thành phố", "Địa chỉ", "Người đại diện",
          "Điện thoại", "Trạng thái", "Ngày nộp", "Đủ hồ sơ"]


@pytest.fixture
def nominations(product, producer, commune_round):
    """Two submitted nominations (one product named like a formula, its dossier incomplete) and a draft."""
    NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    NominationFactory(round=commune_round, state=NominationState.SUBMITTED,
                      product=ProductFactory(producer=producer, name="=HYPERLINK(\"http://x\")"))
    NominationFactory(round=commune_round, state=NominationState.DRAFT,
                      product=ProductFactory(producer=producer, name="Chổi đót"))
    return commune_round


@pytest.fixture
def other_province_secretary(db):
    return UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                       scope_province=ProvinceFactory(code="24", name="Bắc Ninh"))


def cells(content: bytes, fmt: str) -> list[list[str]]:
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def summary(rows: list[list[str]]) -> list[tuple]:
    """Product, producer, state and completeness of each data row, by the header's names, sorted: where "=" falls
    among letters is the database's collation (SQLite and PostgreSQL differ); the job's file and the inline one
    are compared row for row, in order, below."""
    assert rows[0] == HEADER
    return sorted((row[1], row[3], row[9], row[11]) for row in rows[1:])


def expected(product, producer):
    return sorted([(product.name, producer.name, "Đã nộp", "Có"),
                   ("'=HYPERLINK(\"http://x\")", producer.name, "Đã nộp", "Chưa")])  # neutralised: text


def export(client, selection_round, fmt, **filters):
    return client.get(reverse("scoring:round_nominations", args=[selection_round.pk]), {"export": fmt, **filters})


def build_file(client, selection_round, fmt, **filters):
    """The large file's page's button (a GET of the export link starts nothing: tests/scoring/test_large_exports)."""
    url = reverse("scoring:nominations_export_build", args=[selection_round.pk, fmt])
    return client.post(f"{url}?{urlencode(filters)}" if filters else url)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_small_export_comes_in_the_response(client, secretary, nominations, product, producer, fmt):
    client.force_login(secretary)

    response = export(client, nominations, fmt, state="submitted")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ho-so-dot-{nominations.pk}.{fmt}"'
    assert summary(cells(response.content, fmt)) == expected(product, producer)
    assert Job.objects.count() == 0


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_large_export_is_made_by_a_job_with_the_same_cells(client, secretary, nominations, product, producer,
                                                           settings, after_commit, fmt):
    client.force_login(secretary)
    inline = export(client, nominations, fmt, state="submitted")
    settings.EXPORT_INLINE_MAX_ROWS = 1  # two rows now count as a large list

    link = export(client, nominations, fmt, state="submitted", trang="3")
    page_url = reverse("scoring:nominations_export", args=[nominations.pk, fmt]) + "?state=submitted"
    page = client.get(page_url)
    with after_commit(execute=True):
        started = build_file(client, nominations, fmt, state="submitted")
    status = client.get(reverse("scoring:nominations_export_status", args=[nominations.pk, fmt]),
                        {"state": "submitted"}).json()
    download = client.get(status["download_url"])
    content = b"".join(download.streaming_content)

    assert (link.status_code, link["Location"]) == (302, page_url)  # the page number is not a filter
    assert (started.status_code, started["Location"]) == (302, page_url)
    assert page.status_code == 200 and "2 hồ sơ" in page.content.decode()
    assert (status["state"], status["done"], status["total"], status["error"]) == ("done", 2, 2, "")
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="ho-so-dot-{nominations.pk}.{fmt}"'
    assert cells(content, fmt) == cells(inline.content, fmt)
    assert summary(cells(content, fmt)) == expected(product, producer)
    job = Job.objects.get()
    assert (job.kind, job.params, job.created_by) == (
        "nominations-export", {"round": nominations.pk, "fmt": fmt, "query": "state=submitted"}, secretary)


def test_large_export_keeps_each_filter_apart(client, secretary, nominations, product, producer, settings,
                                              after_commit):
    client.force_login(secretary)
    settings.EXPORT_INLINE_MAX_ROWS = 1

    every = export(client, nominations, "csv")
    submitted = export(client, nominations, "csv", state="submitted")
    with after_commit(execute=True):
        build_file(client, nominations, "csv")
        build_file(client, nominations, "csv", state="submitted")
    every_file = client.get(reverse("scoring:nominations_export_download", args=[nominations.pk, "csv"]))
    submitted_file = client.get(reverse("scoring:nominations_export_download", args=[nominations.pk, "csv"]),
                                {"state": "submitted"})

    assert every["Location"] == reverse("scoring:nominations_export", args=[nominations.pk, "csv"])
    assert submitted["Location"] == every["Location"] + "?state=submitted"
    assert Job.objects.count() == 2
    assert len(cells(b"".join(every_file.streaming_content), "csv")) == 4  # header and all three
    assert summary(cells(b"".join(submitted_file.streaming_content), "csv")) == expected(product, producer)


def test_other_province_gets_404_on_the_export_job(client, secretary, other_province_secretary, nominations,
                                                   settings, after_commit):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    client.force_login(secretary)
    with after_commit(execute=True):
        build_file(client, nominations, "xlsx")
    names = ("scoring:nominations_export", "scoring:nominations_export_status", "scoring:nominations_export_download")
    urls = [reverse(name, args=[nominations.pk, "xlsx"]) for name in names]
    build = reverse("scoring:nominations_export_build", args=[nominations.pk, "xlsx"])

    assert [client.get(url).status_code for url in urls] == [200, 200, 200]  # the owner's secretariat

    client.force_login(other_province_secretary)
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert client.post(build).status_code == 404
    assert export(client, nominations, "xlsx").status_code == 404
    assert Job.objects.count() == 1


def test_unknown_format_is_404(client, secretary, nominations):
    client.force_login(secretary)

    assert client.get(reverse("scoring:nominations_export", args=[nominations.pk, "docx"])).status_code == 404
    assert client.get(reverse("scoring:nominations_export", args=[nominations.pk, "csv"])).status_code == 200


def test_failed_export_shows_its_reason_after_the_last_try_then_rebuilds(client, secretary, nominations, settings,
                                                                         after_commit, monkeypatch):
    from catalog import spreadsheets

    real = spreadsheets.csv_text
    monkeypatch.setattr(spreadsheets, "csv_text", lambda *args: (_ for _ in ()).throw(OSError("disk full")))
    settings.EXPORT_INLINE_MAX_ROWS, settings.JOB_MAX_ATTEMPTS = 1, 2
    client.force_login(secretary)
    status_url = reverse("scoring:nominations_export_status", args=[nominations.pk, "csv"])

    with after_commit(execute=True):
        build_file(client, nominations, "csv")
    failed = client.get(status_url).json()
    page = client.get(reverse("scoring:nominations_export", args=[nominations.pk, "csv"]))

    assert (failed["state"], failed["attempts"], failed["error"], failed["download_url"]) == (
        "failed", 2, "OSError: disk full", None)
    assert "OSError: disk full" in page.content.decode()

    monkeypatch.setattr(spreadsheets, "csv_text", real)
    with after_commit(execute=True):
        rebuilt = client.post(reverse("scoring:nominations_export_build", args=[nominations.pk, "csv"]),
                              HTTP_ACCEPT="application/json")

    again = client.get(status_url).json()

    assert rebuilt.status_code == 202  # queued; the test's commit then ran it
    assert (again["state"], again["attempts"], again["error"]) == ("done", 1, "")
    assert again["download_url"] == reverse("scoring:nominations_export_download", args=[nominations.pk, "csv"])
