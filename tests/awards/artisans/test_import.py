"""Importing earlier rounds' published title lists into the register: natural labels, old province names,
errors by written header and row, all or nothing, re-import updates."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.artisans.models import ArtisanTitle
from awards.artisans.resources import ArtisanTitleResource
from tests.catalog.test_import_export import csv_dataset, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADERS = ["Họ và tên", "Danh hiệu", "Năm", "Nghề", "Tỉnh/thành phố", "Truy tặng", "Số quyết định"]


def lines():
    return sorted(ArtisanTitle.objects.values_list("full_name", "title", "year", "craft", "province__name",
                                                   "posthumous", "source"))


def test_natural_labels_and_old_province_names():
    dataset = csv_dataset(HEADERS, [
        ["Nguyễn Văn Gốm", "Nghệ nhân nhân dân", "2019", "Gốm sứ", "Hà Nội", "", "1234/QĐ-CTN"],
        ["Lê Thị Lụa", "NNƯT", "2019", "Dệt lụa", "Tỉnh Hà Tĩnh", "không", ""],
        ["Phạm Văn Đồng", "nghe nhan uu tu", "2016", "Đúc đồng", "Nam Định", "có", ""],   # an old province
        ["Trần Thị Mây", "NNND", "2022", "Mây tre đan", "tp hcm", "", ""],
        ["Đỗ Văn Sơn", "nghệ nhân ưu tú", "2022", "Sơn mài", "Bac Giang", "x", ""],     # old name, no diacritics
    ])

    result = ArtisanTitleResource().import_data(dataset)

    assert not result.has_validation_errors() and not result.has_errors()
    assert lines() == [
        ("Lê Thị Lụa", "nnut", 2019, "Dệt lụa", "Hà Tĩnh", False, "imported"),
        ("Nguyễn Văn Gốm", "nnnd", 2019, "Gốm sứ", "Hà Nội", False, "imported"),
        ("Phạm Văn Đồng", "nnut", 2016, "Đúc đồng", "Ninh Bình", True, "imported"),
        ("Trần Thị Mây", "nnnd", 2022, "Mây tre đan", "Thành phố Hồ Chí Minh", False, "imported"),
        ("Đỗ Văn Sơn", "nnut", 2022, "Sơn mài", "Bắc Ninh", True, "imported"),
    ]
    # The directory's keys were written by the batch insert too.
    son = ArtisanTitle.objects.get(full_name="Đỗ Văn Sơn")
    assert (son.search_words, son.craft_key) == (" do van son son mai bac ninh", "son mai")


def test_a_file_with_one_bad_row_imports_nothing_and_names_header_and_row():
    # Headers as people type them: capitals, no diacritics, stray spaces.
    headers = ["HO VA TEN", " danh hieu ", "Nam", "Nghề", "Tinh/thanh pho"]
    dataset = csv_dataset(headers, [
        ["Nguyễn Văn Gốm", "NNND", "2019", "Gốm sứ", "Hà Nội"],
        ["Lê Thị Lụa", "Nghệ nhân giỏi", "2019", "Dệt lụa", "Hà Tĩnh"],
        ["", "NNƯT", "hai nghìn", "Sơn mài", "Tỉnh Không Có"],
    ])

    result = ArtisanTitleResource().import_data(dataset)

    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert errors == {
        2: {"danh hieu": ["Danh hiệu “Nghệ nhân giỏi” không hợp lệ; dùng một trong: Nghệ nhân nhân dân; "
                          "Nghệ nhân ưu tú."]},
        3: {"HO VA TEN": ["Trường này không được để trắng."],
            "Nam": ["“hai nghìn” không phải là số nguyên không âm."],
            "Tinh/thanh pho": ["Không tìm thấy tỉnh/thành phố “Tỉnh Không Có”."]},
    }
    assert ArtisanTitle.objects.count() == 0


def test_importing_the_same_list_twice_updates_instead_of_duplicating():
    row = ["Nguyễn Văn Gốm", "NNND", "2019", "Gốm", "Hà Nội", "", ""]
    ArtisanTitleResource().import_data(csv_dataset(HEADERS, [row]))

    result = ArtisanTitleResource().import_data(csv_dataset(HEADERS, [[*row[:3], "Gốm sứ", *row[4:]]]))

    assert (result.totals["new"], result.totals["update"]) == (0, 1)
    assert lines() == [("Nguyễn Văn Gốm", "nnnd", 2019, "Gốm sứ", "Hà Nội", False, "imported")]


def test_a_line_the_system_awarded_is_never_overwritten(ha_noi):
    ArtisanTitle.objects.create(full_name="Nguyễn Văn Gốm", title="nnnd", year=2019, craft="Gốm sứ", province=ha_noi,
                                source="awarded", decision_number="1/QĐ-CTN")

    result = ArtisanTitleResource().import_data(csv_dataset(HEADERS, [
        ["Nguyễn Văn Gốm", "NNND", "2019", "Gốm", "Hà Nội", "có", "9/QĐ"]]))

    assert [row.error_dict for row in result.invalid_rows] == [
        {"__all__": ["Dòng này do hệ thống ghi theo quyết định phong tặng; không sửa bằng tệp."]}]
    assert ArtisanTitle.objects.get().decision_number == "1/QĐ-CTN"


def test_the_import_page_checks_then_stores(client, national_secretary, secretary):
    url = reverse("artisans:register_import")
    content = xlsx_bytes(HEADERS, [["Nguyễn Văn Gốm", "NNND", 2019, "Gốm sứ", "Hà Nội", "", ""]])

    def send(dry_run):
        data = {"file": SimpleUploadedFile("danh-sach.xlsx", content)}
        return client.post(url, {**data, "dry_run": "on"} if dry_run else data)

    client.force_login(secretary)
    assert client.get(url).status_code == 404  # a provincial secretariat does not keep the register
    client.force_login(national_secretary)
    checked = send(dry_run=True)
    assert "Hợp lệ: 1 dòng mới, 0 dòng cập nhật." in checked.content.decode() and ArtisanTitle.objects.count() == 0
    stored = send(dry_run=False)
    assert (stored.status_code, ArtisanTitle.objects.count()) == (302, 1)


def test_the_import_page_reports_bad_rows_with_status_400(client, national_secretary):
    client.force_login(national_secretary)
    content = xlsx_bytes(HEADERS, [["Nguyễn Văn Gốm", "Vua nghề", 2019, "Gốm sứ", "Hà Nội", "", ""]])

    response = client.post(reverse("artisans:register_import"),
                           {"file": SimpleUploadedFile("danh-sach.xlsx", content)})

    assert response.status_code == 400
    assert "Dòng 1, cột “Danh hiệu”: Danh hiệu “Vua nghề” không hợp lệ" in response.content.decode()
    assert ArtisanTitle.objects.count() == 0


def test_an_unreadable_file_is_a_400(client, national_secretary):
    client.force_login(national_secretary)

    response = client.post(reverse("artisans:register_import"),
                           {"file": SimpleUploadedFile("danh-sach.xlsx", b"not a spreadsheet")})

    # The one spreadsheet check (catalog.uploads.validate_spreadsheet_upload) says what is wrong with the file.
    assert response.status_code == 400 and ("Tệp mang tên .xlsx nhưng không phải bảng tính Excel (có thể là trang web "
                                            "được lưu lại).") in response.content.decode()
