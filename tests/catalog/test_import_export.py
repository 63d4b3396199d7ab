import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats import base_formats

from catalog import enums
from catalog.models import Producer, Product
from catalog.resources import ProducerResource, ProductResource
from tests.factories import ProducerFactory, ProductFactory

PRODUCER_HEADERS = [
    "Tên cơ sở", "Loại hình", "Mã số thuế", "Địa chỉ", "Tỉnh/thành phố", "Xã/phường", "Người đại diện",
    "Điện thoại", "E-mail", "Website", "Năm thành lập", "Số lao động", "Giới thiệu", "Công khai liên hệ",
]
PRODUCT_HEADERS = [
    "Mã số thuế cơ sở", "Nhóm sản phẩm", "Tên sản phẩm", "Bộ sản phẩm", "Mô tả", "Nguyên liệu",
    "Quy cách, thông số kỹ thuật", "Năng lực sản xuất", "Khoảng giá", "Thị trường", "Tiêu chuẩn, chứng nhận",
    "Năm bắt đầu sản xuất",
]
TAX_CODE_MESSAGE = "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số và 3 chữ số đơn vị phụ thuộc (0101234567-001)."
BLANK_MESSAGE = "Trường này không được để trắng."


def producer_row(**changes):
    row = {
        "Tên cơ sở": "Hợp tác xã Gốm Thổ Hà", "Loại hình": "Hợp tác xã", "Mã số thuế": "2400123456",
        "Địa chỉ": "Thôn Thổ Hà", "Tỉnh/thành phố": "Bac Giang", "Xã/phường": "Xã Vân Hà",
        "Người đại diện": "Nguyễn Văn Thổ", "Điện thoại": "0204 3123 456", "E-mail": "lienhe@gomthoha.vn",
        "Website": "https://gomthoha.vn", "Năm thành lập": "2008", "Số lao động": "45",
        "Giới thiệu": "Gốm đất nung không men.", "Công khai liên hệ": "có",
    }
    row.update(changes)
    return [row[header] for header in PRODUCER_HEADERS]


def product_row(**changes):
    row = {
        "Mã số thuế cơ sở": "2400123456", "Nhóm sản phẩm": "1", "Tên sản phẩm": "Chum gốm Thổ Hà",
        "Bộ sản phẩm": "không", "Mô tả": "Chum đất nung.", "Nguyên liệu": "Đất sét", "Quy cách, thông số kỹ thuật": "",
        "Năng lực sản xuất": "500 chiếc/năm", "Khoảng giá": "300.000–900.000 đ", "Thị trường": "Trong nước",
        "Tiêu chuẩn, chứng nhận": "", "Năm bắt đầu sản xuất": "2010",
    }
    row.update(changes)
    return [row[header] for header in PRODUCT_HEADERS]


def csv_dataset(headers, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return base_formats.CSV().create_dataset(buffer.getvalue())


def xlsx_bytes(headers, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_errors(result):
    return {row.number: row.error_dict for row in result.invalid_rows}


BAD_PRODUCER_ROWS = [
    producer_row(),
    producer_row(**{"Mã số thuế": "2400123457", "Tỉnh/thành phố": "Tỉnh Không Tồn Tại"}),
    producer_row(**{"Mã số thuế": "12345"}),
    producer_row(**{"Mã số thuế": "2400123458", "Tên cơ sở": ""}),
    producer_row(**{"Mã số thuế": "2400123459", "Loại hình": "Công ty đa quốc gia"}),
]
BAD_PRODUCER_ERRORS = {
    2: {"Tỉnh/thành phố": ["Không tìm thấy tỉnh/thành phố “Tỉnh Không Tồn Tại”."]},
    3: {"Mã số thuế": [TAX_CODE_MESSAGE]},
    4: {"Tên cơ sở": [BLANK_MESSAGE]},
    5: {"Loại hình": ["Loại hình “Công ty đa quốc gia” không hợp lệ; dùng một trong: Doanh nghiệp nhỏ và vừa; "
                      "Hợp tác xã; Tổ hợp tác; Hộ kinh doanh."]},
}


@pytest.mark.django_db
def test_producer_import_csv_dry_run_bad_rows_reported_and_nothing_stored():
    dataset = csv_dataset(PRODUCER_HEADERS, BAD_PRODUCER_ROWS)

    result = ProducerResource().import_data(dataset, dry_run=True)

    assert result.has_validation_errors() is True
    assert row_errors(result) == BAD_PRODUCER_ERRORS
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_producer_import_xlsx_dry_run_bad_rows_reported_and_nothing_stored():
    dataset = base_formats.XLSX().create_dataset(xlsx_bytes(PRODUCER_HEADERS, BAD_PRODUCER_ROWS))

    result = ProducerResource().import_data(dataset, dry_run=True)

    assert row_errors(result) == BAD_PRODUCER_ERRORS
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_producer_import_real_run_with_one_bad_row_stores_nothing():
    dataset = csv_dataset(PRODUCER_HEADERS, BAD_PRODUCER_ROWS)

    result = ProducerResource().import_data(dataset, dry_run=False)

    assert sorted(row_errors(result)) == [2, 3, 4, 5]
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_producer_import_old_and_unaccented_province_names_resolve_to_current_units():
    rows = [
        producer_row(),
        producer_row(**{"Tên cơ sở": "Hộ kinh doanh Mây tre Phú Vinh", "Mã số thuế": "0101 234 567 001",
                        "Tỉnh/thành phố": "ha noi", "Loại hình": "ho kinh doanh", "Công khai liên hệ": "không",
                        "Năm thành lập": "", "Số lao động": "1.200"}),
    ]

    result = ProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, rows), dry_run=False)

    assert result.has_validation_errors() is False
    assert result.has_errors() is False
    stored = {p.tax_code: (p.province.name, p.legal_form, p.publish_contacts, p.year_founded, p.employees)
              for p in Producer.objects.select_related("province")}
    assert stored == {
        "2400123456": ("Bắc Ninh", enums.LegalForm.COOPERATIVE, True, 2008, 45),
        "0101234567-001": ("Hà Nội", enums.LegalForm.HOUSEHOLD, False, None, 1200),
    }


@pytest.mark.django_db
def test_producer_import_xlsx_numeric_cells_keep_leading_zero_of_tax_code():
    rows = [producer_row(**{"Mã số thuế": 101234567, "Năm thành lập": 2008, "Số lao động": 45.0})]
    dataset = base_formats.XLSX().create_dataset(xlsx_bytes(PRODUCER_HEADERS, rows))

    ProducerResource().import_data(dataset, dry_run=False)

    assert list(Producer.objects.values_list("tax_code", "year_founded", "employees")) == [("0101234567", 2008, 45)]


@pytest.mark.django_db
def test_producer_reimport_same_tax_code_updates_instead_of_duplicating():
    ProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, [producer_row()]), dry_run=False)
    changed = producer_row(**{"Mã số thuế": "2400 123 456", "Người đại diện": "Nguyễn Thị Hà"})

    result = ProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, [changed]), dry_run=False)

    assert result.totals["update"] == 1
    assert list(Producer.objects.values_list("tax_code", "representative")) == [("2400123456", "Nguyễn Thị Hà")]


@pytest.mark.django_db
def test_producer_export_then_import_round_trip_restores_the_same_rows():
    ProducerFactory(name="Hợp tác xã Gốm Bát Tràng", tax_code="0101234567", website="https://battrang.vn",
                    year_founded=1998, employees=30, publish_contacts=True, description="Gốm men lam.")
    ProducerFactory(name="Hộ kinh doanh Nón lá", tax_code="0101234568-002",
                    legal_form=enums.LegalForm.HOUSEHOLD)
    compared = ("name", "legal_form", "tax_code", "address", "province__name", "commune", "representative",
                "phone", "email", "website", "year_founded", "employees", "description", "publish_contacts")
    before = list(Producer.objects.order_by("tax_code").values_list(*compared))
    exported = base_formats.XLSX().export_data(ProducerResource().export())
    Producer.objects.all().delete()

    result = ProducerResource().import_data(base_formats.XLSX().create_dataset(exported), dry_run=False)

    assert result.totals["new"] == 2
    assert list(Producer.objects.order_by("tax_code").values_list(*compared)) == before


@pytest.mark.django_db
def test_product_import_unknown_tax_code_is_row_error_and_nothing_stored():
    ProducerFactory(tax_code="2400123456")
    rows = [product_row(), product_row(**{"Mã số thuế cơ sở": "0999999999", "Tên sản phẩm": "Lọ hoa"})]

    result = ProductResource().import_data(csv_dataset(PRODUCT_HEADERS, rows), dry_run=False)

    assert row_errors(result) == {
        2: {"Mã số thuế cơ sở": ["Không có cơ sở nào với mã số thuế “0999999999”; hãy nhập cơ sở trước."]},
    }
    assert Product.objects.count() == 0


@pytest.mark.django_db
def test_product_import_groups_by_number_or_label_and_reimport_does_not_duplicate():
    producer = ProducerFactory(tax_code="2400123456")
    rows = [
        product_row(),
        product_row(**{"Nhóm sản phẩm": "che bien nong, lam, thuy san va thuc pham", "Tên sản phẩm": "Mì Chũ",
                       "Bộ sản phẩm": "Có", "Thị trường": "", "Năm bắt đầu sản xuất": ""}),
    ]
    dataset = csv_dataset(PRODUCT_HEADERS, rows)

    ProductResource().import_data(dataset, dry_run=False)
    result = ProductResource().import_data(dataset, dry_run=False)

    assert result.totals["update"] == 2
    assert list(Product.objects.order_by("name").values_list(
        "producer", "group", "name", "is_set", "market", "year_first_produced")) == [
        (producer.pk, enums.ProductGroup.HANDICRAFT, "Chum gốm Thổ Hà", False, enums.Market.DOMESTIC, 2010),
        (producer.pk, enums.ProductGroup.FOOD, "Mì Chũ", True, enums.Market.DOMESTIC, None),
    ]


@pytest.mark.django_db
def test_product_export_then_import_round_trip_restores_the_same_rows():
    ProductFactory(name="Bình gốm", is_set=True, market=enums.Market.BOTH, year_first_produced=2001,
                   group=enums.ProductGroup.MACHINERY, price_range="1–2 triệu đồng")
    compared = ("producer", "group", "name", "is_set", "description", "materials", "specifications",
                "production_capacity", "price_range", "market", "standards", "year_first_produced")
    before = list(Product.objects.values_list(*compared))
    exported = base_formats.CSV().export_data(ProductResource().export())
    Product.objects.all().delete()

    ProductResource().import_data(base_formats.CSV().create_dataset(exported), dry_run=False)

    assert list(Product.objects.values_list(*compared)) == before


def test_producer_admin_import_preview_lists_row_errors_and_stores_nothing(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("co-so.xlsx", xlsx_bytes(PRODUCER_HEADERS, BAD_PRODUCER_ROWS))

    response = client.post(reverse("admin:catalog_producer_import"),
                           {"resource": "0", "format": "0", "import_file": upload})

    assert response.status_code == 200
    assert sorted(row.number for row in response.context["result"].invalid_rows) == [2, 3, 4, 5]
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "Không tìm thấy tỉnh/thành phố “Tỉnh Không Tồn Tại”." in page
    assert TAX_CODE_MESSAGE in page
    assert Producer.objects.count() == 0


def test_producer_admin_import_good_csv_preview_then_confirm_stores_rows(client, admin_user):
    client.force_login(admin_user)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([PRODUCER_HEADERS, producer_row()])
    upload = SimpleUploadedFile("co-so.csv", buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")

    preview = client.post(reverse("admin:catalog_producer_import"),
                          {"resource": "0", "format": "1", "import_file": upload})
    assert preview.status_code == 200
    assert Producer.objects.count() == 0
    confirm = preview.context["confirm_form"]
    response = client.post(reverse("admin:catalog_producer_process_import"),
                           {name: confirm[name].value() for name in confirm.fields})

    assert response.status_code == 302
    assert list(Producer.objects.values_list("tax_code", "province__name")) == [("2400123456", "Bắc Ninh")]


def test_producer_admin_export_xlsx_has_vietnamese_headers(client, admin_user):
    ProducerFactory(name="Hợp tác xã Gốm Bát Tràng", tax_code="0101234567")
    client.force_login(admin_user)
    selected = {f"producerresource_{name}": "on" for name in ProducerResource().get_export_order()}

    response = client.post(reverse("admin:catalog_producer_export"), {"format": "0", "resource": "0", **selected})

    assert response.status_code == 200
    dataset = base_formats.XLSX().create_dataset(response.content)
    assert dataset.headers == PRODUCER_HEADERS
    assert [dataset[0][0], dataset[0][2], dataset[0][4]] == ["Hợp tác xã Gốm Bát Tràng", "0101234567", "Hà Nội"]
