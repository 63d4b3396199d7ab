"""`manage.py import_spreadsheet`: the admin's resources and the paper-sheet import from the command line, with
a dry-run preview naming row, column and message, all or nothing unless --skip-bad-rows."""

from decimal import Decimal

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
    commune_round,
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


# --- Nominations and rubrics through the same command --------------------------------------------------------


def test_nominations_from_the_command_all_or_nothing(tmp_path, secretary, producer, commune_round):  # noqa: F811
    from scoring.models import Nomination
    from tests.factories import ProductFactory

    ProductFactory(producer=producer, name="Bình gốm men lam Bát Tràng")
    path = tmp_path / "de-cu.xlsx"
    good = [producer.tax_code, "Bình gốm men lam Bát Tràng"]
    path.write_bytes(xlsx_bytes(["Mã số thuế", "Sản phẩm"], [good, ["12345", "Bình"]]))
    args = ("nominations", str(path), "--round", str(commune_round.pk), "--user", secretary.email)

    refused = run(*args)
    assert not Nomination.objects.exists()
    skipped = run(*args, "--skip-bad-rows")

    assert refused == (f"Dòng 2, cột “Mã số thuế”: {TAX_CODE_MESSAGE}\n", "1 lỗi; không lưu dòng nào.")
    assert skipped == (f"Dòng 2, cột “Mã số thuế”: {TAX_CODE_MESSAGE}\nĐã nhập: 1 dòng.\n", None)
    assert list(Nomination.objects.values_list("round_id", "product__name")) == [
        (commune_round.pk, "Bình gốm men lam Bát Tràng")]


RUBRIC_HEADERS = ["group_code", "group_name_vi", "group_name_en", "group_max", "code", "name_vi", "name_en",
                  "guidance", "max", "step"]


def rubric_file(tmp_path, rows):
    path = tmp_path / "thang-diem.xlsx"
    path.write_bytes(xlsx_bytes(RUBRIC_HEADERS, rows))
    return str(path)


GOOD_RUBRIC = [["1", "Thị trường", "Market", "60", "1.1", "Doanh thu", "Revenue", "", "60", "0.5"],
               ["2", "Kỹ thuật", "Technique", "40", "2.1", "Tay nghề", "Skill", "", "40", ""]]


def test_rubric_from_the_command_dry_run_then_import(tmp_path, secretary):
    from scoring.models import Criterion, Rubric

    args = ("rubric", rubric_file(tmp_path, GOOD_RUBRIC), "--name", "OCOP thử", "--rubric-version", "1",
            "--total", "100", "--user", secretary.email)
    preview = run(*args, "--dry-run")
    assert not Rubric.objects.filter(name="OCOP thử").exists()
    done = run(*args)

    assert preview == ("Xem trước (không lưu): thang điểm OCOP thử (v1), 2 tiêu chí.\n", None)
    assert done == ("Đã nhập: thang điểm OCOP thử (v1), 2 tiêu chí.\n", None)
    assert list(Criterion.objects.filter(group__rubric__name="OCOP thử").values_list(
        "group__code", "code", "max", "step")) == [("1", "1.1", 60, Decimal("0.5")), ("2", "2.1", 40, None)]


def test_rubric_bad_cells_and_a_criterion_over_its_group_store_nothing(tmp_path, secretary):
    from scoring.models import Rubric

    bad_cells = [[*GOOD_RUBRIC[0][:8], "sáu mươi", "0.5"],
                 ["2", "Kỹ thuật", "", "40", "", "Tay nghề", "", "", "40", ""]]
    over = [GOOD_RUBRIC[0], [*GOOD_RUBRIC[1][:8], "45", ""]]

    cells = run("rubric", rubric_file(tmp_path, bad_cells), "--name", "Lỗi", "--rubric-version", "1", "--total", "100")
    sums = run("rubric", rubric_file(tmp_path, over), "--name", "Lỗi", "--rubric-version", "1", "--total", "100")

    assert cells == ("Dòng 1, cột “max”: “sáu mươi” không phải là số.\nDòng 2, cột “code”: Chưa ghi mã.\n",
                     "2 lỗi; không lưu dòng nào.")
    assert sums == ("Nhóm 2: tổng điểm các tiêu chí là 45, phải bằng 40.\n", "1 lỗi; không lưu dòng nào.")
    assert not Rubric.objects.filter(name="Lỗi").exists()


def test_rubric_import_never_overwrites_a_stored_version_frozen_or_not(tmp_path, scoring_round):  # noqa: F811
    from scoring import rubric_services
    from scoring.models import Criterion

    official = scoring_round.rubric
    assert rubric_services.is_rubric_frozen(official)
    before = list(Criterion.objects.filter(group__rubric=official).values_list("code", "max"))

    out, error = run("rubric", rubric_file(tmp_path, GOOD_RUBRIC), "--name", official.name, "--rubric-version",
                     official.version, "--total", "100")

    assert (out, error) == (f"Thang điểm “{official.name}” đã có phiên bản {official.version}.\n",
                            "1 lỗi; không lưu dòng nào.")
    assert list(Criterion.objects.filter(group__rubric=official).values_list("code", "max")) == before


def test_rubric_round_trip_through_the_command(tmp_path, scoring_round):  # noqa: F811
    from scoring import rubric_services
    from scoring.models import Criterion
    from scoring.resources import RubricCriterionResource

    official = scoring_round.rubric
    path = tmp_path / "xuat.xlsx"
    path.write_bytes(RubricCriterionResource().export(rubric_services.criteria_of(official)).export("xlsx"))

    out, error = run("rubric", str(path), "--name", official.name, "--rubric-version", "bản sao", "--total",
                     str(official.total))

    fields = ("group__code", "group__name_vi", "group__max", "code", "name_vi", "name_en", "max", "step")
    assert error is None
    assert list(Criterion.objects.filter(group__rubric__version="bản sao").values_list(*fields)) == list(
        Criterion.objects.filter(group__rubric=official).values_list(*fields))


def test_a_web_page_saved_as_xlsx_is_refused_with_the_spreadsheet_check_message(tmp_path):
    page = tmp_path / "co-so.xlsx"
    page.write_bytes(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    good = tmp_path / "co-so-that.xlsx"
    good.write_bytes(xlsx_bytes(PRODUCER_HEADERS, []))

    refused = run("producers", str(page), "--dry-run")
    read = run("producers", str(good), "--dry-run")

    assert refused == ("", "Tệp mang tên .xlsx nhưng không phải bảng tính Excel (có thể là trang web được lưu lại). "
                           "Hãy mở tệp bằng Excel và lưu lại dạng .xlsx.")
    assert read[1] is None and Producer.objects.count() == 0
