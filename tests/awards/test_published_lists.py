"""Published lists (awards.published_lists): a decision's list of recognised products, without tax codes, imported
as it was published; the producers stored as unverified, shown publicly, claimed later by tax code."""

import datetime
from io import StringIO

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils.html import escape

from awards.published_lists import import_published_list
from catalog import enums, services
from catalog.models import Certificate, Listing, Producer, ProducerClaim, Product, Province, Region
from tests.catalog.test_import_export import xlsx_bytes
from tests.factories import ProducerFactory, UserFactory

pytestmark = pytest.mark.django_db

# Headers as provinces write them: any case, without diacritics, another spacing.
HEADERS = ["STT", "TÊN SẢN PHẨM", "Tên cơ sở / chủ thể", "Địa chỉ", "Tinh/Thanh pho", "cấp", "Năm", "Số quyết định",
           "Nhóm"]
LONG_NAME = ("Bộ sản phẩm gốm men lam vẽ tay cao cấp Bát Tràng gồm bình hút lộc, lọ hoa và đĩa trang trí "
             "nghệ thuật Hà Nội")  # 108 characters, as the real name of the issue
ROWS = [
    [1, "Lụa tơ tằm Vạn Phúc", "Hộ kinh doanh Nguyễn Văn An", "Vạn Phúc, Hà Đông", "Hà Tây", "Cấp huyện", 2015,
     "125/QĐ-UBND", "Nhóm 1"],
    [2, "Khăn lụa Vạn Phúc", "Hộ kinh doanh Nguyễn Văn An", "", "Hà Tây", "cấp tỉnh", 2016, "88/QĐ-UBND", ""],
    [3, "Mỳ Chũ", "HTX Nông nghiệp Chũ", "", "Bac Giang", "CAP TINH", 2019, "1021/QĐ-UBND", "2"],
    [4, LONG_NAME, "Công ty TNHH Gốm Minh Long", "", "TP. Hồ Chí Minh", "Khu vực", 2020, "45/QĐ-CTĐP",
     "Thủ công mỹ nghệ"],
    [5, "Mỳ Chũ", "HTX Nông nghiệp Chũ", "", "Bắc Giang", "Quốc gia", 2021, "3392/QĐ-BCT", "2"],
]


def dataset(rows, headers=HEADERS) -> tablib.Dataset:
    return tablib.Dataset().load(xlsx_bytes(headers, rows), format="xlsx")


def errors(result) -> list[str]:
    return [str(error) for error in result.errors]


def old(name: str) -> Province:
    return Province.objects.get(name=name, valid_to__isnull=False)


def current(name: str) -> Province:
    return Province.objects.current().get(name=name)


def test_published_list_without_tax_codes_imports_completely(admin_user):
    result = import_published_list(dataset=dataset(ROWS), by=admin_user)

    assert errors(result) == []
    assert (result.certificates, result.producers, result.products, result.unchanged) == (5, 3, 4, 0)
    producers = {p.name: p for p in Producer.objects.all()}
    assert sorted(producers) == ["Công ty TNHH Gốm Minh Long", "HTX Nông nghiệp Chũ", "Hộ kinh doanh Nguyễn Văn An"]
    an = producers["Hộ kinh doanh Nguyễn Văn An"]
    # Nothing made up: no tax code, legal form or representative; the address only where the list gives one.
    assert [(p.is_unverified, p.tax_code, p.legal_form, p.representative) for p in producers.values()] == [
        (True, "", "", "")] * 3
    # Hà Tây joined Hà Nội in 2008: in a 2015 list it means the Hà Nội of then.
    assert (an.address, an.province) == ("Vạn Phúc, Hà Đông", old("Hà Nội"))
    assert producers["HTX Nông nghiệp Chũ"].province == old("Bắc Giang")  # the unit of the decision's year
    recognitions = [(c.product.name, c.level, c.decision_number, c.number, c.issued_on, c.issued_year_only,
                     c.valid_until, c.scope_province, c.scope_region, c.source)
                    for c in Certificate.objects.order_by("issued_on")]
    assert recognitions == [
        ("Lụa tơ tằm Vạn Phúc", "district", "125/QĐ-UBND", "", datetime.date(2015, 1, 1), True,
         datetime.date(2017, 12, 31), old("Hà Nội"), None, "historical"),
        ("Khăn lụa Vạn Phúc", "province", "88/QĐ-UBND", "", datetime.date(2016, 1, 1), True,
         datetime.date(2018, 12, 31), old("Hà Nội"), None, "historical"),
        ("Mỳ Chũ", "province", "1021/QĐ-UBND", "", datetime.date(2019, 1, 1), True,
         datetime.date(2021, 12, 31), old("Bắc Giang"), None, "historical"),
        (LONG_NAME, "region", "45/QĐ-CTĐP", "", datetime.date(2020, 1, 1), True,
         datetime.date(2022, 12, 31), None, Region.objects.get(code="south"), "historical"),
        ("Mỳ Chũ", "national", "3392/QĐ-BCT", "", datetime.date(2021, 1, 1), True,
         datetime.date(2023, 12, 31), None, None, "historical"),
    ]
    assert dict(Product.objects.values_list("name", "group")) == {
        "Lụa tơ tằm Vạn Phúc": "1", "Khăn lụa Vạn Phúc": "", "Mỳ Chũ": "2", LONG_NAME: "1"}
    # The recognitions went through the historical-certificate path: each product has its public listing row.
    assert dict(Listing.objects.values_list("name", "level")) == {
        "Lụa tơ tằm Vạn Phúc": "district", "Khăn lụa Vạn Phúc": "province", "Mỳ Chũ": "national",
        LONG_NAME: "region"}


def test_hà_tây_before_the_first_dated_unit_is_todays_hà_nội(admin_user):
    """A 2005 list of Hà Tây: no unit is dated that early, so the name means the unit Hà Tây is part of today."""
    row = [1, "Lụa tơ tằm Vạn Phúc", "Hộ kinh doanh Nguyễn Văn An", "", "Ha Tay", "Cấp huyện", 2005, "7/QĐ", ""]

    import_published_list(dataset=dataset([row]), by=admin_user)

    assert Certificate.objects.get().scope_province == current("Hà Nội")


def test_same_file_imported_again_adds_nothing(admin_user):
    import_published_list(dataset=dataset(ROWS), by=admin_user)

    again = import_published_list(dataset=dataset(ROWS), by=admin_user)

    assert errors(again) == []
    assert (again.certificates, again.producers, again.products, again.unchanged) == (0, 0, 0, 5)
    assert (Producer.objects.count(), Product.objects.count(), Certificate.objects.count()) == (3, 4, 5)


def test_an_unverified_producer_already_stored_is_reused_a_verified_one_is_not(admin_user):
    import_published_list(dataset=dataset(ROWS[:1]), by=admin_user)
    ProducerFactory(name="HTX Nông nghiệp Chũ", province=current("Bắc Ninh"), tax_code="2400123456")

    result = import_published_list(dataset=dataset(ROWS[1:3]), by=admin_user)

    assert (result.certificates, result.producers, result.products) == (2, 1, 2)
    assert Producer.objects.filter(name="Hộ kinh doanh Nguyễn Văn An").count() == 1  # the stored unverified one
    assert Producer.objects.filter(name="HTX Nông nghiệp Chũ", is_unverified=True).count() == 1  # not the verified


BAD = [
    ROWS[0],
    [2, "Nón lá", "Cơ sở Nón Chuông", "", "Atlantis", "Cấp làng", "20x9", "", "Nhóm 7"],
    ROWS[2],
    [4, "", "Cơ sở Mây tre", "", "Hà Nội", "cấp huyện", 2026, "9/QĐ", ""],
]
BAD_LINES = [
    "Dòng 2, cột “Số quyết định”: Chưa ghi “Số quyết định”.",
    "Dòng 2, cột “cấp”: Cấp “Cấp làng” không hợp lệ; ghi một trong: cấp xã, cấp huyện, cấp tỉnh, khu vực, quốc gia.",
    "Dòng 2, cột “Năm”: Năm “20x9” không hợp lệ; ghi năm công nhận, từ 2000 đến 2026.",
    "Dòng 2, cột “Tinh/Thanh pho”: Không tìm thấy tỉnh/thành phố “Atlantis”.",
    "Dòng 2, cột “Nhóm”: Nhóm sản phẩm “Nhóm 7” không hợp lệ; dùng một trong: Thủ công mỹ nghệ; Chế biến nông, "
    "lâm, thủy sản và thực phẩm; Thiết bị, máy móc, dụng cụ và phụ tùng cơ khí; Sản phẩm khác.",
    "Dòng 4, cột “TÊN SẢN PHẨM”: Chưa ghi “TÊN SẢN PHẨM”.",
    "Dòng 4, cột “cấp”: Cấp huyện không còn từ ngày 01/7/2025; hãy ghi cấp xã.",
]


def test_bad_rows_named_by_the_users_headers_and_nothing_stored(admin_user):
    result = import_published_list(dataset=dataset(BAD), by=admin_user)

    assert errors(result) == BAD_LINES
    assert (Producer.objects.count(), Product.objects.count(), Certificate.objects.count()) == (0, 0, 0)
    assert Listing.objects.count() == 0


def test_skip_bad_rows_stores_the_good_ones_only(admin_user):
    result = import_published_list(dataset=dataset(BAD), by=admin_user, skip_bad_rows=True)

    assert errors(result) == BAD_LINES
    assert (result.certificates, result.producers, result.products) == (2, 2, 2)
    assert sorted(Certificate.objects.values_list("decision_number", flat=True)) == ["1021/QĐ-UBND", "125/QĐ-UBND"]


def test_dry_run_counts_and_stores_nothing(admin_user):
    result = import_published_list(dataset=dataset(ROWS), by=admin_user, dry_run=True)

    assert (errors(result), result.certificates, result.producers) == ([], 5, 3)
    assert (Producer.objects.count(), Certificate.objects.count(), Listing.objects.count()) == (0, 0, 0)


def test_missing_column_is_named(admin_user):
    headers = [h for h in HEADERS if h != "Số quyết định"]
    rows = [row[:7] + row[8:] for row in ROWS]

    result = import_published_list(dataset=dataset(rows, headers), by=admin_user)

    assert errors(result) == ["Thiếu cột “Số quyết định”."]
    assert Certificate.objects.count() == 0


def test_exact_decision_date_when_the_list_gives_one(admin_user):
    headers = [*HEADERS, "Ngày quyết định"]
    rows = [[*ROWS[2], "15/03/2019"], [*ROWS[4], "2019-05-02"]]

    result = import_published_list(dataset=dataset(rows, headers), by=admin_user)

    assert errors(result) == ["Dòng 2, cột “Ngày quyết định”: Ngày 02/05/2019 không thuộc năm 2021 của cột “Năm”."]
    assert Certificate.objects.count() == 0
    import_published_list(dataset=dataset(rows[:1], headers), by=admin_user)
    assert list(Certificate.objects.values_list("issued_on", "issued_year_only")) == [
        (datetime.date(2019, 3, 15), False)]


def test_secretariat_records_only_its_province_and_levels(secretary):
    """The Hà Nội provincial secretariat: its province's district and provincial rows, not Bắc Giang's nor a
    national one (the positive control: the Hà Tây rows, today Hà Nội)."""
    result = import_published_list(dataset=dataset(ROWS), by=secretary, skip_bad_rows=True)

    assert errors(result) == [
        "Dòng 3, cột “Tinh/Thanh pho”: Bạn chỉ ghi nhận được giấy chứng nhận của sản phẩm và cấp thuộc phạm vi phụ "
        "trách.",
        "Dòng 4, cột “cấp”: Bạn không ghi nhận được công nhận cấp “Khu vực”: cấp này nằm ngoài phạm vi phụ trách của "
        "bạn.",
        "Dòng 5, cột “cấp”: Bạn không ghi nhận được công nhận cấp “Quốc gia”: cấp này nằm ngoài phạm vi phụ trách "
        "của bạn.",
    ]
    assert sorted(Certificate.objects.values_list("decision_number", flat=True)) == ["125/QĐ-UBND", "88/QĐ-UBND"]
    assert list(Producer.objects.values_list("name", flat=True)) == ["Hộ kinh doanh Nguyễn Văn An"]


def test_command_imports_a_published_list(tmp_path, admin_user):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx_bytes(HEADERS, ROWS))
    out = StringIO()

    call_command("import_spreadsheet", "published-list", str(path), "--user", admin_user.email, stdout=out)

    assert out.getvalue().splitlines() == [
        "Đã nhập: 5 công nhận mới, 3 cơ sở mới (chưa xác minh), 4 sản phẩm mới, 0 dòng đã có."]
    assert Certificate.objects.count() == 5


def test_command_with_bad_rows_stores_nothing(tmp_path, admin_user):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx_bytes(HEADERS, BAD))
    out = StringIO()

    with pytest.raises(CommandError, match="^7 lỗi; không lưu dòng nào.$"):
        call_command("import_spreadsheet", "published-list", str(path), "--user", admin_user.email, stdout=out)

    assert out.getvalue().splitlines() == BAD_LINES
    assert Certificate.objects.count() == 0


# --- Public pages -------------------------------------------------------------------------------------------


def _names(html: str) -> list[str]:
    return [chunk.split(">", 1)[1].split("</a>", 1)[0] for chunk in html.split('<h3><a href="/san-pham/')[1:]]


def test_public_pages_show_the_imported_products_marked_unverified(client, admin_user):
    import_published_list(dataset=dataset(ROWS), by=admin_user)
    verified = ProducerFactory(name="Cơ sở đã xác minh")  # the control: no mark
    chu = Product.objects.get(name="Mỳ Chũ")
    an = Producer.objects.get(name="Hộ kinh doanh Nguyễn Văn An")

    listed = _names(client.get("/san-pham/?sap_xep=ten").content.decode())
    product_page = client.get(f"/san-pham/{chu.pk}/").content.decode()
    producer_page = client.get(f"/nha-san-xuat/{an.pk}/").content.decode()

    assert sorted(listed) == sorted(escape(name) for name in ["Lụa tơ tằm Vạn Phúc", "Khăn lụa Vạn Phúc", "Mỳ Chũ",
                                                               LONG_NAME])
    assert "Chưa xác minh" in product_page
    assert "Quyết định số 3392/QĐ-BCT" in product_page and "Quyết định số 1021/QĐ-UBND" in product_page
    assert "Chưa xác minh" in producer_page
    assert f"/co-so/nhan-quan-ly/?co_so={an.pk}" in producer_page
    assert "Lụa tơ tằm Vạn Phúc" in producer_page and "Khăn lụa Vạn Phúc" in producer_page
    assert client.get(f"/nha-san-xuat/{verified.pk}/").status_code == 404  # no recognition, no page (as before)


def test_product_page_without_group_says_so(client, admin_user):
    import_published_list(dataset=dataset(ROWS[1:2]), by=admin_user)
    product = Product.objects.get()

    page = client.get(f"/san-pham/{product.pk}/").content.decode()

    assert "Chưa rõ nhóm" in page


@pytest.mark.parametrize("query", [LONG_NAME, "bo san pham gom men lam ve tay cao cap bat trang gom binh hut loc, lo "
                                              "hoa va dia trang tri nghe thuat ha noi"])
def test_public_search_finds_a_full_long_name_without_diacritics(client, admin_user, query):
    import_published_list(dataset=dataset(ROWS), by=admin_user)
    assert len(LONG_NAME) == 108

    response = client.get("/san-pham/", {"q": query})

    assert response.status_code == 200
    assert _names(response.content.decode()) == [escape(LONG_NAME)]


# --- Claim ----------------------------------------------------------------------------------------------------


def test_unverified_producer_claimed_by_tax_code(admin_user, producer_user, mailoutbox):
    import_published_list(dataset=dataset(ROWS[:2]), by=admin_user)
    an = Producer.objects.get()

    claim = services.claim_producer(user=producer_user, tax_code="0101 234 567", producer_id=an.pk)
    assert (claim.status, claim.tax_code) == (enums.ClaimStatus.PENDING, "0101234567")
    an.refresh_from_db()
    assert (an.is_unverified, an.tax_code) == (True, "")  # nothing set before the secretariat checks it

    services.decide_claim(claim=claim, approve=True, by=admin_user)

    an.refresh_from_db()
    assert (an.is_unverified, an.tax_code, list(an.users.all())) == (False, "0101234567", [producer_user])
    assert Listing.objects.filter(producer=an).count() == 2


def test_claim_of_unverified_producer_refuses_a_taken_or_bad_tax_code(admin_user, producer_user, producer):
    import_published_list(dataset=dataset(ROWS[:1]), by=admin_user)
    an = Producer.objects.get(is_unverified=True)

    with pytest.raises(ValidationError) as taken:
        services.claim_producer(user=producer_user, tax_code=producer.tax_code, producer_id=an.pk)
    with pytest.raises(ValidationError) as bad:
        services.claim_producer(user=producer_user, tax_code="12345", producer_id=an.pk)
    with pytest.raises(ValidationError) as verified:
        services.claim_producer(user=producer_user, tax_code="0101234567", producer_id=producer.pk)

    assert taken.value.messages == [f"Mã số thuế {producer.tax_code} đã thuộc một cơ sở khác trên hệ thống; hãy nhận "
                                    "quản lý cơ sở đó bằng mã số thuế."]
    assert bad.value.messages == ["Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số và 3 chữ số đơn vị phụ thuộc "
                                  "(0101234567-001)."]
    assert verified.value.messages == ["Không tìm thấy cơ sở chưa xác minh này; hãy nhận quản lý bằng mã số thuế."]
    assert ProducerClaim.objects.count() == 0


def test_an_empty_tax_code_never_finds_an_unverified_producer(admin_user, producer_user):
    import_published_list(dataset=dataset(ROWS[:1]), by=admin_user)

    with pytest.raises(ValidationError):
        services.claim_producer(user=producer_user, tax_code="")

    assert ProducerClaim.objects.count() == 0


def test_second_claim_with_another_code_is_refused_once_verified(admin_user, producer_user):
    import_published_list(dataset=dataset(ROWS[:1]), by=admin_user)
    an = Producer.objects.get()
    other = UserFactory(email="nguoi-khac@example.vn")
    first = services.claim_producer(user=producer_user, tax_code="0101234567", producer_id=an.pk)
    second = services.claim_producer(user=other, tax_code="0109999999", producer_id=an.pk)
    services.decide_claim(claim=first, approve=True, by=admin_user)

    with pytest.raises(ValidationError) as refused:
        services.decide_claim(claim=second, approve=True, by=admin_user)

    assert refused.value.messages == ["Cơ sở đã được xác minh với mã số thuế khác; không duyệt được yêu cầu này."]
    an.refresh_from_db()
    assert (an.tax_code, list(an.users.all())) == ("0101234567", [producer_user])


def test_claim_page_from_the_public_producer_page(client, admin_user, producer_user):
    import_published_list(dataset=dataset(ROWS[:1]), by=admin_user)
    an = Producer.objects.get()
    client.force_login(producer_user)

    page = client.get(f"/co-so/nhan-quan-ly/?co_so={an.pk}")
    posted = client.post("/co-so/nhan-quan-ly/", {"tax_code": "0101234567", "producer_id": an.pk, "message": ""})

    assert page.status_code == 200 and "Hộ kinh doanh Nguyễn Văn An" in page.content.decode()
    assert posted.status_code == 302
    assert list(ProducerClaim.objects.values_list("producer_id", "tax_code", "status")) == [
        (an.pk, "0101234567", "pending")]
    assert client.get("/co-so/nhan-quan-ly/?co_so=abc").status_code == 404
    assert client.get(f"/co-so/nhan-quan-ly/?co_so={producer_user.pk + 100000}").status_code == 404


# --- Admin ----------------------------------------------------------------------------------------------------

ADMIN_URL = "/quan-tri/catalog/certificate/nhap-danh-sach-cong-bo/"


def _upload(rows, **choices):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("danh-sach.xlsx", xlsx_bytes(HEADERS, rows)), **choices}


def test_admin_previews_then_imports_a_published_list(client, admin_user):
    client.force_login(admin_user)

    preview = client.post(ADMIN_URL, _upload(ROWS, dry_run="on"))
    assert Certificate.objects.count() == 0
    stored = client.post(ADMIN_URL, _upload(ROWS))

    assert preview.status_code == 200
    assert ("Xem trước (không lưu): 5 công nhận mới, 3 cơ sở mới (chưa xác minh), 4 sản phẩm mới, 0 dòng đã có."
            in preview.content.decode())
    assert stored.status_code == 200
    assert "Đã nhập: 5 công nhận mới" in stored.content.decode()
    assert Certificate.objects.count() == 5
    assert "nhap-danh-sach-cong-bo" in client.get("/quan-tri/catalog/certificate/").content.decode()


def test_admin_file_with_errors_stores_nothing(client, admin_user):
    client.force_login(admin_user)

    response = client.post(ADMIN_URL, _upload(BAD))

    assert response.status_code == 400
    page = response.content.decode()
    assert all(escape(line) in page for line in BAD_LINES)
    assert Certificate.objects.count() == 0


def test_admin_import_is_for_staff_only(client, producer_user):
    client.force_login(producer_user)

    response = client.post(ADMIN_URL, _upload(ROWS))

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Certificate.objects.count() == 0


def test_statistics_pages_take_producers_without_legal_form_or_group(client, admin_user):
    """Unverified producers have no legal form and some products no group: the statistics still answer."""
    import_published_list(dataset=dataset(ROWS), by=admin_user)
    from django.urls import reverse

    from awards.reports.sections import SECTIONS

    pages = [reverse("reports:statistics_home"), *[reverse("reports:statistics", args=[slug]) for slug in SECTIONS]]

    assert [client.get(page).status_code for page in pages] == [200] * len(pages)


def test_open_data_names_the_decision_of_a_numberless_recognition(client, admin_user):
    import_published_list(dataset=dataset(ROWS[2:3]), by=admin_user)

    import json

    body = json.loads(b"".join(client.get("/du-lieu-mo/san-pham.json").streaming_content))
    csv_text = b"".join(client.get("/du-lieu-mo/san-pham.csv").streaming_content).decode()

    assert [(c["number"], c["decision_number"]) for c in body["products"][0]["certificates"]] == [
        ("", "1021/QĐ-UBND")]
    assert "1021/QĐ-UBND (Cấp tỉnh, 2019-01-01–2021-12-31, expired)" in csv_text


def test_certificate_register_import_still_needs_a_number(admin_user):
    from awards.resources import CertificateResource

    rows = tablib.Dataset(headers=["Số giấy chứng nhận", "Mã số thuế", "Tên sản phẩm", "Cấp", "Ngày cấp",
                                   "Hiệu lực đến", "Cơ quan cấp"])
    rows.append(["", "0101234567", "Bình gốm", "Cấp tỉnh", "01/03/2024", "", ""])

    result = CertificateResource(user=admin_user).import_data(rows, dry_run=True, use_transactions=True)

    assert [str(error.error) for _line, errors in result.row_errors() for error in errors] == [
        "Chưa ghi số giấy chứng nhận."]
