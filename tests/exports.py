"""Reading the files the secretariat's list pages hand out (`?export=xlsx|csv`, catalog.spreadsheets)."""

import csv
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

FORMATS = ("xlsx", "csv")
FORMULA = '=HYPERLINK("http://example.com/x","Bấm")'  # user text a spreadsheet would run
NEUTRALISED = "'" + FORMULA  # how every file we hand out writes it (catalog.spreadsheets.neutralise)


def export(client, url: str, fmt: str, **filters):
    return client.get(url, {**filters, "export": fmt})


def export_in_background(client, url: str, fmt: str, **filters):
    """A large list's file: the GET leads to the file's page and starts nothing (a reload or a crawler must not
    start jobs); the page's button, a POST to its `tao/` address, queues exactly one job. Returns the GET's answer."""
    from catalog.models import Job

    before = Job.objects.count()
    started = export(client, url, fmt, **filters)
    assert started.status_code == 302, started.status_code
    assert Job.objects.count() == before
    page, _, query = started["Location"].partition("?")
    built = client.post(page + "tao/" + (f"?{query}" if query else ""))
    assert built.status_code == 302, built.status_code
    assert Job.objects.count() == before + 1
    return started


def cells(response) -> list[list]:
    """The answered file's rows, header first (`read`)."""
    assert response.status_code == 200, response.status_code
    name = response["Content-Disposition"].removeprefix('attachment; filename="').removesuffix('"')
    if name.endswith(".csv"):
        assert response["Content-Type"] == "text/csv; charset=utf-8"
    return read(response.content, name)


def read(content: bytes, name: str) -> list[list]:
    """A file's rows, header first: XLSX cells as openpyxl reads them (numbers stay numbers), CSV as text."""
    if name.endswith(".xlsx"):
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]
    assert name.endswith(".csv"), name
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def column(rows: list[list], header: str) -> list:
    """One column's data cells, by its header."""
    at = rows[0].index(header)
    return [row[at] for row in rows[1:]]


def queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)
