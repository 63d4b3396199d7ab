"""`manage.py import_spreadsheet`: the admin's resources and the paper-sheet import from the command line, with
a dry-run preview naming row, column and message, all or nothing unless --skip-bad-rows."""

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Producer
from scoring.models import ScoreSheet
from scoring.paper_sheets import export_paper_sheets
from tests.catalog.test_import_export import (
    PRODUCER_HEADERS,
    TAX_CODE_MESSAGE,
    producer_row,
    xlsx_bytes,
)
from tests.scoring.conftest import (  # noqa: F401  (fixtures)
    FULL_SHEET,
    accepted,
    jury,
    other_judge,
    product,
    scoring_round,
)

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str | None]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_spreadsheet", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def producers_file(tmp_path, rows, name="co-so.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(PRODUCER_HEADERS, rows))
    return str(path)


BAD = [
    producer_row(),
    producer_row(**{"Mã số thuế": "2400123457", "Tỉnh/thành phố": "Tỉnh Không Tồn Tại"}),
    producer_row(**{"Mã số thuế": "12345"}),
]
BAD_LINES = ["Dòng 2, cột “Tỉnh/thành phố”: Không tìm thấy tỉnh/thành phố “Tỉnh Không Tồn Tại”.",
             f"Dòng 3, cột “Mã số thuế”: {TAX_CODE_MESSAGE}"]


def test_dry_run_lists_every_row_error_and_stores_nothing(tmp_path):
    out, error = run("producers", producers_file(tmp_path, BAD), "--dry-run")
    assert out.splitlines() == BAD_LINES
    assert error == "2 lỗi; không lưu dòng nào."
    assert not Producer.objects.exists()


def test_one_bad_row_imports_nothing(tmp_path):
    out, error = run("producers", producers_file(tmp_path, BAD))
    assert out.splitlines() == BAD_LINES
    assert error == "2 lỗi; không lưu dòng nào."
    assert not Producer.objects.exists()


def test_skip_bad_rows_stores_the_good_one(tmp_path):
    out, error = run("producers", producers_file(tmp_path, BAD), "--skip-bad-rows")
    assert error is None
    assert out.splitlines() == [*BAD_LINES, "Đã nhập: 1 mới, 0 cập nhật."]
    assert list(Producer.objects.values_list("tax_code", flat=True)) == ["2400123456"]


def test_good_file_with_a_former_province_name(tmp_path):
    """"Bac Giang" (typed without diacritics) was merged into Bắc Ninh in 2025: the geography lookup files the
    producer under today's province."""
    rows = [producer_row(), producer_row(**{"Mã số thuế": "0500123456", "Tỉnh/thành phố": "Hà Nội"})]
    out, error = run("producers", producers_file(tmp_path, rows))
    assert (out, error) == ("Đã nhập: 2 mới, 0 cập nhật.\n", None)
    assert Producer.objects.get(tax_code="2400123456").province.name == "Bắc Ninh"
    assert Producer.objects.get(tax_code="0500123456").province.name == "Hà Nội"


def test_messages_in_english_on_request(tmp_path):
    out, error = run("producers", producers_file(tmp_path, BAD), "--language", "en")
    assert out.splitlines()[1].startswith("Row 3, column “Mã số thuế”: The tax code")
    assert error == "2 errors; no row was stored."


def test_score_sheets_from_the_command(tmp_path, jury, accepted, judge, other_judge, secretary):  # noqa: F811
    dataset = export_paper_sheets(round=accepted.round, by=secretary)
    rows = [[*line[:3], *(FULL_SHEET.values() if line[2] == judge.email else [""] * len(FULL_SHEET))]
            for line in dataset]
    path = tmp_path / "phieu.xlsx"
    path.write_bytes(xlsx_bytes(dataset.headers, rows))
    out, error = run("score-sheets", str(path), "--round", str(accepted.round_id), "--user", secretary.email)
    assert (out, error) == ("Đã nhập: 1 dòng.\n", None)
    assert list(ScoreSheet.objects.values_list("member_id", "total")) == [(judge.pk, 84)]
    # The other member's sheet with 25 for criterion 1.1 (its maximum is 20): refused, nothing stored.
    over = [[*line[:3], "25", *list(FULL_SHEET.values())[1:]] for line in dataset if line[2] == other_judge.email]
    path.write_bytes(xlsx_bytes(dataset.headers, over))
    out, error = run("score-sheets", str(path), "--round", str(accepted.round_id), "--user", secretary.email)
    assert out == "Dòng 1, cột “1.1”: Điểm tối đa của tiêu chí này là 20.\n"
    assert error == "1 lỗi; không lưu dòng nào."
    assert ScoreSheet.objects.count() == 1
