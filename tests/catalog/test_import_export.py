import csv
import io
import re

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from import_export.formats import base_formats

from catalog import enums
from catalog.models import Producer, Product, Province
from catalog.resources import ProducerByTaxCodeWidget, ProducerResource, ProductResource, ProvinceWidget
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
    # The batch insert gave the new producer its id before the admin wrote its history.
    assert list(LogEntry.objects.values_list("object_id", "action_flag")) == [(str(Producer.objects.get().pk),
                                                                               ADDITION)]


def test_producer_admin_export_xlsx_has_vietnamese_headers(client, admin_user):
    ProducerFactory(name="Hợp tác xã Gốm Bát Tràng", tax_code="0101234567")
    client.force_login(admin_user)
    selected = {f"producerresource_{name}": "on" for name in ProducerResource().get_export_order()}

    response = client.post(reverse("admin:catalog_producer_export"), {"format": "0", "resource": "0", **selected})

    assert response.status_code == 200
    dataset = base_formats.XLSX().create_dataset(response.content)
    assert dataset.headers == PRODUCER_HEADERS
    assert [dataset[0][0], dataset[0][2], dataset[0][4]] == ["Hợp tác xã Gốm Bát Tràng", "0101234567", "Hà Nội"]


# --- Per-file look-ups and batched writes ------------------------------------------------------------------


def many_producer_rows(count):
    return [producer_row(**{"Mã số thuế": f"24001{n:05d}", "Tên cơ sở": f"Hợp tác xã Gốm số {n}",
                            "Tỉnh/thành phố": ["Bac Giang", "Hà Nội", "TP HCM", "Tỉnh Hà Nam"][n % 4]})
            for n in range(count)]


def many_product_rows(count, tax_codes):
    return [product_row(**{"Mã số thuế cơ sở": tax_codes[n % len(tax_codes)], "Tên sản phẩm": f"Chum gốm mẫu {n}"})
            for n in range(count)]


def import_statements(resource, headers, rows, *, dry_run):
    with CaptureQueriesContext(connection) as queries:
        result = resource.import_data(csv_dataset(headers, rows), dry_run=dry_run)
    assert (result.has_errors(), result.has_validation_errors(), len(result.valid_rows())) == (False, False, len(rows))
    return [query["sql"] for query in queries]


def statement_kinds(statements):
    """Verb and table of each statement but the savepoints (transaction bookkeeping, the same for any file)."""
    return [" ".join(re.match(r'(SELECT|INSERT|UPDATE)\b.*?"(\w+)"', sql).groups())
            for sql in statements if "SAVEPOINT" not in sql]


# 40 rows: Django sends SQLite at most 999 parameters a statement, about 58 producer rows per insert; a longer
# file costs one more insert per 58 rows there (per 1000 on PostgreSQL), never a query per row.
@pytest.mark.django_db
def test_producer_import_queries_do_not_grow_with_rows():
    ProducerFactory(tax_code="2400100000")  # each file also updates a stored producer

    few = import_statements(ProducerResource(), PRODUCER_HEADERS, many_producer_rows(10), dry_run=True)
    many = import_statements(ProducerResource(), PRODUCER_HEADERS, many_producer_rows(40), dry_run=True)
    longest = import_statements(ProducerResource(), PRODUCER_HEADERS, many_producer_rows(100), dry_run=True)

    # The provinces, the file's stored producers, one insert of the new rows, one upsert of the stored ones.
    expected = ["SELECT catalog_province", "SELECT catalog_producer", "INSERT catalog_producer",
                "INSERT catalog_producer"]
    assert statement_kinds(few) == statement_kinds(many) == expected
    assert len(few) == len(many)
    assert [kind for kind in statement_kinds(longest) if kind.startswith("SELECT")] == expected[:2]


@pytest.mark.django_db
def test_producer_real_import_queries_do_not_grow_with_rows():
    ProducerFactory(tax_code="2400100000")

    few = import_statements(ProducerResource(), PRODUCER_HEADERS, many_producer_rows(10), dry_run=False)
    Producer.objects.exclude(tax_code="2400100000").delete()
    many = import_statements(ProducerResource(), PRODUCER_HEADERS, many_producer_rows(40), dry_run=False)

    assert len(few) == len(many)
    assert Producer.objects.count() == 40


@pytest.mark.django_db
def test_product_import_queries_do_not_grow_with_rows():
    tax_codes = ["2400100000", "2400100001", "2400100002"]
    for tax_code in tax_codes:
        ProducerFactory(tax_code=tax_code)
    ProductFactory(producer=Producer.objects.get(tax_code="2400100000"), name="Chum gốm mẫu 0")
    spelled = ["2400100000", "2400 100 001", "2400.100.002"]

    few = import_statements(ProductResource(), PRODUCT_HEADERS, many_product_rows(10, spelled), dry_run=True)
    many = import_statements(ProductResource(), PRODUCT_HEADERS, many_product_rows(40, spelled), dry_run=True)
    longest = import_statements(ProductResource(), PRODUCT_HEADERS, many_product_rows(100, spelled), dry_run=True)
    real_few = import_statements(ProductResource(), PRODUCT_HEADERS, many_product_rows(10, spelled), dry_run=False)
    Product.objects.exclude(name="Chum gốm mẫu 0").delete()
    real_many = import_statements(ProductResource(), PRODUCT_HEADERS, many_product_rows(40, spelled), dry_run=False)

    # The file's producers, their stored products, one insert of the new rows, one upsert of the stored ones.
    expected = ["SELECT catalog_producer", "SELECT catalog_product", "INSERT catalog_product",
                "INSERT catalog_product"]
    assert statement_kinds(few) == statement_kinds(many) == expected
    assert len(few) == len(many)
    assert [kind for kind in statement_kinds(longest) if kind.startswith("SELECT")] == expected[:2]
    assert len(real_few) == len(real_many)
    assert Product.objects.count() == 40


@pytest.mark.django_db
def test_producer_import_changed_ids_are_the_created_and_updated_producers():
    stored = ProducerFactory(tax_code="2400123456")
    untouched = ProducerFactory(tax_code="0101234567")
    rows = [producer_row(), producer_row(**{"Mã số thuế": "2400123457"})]
    resource = ProducerResource()

    result = resource.import_data(csv_dataset(PRODUCER_HEADERS, rows), dry_run=False)

    created = Producer.objects.get(tax_code="2400123457")
    assert resource.changed_ids() == {stored.pk, created.pk}
    assert result.changed_ids == {stored.pk, created.pk}
    assert untouched.pk not in result.changed_ids


@pytest.mark.django_db
def test_producer_import_changed_ids_empty_after_dry_run_or_rolled_back_file():
    stored = ProducerFactory(tax_code="2400123456")
    resource = ProducerResource()

    dry = resource.import_data(csv_dataset(PRODUCER_HEADERS, [producer_row()]), dry_run=True)
    bad = resource.import_data(csv_dataset(PRODUCER_HEADERS, BAD_PRODUCER_ROWS), dry_run=False)
    assert (dry.changed_ids, bad.changed_ids, resource.changed_ids()) == (frozenset(), frozenset(), frozenset())
    good = resource.import_data(csv_dataset(PRODUCER_HEADERS, [producer_row()]), dry_run=False)
    assert (good.changed_ids, resource.changed_ids()) == ({stored.pk}, {stored.pk})


@pytest.mark.django_db
def test_product_import_changed_ids_are_the_created_and_updated_products():
    producer = ProducerFactory(tax_code="2400123456")
    stored = ProductFactory(producer=producer, name="Chum gốm Thổ Hà")
    untouched = ProductFactory(producer=producer, name="Lọ hoa")
    rows = [product_row(), product_row(**{"Tên sản phẩm": "Mì Chũ"})]
    resource = ProductResource()

    result = resource.import_data(csv_dataset(PRODUCT_HEADERS, rows), dry_run=False)

    created = Product.objects.get(name="Mì Chũ")
    assert resource.changed_ids() == result.changed_ids == {stored.pk, created.pk}
    assert untouched.pk not in result.changed_ids
    dry = ProductResource().import_data(csv_dataset(PRODUCT_HEADERS, rows), dry_run=True)
    assert dry.changed_ids == frozenset()


@pytest.mark.django_db
def test_reimport_refolds_search_columns_and_keeps_creation_time():
    ProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, [producer_row()]), dry_run=False)
    ProductResource().import_data(csv_dataset(PRODUCT_HEADERS, [product_row()]), dry_run=False)
    producer, product = Producer.objects.get(), Product.objects.get()
    assert (producer.search_name, product.search_name, product.search_text) == (
        "hop tac xa gom tho ha", "chum gom tho ha", "dat set chum dat nung.")
    changed_producer = producer_row(**{"Tên cơ sở": "Hợp tác xã Đồng Kỵ"})
    changed_product = product_row(**{"Mô tả": "Chum men rạn.", "Nguyên liệu": "Đất đỏ"})

    ProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, [changed_producer]), dry_run=False)
    ProductResource().import_data(csv_dataset(PRODUCT_HEADERS, [changed_product]), dry_run=False)

    updated_producer, updated_product = Producer.objects.get(), Product.objects.get()
    assert (updated_producer.search_name, updated_product.search_text) == ("hop tac xa dong ky",
                                                                           "dat do chum men ran.")
    assert updated_producer.created_at == producer.created_at
    assert updated_producer.updated_at > producer.updated_at
    assert updated_product.created_at == product.created_at
    assert updated_product.updated_at > product.updated_at


@pytest.mark.django_db
def test_producer_import_repeated_tax_code_later_row_updates_the_earlier():
    stored = ProducerFactory(tax_code="0101234567", representative="Người cũ")
    rows = [
        producer_row(**{"Người đại diện": "Nguyễn Văn Một"}),
        producer_row(**{"Mã số thuế": "2400 123 456", "Người đại diện": "Nguyễn Văn Hai"}),
        producer_row(**{"Mã số thuế": "0101234567", "Người đại diện": "Trần Văn Ba"}),
        producer_row(**{"Mã số thuế": "0101234567", "Người đại diện": "Trần Văn Bốn"}),
    ]

    result = ProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, rows), dry_run=False)

    assert [row.import_type for row in result.rows] == ["new", "update", "update", "update"]
    assert sorted(Producer.objects.values_list("pk", "tax_code", "representative")) == sorted([
        (stored.pk, "0101234567", "Trần Văn Bốn"),
        (Producer.objects.get(tax_code="2400123456").pk, "2400123456", "Nguyễn Văn Hai"),
    ])


class SmallBatchProducerResource(ProducerResource):
    """The same resource writing every two rows, so a test file spans several batches."""

    class Meta:
        batch_size = 2


@pytest.mark.django_db
def test_producer_import_bad_row_after_written_batches_stores_nothing():
    rows = [producer_row(**{"Mã số thuế": f"240012345{n}"}) for n in range(5)]
    rows.append(producer_row(**{"Mã số thuế": "2400123459", "Tỉnh/thành phố": "Tỉnh Không Tồn Tại"}))

    bad = SmallBatchProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, rows), dry_run=False)
    assert (sorted(row_errors(bad)), Producer.objects.count()) == ([6], 0)
    good = SmallBatchProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, rows[:5]), dry_run=False)
    assert (good.has_validation_errors(), Producer.objects.count()) == (False, 5)


@pytest.mark.django_db
def test_producer_import_repeat_across_batches_updates_the_created_producer():
    rows = [producer_row(**{"Mã số thuế": f"240012345{n}"}) for n in range(3)]
    rows.append(producer_row(**{"Mã số thuế": "2400123450", "Người đại diện": "Nguyễn Văn Sau"}))

    result = SmallBatchProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, rows), dry_run=False)

    assert result.totals["new"] == 3
    assert result.totals["update"] == 1
    assert list(Producer.objects.order_by("tax_code").values_list("tax_code", "representative")) == [
        ("2400123450", "Nguyễn Văn Sau"), ("2400123451", "Nguyễn Văn Thổ"), ("2400123452", "Nguyễn Văn Thổ")]


@pytest.mark.django_db
def test_product_import_two_stored_products_of_the_same_name_is_row_error_and_nothing_stored():
    producer = ProducerFactory(tax_code="2400123456")
    ProductFactory.create_batch(2, producer=producer, name="Chum gốm Thổ Hà", description="Cũ")
    ProductFactory(producer=producer, name="Lọ hoa", description="Cũ")
    rows = [product_row(**{"Tên sản phẩm": "Lọ hoa"}), product_row()]

    result = ProductResource().import_data(csv_dataset(PRODUCT_HEADERS, rows), dry_run=False)

    assert row_errors(result) == {2: {"Tên sản phẩm": [
        "Cơ sở này đã có nhiều sản phẩm cùng tên “Chum gốm Thổ Hà”; hãy gộp hoặc đổi tên chúng trong trang quản "
        "trị rồi nhập lại."]}}
    assert sorted(Product.objects.values_list("name", "description")) == [
        ("Chum gốm Thổ Hà", "Cũ"), ("Chum gốm Thổ Hà", "Cũ"), ("Lọ hoa", "Cũ")]


@pytest.mark.django_db
def test_widgets_outside_an_import_look_up_the_database_themselves():
    producer = ProducerFactory(tax_code="2400123456")

    assert ProvinceWidget().clean("Bac Giang") == Province.objects.get(name="Bắc Ninh", valid_to=None)
    assert ProducerByTaxCodeWidget().clean("2400 123 456") == producer
    with pytest.raises(ValueError, match="Không có cơ sở nào với mã số thuế “0999999999”"):
        ProducerByTaxCodeWidget().clean("0999999999")


@pytest.mark.django_db
def test_imports_refresh_the_public_listing_rows_of_what_they_change():
    from catalog.models import Listing
    from tests.factories import CertificateFactory

    producer = ProducerFactory(tax_code="2400123456", name="HTX cũ")
    product = ProductFactory(producer=producer, name="Chum gốm Thổ Hà", description="Cũ")
    CertificateFactory(product=product)
    assert Listing.objects.get(pk=product.pk).producer_name == "HTX cũ"

    ProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, [producer_row()]), dry_run=False)
    ProductResource().import_data(csv_dataset(PRODUCT_HEADERS, [product_row(**{"Mô tả": "Chum men rạn."})]),
                                  dry_run=False)
    ProducerResource().import_data(csv_dataset(PRODUCER_HEADERS, [producer_row(**{"Tên cơ sở": "Dry run"})]),
                                   dry_run=True)

    row = Listing.objects.get(pk=product.pk)
    assert (row.producer_name, row.producer_words) == ("Hợp tác xã Gốm Thổ Hà", " hop tac xa gom tho ha")
    assert "chum men ran" in row.text.words
