"""The spreadsheet upload check (catalog.uploads.validate_spreadsheet_upload): what a file is comes from its bytes;
XLSX, CSV in UTF-8 (with or without BOM) or Windows-1258 are read, anything else is refused in Vietnamese."""

import io
import unicodedata
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from catalog.uploads import validate_spreadsheet_upload


def xlsx(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: a base letter (precomposed where the code page has it) and a tone mark."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            out += unicodedata.normalize("NFC", parts[:-1]).encode("cp1258") + parts[-1].encode("cp1258")
    return out


def refusal(name: str, data: bytes) -> tuple[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        validate_spreadsheet_upload(SimpleUploadedFile(name, data))
    return caught.value.code, caught.value.messages


def test_xlsx_rows_keep_their_place_and_trailing_blank_rows_go():
    data = xlsx(["Mã số thuế", "Sản phẩm"], ["0100000001", "Bình gốm"], [None, None], ["0100000002", "Lọ", "thừa"],
                [None, None])

    sheet = validate_spreadsheet_upload(SimpleUploadedFile("ds.xlsx", data))

    assert (sheet.extension, sheet.content, sheet.dataset.headers) == ("xlsx", data, ["Mã số thuế", "Sản phẩm"])
    assert sheet.dataset.dict == [{"Mã số thuế": "0100000001", "Sản phẩm": "Bình gốm"},
                                  {"Mã số thuế": None, "Sản phẩm": None},
                                  {"Mã số thuế": "0100000002", "Sản phẩm": "Lọ"}]


@pytest.mark.parametrize("data", [
    "Mã,Tên\n1,Bình gốm\n".encode(),
    "\ufeffMã,Tên\r\n1,Bình gốm\r\n".encode(),
    "Mã;Tên\n1;Bình gốm\n".encode(),
    cp1258("Mã,Tên\n1,Bình gốm\n"),
], ids=["utf-8", "utf-8 with BOM", "semicolons", "windows-1258"])
def test_csv_encodings_read_as_the_same_text(data):
    sheet = validate_spreadsheet_upload(SimpleUploadedFile("ds.csv", data))

    assert (sheet.extension, sheet.dataset.dict) == ("csv", [{"Mã": "1", "Tên": "Bình gốm"}])


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "0" * 120_000_000)
    return buffer.getvalue()


def docx_like() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data", "code", "message"), [
    ("ds.xlsx", b"", "spreadsheet_empty", "Tệp trống."),
    ("ds.csv", b"\n\n", "spreadsheet_empty", "Tệp trống."),
    ("ds.xlsx", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "spreadsheet_format",
     "Tệp mang tên .xlsx nhưng không phải bảng tính Excel (có thể là trang web được lưu lại). "
     "Hãy mở tệp bằng Excel và lưu lại dạng .xlsx."),
    ("ds.csv", b"<!DOCTYPE html><html></html>", "spreadsheet_format",
     "Tệp là trang web (HTML/XML), không phải bảng tính. Hãy mở tệp bằng Excel và lưu lại dạng .xlsx."),
    ("ds.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "spreadsheet_format",
     "Tệp Excel đời cũ (.xls) chưa đọc được. Hãy mở bằng Excel và lưu lại dạng .xlsx."),
    ("ds.pdf", b"%PDF-1.4 ...", "spreadsheet_format", "Chỉ nhận bảng tính .xlsx hoặc .csv."),
    ("ds.csv", b"a,b\n\x00\x01\x02", "spreadsheet_format", "Tệp không phải bảng tính .xlsx hoặc .csv."),
    ("ds.xlsx", docx_like(), "spreadsheet_format", "Tệp nén này không phải bảng tính Excel (.xlsx)."),
    ("ds.xlsx", b"PK\x03\x04 cut short", "spreadsheet_corrupt",
     "Tệp Excel bị hỏng hoặc chưa tải lên hết. Hãy mở thử tệp trên máy, lưu lại dạng .xlsx rồi tải lên lại."),
    ("ds.xlsx", zip_bomb(), "spreadsheet_too_large",
     "Bảng tính giải nén ra lớn hơn 100,0\xa0MB. Hãy chia thành nhiều tệp nhỏ hơn."),
], ids=["empty", "blank csv", "html as xlsx", "html as csv", "old xls", "pdf", "binary csv", "docx", "cut zip",
        "zip bomb"])
def test_anything_else_is_refused_in_vietnamese(name, data, code, message):
    assert refusal(name, data) == (code, [message])


def test_size_and_row_limits(settings):
    settings.SPREADSHEET_MAX_BYTES = 1000
    settings.SPREADSHEET_MAX_ROWS = 3
    within = validate_spreadsheet_upload(SimpleUploadedFile("ds.csv", b"a\n1\n2\n3\n"))

    too_many = refusal("ds.csv", b"a\n1\n2\n3\n4\n")
    too_big = refusal("ds.csv", b"a\n" + b"1\n" * 600)

    assert len(within.dataset) == 3
    assert too_many == ("spreadsheet_too_many_rows",
                        ["Tệp có hơn 3 dòng, quá mức một lần nhập. Hãy chia thành nhiều tệp."])
    assert too_big == ("spreadsheet_too_large", ["Tệp lớn hơn 1000\xa0byte. Hãy chia thành nhiều tệp nhỏ hơn."])


def test_header_only_reads_the_header_and_first_row_and_leaves_the_row_limit_to_the_full_read(settings):
    settings.SPREADSHEET_MAX_ROWS = 2
    data = xlsx(["Mã", "Tên"], [1, "Bình"], [2, "Lọ"], [3, "Ấm"])

    head = validate_spreadsheet_upload(SimpleUploadedFile("ds.xlsx", data), header_only=True)
    refused = refusal("ds.xlsx", data)
    html = refusal("ds.xlsx", b"<html></html>")

    assert (head.dataset.headers, head.dataset.dict, head.content) == (["Mã", "Tên"], [{"Mã": 1, "Tên": "Bình"}], data)
    assert refused == ("spreadsheet_too_many_rows",
                       ["Tệp có hơn 2 dòng, quá mức một lần nhập. Hãy chia thành nhiều tệp."])
    assert html[0] == "spreadsheet_format"
