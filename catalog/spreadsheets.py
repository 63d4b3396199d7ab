"""Spreadsheets we hand out (XLSX and CSV): every text cell neutralised, so no cell becomes a live formula.

A cell that starts with "=", "+", "-" or "@" (or a tab or carriage return, which some programs skip before
looking) is read as a formula by Excel and LibreOffice when a CSV is opened, and openpyxl writes such a string
as a formula into an XLSX. Names, addresses and free text come from producers and imports, so any of them
could be "=HYPERLINK(...)". The rule is `is_formula_like`; `csv_text`/`csv_row` (and any other text format,
through `neutralise`; import-export resources through `NeutralisedExport`) put a "'" before such text, `xlsx`
and `xlsx_row` (openpyxl's write-only sheets) store it as a text cell, unchanged. Every export uses one of
them. Numbers, dates and Decimals stay what they are (a negative number is a number, not a formula).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("xlsx", "csv")  # what a list page's `?export=` asks for
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
SHEET_TITLE_MAX = 31  # Excel's limit on a sheet name
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """The value as it may go into a text-format cell (CSV, or a tablib dataset): text that a spreadsheet would
    run gets a leading "'" (the mark spreadsheets themselves use for "this is text"); anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


def _plain(value):
    """Numbers, dates and None as they are; anything else (lazy translations included) as text."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    return str(value)


def xlsx(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook with one sheet per `Sheet`: a bold header row, then the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        title = str(sheet.title).translate(_SHEET_TITLE_FORBIDDEN)[:SHEET_TITLE_MAX] or "Sheet"
        worksheet = book.create_sheet(title)
        for index, row in enumerate([sheet.headers, *sheet.rows], start=1):
            worksheet.append([_plain(value) for value in row])
            for cell in worksheet[index]:
                if is_formula_like(cell.value):
                    cell.data_type = "s"  # openpyxl took it for a formula: stored as the text it is
                if index == 1:
                    cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_row(worksheet, values: Sequence) -> list:
    """A row for an openpyxl write-only sheet (`worksheet.append(xlsx_row(worksheet, values))`): text a
    spreadsheet would run is stored as a text cell, unchanged; everything else as it is."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        value = _plain(value)
        if is_formula_like(value):
            cell = WriteOnlyCell(worksheet, value=value)
            cell.data_type = "s"
            value = cell
        row.append(value)
    return row


def csv_row(values: Sequence) -> list:
    """A row for a csv.writer of our own (streamed downloads): text neutralised, None as an empty cell."""
    return ["" if value is None else neutralise(_plain(value)) for value in values]


class NeutralisedExport:
    """Mixin for django-import-export resources: every exported field goes through `neutralise`, whatever the
    format (XLSX, CSV, ODS) the dataset is then written in, and an import takes the mark off again (so an
    exported file imports unchanged). Put it first among the bases."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        # A file we exported comes back as it went out: the mark `neutralise` added is taken off again.
        for key, value in row.items():
            if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]):
                row[key] = value[1:]
        return super().before_import_row(row, **kwargs)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    """CSV with a byte-order mark, so spreadsheet programs read the Vietnamese text as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in [headers, *rows]:
        writer.writerow(csv_row(row))
    return buffer.getvalue()


def download(content: bytes | str, filename: str) -> HttpResponse:
    """An attachment response; the type follows the file name's extension (.xlsx or .csv)."""
    content_type = XLSX_TYPE if filename.endswith(".xlsx") else CSV_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def dataset_file(dataset, fmt: str, filename: str) -> tuple[bytes, str]:
    """A tablib dataset (an import-export resource's export) as the bytes of an XLSX or CSV file and its name,
    through `xlsx` and `csv_text`, so its cells are neutralised like every other file we hand out. `filename` has
    no extension. The inline download and a background export job (scoring.exports) both make their file here."""
    headers = [str(header) for header in dataset.headers or []]
    if fmt == "csv":
        return csv_text(headers, dataset).encode(), f"{filename}.csv"
    return xlsx([Sheet(dataset.title or filename, headers, dataset)]), f"{filename}.xlsx"


def dataset_download(dataset, fmt: str, filename: str) -> HttpResponse:
    """`dataset_file` as an attachment response."""
    return download(*dataset_file(dataset, fmt, filename))


def requested_format(request) -> str | None:
    """The file a secretariat list page is asked for: `?export=xlsx|csv` on the page's own address, beside its
    filters, so the file holds the rows the page's filter and access funnel give (None: the page itself). The
    page answers `dataset_download(TheListResource().export(rows), fmt, name)`; the template's links are
    `includes/export_links.html`."""
    fmt = request.GET.get("export")
    return fmt if fmt in FORMATS else None


def export_query(request) -> str:
    """The page's query string without `export` and the page number: what the export links add `export=` to."""
    query = request.GET.copy()
    for name in ("export", "page", "trang"):
        query.pop(name, None)
    return query.urlencode()


def header_key(text) -> str:
    """The comparison key of a column header: folded (case and diacritics), punctuation and spaces dropped.

    "Tên cơ sở / chủ thể", "TEN CO SO/CHU THE" and "Tên  cơ sở - chủ thể" give "tencosochuthe".
    """
    from .text import fold

    return "".join(ch for ch in fold(str(text or "")) if ch.isalnum())


def find_columns(headers: Iterable, columns: dict[str, Sequence[str]]) -> dict[str, str]:
    """Which header of a file holds each wanted column: {column name: the header as the file writes it}.

    `columns` gives, for each column, the headers people write for it, any of which matches by `header_key`
    (the first header of the file that matches wins). Columns the file lacks are not in the answer. The one
    flexible matching of headers: a message about a cell names the header the user wrote.
    """
    by_key: dict[str, str] = {}
    for header in headers:
        if header is not None and str(header).strip():
            by_key.setdefault(header_key(header), str(header))
    found = {}
    for name, spellings in columns.items():
        for spelling in spellings:
            if (header := by_key.get(header_key(spelling))) is not None:
                found[name] = header
                break
    return found
