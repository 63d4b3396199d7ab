"""The secretariat's award lists as files (`?export=xlsx|csv` on the page): exactly the rows the page's filter and
access funnel give, Vietnamese headers whatever the interface language, user text neutralised, a constant number
of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Complaint
from catalog import enums as catalog_enums
from tests.exports import FORMATS, FORMULA, NEUTRALISED, cells, column, export, export_in_background, queries, read
from tests.factories import (
    CertificateFactory,
    DecisionEntryFactory,
    ProducerFactory,
    ProductFactory,
    ProvinceFactory,
    ResultsDecisionFactory,
    SelectionRoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ENTRY_HEADERS = ["Hạng", "Mã hồ sơ", "Sản phẩm", "Cơ sở", "Tỉnh/thành phố", "Nhóm sản phẩm", "Điểm trung bình",
                 "Nhóm tiêu chí 1", "Nhóm tiêu chí 2", "Nhóm tiêu chí 3", "Nhóm tiêu chí 4", "Bằng hạng", "Kết quả",
                 "Lý do không công nhận"]
CERTIFICATE_HEADERS = ["Số giấy chứng nhận", "Số quyết định công nhận", "Sản phẩm", "Cơ sở", "Mã số thuế",
                       "Tỉnh/thành phố", "Cấp", "Ngày cấp", "Hiệu lực đến", "Nguồn", "Tình trạng", "Ngày thu hồi"]
COMPLAINT_HEADERS = ["Sản phẩm", "Cơ sở", "Đợt", "Ngày gửi", "Hạn trả lời", "Tình trạng", "Nội dung khiếu nại",
                     "Trả lời", "Ngày trả lời"]


def hcm_round(ho_chi_minh):
    return SelectionRoundFactory(level="province", commune="", state="scoring_closed", min_sheets=1,
                                 scope_province=ho_chi_minh)


# --- The draft decision's list (awards:decision_entries) ------------------------------------------------------


@pytest.fixture
def entries(ho_chi_minh):
    """Hà Nội's draft list: two recognised (one named like a formula), one excluded; TP HCM's draft list."""
    decision = ResultsDecisionFactory()
    DecisionEntryFactory(decision=decision, rank=1, average=Decimal("88.50"), scored=False,
                         group_averages={"1": "36.50", "2": "34.00", "3": "9.00", "4": "9.00"},
                         nomination__product__name="Bình gốm Bát Tràng")
    DecisionEntryFactory(decision=decision, rank=2, average=Decimal("80.00"), scored=False,
                         nomination__product__name=FORMULA)
    DecisionEntryFactory(decision=decision, rank=3, average=Decimal("60.00"), recognised=False, scored=False,
                         exclusion_reason="Dưới ngưỡng 70 điểm", nomination__product__name="Giỏ mây")
    other = ResultsDecisionFactory(round=hcm_round(ho_chi_minh))
    DecisionEntryFactory(decision=other, rank=1, average=Decimal("90.00"), scored=False,
                         nomination__product__name="Sơn mài TP HCM")
    return decision, other


def entries_url(decision):
    return reverse("awards:decision_entries", args=[decision.pk])


@pytest.mark.parametrize("fmt", FORMATS)
def test_decision_entries_export_holds_exactly_the_filtered_lines(client, secretary, entries, fmt):
    decision, _other = entries
    client.force_login(secretary)

    response = export(client, entries_url(decision), fmt, ket_qua="cong-nhan")
    rows = cells(response)

    assert response["Content-Disposition"] == f'attachment; filename="danh-sach-de-nghi-{decision.pk}.{fmt}"'
    assert rows[0] == ENTRY_HEADERS
    assert sorted(column(rows, "Sản phẩm")) == sorted(["Bình gốm Bát Tràng", NEUTRALISED])  # not "Giỏ mây"
    assert set(column(rows, "Kết quả")) == {"Công nhận"}
    assert "Sơn mài TP HCM" not in str(rows)


def test_decision_entries_xlsx_keeps_figures_as_numbers(client, secretary, entries):
    decision, _other = entries
    client.force_login(secretary)

    rows = cells(export(client, entries_url(decision), "xlsx", q="Bát Tràng"))

    entry = decision.entries.get(rank=1)
    assert rows[1] == [1, entry.nomination_id, "Bình gốm Bát Tràng", entry.nomination.product.producer.name,
                       "Hà Nội", "Thủ công mỹ nghệ", 88.5, 36.5, 34, 9, 9, "", "Công nhận", ""]


def test_decision_entries_csv_without_filters_holds_every_line(client, secretary, entries):
    decision, _other = entries
    client.force_login(secretary)

    rows = cells(export(client, entries_url(decision), "csv"))

    assert column(rows, "Sản phẩm") == ["Bình gốm Bát Tràng", NEUTRALISED, "Giỏ mây"]  # rank order
    assert column(rows, "Lý do không công nhận") == ["", "", "Dưới ngưỡng 70 điểm"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_decision_entries_export_of_another_province_is_404(client, other_secretary, entries, fmt):
    decision, other = entries
    client.force_login(other_secretary)

    assert export(client, entries_url(decision), fmt).status_code == 404
    assert column(cells(export(client, entries_url(other), fmt)), "Sản phẩm") == ["Sơn mài TP HCM"]  # control


def test_decision_entries_export_query_count_does_not_grow(client, secretary):
    decision = ResultsDecisionFactory()
    DecisionEntryFactory(decision=decision, rank=1, average=Decimal("80.00"), scored=False)
    client.force_login(secretary)
    one = queries(client, entries_url(decision), export="xlsx")
    for rank in (2, 3):
        DecisionEntryFactory(decision=decision, rank=rank, average=Decimal("80.00"), scored=False)

    assert queries(client, entries_url(decision), export="xlsx") == one


def test_decision_entries_page_links_its_filtered_export(client, secretary, entries):
    decision, _other = entries
    client.force_login(secretary)

    html = client.get(entries_url(decision), {"ket_qua": "cong-nhan", "trang": "1"}).content.decode()

    assert 'href="?ket_qua=cong-nhan&amp;export=xlsx"' in html
    assert 'href="?ket_qua=cong-nhan&amp;export=csv"' in html


# --- Certificates in scope (awards:certificate_list) ----------------------------------------------------------


@pytest.fixture
def certificates(ho_chi_minh):
    """Hà Nội: a commune certificate of a product named like a formula, a revoked province one and a national
    one (not a provincial secretariat's level); TP HCM: a province certificate."""
    ha_noi_product = ProductFactory(name=FORMULA, producer=ProducerFactory(name="HTX Gốm Bát Tràng"))
    CertificateFactory(product=ha_noi_product, number="XA-01-2025-0001")
    CertificateFactory(product=ProductFactory(name="Giỏ mây"), number="TINH-01-2024-0007", level="province",
                       issued_on=datetime.date(2024, 9, 1), status="revoked", revoked_on=datetime.date(2025, 3, 1))
    CertificateFactory(product=ProductFactory(name="Gốm quốc gia"), number="QG-2025-0001", level="national")
    CertificateFactory(product=ProductFactory(name="Sơn mài TP HCM", producer=ProducerFactory(
        province=ho_chi_minh)), number="TINH-79-2025-0001", level="province")


@pytest.mark.parametrize("fmt", FORMATS)
def test_certificate_export_holds_the_certificates_in_scope_only(client, secretary, certificates, fmt):
    client.force_login(secretary)

    response = export(client, reverse("awards:certificate_list"), fmt)
    rows = cells(response)

    assert response["Content-Disposition"] == f'attachment; filename="giay-chung-nhan.{fmt}"'
    assert rows[0] == CERTIFICATE_HEADERS
    assert sorted(column(rows, "Số giấy chứng nhận")) == ["TINH-01-2024-0007", "XA-01-2025-0001"]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["XA-01-2025-0001"][2:4] == [NEUTRALISED, "HTX Gốm Bát Tràng"]
    assert by_number["XA-01-2025-0001"][5:] == ["Hà Nội", "Cấp xã", "01/09/2025", "31/12/2027", "Ghi nhận từ hồ sơ cũ",
                                                "Còn hiệu lực", ""]
    assert by_number["TINH-01-2024-0007"][10:] == ["Đã thu hồi", "01/03/2025"]


def test_certificate_export_of_the_other_province_holds_its_own(client, other_secretary, certificates):
    client.force_login(other_secretary)

    rows = cells(export(client, reverse("awards:certificate_list"), "csv"))

    assert column(rows, "Số giấy chứng nhận") == ["TINH-79-2025-0001"]


def test_certificate_export_headers_stay_vietnamese_in_english(client, secretary, certificates):
    client.force_login(secretary)
    client.cookies["django_language"] = "en"

    rows = cells(export(client, reverse("awards:certificate_list"), "xlsx"))

    assert rows[0] == CERTIFICATE_HEADERS
    assert "Cấp xã" in column(rows, "Cấp")


def test_certificate_export_query_count_does_not_grow(client, secretary):
    CertificateFactory()
    client.force_login(secretary)
    one = queries(client, reverse("awards:certificate_list"), export="csv")
    CertificateFactory.create_batch(2)

    assert queries(client, reverse("awards:certificate_list"), export="csv") == one


def test_certificate_list_links_its_export(client, secretary, certificates):
    client.force_login(secretary)

    html = client.get(reverse("awards:certificate_list")).content.decode()

    assert 'href="?export=xlsx"' in html and 'href="?export=csv"' in html


# --- Complaints in scope (awards:complaint_list) --------------------------------------------------------------


def complaint(entry, text, **fields):
    return Complaint.objects.create(decision=entry.decision, nomination=entry.nomination, text=text,
                                    answer_due=fields.pop("answer_due", datetime.date(2026, 4, 10)), **fields)


@pytest.fixture
def complaints(ho_chi_minh):
    decision = ResultsDecisionFactory(state="published")
    mine = DecisionEntryFactory(decision=decision, scored=False, nomination__product__name="Bình gốm Bát Tràng",
                                nomination__product__producer__name="HTX Gốm Bát Tràng")
    complaint(mine, FORMULA, filed_at=timezone.make_aware(datetime.datetime(2026, 3, 20, 9)))
    complaint(mine, "Điểm nhóm 2 chưa đúng.", answer="Đã chấm lại, điểm giữ nguyên.",
              answered_at=timezone.make_aware(datetime.datetime(2026, 3, 25, 15)),
              filed_at=timezone.make_aware(datetime.datetime(2026, 3, 21, 9)))
    other = DecisionEntryFactory(decision=ResultsDecisionFactory(state="published", round=hcm_round(ho_chi_minh)),
                                 scored=False, nomination__product__name="Sơn mài TP HCM")
    complaint(other, "Khiếu nại của TP HCM")


@pytest.mark.parametrize("fmt", FORMATS)
def test_complaint_export_holds_the_complaints_in_scope_only(client, secretary, complaints, fmt):
    client.force_login(secretary)

    response = export(client, reverse("awards:complaint_list"), fmt)
    rows = cells(response)

    assert response["Content-Disposition"] == f'attachment; filename="khieu-nai.{fmt}"'
    assert rows[0] == COMPLAINT_HEADERS
    # In the page's order, the unanswered first on every database.
    assert [row[:2] + row[3:] for row in rows[1:]] == [
        ["Bình gốm Bát Tràng", "HTX Gốm Bát Tràng", "20/03/2026", "10/04/2026", "Quá hạn", NEUTRALISED, "", ""],
        ["Bình gốm Bát Tràng", "HTX Gốm Bát Tràng", "21/03/2026", "10/04/2026", "Đã trả lời",
         "Điểm nhóm 2 chưa đúng.", "Đã chấm lại, điểm giữ nguyên.", "25/03/2026"],
    ]


def test_complaint_export_of_the_other_province_holds_its_own(client, other_secretary, complaints):
    client.force_login(other_secretary)

    rows = cells(export(client, reverse("awards:complaint_list"), "xlsx"))

    assert column(rows, "Nội dung khiếu nại") == ["Khiếu nại của TP HCM"]


def test_complaint_export_query_count_does_not_grow(client, secretary):
    entry = DecisionEntryFactory(decision=ResultsDecisionFactory(state="published"), scored=False)
    complaint(entry, "Một")
    client.force_login(secretary)
    one = queries(client, reverse("awards:complaint_list"), export="xlsx")
    complaint(entry, "Hai")
    complaint(entry, "Ba")

    assert queries(client, reverse("awards:complaint_list"), export="xlsx") == one


# --- A large list is made by a job (scoring.exports, EXPORT_INLINE_MAX_ROWS) ----------------------------------


def job_file(client, status_url: str, **filters) -> tuple[dict, bytes]:
    """The job's status and its file, as the progress page's script fetches them."""
    status = client.get(status_url, filters).json()
    download = client.get(status["download_url"])
    assert download.status_code == 200
    return status, b"".join(download.streaming_content)


@pytest.mark.parametrize("fmt", FORMATS)
def test_large_decision_entries_export_is_made_by_a_job_with_the_same_cells(client, secretary, entries, settings,
                                                                           after_commit, fmt):
    decision, _other = entries
    client.force_login(secretary)
    inline = cells(export(client, entries_url(decision), fmt, ket_qua="cong-nhan"))
    settings.EXPORT_INLINE_MAX_ROWS = 1  # two rows now count as a large list

    with after_commit(execute=True):
        started = export_in_background(client, entries_url(decision), fmt, ket_qua="cong-nhan", trang="2")
    page_url = reverse("awards:decision_entries_export", args=[decision.pk, fmt]) + "?ket_qua=cong-nhan"
    page = client.get(page_url)
    status, content = job_file(client, reverse("awards:decision_entries_export_status", args=[decision.pk, fmt]),
                               ket_qua="cong-nhan")

    assert (started.status_code, started["Location"]) == (302, page_url)
    assert page.status_code == 200 and "có 2 dòng" in page.content.decode()
    assert (status["state"], status["done"], status["total"]) == ("done", 2, 2)
    assert read(content, f"danh-sach-de-nghi-{decision.pk}.{fmt}") == inline


def test_decision_entries_export_job_is_404_to_another_province(client, secretary, other_secretary, entries,
                                                                settings, after_commit):
    decision, _other = entries
    settings.EXPORT_INLINE_MAX_ROWS = 1
    client.force_login(secretary)
    with after_commit(execute=True):
        export_in_background(client, entries_url(decision), "xlsx")
    names = ("awards:decision_entries_export", "awards:decision_entries_export_status",
             "awards:decision_entries_export_download")
    urls = [reverse(name, args=[decision.pk, "xlsx"]) for name in names]
    client.force_login(other_secretary)

    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert client.post(reverse("awards:decision_entries_export_build", args=[decision.pk, "xlsx"])).status_code == 404


def test_large_certificate_export_is_made_by_a_job_only_its_secretary_downloads(client, secretary, certificates,
                                                                                settings, after_commit):
    client.force_login(secretary)
    inline = cells(export(client, reverse("awards:certificate_list"), "csv"))
    settings.EXPORT_INLINE_MAX_ROWS = 1
    with after_commit(execute=True):
        started = export_in_background(client, reverse("awards:certificate_list"), "csv")
    status_url = reverse("awards:certificate_list_export_status", args=["csv"])
    _status, content = job_file(client, status_url)
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory())  # the same scope, not the same job
    client.force_login(other)

    assert started["Location"] == reverse("awards:certificate_list_export", args=["csv"])
    assert read(content, "giay-chung-nhan.csv") == inline
    assert client.get(status_url).json()["state"] == "none"
    assert client.get(reverse("awards:certificate_list_export_download", args=["csv"])).status_code == 404
