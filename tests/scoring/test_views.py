"""Pages: producer nominating, secretariat reviewing; isolation and scope answer 404; list query counts."""

import csv
import io

import openpyxl
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import enums as catalog_enums
from scoring.enums import NominationState, RoundState
from scoring.models import Nomination, SelectionRound
from tests.factories import (
    NominationFactory,
    ProducerFactory,
    ProductFactory,
    ProvinceFactory,
    SelectionRoundFactory,
    UserFactory,
)

from .conftest import make_complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_ninh_secretary(db):
    return UserFactory(email="thu-ky-bac-ninh@example.vn", role=catalog_enums.Role.SECRETARIAT,
                       scope_level=catalog_enums.ScopeLevel.PROVINCE,
                       scope_province=ProvinceFactory(code="24", name="Bắc Ninh"))


# --- Producer pages ----------------------------------------------------------------------------------------


def test_producer_nominates_and_submits_through_pages(client, producer_user, product, commune_round,
                                                      django_capture_on_commit_callbacks):
    client.force_login(producer_user)

    rounds = client.get("/binh-chon/dot-dang-mo/")
    form = client.get(f"/binh-chon/dot/{commune_round.pk}/de-cu/")
    created = client.post(f"/binh-chon/dot/{commune_round.pk}/de-cu/", {
        "product": product.pk, "round_notes": "", "sample_delivery": "Giao mẫu tại UBND xã ngày 10/3"})
    nomination = Nomination.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(f"/binh-chon/de-cu/{nomination.pk}/submit/")
    detail = client.get(f"/binh-chon/de-cu/{nomination.pk}/")

    assert commune_round.title in rounds.content.decode()
    assert form.status_code == 200
    assert created.status_code == 302
    assert submitted.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED
    assert "Đã nộp" in detail.content.decode()
    assert len(mail.outbox) == 1


def test_nominate_page_explains_why_a_product_cannot_enter(client, producer_user, producer, commune_round):
    ProductFactory(producer=producer, name="Nước mắm cá cơm", group=catalog_enums.ProductGroup.FOOD)
    commune_round.groups = ["1"]
    commune_round.save()
    client.force_login(producer_user)

    response = client.get(f"/binh-chon/dot/{commune_round.pk}/de-cu/")

    assert "không nhận sản phẩm thuộc nhóm" in response.content.decode()


def test_submit_incomplete_dossier_is_refused_with_list(client, producer_user, producer, commune_round):
    bare = ProductFactory(producer=producer)
    nomination = NominationFactory(round=commune_round, product=bare)
    client.force_login(producer_user)

    response = client.post(f"/binh-chon/de-cu/{nomination.pk}/submit/")

    assert response.status_code == 400
    assert "Hồ sơ còn thiếu: Ảnh màu: Mặt trước." in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT


def test_nominate_closed_round_is_404(client, producer_user, product):
    closed = SelectionRoundFactory(state=RoundState.REGISTRATION_CLOSED)
    client.force_login(producer_user)

    assert client.get(f"/binh-chon/dot/{closed.pk}/de-cu/").status_code == 404
    assert client.post(f"/binh-chon/dot/{closed.pk}/de-cu/", {"product": product.pk}).status_code == 404
    assert Nomination.objects.count() == 0


def test_nominate_someone_elses_product_is_refused(client, other_producer_user, other_producer, product,
                                                   commune_round):
    client.force_login(other_producer_user)

    response = client.post(f"/binh-chon/dot/{commune_round.pk}/de-cu/", {"product": product.pk,
                                                                          "sample_delivery": "x"})

    assert response.status_code == 400
    assert Nomination.objects.count() == 0


def test_producer_cannot_reach_another_producers_nomination(client, other_producer_user, other_producer, product,
                                                            commune_round):
    nomination = NominationFactory(round=commune_round, product=product)
    client.force_login(other_producer_user)

    assert client.get(f"/binh-chon/de-cu/{nomination.pk}/").status_code == 404
    assert client.post(f"/binh-chon/de-cu/{nomination.pk}/", {"sample_delivery": "x"}).status_code == 404
    assert client.post(f"/binh-chon/de-cu/{nomination.pk}/withdraw/").status_code == 404
    assert product.name not in client.get("/binh-chon/de-cu/").content.decode()
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT


def test_producer_cannot_open_secretariat_pages(client, producer_user, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product)
    client.force_login(producer_user)

    for url in ["/binh-chon/thu-ky/dot/", f"/binh-chon/thu-ky/dot/{commune_round.pk}/",
                f"/binh-chon/thu-ky/ho-so/{nomination.pk}/",
                f"/binh-chon/thu-ky/ho-so/{nomination.pk}/phieu-dang-ky.pdf"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/binh-chon/thu-ky/ho-so/{nomination.pk}/quyet-dinh/",
                       {"decision": "accepted"}).status_code == 404


def test_producer_edits_round_notes_of_returned_dossier(client, producer_user, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.RETURNED)
    client.force_login(producer_user)

    response = client.post(f"/binh-chon/de-cu/{nomination.pk}/", {"round_notes": "Đã bổ sung",
                                                                   "sample_delivery": "Giao ngày 12/3"})

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.round_notes, nomination.sample_delivery) == ("Đã bổ sung", "Giao ngày 12/3")


def test_producer_cannot_edit_submitted_dossier(client, producer_user, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    client.force_login(producer_user)

    response = client.post(f"/binh-chon/de-cu/{nomination.pk}/", {"round_notes": "Sửa lén", "sample_delivery": "x"})

    assert response.status_code == 400
    nomination.refresh_from_db()
    assert nomination.round_notes == ""


# --- Secretariat pages: scope ------------------------------------------------------------------------------


def test_other_province_secretary_gets_404_everywhere(client, bac_ninh_secretary, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    client.force_login(bac_ninh_secretary)
    base = f"/binh-chon/thu-ky/dot/{commune_round.pk}"

    for url in [f"{base}/", f"{base}/ho-so/", f"{base}/sua/", f"{base}/chuyen-len/", f"{base}/danh-sach-chuyen-len.pdf",
                f"/binh-chon/thu-ky/ho-so/{nomination.pk}/", f"/binh-chon/thu-ky/ho-so/{nomination.pk}/giay-to/0/",
                f"/binh-chon/thu-ky/ho-so/{nomination.pk}/phieu-dang-ky.pdf"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/binh-chon/thu-ky/ho-so/{nomination.pk}/quyet-dinh/",
                       {"decision": "accepted"}).status_code == 404
    assert client.post(f"{base}/trang-thai/", {"new_state": "registration_closed"}).status_code == 404
    assert client.post(f"{base}/tiep-nhan/", {"nomination": [nomination.pk]}).status_code == 404
    assert commune_round.title not in client.get("/binh-chon/thu-ky/dot/").content.decode()
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED


def test_provincial_secretary_sees_commune_and_province_rounds_of_own_province(client, secretary,
                                                                               bac_ninh_secretary):
    mine = [SelectionRoundFactory(title="Xã Bát Tràng"),
            SelectionRoundFactory(level="province", commune="", title="Tỉnh Hà Nội")]
    SelectionRoundFactory(title="Xã của Bắc Ninh", scope_province=bac_ninh_secretary.scope_province)
    SelectionRoundFactory(level="national", commune="", scope_province=None, title="Quốc gia")
    client.force_login(secretary)

    rounds = client.get("/binh-chon/thu-ky/dot/").context["rounds"]

    assert sorted(r.title for r in rounds) == sorted(r.title for r in mine)


def test_national_secretary_sees_only_national_rounds(client, commune_round):
    national = SelectionRoundFactory(level="national", commune="", scope_province=None, title="Quốc gia 2026")
    user = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.NATIONAL)
    client.force_login(user)

    assert [r.title for r in client.get("/binh-chon/thu-ky/dot/").context["rounds"]] == [national.title]
    assert client.get(f"/binh-chon/thu-ky/dot/{commune_round.pk}/").status_code == 404


# --- Secretariat pages: work -------------------------------------------------------------------------------


def test_round_list_query_count_does_not_grow(client, secretary, django_assert_num_queries):
    client.force_login(secretary)
    SelectionRoundFactory()
    with CaptureQueriesContext(connection) as one:
        client.get("/binh-chon/thu-ky/dot/")
    SelectionRoundFactory()
    SelectionRoundFactory()
    with CaptureQueriesContext(connection) as three:
        response = client.get("/binh-chon/thu-ky/dot/")

    assert len(response.context["rounds"]) == 3
    assert len(three) == len(one)


def test_nomination_list_query_count_does_not_grow(client, secretary, producer, commune_round):
    client.force_login(secretary)
    url = f"/binh-chon/thu-ky/dot/{commune_round.pk}/ho-so/"
    NominationFactory(round=commune_round, product=make_complete(ProductFactory(producer=producer)))
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(2):
        NominationFactory(round=commune_round, product=ProductFactory(producer=ProducerFactory()))
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)

    assert len(response.context["nominations"]) == 3
    assert len(three) == len(one)


def test_nomination_list_filters(client, secretary, producer, product, commune_round):
    complete = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    food = NominationFactory(round=commune_round, state=NominationState.DRAFT,
                             product=ProductFactory(producer=producer, group=catalog_enums.ProductGroup.FOOD))
    client.force_login(secretary)
    url = f"/binh-chon/thu-ky/dot/{commune_round.pk}/ho-so/"

    def ids(query):
        return sorted(n.pk for n in client.get(url, query).context["nominations"])

    assert ids({}) == sorted([complete.pk, food.pk])
    assert ids({"state": "submitted"}) == [complete.pk]
    assert ids({"group": "2"}) == [food.pk]
    assert ids({"completeness": "complete"}) == [complete.pk]
    assert ids({"completeness": "incomplete"}) == [food.pk]
    assert ids({"province": producer.province.pk}) == sorted([complete.pk, food.pk])
    assert client.get(url, {"state": "bogus"}).status_code == 200


def test_secretary_returns_with_reason_and_producer_sees_it(client, secretary, producer_user, product,
                                                            commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    client.force_login(secretary)

    refused = client.post(f"/binh-chon/thu-ky/ho-so/{nomination.pk}/quyet-dinh/", {"decision": "returned"})
    returned = client.post(f"/binh-chon/thu-ky/ho-so/{nomination.pk}/quyet-dinh/",
                           {"decision": "returned", "reason": "Bổ sung ảnh mặt trên rõ nét hơn."})
    client.force_login(producer_user)
    page = client.get(f"/binh-chon/de-cu/{nomination.pk}/").content.decode()

    assert refused.status_code == 400
    assert returned.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.RETURNED
    assert "Bổ sung ảnh mặt trên rõ nét hơn." in page


def test_dossier_view_shows_checklist(client, secretary, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    client.force_login(secretary)

    response = client.get(f"/binh-chon/thu-ky/ho-so/{nomination.pk}/")

    assert [item.ok for item in response.context["checklist"] if item.required] == [True] * 7
    assert response.context["dossier"]["product"]["name"] == product.name


def test_dossier_document_download(client, secretary, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    client.force_login(secretary)

    response = client.get(f"/binh-chon/thu-ky/ho-so/{nomination.pk}/giay-to/0/")
    missing = client.get(f"/binh-chon/thu-ky/ho-so/{nomination.pk}/giay-to/5/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert missing.status_code == 404


def test_bulk_accept(client, secretary, producer, commune_round):
    chosen = [NominationFactory(round=commune_round, product=make_complete(ProductFactory(producer=producer)),
                                state=NominationState.SUBMITTED) for _ in range(2)]
    left = NominationFactory(round=commune_round, product=make_complete(ProductFactory(producer=producer)),
                             state=NominationState.SUBMITTED)
    client.force_login(secretary)

    response = client.post(f"/binh-chon/thu-ky/dot/{commune_round.pk}/tiep-nhan/",
                           {"nomination": [n.pk for n in chosen]})

    assert response.status_code == 302
    assert sorted(Nomination.objects.filter(state="accepted").values_list("pk", flat=True)) == sorted(
        n.pk for n in chosen)
    left.refresh_from_db()
    assert left.state == NominationState.SUBMITTED


def test_bulk_accept_is_all_or_nothing(client, secretary, producer, commune_round):
    good = NominationFactory(round=commune_round, product=make_complete(ProductFactory(producer=producer)),
                             state=NominationState.SUBMITTED)
    bad = NominationFactory(round=commune_round, product=ProductFactory(producer=producer),
                            state=NominationState.SUBMITTED)
    client.force_login(secretary)

    client.post(f"/binh-chon/thu-ky/dot/{commune_round.pk}/tiep-nhan/", {"nomination": [good.pk, bad.pk]})

    assert Nomination.objects.filter(state="accepted").count() == 0


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_nominations(client, secretary, product, commune_round, fmt):
    NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    client.force_login(secretary)

    response = client.get(f"/binh-chon/thu-ky/dot/{commune_round.pk}/ho-so/", {"export": fmt, "state": "submitted"})

    if fmt == "xlsx":
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2
    assert (record["Sản phẩm"], record["Cơ sở"], record["Trạng thái"], record["Đủ hồ sơ"]) == (
        product.name, product.producer.name, "Đã nộp", "Có")


def test_registration_form_pdf(client, secretary, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    client.force_login(secretary)

    response = client.get(f"/binh-chon/thu-ky/ho-so/{nomination.pk}/phieu-dang-ky.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_secretary_creates_round_in_own_province_only(client, secretary, bac_ninh_secretary):
    client.force_login(secretary)
    data = {"level": "province", "title": "Bình chọn cấp tỉnh Hà Nội 2027", "year": 2027,
            "scope_province": secretary.scope_province_id, "groups": ["1", "2"],
            "registration_opens": "2027-03-01", "registration_closes": "2027-04-30", "threshold": "70",
            "method": "mean", "min_sheets": 3, "outlier_distance": "15", "bias_threshold": "5",
            "certificate_valid_years": 3}

    created = client.post("/binh-chon/thu-ky/dot/tao-moi/", data)
    foreign = client.post("/binh-chon/thu-ky/dot/tao-moi/",
                          {**data, "title": "Lạc tỉnh", "scope_province": bac_ninh_secretary.scope_province_id})

    assert created.status_code == 302
    assert foreign.status_code == 400
    assert list(SelectionRound.objects.values_list("title", "state", "created_by")) == [
        ("Bình chọn cấp tỉnh Hà Nội 2027", "draft", secretary.pk)]


def test_round_state_page_moves_and_refuses(client, secretary, commune_round):
    client.force_login(secretary)

    bad = client.post(f"/binh-chon/thu-ky/dot/{commune_round.pk}/trang-thai/", {"new_state": "archived"})
    good = client.post(f"/binh-chon/thu-ky/dot/{commune_round.pk}/trang-thai/",
                       {"new_state": "registration_closed", "reason": "Hết hạn"})

    assert bad.status_code == 400
    assert good.status_code == 302
    commune_round.refresh_from_db()
    assert commune_round.state == RoundState.REGISTRATION_CLOSED


def test_round_detail_counts_by_state_and_group(client, secretary, producer, commune_round):
    NominationFactory(round=commune_round, product=ProductFactory(producer=producer), state="submitted")
    NominationFactory(round=commune_round, product=ProductFactory(producer=producer, group="2"), state="submitted")
    NominationFactory(round=commune_round, product=ProductFactory(producer=producer, group="2"), state="accepted")
    client.force_login(secretary)

    table = client.get(f"/binh-chon/thu-ky/dot/{commune_round.pk}/").context["table"]

    rows = {row["state"]: row["counts"] for row in table["rows"]}
    assert rows["submitted"] == [1, 1, 0, 0]
    assert rows["accepted"] == [0, 1, 0, 0]
    assert table["total"] == 3


# --- Forwarding pages --------------------------------------------------------------------------------------


@pytest.fixture
def recognised_setup(product, commune_round):
    import datetime

    from tests.factories import CertificateFactory

    NominationFactory(round=commune_round, product=product, state=NominationState.ACCEPTED)
    CertificateFactory(product=product, level="commune", issued_on=datetime.date(2025, 9, 1),
                       valid_until=datetime.date(2030, 12, 31))
    return SelectionRoundFactory(level="province", commune="", title="Cấp tỉnh Hà Nội 2026")


def test_secretary_forwards_and_producer_confirms_through_pages(client, secretary, producer_user, product,
                                                                commune_round, recognised_setup):
    province_round = recognised_setup
    client.force_login(secretary)
    page = client.get(f"/binh-chon/thu-ky/dot/{commune_round.pk}/chuyen-len/")
    posted = client.post(f"/binh-chon/thu-ky/dot/{commune_round.pk}/chuyen-len/",
                         {"to_round": province_round.pk, "products": [product.pk]})
    client.force_login(producer_user)
    listing = client.get("/binh-chon/chuyen-len/")
    forwarding = listing.context["forwardings"][0]
    confirmed = client.post(f"/binh-chon/chuyen-len/{forwarding.pk}/tra-loi/", {"decision": "confirm"})

    assert list(page.context["form"].fields["products"].queryset) == [product]
    assert posted.status_code == 302
    assert confirmed.status_code == 302
    assert province_round.nominations.get().product == product


def test_other_producer_cannot_answer_forwarding(client, secretary, other_producer_user, other_producer, product,
                                                 commune_round, recognised_setup):
    from scoring.models import Forwarding
    from scoring.services import forward_products

    [forwarding] = forward_products(from_round=commune_round, to_round=recognised_setup, products=[product],
                                    by=secretary)
    client.force_login(other_producer_user)

    assert client.post(f"/binh-chon/chuyen-len/{forwarding.pk}/tra-loi/", {"decision": "confirm"}).status_code == 404
    assert list(client.get("/binh-chon/chuyen-len/").context["forwardings"]) == []
    assert Forwarding.objects.get().state == "proposed"


def test_forward_page_refuses_unrecognised_product_with_400(client, secretary, producer, commune_round,
                                                            recognised_setup):
    stranger = ProductFactory(producer=producer)
    client.force_login(secretary)

    response = client.post(f"/binh-chon/thu-ky/dot/{commune_round.pk}/chuyen-len/",
                           {"to_round": recognised_setup.pk, "products": [stranger.pk]})

    assert response.status_code == 400


def test_open_rounds_lists_only_rounds_covering_the_producer(client, producer_user, product, commune_round):
    SelectionRoundFactory(title="Xã khác", commune="Xã Phù Lãng")
    SelectionRoundFactory(title="Chỉ nhóm thực phẩm", groups=["2"])
    client.force_login(producer_user)

    entries = client.get("/binh-chon/dot-dang-mo/").context["entries"]

    assert [entry["round"].title for entry in entries] == [commune_round.title]


def test_round_create_form_renders_for_each_scope(client, secretary):
    from tests.factories import RegionFactory

    regional = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.REGION,
                           scope_region=RegionFactory())
    for user, levels in [(secretary, ["commune", "province"]), (regional, ["region"])]:
        client.force_login(user)
        response = client.get("/binh-chon/thu-ky/dot/tao-moi/")
        assert [code for code, _label in response.context["form"].fields["level"].choices if code] == levels


def test_regional_secretary_manages_region_round_only(client, commune_round):
    from tests.factories import RegionFactory

    north = RegionFactory()
    region_round = SelectionRoundFactory(level="region", commune="", scope_province=None, scope_region=north)
    south_round = SelectionRoundFactory(level="region", commune="", scope_province=None,
                                        scope_region=RegionFactory(code="south", name="Phía Nam"))
    regional = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.REGION,
                           scope_region=north)
    client.force_login(regional)

    assert client.get(f"/binh-chon/thu-ky/dot/{region_round.pk}/").status_code == 200
    assert client.get(f"/binh-chon/thu-ky/dot/{south_round.pk}/").status_code == 404
    assert client.get(f"/binh-chon/thu-ky/dot/{commune_round.pk}/").status_code == 404


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_my_nominations_query_count_does_not_grow(client, producer_user, producer):
    client.force_login(producer_user)
    NominationFactory(product=ProductFactory(producer=producer))
    one, _response = _count_queries(client, "/binh-chon/de-cu/")
    NominationFactory(product=ProductFactory(producer=producer))
    NominationFactory(product=ProductFactory(producer=producer))

    three, response = _count_queries(client, "/binh-chon/de-cu/")

    assert len(response.context["nominations"]) == 3
    assert three == one


def test_open_rounds_query_count_does_not_grow(client, producer_user, product):
    client.force_login(producer_user)
    SelectionRoundFactory()
    one, _response = _count_queries(client, "/binh-chon/dot-dang-mo/")
    SelectionRoundFactory(level="province", commune="", allow_without_commune_round=True)
    SelectionRoundFactory()

    three, response = _count_queries(client, "/binh-chon/dot-dang-mo/")

    assert len(response.context["entries"]) == 3
    assert three == one


def test_open_rounds_and_the_round_page_agree_on_the_prerequisite(client, producer_user, product):
    from tests.factories import CertificateFactory

    province_round = SelectionRoundFactory(title="Cấp tỉnh Hà Nội 2026", level="province", commune="")
    client.force_login(producer_user)

    # Without a commune certificate: neither page offers the product.
    entries = client.get("/binh-chon/dot-dang-mo/").context["entries"]
    form = client.get(f"/binh-chon/dot/{province_round.pk}/de-cu/").context["form"]
    assert (entries, list(form.fields["product"].queryset)) == ([], [])

    # Positive control: with one in force, both pages offer it.
    CertificateFactory(product=product, level="commune")
    entries = client.get("/binh-chon/dot-dang-mo/").context["entries"]
    form = client.get(f"/binh-chon/dot/{province_round.pk}/de-cu/").context["form"]
    assert [(e["round"].title, e["products"]) for e in entries] == [("Cấp tỉnh Hà Nội 2026", [product])]
    assert list(form.fields["product"].queryset) == [product]


def test_open_rounds_leaves_out_a_product_already_nominated_there(client, producer_user, product, commune_round):
    NominationFactory(round=commune_round, product=product)
    client.force_login(producer_user)

    assert client.get("/binh-chon/dot-dang-mo/").context["entries"] == []


def test_registration_form_pdf_embeds_the_photos_read_from_storage(client, secretary, product, commune_round,
                                                                   caplog):
    """The photos come from storage, not from an HTTP request to the site itself (which blocks a worker)."""
    from pypdf import PdfReader

    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)
    client.force_login(secretary)

    response = client.get(f"/binh-chon/thu-ky/ho-so/{nomination.pk}/phieu-dang-ky.pdf")

    pages = PdfReader(io.BytesIO(response.content)).pages
    # The front, side and top views; WeasyPrint gives both pages one shared resource dictionary.
    assert [len(page.images) for page in pages] == [3, 3]
    assert all(len(image.data) > 100 for image in pages[0].images)
    assert "Failed to load image" not in caplog.text


def test_pdfs_load_only_the_sites_own_files():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from catalog.pdf import site_file

    name = default_storage.save("photos/kiem-tra/a.jpg", ContentFile(b"jpeg"))
    assert site_file(f"http://testserver/media/{name}") == (name, b"jpeg")  # positive control
    assert site_file(f"/media/{name}?v=2") == (name, b"jpeg")
    assert site_file("https://elsewhere.example/x.jpg") is None
    assert site_file("http://169.254.169.254/latest/meta-data/") is None
    assert site_file("file:///etc/passwd") is None
    assert site_file("/media/../../etc/passwd") is None
    name, body = site_file("/static/css/site.css")
    assert name == "css/site.css" and b".badge" in body
