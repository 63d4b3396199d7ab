"""The round's nominations list and audit log as files (`?export=xlsx|csv` on the page, scoring.exports): exactly
the rows the page's filter gives, only in a round the secretariat may see, a constant number of queries. The
nominations' job path is tested in test_nomination_exports.py."""

import pytest
from django.db import connection
from django.urls import reverse

from catalog import audit
from scoring.enums import NominationState
from tests.exports import FORMATS, FORMULA, NEUTRALISED, cells, column, export, export_in_background, queries, read
from tests.factories import (
    NominationFactory,
    ProducerFactory,
    ProductFactory,
    SelectionRoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEADERS = ["id", "Sản phẩm", "Nhóm", "Cơ sở", "Mã số thuế", "Tỉnh/thành phố", "Địa chỉ", "Người đại diện",
           "Điện thoại", "Trạng thái", "Ngày nộp", "Đủ hồ sơ"]


@pytest.fixture
def rounds(ho_chi_minh):
    """Hà Nội's round: two submitted handicrafts (one named like a formula), a submitted food product, a draft;
    TP HCM's round: one submitted."""
    ha_noi_round = SelectionRoundFactory()
    for name, group, state in (("Bình gốm Bát Tràng", "1", NominationState.SUBMITTED),
                               (FORMULA, "1", NominationState.SUBMITTED),
                               ("Bánh cốm Vòng", "2", NominationState.SUBMITTED),
                               ("Chổi đót", "1", NominationState.DRAFT)):
        NominationFactory(round=ha_noi_round, state=state, product=ProductFactory(name=name, group=group))
    hcm_round = SelectionRoundFactory(scope_province=ho_chi_minh, commune="Phường Bến Thành")
    NominationFactory(round=hcm_round, state=NominationState.SUBMITTED, product=ProductFactory(
        name="Sơn mài TP HCM", producer=ProducerFactory(province=ho_chi_minh)))
    return ha_noi_round, hcm_round


def url(selection_round):
    return reverse("scoring:round_nominations", args=[selection_round.pk])


@pytest.mark.parametrize("fmt", FORMATS)
def test_nominations_export_holds_exactly_the_filtered_rows(client, secretary, rounds, fmt):
    ha_noi_round, _hcm_round = rounds
    client.force_login(secretary)

    rows = cells(export(client, url(ha_noi_round), fmt, state="submitted", group="1"))

    assert rows[0] == HEADERS
    # Not the food product nor the draft (the filters), nor TP HCM's round.
    assert sorted(column(rows, "Sản phẩm")) == sorted(["Bình gốm Bát Tràng", NEUTRALISED])
    assert set(column(rows, "Trạng thái")) == {"Đã nộp"}


def test_nominations_export_stays_vietnamese_in_english(client, secretary, rounds):
    ha_noi_round, _hcm_round = rounds
    client.force_login(secretary)
    client.cookies["django_language"] = "en"

    rows = cells(export(client, url(ha_noi_round), "csv", state="submitted"))

    assert rows[0] == HEADERS
    assert set(column(rows, "Trạng thái")) == {"Đã nộp"}
    assert "Thủ công mỹ nghệ" in column(rows, "Nhóm")


@pytest.mark.parametrize("fmt", FORMATS)
def test_nominations_export_of_another_provinces_round_is_404(client, other_secretary, rounds, fmt):
    ha_noi_round, hcm_round = rounds
    client.force_login(other_secretary)

    assert export(client, url(ha_noi_round), fmt).status_code == 404
    assert column(cells(export(client, url(hcm_round), fmt)), "Sản phẩm") == ["Sơn mài TP HCM"]  # control


def test_nominations_export_query_count_does_not_grow(client, secretary):
    selection_round = SelectionRoundFactory()
    NominationFactory(round=selection_round)
    client.force_login(secretary)
    one = queries(client, url(selection_round), export="csv")
    NominationFactory.create_batch(2, round=selection_round)

    assert queries(client, url(selection_round), export="csv") == one


def test_nominations_page_links_its_filtered_export(client, secretary, rounds):
    ha_noi_round, _hcm_round = rounds
    client.force_login(secretary)

    html = client.get(url(ha_noi_round), {"state": "submitted"}).content.decode()

    assert 'href="?state=submitted&amp;export=xlsx"' in html and 'href="?state=submitted&amp;export=csv"' in html


# --- The round's audit log (scoring:round_audit) --------------------------------------------------------------

AUDIT_HEADERS = ["Số", "Thời điểm", "Người thực hiện", "Thao tác", "Đối tượng", "Mã đối tượng", "Trước", "Sau",
                 "Khớp mã băm"]


@pytest.fixture
def logged(rounds, secretary):
    """Hà Nội's round: two nomination moves (one reason written like a formula) and a round move; TP HCM's round:
    one nomination move."""
    ha_noi_round, hcm_round = rounds
    first, second = ha_noi_round.nominations.order_by("pk")[:2]
    audit.record(action="nomination.state", obj=first, by=secretary, round_id=ha_noi_round.pk,
                 before={"state": "submitted"}, after={"state": "accepted"})
    audit.record(action="nomination.state", obj=second, by=secretary, round_id=ha_noi_round.pk,
                 before={"state": "submitted"}, after={"state": "returned", "reason": FORMULA})
    audit.record(action="round.state", obj=ha_noi_round, by=None, round_id=ha_noi_round.pk,
                 before={"state": "registration_open"}, after={"state": "registration_closed"})
    audit.record(action="nomination.state", obj=hcm_round.nominations.get(), by=None, round_id=hcm_round.pk,
                 before={"state": "submitted"}, after={"state": "accepted"})
    return first, second


def audit_url(selection_round):
    return reverse("scoring:round_audit", args=[selection_round.pk])


@pytest.mark.parametrize("fmt", FORMATS)
def test_audit_export_holds_exactly_the_filtered_entries_of_the_round(client, secretary, rounds, logged, fmt):
    ha_noi_round, _hcm_round = rounds
    first, second = logged
    client.force_login(secretary)

    response = export(client, audit_url(ha_noi_round), fmt, hanh_dong="nomination.state", truoc="999999")
    rows = cells(response)

    assert response["Content-Disposition"] == f'attachment; filename="nhat-ky-dot-{ha_noi_round.pk}.{fmt}"'
    assert rows[0] == AUDIT_HEADERS
    # Newest first; not the round's move (the filter) nor TP HCM's entry (another round); the cursor is the page's.
    assert [row[2:] for row in rows[1:]] == [
        [secretary.full_name, "Chuyển trạng thái hồ sơ", "hồ sơ đề cử", str(second.pk), "state: submitted",
         f"reason: {FORMULA}\nstate: returned", "Có"],
        [secretary.full_name, "Chuyển trạng thái hồ sơ", "hồ sơ đề cử", str(first.pk), "state: submitted",
         "state: accepted", "Có"]]


def test_audit_export_neutralises_a_cell_starting_like_a_formula(client, secretary, rounds):
    ha_noi_round, _hcm_round = rounds
    entry = audit.record(action="nomination.state", obj=ha_noi_round, by=secretary, round_id=ha_noi_round.pk,
                         before={}, after={"reason": "x"})
    with connection.cursor() as cursor:  # edited behind the application's back
        cursor.execute("UPDATE catalog_auditentry SET object_id = %s WHERE id = %s", [FORMULA, entry.pk])
    client.force_login(secretary)

    rows = cells(export(client, audit_url(ha_noi_round), "csv"))

    assert column(rows, "Mã đối tượng") == [NEUTRALISED]
    assert column(rows, "Khớp mã băm") == ["Không: đã bị sửa ngoài hệ thống"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_audit_export_of_another_provinces_round_is_404(client, other_secretary, rounds, logged, fmt):
    ha_noi_round, hcm_round = rounds
    client.force_login(other_secretary)

    assert export(client, audit_url(ha_noi_round), fmt).status_code == 404
    assert column(cells(export(client, audit_url(hcm_round), fmt)), "Người thực hiện") == ["Hệ thống"]  # control


def test_audit_export_query_count_does_not_grow(client, secretary):
    selection_round = SelectionRoundFactory()
    audit.record(action="round.state", obj=selection_round, by=secretary, round_id=selection_round.pk)
    client.force_login(secretary)
    one = queries(client, audit_url(selection_round), export="xlsx")
    for by in (secretary, UserFactory()):
        audit.record(action="round.state", obj=selection_round, by=by, round_id=selection_round.pk)

    assert queries(client, audit_url(selection_round), export="xlsx") == one


def test_large_audit_export_is_made_by_a_job_with_the_same_cells(client, secretary, rounds, logged, settings,
                                                                after_commit):
    ha_noi_round, _hcm_round = rounds
    client.force_login(secretary)
    inline = cells(export(client, audit_url(ha_noi_round), "xlsx", hanh_dong="nomination.state"))
    settings.EXPORT_INLINE_MAX_ROWS = 1

    with after_commit(execute=True):
        started = export_in_background(client, audit_url(ha_noi_round), "xlsx", hanh_dong="nomination.state")
    page = client.get(started["Location"])
    status = client.get(reverse("scoring:round_audit_export_status", args=[ha_noi_round.pk, "xlsx"]),
                        {"hanh_dong": "nomination.state"}).json()
    download = client.get(status["download_url"])

    assert started["Location"] == (reverse("scoring:round_audit_export", args=[ha_noi_round.pk, "xlsx"])
                                   + "?hanh_dong=nomination.state")
    assert page.status_code == 200 and "có 2 dòng" in page.content.decode()
    assert read(b"".join(download.streaming_content), f"nhat-ky-dot-{ha_noi_round.pk}.xlsx") == inline


def test_audit_page_links_its_filtered_export(client, secretary, rounds, logged):
    ha_noi_round, _hcm_round = rounds
    client.force_login(secretary)

    html = client.get(audit_url(ha_noi_round), {"hanh_dong": "nomination.state"}).content.decode()

    assert 'href="?hanh_dong=nomination.state&amp;export=csv"' in html
