"""The pages through each door: who reaches what (404 otherwise, with a positive control beside every refusal),
bad input answered 400 with nothing stored, the documents rendered for real."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from awards.artisans import services, voting
from awards.artisans.enums import EvidenceKind, NominationState, Title
from awards.artisans.models import ArtisanNomination, Evidence, PriorTitle, Work
from tests.images import exe_upload, jpeg_upload, pdf_bytes, pdf_upload, upload
from tests.media import stored_bytes, stored_names

from .conftest import ArtisanNominationFactory, make_complete, make_council, members, session_with, vote

pytestmark = pytest.mark.django_db
S = NominationState


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


# --- Candidates --------------------------------------------------------------------------------------------


def test_candidate_fills_in_and_submits_a_dossier(client, candidate, artisan_round, ha_noi):
    client.force_login(candidate)
    response = client.post(reverse("artisans:nomination_create", args=[artisan_round.pk]), {
        "title_sought": "nnut", "full_name": "Trần Thị Gốm", "id_number": "001185000123",
        "date_of_birth": "1965-03-08", "gender": "female", "address": "Xã Bát Tràng", "province": ha_noi.pk,
        "phone": "0987 654 321", "email": "nghe-nhan@example.vn", "craft": "Gốm sứ", "years_in_craft": "30",
        "learners": "60", "other_distinctions": ""})
    nomination = ArtisanNomination.objects.get()
    assert (response.status_code, response["Location"]) == (302, reverse("artisans:dossier", args=[nomination.pk]))
    assert (nomination.user, nomination.posthumous) == (candidate, False)

    client.post(reverse("artisans:achievements_edit", args=[nomination.pk]), {
        "titles-TOTAL_FORMS": "1", "titles-INITIAL_FORMS": "0", "titles-0-title": "", "titles-0-year": "",
        "works-TOTAL_FORMS": "2", "works-INITIAL_FORMS": "0",
        "works-0-name": "Bình gốm men rạn", "works-0-year": "2019", "works-0-level": "national", "works-0-rank": "1",
        "works-1-name": "", "works-1-year": "", "works-1-level": "", "works-1-rank": ""})
    assert list(Work.objects.values_list("name", "rank")) == [("Bình gốm men rạn", 1)]

    page = client.get(reverse("artisans:dossier", args=[nomination.pk])).content.decode()
    assert "Kiểm tra tiêu chuẩn" in page and "30 năm; tối thiểu 15 năm." in page

    refused = client.post(reverse("artisans:nomination_submit", args=[nomination.pk]), {})
    assert (refused.status_code, ArtisanNomination.objects.get().state) == (400, S.DRAFT)
    done = client.post(reverse("artisans:nomination_submit", args=[nomination.pk]), {"confirm": "on"})
    assert (done.status_code, ArtisanNomination.objects.get().state) == (302, S.SUBMITTED)


def test_the_posthumous_box_is_only_offered_to_the_secretariat(client, candidate, secretary, artisan_round):
    url = reverse("artisans:nomination_create", args=[artisan_round.pk])
    client.force_login(candidate)
    assert 'name="posthumous"' not in client.get(url).content.decode()
    client.force_login(secretary)
    assert 'name="posthumous"' in client.get(url).content.decode()


@pytest.mark.parametrize(("make_upload", "kind", "message"), [
    (lambda: exe_upload(), EvidenceKind.AWARD_DECISION, "Tệp không phải PDF hoặc ảnh JPEG, PNG, WebP hợp lệ."),
    (lambda: upload("video.mp4", b"not a video at all", "video/mp4"), EvidenceKind.VIDEO,
     "Tệp không phải video MP4, MOV hoặc WebM."),
])
def test_bad_evidence_is_refused_with_nothing_stored(client, candidate, own_nomination, make_upload, kind, message):
    before = Evidence.objects.count()
    client.force_login(candidate)

    response = client.post(reverse("artisans:evidence_add", args=[own_nomination.pk]),
                           {"kind": kind, "file": make_upload()})

    assert response.status_code == 400 and message in response.content.decode()
    assert Evidence.objects.count() == before


def test_evidence_files_videos_and_links_are_stored_privately(client, candidate, own_nomination, settings):
    client.force_login(candidate)
    url = reverse("artisans:evidence_add", args=[own_nomination.pk])
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64

    client.post(url, {"kind": "award_decision", "caption": "Quyết định giải nhất", "file": pdf_upload()})
    client.post(url, {"kind": "video", "file": upload("lam-gom.mp4", mp4, "video/mp4")})
    client.post(url, {"kind": "video_link", "url": "https://video.example.vn/lam-gom"})

    added = Evidence.objects.filter(caption__in=["Quyết định giải nhất", ""]).order_by("pk")
    assert [(e.kind, e.content_type, bool(e.file), e.url) for e in added] == [
        ("award_decision", "application/pdf", True, ""), ("video", "video/mp4", True, ""),
        ("video_link", "", False, "https://video.example.vn/lam-gom")]
    names = [e.file.name for e in added if e.file]
    assert len(names) == 2 and set(names) <= set(stored_names("private"))
    assert stored_bytes(added[0].file.name, "private") == pdf_bytes()
    assert stored_names() == []  # nothing in the public store


def test_the_portrait_is_re_encoded_without_metadata(client, candidate, own_nomination):
    client.force_login(candidate)

    client.post(reverse("artisans:portrait_set", args=[own_nomination.pk]), {"image": jpeg_upload(gps=True)})

    from PIL import Image

    own_nomination.refresh_from_db()
    with own_nomination.portrait.open("rb") as stored, Image.open(stored) as image:
        assert image.getexif() == {}


# --- Who reaches what --------------------------------------------------------------------------------------


def test_a_dossier_is_reached_by_its_candidate_and_the_secretariat_in_scope(client, own_nomination, candidate,
                                                                            other_candidate, secretary,
                                                                            other_province_secretary):
    url = reverse("artisans:dossier", args=[own_nomination.pk])
    for user, status in ((candidate, 200), (secretary, 200), (other_candidate, 404),
                         (other_province_secretary, 404)):
        client.force_login(user)
        assert (user.email, client.get(url).status_code) == (user.email, status)


def test_evidence_downloads_follow_the_dossier(client, own_nomination, candidate, other_candidate, secretary):
    item = own_nomination.evidence.first()
    url = reverse("artisans:evidence_download", args=[item.pk])
    for user, status in ((candidate, 200), (secretary, 200), (other_candidate, 404)):
        client.force_login(user)
        assert (user.email, client.get(url).status_code) == (user.email, status)
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_council_members_read_the_dossiers_on_their_ballot_without_contacts(client, own_nomination, candidate,
                                                                            secretary, artisan_round, ha_noi,
                                                                            judge):
    for state, by in ((S.SUBMITTED, candidate), (S.ACCEPTED, secretary)):
        services.set_nomination_state(nomination=own_nomination, new_state=state, by=by)
    council = make_council(artisan_round, province=ha_noi, size=3, by=secretary)
    member = members(council)[0].user
    url = reverse("artisans:member_dossier", args=[own_nomination.pk])

    client.force_login(member)
    page = client.get(url).content.decode()
    evidence = client.get(reverse("artisans:evidence_download", args=[own_nomination.evidence.first().pk]))
    client.force_login(judge)  # a jury account sitting on no council

    assert "Trần Thị Gốm" in page and "200" in page
    assert [secret for secret in ("001185000123", "0987 654 321", "Số 7 ngõ Gốm") if secret in page] == []
    assert evidence.status_code == 200
    assert client.get(url).status_code == 404
    assert client.get(reverse("artisans:dossier", args=[own_nomination.pk])).status_code == 404


def test_session_pages_for_members_runners_and_strangers(client, own_nomination, candidate, secretary, artisan_round,
                                                         ha_noi, judge, other_province_secretary):
    for state, by in ((S.SUBMITTED, candidate), (S.ACCEPTED, secretary)):
        services.set_nomination_state(nomination=own_nomination, new_state=state, by=by)
    council = make_council(artisan_round, province=ha_noi, size=3, by=secretary)
    session = voting.open_voting(session=session_with(council, present=members(council), by=secretary),
                                 by=secretary)
    plain_member = members(council)[2].user
    detail, paper = (reverse(f"artisans:{name}", args=[session.pk]) for name in ("session_detail", "session_paper"))

    client.force_login(plain_member)
    assert (client.get(detail).status_code, client.get(paper).status_code) == (200, 404)
    assert client.get(reverse("artisans:session_vote", args=[session.pk])).status_code == 200
    client.force_login(secretary)
    assert (client.get(detail).status_code, client.get(paper).status_code) == (200, 200)
    for stranger in (judge, other_province_secretary, candidate):
        client.force_login(stranger)
        assert (stranger.email, client.get(detail).status_code) == (stranger.email, 404)
        assert client.get(reverse("artisans:session_vote", args=[session.pk])).status_code == 404


def test_the_comment_back_office_is_national(client, secretary, national_secretary, artisan_round):
    url = reverse("artisans:round_comments", args=[artisan_round.pk])
    client.force_login(secretary)
    assert client.get(url).status_code == 404
    client.force_login(national_secretary)
    assert client.get(url).status_code == 200


def test_secretariat_list_query_count_does_not_grow(client, secretary, artisan_round, ha_noi):
    url = reverse("artisans:round_nominations", args=[artisan_round.pk])
    client.force_login(secretary)
    ArtisanNominationFactory(round=artisan_round, province=ha_noi)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    ArtisanNominationFactory.create_batch(2, round=artisan_round, province=ha_noi, state=S.SUBMITTED)
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)

    assert len(one.captured_queries) == len(three.captured_queries)
    assert len(response.context["nominations"]) == 3


def test_the_secretariat_returns_a_dossier_from_its_page(client, own_nomination, candidate, secretary):
    services.set_nomination_state(nomination=own_nomination, new_state=S.SUBMITTED, by=candidate)
    client.force_login(secretary)

    response = client.post(reverse("artisans:nomination_check", args=[own_nomination.pk]),
                           {"decision": "returned", "missing_items": ["teaching"], "reason": "", "confirm": "on"})

    own_nomination.refresh_from_db()
    assert (response.status_code, own_nomination.state, own_nomination.missing_items) == (
        302, S.RETURNED, ["teaching"])


# --- Documents ---------------------------------------------------------------------------------------------


def test_the_declaration_is_mau_02_for_nnut_and_mau_01_for_nnnd(client, own_nomination, candidate):
    client.force_login(candidate)
    nnut = pdf_text(client.get(reverse("artisans:declaration_pdf", args=[own_nomination.pk])))
    ArtisanNomination.objects.filter(pk=own_nomination.pk).update(title_sought=Title.NNND)
    PriorTitle.objects.create(nomination=own_nomination, title=Title.NNUT, year=2015)
    nnnd = pdf_text(client.get(reverse("artisans:declaration_pdf", args=[own_nomination.pk])))

    assert "Mẫu 02" in nnut and "Trần Thị Gốm" in nnut and "Nghệ nhân ưu tú" in nnut
    assert "Mẫu 01" in nnnd and "Nghệ nhân nhân dân" in nnnd and "Nghệ nhân ưu tú 2015" in nnnd


def test_council_and_session_documents(client, artisan_round, ha_noi, secretary):
    nomination = make_complete(ArtisanNominationFactory(round=artisan_round, province=ha_noi,
                                                        full_name="Hoàng Thị Khảm"))
    for state in (S.SUBMITTED, S.ACCEPTED):
        services.set_nomination_state(nomination=nomination, new_state=state, by=secretary)
    council = make_council(artisan_round, province=ha_noi, size=3, by=secretary)
    session = session_with(council, present=members(council), by=secretary)
    client.force_login(secretary)

    def session_doc(name):
        return pdf_text(client.get(reverse("artisans:session_document", args=[session.pk, name])))

    ballots = session_doc("ballots")
    assert client.get(reverse("artisans:session_document", args=[session.pk, "count"])).status_code == 404
    voting.open_voting(session=session, by=secretary)
    for member in members(council):
        vote(session, member, {nomination: "approve"})
    voting.close_session(session=session, by=secretary)
    minutes, count = session_doc("minutes"), session_doc("count")
    proposal, listing, summary = (
        pdf_text(client.get(reverse("artisans:council_document", args=[council.pk, name])))
        for name in ("proposal", "list", "summary"))

    assert ballots.count("PHIẾU BẦU") == 3 and "Hoàng Thị Khảm" in ballots and "Thành viên 0" not in ballots
    assert "Có mặt 3/3 thành viên." in minutes and "Thành viên 0" in minutes
    assert "Hoàng Thị Khảm" in count and "Tổng số thành viên hội đồng: 3" in count and "Đạt" in count
    assert "Hoàng Thị Khảm" in proposal and "3/3" in proposal
    assert "Hoàng Thị Khảm" in listing and "Hoàng Thị Khảm" in summary and "Thời gian hành nghề" in summary


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_comment_page_query_count_does_not_grow(client, artisan_round, ha_noi, national_secretary):
    from django.utils import timezone

    def proposed(count):
        for _number in range(count):
            nomination = ArtisanNominationFactory(round=artisan_round, province=ha_noi,
                                                  state=S.MINISTERIAL_PASSED)
            Work.objects.create(nomination=nomination, name="Bình", year=2020, level="national", rank=1)

    proposed(1)
    period = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(),
                                          by=national_secretary)
    url = reverse("artisans:consultation", args=[period.pk])
    one = _query_count(client, url)
    proposed(2)
    period.nominations.set(ArtisanNomination.objects.all())

    assert _query_count(client, url) == one
    assert client.get(url).content.decode().count("Bình (2020") == 3


def test_my_dossiers_query_count_does_not_grow(client, candidate, artisan_round, ha_noi):
    from .conftest import ArtisanRoundFactory

    client.force_login(candidate)
    ArtisanNominationFactory(round=artisan_round, province=ha_noi, user=candidate)
    one = _query_count(client, reverse("artisans:my_nominations"))
    for number in (4, 5):
        ArtisanNominationFactory(round=ArtisanRoundFactory(number=number), province=ha_noi, user=candidate)

    assert _query_count(client, reverse("artisans:my_nominations")) == one


def test_the_admin_cannot_move_a_dossier_or_edit_an_awarded_line(client, admin_user, own_nomination, ha_noi):
    from awards.artisans.models import ArtisanTitle

    awarded = ArtisanTitle.objects.create(full_name="Nguyễn Văn Gốm", title="nnnd", year=2019, craft="Gốm sứ",
                                          province=ha_noi, source="awarded")
    imported = ArtisanTitle.objects.create(full_name="Lê Thị Lụa", title="nnut", year=2019, craft="Dệt lụa",
                                           province=ha_noi)
    client.force_login(admin_user)

    moved = client.post(reverse("admin:awards_artisannomination_change", args=[own_nomination.pk]),
                        {"state": "awarded"})
    edited = client.post(reverse("admin:awards_artisantitle_change", args=[awarded.pk]),
                         {"full_name": "Tên khác", "title": "nnnd", "year": 2019, "craft": "Gốm sứ",
                          "province": ha_noi.pk})
    corrected = client.post(reverse("admin:awards_artisantitle_change", args=[imported.pk]),
                            {"full_name": "Lê Thị Lụa", "title": "nnut", "year": 2019, "craft": "Dệt lụa tơ tằm",
                             "province": ha_noi.pk, "decision_number": ""})

    assert (moved.status_code, ArtisanNomination.objects.get().state) == (403, S.DRAFT)
    assert (edited.status_code, ArtisanTitle.objects.get(pk=awarded.pk).full_name) == (403, "Nguyễn Văn Gốm")
    assert corrected.status_code == 302
    assert ArtisanTitle.objects.get(pk=imported.pk).craft_key == "det lua to tam"  # keys follow the edit


def test_secretariat_list_exports_with_its_filters_and_neutralised_text(client, secretary, artisan_round, ha_noi):
    import csv
    import io

    ArtisanNominationFactory(round=artisan_round, province=ha_noi, full_name="=CMD()", state=S.SUBMITTED)
    ArtisanNominationFactory(round=artisan_round, province=ha_noi, full_name="Nguyễn Văn Nháp")
    client.force_login(secretary)
    url = reverse("artisans:round_nominations", args=[artisan_round.pk])
    response = client.get(url, {"trang_thai": S.SUBMITTED, "export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Họ và tên", "Danh hiệu đề nghị", "Truy tặng"]
    assert [row[0] for row in rows[1:]] == ["'=CMD()"]
    page = client.get(url, {"trang_thai": S.SUBMITTED}).content.decode()
    assert f"trang_thai={S.SUBMITTED}&amp;export=xlsx" in page
    assert client.get(url, {"export": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
