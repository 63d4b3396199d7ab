"""Spreadsheets handed out never carry a live formula: text that starts like one is neutralised."""

import io
from decimal import Decimal

import openpyxl
import pytest

from catalog import spreadsheets


@pytest.mark.parametrize("text", ["=1+1", "+84 912", "-x", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_text_is_neutralised(text):
    assert spreadsheets.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Gốm Bát Tràng", "1=1", "", 5, -3, Decimal("-2.5"), None])
def test_other_values_are_left_alone(value):
    assert spreadsheets.neutralise(value) == value


def test_xlsx_keeps_formula_like_text_as_text_and_numbers_as_numbers():
    content = spreadsheets.xlsx([spreadsheets.Sheet("Bảng: 1/2", ["Tên", "=Số"], [
        ['=HYPERLINK("http://x","y")', -3], ["@cmd", Decimal("1.25")]])])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]
    assert cells == [[("Tên", "s"), ("=Số", "s")], [('=HYPERLINK("http://x","y")', "s"), (-3, "n")],
                     [("@cmd", "s"), (1.25, "n")]]
    assert sheet.title == "Bảng  1 2"  # characters Excel forbids in a sheet name are replaced


def test_csv_has_a_byte_order_mark_and_neutralised_text():
    text = spreadsheets.csv_text(["Tên", "Số"], [["=1+1", 5], [None, Decimal("2.50")]])

    assert text == "\ufeffTên,Số\r\n'=1+1,5\r\n,2.50\r\n"
