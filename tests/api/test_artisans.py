"""The artisan-title endpoints: the candidate's dossiers, the secretariat's rounds, checks, decisions, councils and
sessions, the council members' dossiers and secret ballot. Each group: the success path, every other role refused
with the data that could leak created next to it (its positive control), the services' messages, and no endpoint
that tells how a member voted."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.artisans import services, voting
from awards.artisans.enums import CouncilLevel, MemberRole, NominationState, SessionState
from awards.artisans.models import (
    ArtisanNomination,
    ArtisanRound,
    ArtisanTitle,
    Ballot,
    CommentPeriod,
    Council,
    CouncilMember,
    CouncilSession,
    Evidence,
    PublicComment,
    VoteRecord,
)
from catalog import enums
from catalog.models import Province
from tests.api.conftest import client_for
from tests.awards.artisans.conftest import (
    ArtisanNominationFactory,
    make_complete,
    make_council,
    members,
    session_with,
)
from tests.awards.artisans.conftest import vote as vote_online
from tests.factories import UserFactory
from tests.images import jpeg_upload, pdf_bytes, text_as_jpeg_upload

pytestmark = pytest.mark.django_db
S = NominationState
TODAY = datetime.date.today
API = "/api/v1"
DECLARATION = {"title_sought": "nnut", "full_name": "Trần Thị Gốm", "id_number": "001185000999",
               "date_of_birth": "1965-03-02", "gender": "female", "address": "Xóm Gốm, xã Bát Tràng",
               "phone": "0987 000 111", "email": "nghe-nhan@example.vn", "craft": "Gốm sứ", "years_in_craft": 30,
               "learners": 180}


@pytest.fixture
def hue(db):
    return Province.objects.current().get(name="Huế")


@pytest.fixture
def theirs(other_candidate, artisan_round, hue):
    """Another candidate's dossier, in Huế: outside the Hà Nội secretariat's provinces."""
    return make_complete(ArtisanNominationFactory(round=artisan_round, user=other_candidate, province=hue,
                                                  id_number="046170000777", phone="0234 999 888"))


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def moved(nomination, *states, by):
    for state in states:
        nomination = services.set_nomination_state(nomination=nomination, new_state=state, by=by)
    return nomination


# --- Candidate ---------------------------------------------------------------------------------------------


def test_anonymous_is_asked_for_credentials_everywhere(anon, own_nomination):
    for path in ("artisans/nominations/", f"artisans/nominations/{own_nomination.pk}/",
                 "secretariat/artisan-nominations/", "secretariat/artisan-rounds/", "council/sessions/",
                 "council/nominations/", "council/councils/"):
        assert anon.get(f"{API}/{path}").status_code == 401, path
    assert anon.post(f"{API}/artisans/nominations/{own_nomination.pk}/submit/").status_code == 401


def test_candidate_reads_only_their_own_dossiers(candidate, other_candidate, own_nomination, theirs, judge):
    client = client_for(candidate)
    assert ids(client.get(f"{API}/artisans/nominations/")) == [own_nomination.pk]
    mine = client.get(f"{API}/artisans/nominations/{own_nomination.pk}/")
    assert mine.status_code == 200
    assert (mine.json()["id_number"], mine.json()["state"]) == ("001185000123", S.DRAFT)
    assert client.get(f"{API}/artisans/nominations/{theirs.pk}/").status_code == 404
    # The other candidate and a jury member reach the other's dossier, never this one.
    assert client_for(other_candidate).get(f"{API}/artisans/nominations/{theirs.pk}/").status_code == 200
    for user in (other_candidate, judge):
        response = client_for(user).get(f"{API}/artisans/nominations/{own_nomination.pk}/")
        assert response.status_code == 404
        assert "001185000123" not in response.content.decode()
    assert ids(client_for(judge).get(f"{API}/artisans/nominations/")) == []


def test_the_secretariat_in_scope_reaches_the_dossier_as_on_its_page(secretary, other_province_secretary,
                                                                      own_nomination):
    assert client_for(secretary).get(f"{API}/artisans/nominations/{own_nomination.pk}/").status_code == 200
    assert client_for(other_province_secretary).get(
        f"{API}/artisans/nominations/{own_nomination.pk}/").status_code == 404


def test_candidate_files_a_dossier_in_the_open_round(candidate, artisan_round, ha_noi):
    response = client_for(candidate).post(f"{API}/artisans/nominations/",
                                          {**DECLARATION, "round": artisan_round.pk, "province": ha_noi.pk},
                                          format="json")
    assert response.status_code == 201, response.json()
    nomination = ArtisanNomination.objects.get(pk=response.json()["id"])
    assert (nomination.user, nomination.state, nomination.created_by) == (candidate, S.DRAFT, candidate)
    assert [(e["from_state"], e["to_state"]) for e in response.json()["events"]] == [("", S.DRAFT)]
    assert response.json()["checklist"][0] == {"code": "declaration", "label": (
        "Bản khai thành tích (Mẫu 01/02): họ tên, ngày sinh, giới tính, địa chỉ, số căn cước, nghề, số năm hành "
        "nghề"), "ok": True}


def test_filing_is_refused_with_the_services_messages(candidate, artisan_round, ha_noi):
    client = client_for(candidate)
    body = {**DECLARATION, "round": artisan_round.pk, "province": ha_noi.pk}
    closed = ArtisanRound.objects.create(number=5, title="Lần thứ 5", award_year=2022,
                                         announced_on=datetime.date(2022, 9, 2), policy=artisan_round.policy,
                                         submissions_open=datetime.date(2021, 1, 1),
                                         submissions_close=datetime.date(2021, 6, 30))
    late = client.post(f"{API}/artisans/nominations/", {**body, "round": closed.pk}, format="json")
    assert (late.status_code, late.json()) == (400, {
        "non_field_errors": ["Đợt xét tặng không trong thời gian nhận hồ sơ."]})
    english = client.post(f"{API}/artisans/nominations/", {**body, "round": closed.pk}, format="json",
                          HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"non_field_errors": ["The round is not taking submissions."]}
    unknown = client.post(f"{API}/artisans/nominations/", {**body, "round": 999999}, format="json")
    assert unknown.json() == {"round": ["Không có đợt xét tặng này."]}
    assert client.post(f"{API}/artisans/nominations/", {**body, "round": 999999}, format="json",
                       HTTP_ACCEPT_LANGUAGE="en").json() == {"round": ["There is no such title round."]}
    posthumous = client.post(f"{API}/artisans/nominations/", {**body, "posthumous": True}, format="json")
    assert posthumous.json() == {"posthumous": ["Chỉ Sở Công Thương ghi đề nghị truy tặng."]}
    missing = client.post(f"{API}/artisans/nominations/", {"round": artisan_round.pk}, format="json")
    assert missing.json()["full_name"] == ["Trường này bắt buộc."]
    assert ArtisanNomination.objects.count() == 0


def test_the_secretariat_enters_a_posthumous_dossier_without_an_account(secretary, artisan_round, ha_noi):
    response = client_for(secretary).post(f"{API}/artisans/nominations/", {
        **DECLARATION, "round": artisan_round.pk, "province": ha_noi.pk, "posthumous": True, "id_number": ""},
        format="json")
    assert response.status_code == 201, response.json()
    nomination = ArtisanNomination.objects.get(pk=response.json()["id"])
    assert (nomination.user, nomination.posthumous, nomination.created_by) == (None, True, secretary)


def test_candidate_edits_the_declaration_and_achievements(candidate, own_nomination):
    client = client_for(candidate)
    path = f"{API}/artisans/nominations/{own_nomination.pk}"
    edited = client.patch(f"{path}/", {"craft": "Gốm men lam", "learners": 210}, format="json")
    assert edited.status_code == 200, edited.json()
    assert (edited.json()["craft"], edited.json()["learners"]) == ("Gốm men lam", 210)
    work = {"name": "Bình hoa men lam", "year": 2019, "competition": "Sản phẩm thủ công mỹ nghệ",
            "level": "national", "rank": 2}
    saved = client.put(f"{path}/achievements/", {"prior_titles": [], "works": [work]}, format="json")
    assert saved.status_code == 200, saved.json()
    assert saved.json()["works"] == [{**work, "sent_by_state": False}]
    future = TODAY().year + 1
    wrong = client.put(f"{path}/achievements/", {"prior_titles": [], "works": [{**work, "year": future}]},
                       format="json")
    assert wrong.json() == {"non_field_errors": [f"Tác phẩm “Bình hoa men lam”: năm “{future}” không hợp lệ."]}
    assert own_nomination.works.get().year == 2019  # all or nothing


def test_others_cannot_edit_a_dossier(other_candidate, judge, other_province_secretary, candidate, own_nomination):
    for user in (other_candidate, judge, other_province_secretary):
        client = client_for(user)
        path = f"{API}/artisans/nominations/{own_nomination.pk}"
        assert client.patch(f"{path}/", {"craft": "Mây tre"}, format="json").status_code == 404
        assert client.put(f"{path}/achievements/", {"prior_titles": [], "works": []},
                          format="json").status_code == 404
        assert client.post(f"{path}/withdraw/").status_code == 404
    assert client_for(candidate).patch(f"{API}/artisans/nominations/{own_nomination.pk}/", {"craft": "Gốm sứ"},
                                       format="json").status_code == 200  # the positive control
    assert ArtisanNomination.objects.get(pk=own_nomination.pk).craft == "Gốm sứ"


def test_submit_then_no_edit_then_withdraw_with_history(candidate, own_nomination):
    client = client_for(candidate)
    path = f"{API}/artisans/nominations/{own_nomination.pk}"
    submitted = client.post(f"{path}/submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["state"] == S.SUBMITTED
    assert submitted.json()["check_due"] is not None
    locked = client.patch(f"{path}/", {"craft": "Sơn mài"}, format="json")
    assert locked.json() == {"non_field_errors": [
        "Hồ sơ đã nộp; chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung."]}
    again = client.post(f"{path}/submit/")
    assert again.json() == {"non_field_errors": [
        "Không thể chuyển hồ sơ từ “Đã nộp, chờ kiểm tra” sang “Đã nộp, chờ kiểm tra”."]}
    withdrawn = client.post(f"{path}/withdraw/")
    assert [(e["from_state"], e["to_state"]) for e in withdrawn.json()["events"]] == [
        (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.WITHDRAWN)]


def test_evidence_upload_is_checked_as_on_the_page(candidate, own_nomination):
    client = client_for(candidate)
    path = f"{API}/artisans/nominations/{own_nomination.pk}/evidence/"
    added = client.post(path, {"kind": "teaching", "caption": "Lớp truyền nghề 2023",
                               "file": SimpleUploadedFile("lop-hoc.pdf", pdf_bytes(), "application/pdf")},
                        format="multipart")
    assert added.status_code == 201, added.json()
    item = Evidence.objects.get(pk=added.json()["id"])
    assert (item.content_type, item.original_name) == ("application/pdf", "lop-hoc.pdf")
    assert added.json()["download_url"] == f"/nghe-nhan/minh-chung/{item.pk}/tai-ve/"
    fake = client.post(path, {"kind": "photo", "file": SimpleUploadedFile("anh.jpg", b"<html>hello</html>",
                                                                          "image/jpeg")}, format="multipart")
    assert fake.json() == {"file": ["Tệp không phải PDF hoặc ảnh JPEG, PNG, WebP hợp lệ."]}
    not_video = client.post(path, {"kind": "video", "file": SimpleUploadedFile("phim.mp4", pdf_bytes(),
                                                                               "video/mp4")}, format="multipart")
    assert not_video.json() == {"file": ["Tệp không phải video MP4, MOV hoặc WebM."]}
    bad_link = client.post(path, {"kind": "video_link", "url": "javascript:alert(1)"}, format="multipart")
    assert bad_link.json() == {"url": ["Đường dẫn không hợp lệ; hãy dán địa chỉ bắt đầu bằng https://."]}
    link = client.post(path, {"kind": "video_link", "url": "https://video.example.vn/gom"}, format="json")
    assert (link.status_code, link.json()["download_url"]) == (201, None)
    assert own_nomination.evidence.count() == 4 + 2


def test_evidence_of_another_is_neither_added_nor_deleted(other_candidate, candidate, own_nomination):
    item = own_nomination.evidence.first()
    client = client_for(other_candidate)
    added = client.post(f"{API}/artisans/nominations/{own_nomination.pk}/evidence/",
                        {"kind": "video_link", "url": "https://video.example.vn/x"}, format="json")
    assert added.status_code == 404
    assert client.get(f"{API}/artisans/evidence/{item.pk}/").status_code == 404
    assert client.delete(f"{API}/artisans/evidence/{item.pk}/").status_code == 404
    assert Evidence.objects.filter(pk=item.pk).exists()
    owner = client_for(candidate)
    assert owner.get(f"{API}/artisans/evidence/{item.pk}/").status_code == 200
    assert owner.delete(f"{API}/artisans/evidence/{item.pk}/").status_code == 204
    assert not Evidence.objects.filter(pk=item.pk).exists()


def test_evidence_of_a_submitted_dossier_stays(candidate, own_nomination):
    moved(own_nomination, S.SUBMITTED, by=candidate)
    item = own_nomination.evidence.first()
    refused = client_for(candidate).delete(f"{API}/artisans/evidence/{item.pk}/")
    assert refused.json() == {"non_field_errors": [
        "Hồ sơ đã nộp; chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung."]}
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_candidate_replaces_the_portrait_re_encoded_as_on_the_page(candidate, own_nomination):
    from PIL import Image

    client = client_for(candidate)
    path = f"{API}/artisans/nominations/{own_nomination.pk}/portrait/"
    old = own_nomination.portrait.name
    saved = client.put(path, {"image": jpeg_upload(gps=True)}, format="multipart")
    assert saved.status_code == 200, saved.json()
    assert saved.json()["has_portrait"] is True
    own_nomination.refresh_from_db()
    assert own_nomination.portrait.name != old
    with own_nomination.portrait.open("rb") as stored, Image.open(stored) as image:
        assert image.getexif() == {}  # upright, no GPS: process_photo, as the page
    shown = client.get(path)
    assert (shown.status_code, shown["Content-Type"], shown["Cache-Control"]) == (
        200, "image/jpeg", "private, no-store")
    with own_nomination.portrait.open("rb") as stored:
        assert b"".join(shown.streaming_content) == stored.read()


def test_a_portrait_upload_is_refused_with_the_pages_messages(candidate, own_nomination):
    client = client_for(candidate)
    path = f"{API}/artisans/nominations/{own_nomination.pk}/portrait/"
    old = own_nomination.portrait.name
    fake = client.post(path, {"image": text_as_jpeg_upload()}, format="multipart")
    assert (fake.status_code, fake.json()) == (400, {"image": ["Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ."]})
    english = client.post(path, {"image": text_as_jpeg_upload()}, format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"image": ["The file is not a valid JPEG, PNG or WebP image."]}
    missing = client.post(path, {}, format="multipart")
    assert missing.json() == {"image": ["Chưa gửi tệp."]}
    moved(own_nomination, S.SUBMITTED, by=candidate)
    locked = client.put(path, {"image": jpeg_upload()}, format="multipart")
    assert locked.json() == {"image": ["Hồ sơ đã nộp; chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung."]}
    assert ArtisanNomination.objects.get(pk=own_nomination.pk).portrait.name == old


def test_the_portrait_reaches_its_readers_and_is_replaced_by_its_editors_only(
        candidate, other_candidate, judge, secretary, other_province_secretary, own_nomination, artisan_round,
        ha_noi):
    moved(own_nomination, S.SUBMITTED, by=candidate)
    moved(own_nomination, S.ACCEPTED, by=secretary)  # waiting for Hà Nội's council: its member reads it
    seated = members(make_council(artisan_round, province=ha_noi, size=1, by=secretary))[0].user
    path = f"{API}/artisans/nominations/{own_nomination.pk}/portrait/"
    old = own_nomination.portrait.name
    for user in (other_candidate, judge, other_province_secretary):
        client = client_for(user)
        assert client.get(path).status_code == 404
        assert client.put(path, {"image": jpeg_upload()}, format="multipart").status_code == 404
    assert client_for(seated).put(path, {"image": jpeg_upload()}, format="multipart").status_code == 404
    assert ArtisanNomination.objects.get(pk=own_nomination.pk).portrait.name == old
    for user in (candidate, secretary, seated):  # the positive controls: the portrait page's readers
        assert client_for(user).get(path).status_code == 200


def test_candidate_list_query_count_does_not_grow(candidate, artisan_round, ha_noi):
    client = client_for(candidate)
    counts = []
    for number in (1, 3):
        rounds = [ArtisanRound.objects.create(number=10 + number * 10 + i, title="Đợt", award_year=2030,
                                              announced_on=datetime.date(2030, 9, 2), policy=artisan_round.policy,
                                              submissions_open=TODAY(), submissions_close=TODAY())
                  for i in range(number)]
        ArtisanNomination.objects.filter(user=candidate).delete()
        for one in rounds:
            ArtisanNominationFactory(round=one, user=candidate, province=ha_noi)
        with CaptureQueriesContext(connection) as queries:
            assert len(ids(client.get(f"{API}/artisans/nominations/"))) == number
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_secretariat_and_council_lists_query_count_does_not_grow(national_secretary, secretary, artisan_round,
                                                                ha_noi):
    council = make_council(artisan_round, province=ha_noi, size=1, by=secretary)
    seat = members(council)[0]
    counts = {"secretariat": [], "council": [], "sessions": []}
    for number in (1, 3):
        ArtisanNomination.objects.all().delete()
        CouncilSession.objects.all().delete()
        for _ in range(number):
            ArtisanNominationFactory(round=artisan_round, province=ha_noi, state=S.ACCEPTED)
            voting.create_session(council=council, held_on=TODAY(), by=secretary)
        for key, user, path in (("secretariat", national_secretary, "secretariat/artisan-nominations/"),
                                ("council", seat.user, "council/nominations/"),
                                ("sessions", seat.user, "council/sessions/")):
            client = client_for(user)
            with CaptureQueriesContext(connection) as queries:
                assert len(ids(client.get(f"{API}/{path}"))) == number
            counts[key].append(len(queries))
    assert {key: value[0] == value[1] for key, value in counts.items()} == dict.fromkeys(counts, True)


# --- Secretariat: rounds -----------------------------------------------------------------------------------


def test_rounds_for_the_secretariat_and_written_nationally(secretary, national_secretary, candidate, artisan_round):
    assert ids(client_for(secretary).get(f"{API}/secretariat/artisan-rounds/")) == [artisan_round.pk]
    assert ids(client_for(candidate).get(f"{API}/secretariat/artisan-rounds/")) == []
    assert client_for(candidate).get(f"{API}/secretariat/artisan-rounds/{artisan_round.pk}/").status_code == 404
    body = {"number": 7, "title": "Lần thứ 7", "award_year": 2029, "policy": artisan_round.policy_id,
            "submissions_open": "2028-01-01", "submissions_close": "2028-06-30"}
    for user in (secretary, candidate):
        assert client_for(user).post(f"{API}/secretariat/artisan-rounds/", body, format="json").status_code == 404
        assert client_for(user).patch(f"{API}/secretariat/artisan-rounds/{artisan_round.pk}/", {"title": "X"},
                                      format="json").status_code == 404
    created = client_for(national_secretary).post(f"{API}/secretariat/artisan-rounds/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["announced_on"] == "2029-09-02"  # National Day of the award year
    assert ArtisanRound.objects.get(number=7).created_by == national_secretary
    late = client_for(national_secretary).patch(f"{API}/secretariat/artisan-rounds/{created.json()['id']}/",
                                                {"submissions_close": "2029-12-31"}, format="json")
    assert late.json() == {"submissions_close": ["Hạn nhận hồ sơ phải trước ngày công bố."]}
    assert ArtisanRound.objects.get(number=6).title == artisan_round.title


# --- Secretariat: the public comment's back office --------------------------------------------------------


@pytest.fixture
def posted(national_secretary, artisan_round, ha_noi):
    """Two candidates the ministerial council proposed, posted for public comment from today."""
    nominations = [ArtisanNominationFactory(round=artisan_round, province=ha_noi, state=S.MINISTERIAL_PASSED,
                                            full_name=name) for name in ("Đỗ Văn Sơn", "Mai Thị Lụa")]
    services.open_comment_period(artisan_round=artisan_round, opens_on=TODAY(), by=national_secretary)
    return nominations


def comment(nomination, name):
    return services.submit_comment(period=nomination.comment_periods.get(), nomination=nomination, full_name=name,
                                   phone="0913 222 333", address="Gia Lâm, Hà Nội", text="Tôi đồng ý.")


def test_the_national_level_lists_a_rounds_comments_unanswered_first(national_secretary, secretary, candidate,
                                                                     posted, artisan_round):
    first = comment(posted[0], "Lê Văn An")
    second = comment(posted[1], "Phạm Thị Bình")
    services.answer_comment(comment=first, response="Cảm ơn ý kiến.", by=national_secretary)
    later = ArtisanRound.objects.create(number=9, title="Lần thứ 9", award_year=2040,
                                        announced_on=datetime.date(2040, 9, 2), policy=artisan_round.policy,
                                        submissions_open=TODAY(), submissions_close=TODAY())
    path = f"{API}/secretariat/artisan-rounds/{artisan_round.pk}/comments/"
    listed = client_for(national_secretary).get(path)
    assert ids(listed) == [second.pk, first.pk]
    assert (listed.json()["results"][0]["phone"], listed.json()["results"][1]["response"]) == (
        "0913 222 333", "Cảm ơn ý kiến.")
    assert ids(client_for(national_secretary).get(f"{API}/secretariat/artisan-rounds/{later.pk}/comments/")) == []
    for user in (secretary, candidate):  # the signers' phones and addresses are the national level's
        refused = client_for(user).get(path)
        assert refused.status_code == 404
        assert "0913 222 333" not in refused.content.decode()
        assert client_for(user).get(f"{API}/secretariat/artisan-comments/{second.pk}/").status_code == 404
    assert client_for(national_secretary).get(f"{API}/secretariat/artisan-comments/{second.pk}/").json()[
        "full_name"] == "Phạm Thị Bình"


def test_the_round_comments_list_query_count_does_not_grow(national_secretary, posted, artisan_round):
    client = client_for(national_secretary)
    counts = []
    for number in (1, 3):
        PublicComment.objects.all().delete()
        for index in range(number):
            comment(posted[index % 2], f"Người góp ý {index}")
        with CaptureQueriesContext(connection) as queries:
            assert len(ids(client.get(f"{API}/secretariat/artisan-rounds/{artisan_round.pk}/comments/"))) == number
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_comment_is_answered_once_by_the_national_level(national_secretary, secretary, candidate, posted):
    item = comment(posted[0], "Lê Văn An")
    path = f"{API}/secretariat/artisan-comments/{item.pk}/answer/"
    for user in (secretary, candidate):
        assert client_for(user).post(path, {"response": "Đã xem."}, format="json").status_code == 404
    assert PublicComment.objects.get(pk=item.pk).responded_at is None
    client = client_for(national_secretary)
    assert client.post(path, {}, format="json").json() == {"response": ["Trường này bắt buộc."]}
    blank = client.post(path, {"response": "   "}, format="json")
    assert blank.json() == {"non_field_errors": ["Hãy ghi nội dung trả lời."]}
    answered = client.post(path, {"response": " Cảm ơn ý kiến. "}, format="json")
    assert answered.status_code == 200, answered.json()
    assert answered.json()["response"] == "Cảm ơn ý kiến."
    assert PublicComment.objects.get(pk=item.pk).responded_by == national_secretary
    twice = client.post(path, {"response": "Sửa lại."}, format="json")
    assert twice.json() == {"non_field_errors": ["Ý kiến này đã được trả lời."]}
    assert client.post(path, {"response": "Sửa lại."}, format="json", HTTP_ACCEPT_LANGUAGE="en").json() == {
        "non_field_errors": ["This comment has been answered."]}


def test_the_national_level_opens_a_comment_period(national_secretary, secretary, artisan_round, ha_noi):
    client = client_for(national_secretary)
    path = f"{API}/secretariat/artisan-rounds/{artisan_round.pk}/comment-periods/"
    nothing = client.post(path, {"opens_on": str(TODAY())}, format="json")
    assert nothing.json() == {"non_field_errors": [
        "Không có hồ sơ nào được hội đồng cấp Bộ đề nghị mà chưa lấy ý kiến."]}
    proposed = ArtisanNominationFactory(round=artisan_round, province=ha_noi, state=S.MINISTERIAL_PASSED)
    past = client.post(path, {"opens_on": str(TODAY() - datetime.timedelta(days=1))}, format="json")
    assert past.json() == {"non_field_errors": ["Ngày bắt đầu lấy ý kiến không thể trước hôm nay."]}
    assert client_for(secretary).post(path, {"opens_on": str(TODAY())}, format="json").status_code == 404
    assert CommentPeriod.objects.count() == 0
    opened = client.post(path, {"opens_on": str(TODAY())}, format="json")
    assert opened.status_code == 201, opened.json()
    days = artisan_round.policy.comment_days
    assert (opened.json()["closes_on"], opened.json()["nominations"]) == (
        str(TODAY() + datetime.timedelta(days=days - 1)), [proposed.pk])


# --- Secretariat: nominations, check, decision -------------------------------------------------------------


def test_nominations_of_the_secretariats_provinces_only(secretary, other_province_secretary, national_secretary,
                                                        candidate, own_nomination, theirs):
    assert ids(client_for(secretary).get(f"{API}/secretariat/artisan-nominations/")) == [own_nomination.pk]
    assert ids(client_for(other_province_secretary).get(f"{API}/secretariat/artisan-nominations/")) == [theirs.pk]
    assert ids(client_for(national_secretary).get(f"{API}/secretariat/artisan-nominations/")) == [
        own_nomination.pk, theirs.pk]
    assert ids(client_for(candidate).get(f"{API}/secretariat/artisan-nominations/")) == []
    for user in (other_province_secretary, candidate):
        response = client_for(user).get(f"{API}/secretariat/artisan-nominations/{own_nomination.pk}/")
        assert response.status_code == 404
        assert "001185000123" not in response.content.decode()
    assert client_for(secretary).get(f"{API}/secretariat/artisan-nominations/{own_nomination.pk}/").json()[
        "phone"] == "0987 654 321"


def test_a_merged_units_dossier_belongs_to_its_successors_secretariat(artisan_round):
    merged = Province.objects.filter(successor__isnull=False).select_related("successor").order_by("pk").first()
    nomination = ArtisanNominationFactory(round=artisan_round, province=merged)
    successor = UserFactory(email="thu-ky-moi@example.vn", role=enums.Role.SECRETARIAT,
                            scope_level=enums.ScopeLevel.PROVINCE, scope_province=merged.successor)
    assert ids(client_for(successor).get(f"{API}/secretariat/artisan-nominations/")) == [nomination.pk]


def test_nomination_filters(national_secretary, candidate, own_nomination, theirs):
    client = client_for(national_secretary)
    moved(own_nomination, S.SUBMITTED, by=candidate)
    ArtisanNomination.objects.filter(pk=own_nomination.pk).update(check_due=TODAY() - datetime.timedelta(days=1))
    assert ids(client.get(f"{API}/secretariat/artisan-nominations/?state=submitted")) == [own_nomination.pk]
    assert ids(client.get(f"{API}/secretariat/artisan-nominations/?province={theirs.province_id}")) == [theirs.pk]
    assert ids(client.get(f"{API}/secretariat/artisan-nominations/?overdue=true")) == [own_nomination.pk]
    assert ids(client.get(f"{API}/secretariat/artisan-nominations/?overdue=false")) == [theirs.pk]
    wrong = client.get(f"{API}/secretariat/artisan-nominations/?state=nope")
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["state"]


def test_check_returns_accepts_and_refuses_as_the_page(secretary, candidate, own_nomination):
    moved(own_nomination, S.SUBMITTED, by=candidate)
    client = client_for(secretary)
    path = f"{API}/secretariat/artisan-nominations/{own_nomination.pk}/check/"
    bare = client.post(path, {"decision": "returned"}, format="json")
    assert bare.json() == {"non_field_errors": [
        "Hãy ghi lý do hoặc các mục còn thiếu để người đề nghị biết cần làm gì."]}
    unknown = client.post(path, {"decision": "awarded"}, format="json")
    assert list(unknown.json()) == ["decision"]
    returned = client.post(path, {"decision": "returned", "missing_items": ["teaching"], "reason": "Thiếu ảnh lớp."},
                           format="json")
    assert returned.status_code == 200, returned.json()
    assert (returned.json()["state"], returned.json()["missing_items"]) == (S.RETURNED, ["teaching"])
    moved(own_nomination, S.SUBMITTED, by=candidate)
    accepted = client.post(path, {"decision": "accepted"}, format="json")
    assert accepted.json()["state"] == S.ACCEPTED


def test_check_by_anyone_else_is_404(other_province_secretary, candidate, judge, own_nomination):
    moved(own_nomination, S.SUBMITTED, by=candidate)
    for user in (other_province_secretary, candidate, judge):
        response = client_for(user).post(f"{API}/secretariat/artisan-nominations/{own_nomination.pk}/check/",
                                         {"decision": "accepted"}, format="json")
        assert response.status_code == 404
    assert ArtisanNomination.objects.get(pk=own_nomination.pk).state == S.SUBMITTED


def test_final_decision_is_national(secretary, national_secretary, own_nomination):
    ArtisanNomination.objects.filter(pk=own_nomination.pk).update(state=S.STATE_PASSED)
    path = f"{API}/secretariat/artisan-nominations/{own_nomination.pk}/decide/"
    body = {"awarded": True, "decision_number": "123/QĐ-CTN", "decided_on": str(TODAY())}
    provincial = client_for(secretary).post(path, body, format="json")
    assert provincial.json() == {"non_field_errors": [
        "Chỉ cơ quan thường trực cấp Bộ hoặc quản trị viên làm được việc này."]}
    no_number = client_for(national_secretary).post(path, {"awarded": True}, format="json")
    assert no_number.json() == {"non_field_errors": ["Hãy ghi số và ngày của quyết định phong tặng."]}
    assert ArtisanTitle.objects.count() == 0
    awarded = client_for(national_secretary).post(path, body, format="json")
    assert awarded.status_code == 200, awarded.json()
    assert awarded.json()["state"] == S.AWARDED
    assert ArtisanTitle.objects.get().full_name == own_nomination.full_name


# --- Secretariat: councils and members ---------------------------------------------------------------------


def test_the_secretariat_creates_its_provinces_council(secretary, artisan_round, ha_noi, hue, candidate):
    client = client_for(secretary)
    body = {"round": artisan_round.pk, "level": "provincial", "province": ha_noi.pk,
            "name": "Hội đồng cấp tỉnh Hà Nội", "founding_decision": "12/QĐ-UBND"}
    created = client.post(f"{API}/secretariat/artisan-councils/", body, format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["members"], created.json()["province_name"]) == ([], ha_noi.name)
    elsewhere = client.post(f"{API}/secretariat/artisan-councils/", {**body, "province": hue.pk}, format="json")
    assert elsewhere.json() == {"non_field_errors": ["Hội đồng này nằm ngoài phạm vi phụ trách của bạn."]}
    state = client.post(f"{API}/secretariat/artisan-councils/", {**body, "level": "state", "province": None},
                        format="json")
    assert state.json() == {"non_field_errors": ["Hội đồng này nằm ngoài phạm vi phụ trách của bạn."]}
    assert client_for(candidate).post(f"{API}/secretariat/artisan-councils/", body,
                                      format="json").status_code == 404
    assert Council.objects.count() == 1


def test_members_are_added_and_removed_within_scope(secretary, other_province_secretary, candidate, judge,
                                                    artisan_round, ha_noi):
    council = make_council(artisan_round, province=ha_noi, size=3, by=secretary)
    client = client_for(secretary)
    path = f"{API}/secretariat/artisan-councils/{council.pk}"
    added = client.post(f"{path}/members/", {"email": judge.email, "role": "member", "position": "Viện Mỹ thuật"},
                        format="json")
    assert added.status_code == 201, added.json()
    assert (added.json()["email"], added.json()["role"]) == (judge.email, MemberRole.MEMBER)
    twice = client.post(f"{path}/members/", {"email": judge.email}, format="json")
    assert twice.json() == {"non_field_errors": [f"{judge} đã là thành viên hội đồng."]}
    nobody = client.post(f"{path}/members/", {"email": "khong-co@example.vn"}, format="json")
    assert nobody.json() == {"email": ["Không có tài khoản nào đang hoạt động với e-mail này."]}
    chair = client.post(f"{path}/members/", {"email": candidate.email, "role": "chair"}, format="json")
    assert chair.json() == {"non_field_errors": ["Hội đồng đã có Chủ tịch."]}
    seat = added.json()["id"]
    for user in (other_province_secretary, candidate, judge):
        other = client_for(user)
        assert other.get(f"{path}/").status_code == 404
        assert other.post(f"{path}/members/", {"email": user.email}, format="json").status_code == 404
        assert other.delete(f"{API}/secretariat/artisan-council-members/{seat}/").status_code == 404
    assert client.get(f"{path}/").json()["members"][-1]["email"] == judge.email
    assert client.delete(f"{API}/secretariat/artisan-council-members/{seat}/").status_code == 204
    assert not CouncilMember.objects.filter(pk=seat).exists()
    assert ids(client_for(other_province_secretary).get(f"{API}/secretariat/artisan-councils/")) == []
    assert ids(client.get(f"{API}/secretariat/artisan-councils/")) == [council.pk]


def test_council_and_session_documents_as_on_their_pages(secretary, other_province_secretary, candidate,
                                                         artisan_round, ha_noi, waiting):
    council = make_council(artisan_round, province=ha_noi, size=3, by=secretary)
    session = session_with(council, present=members(council), by=secretary)
    seated = members(council)[1].user
    council_path = f"{API}/secretariat/artisan-councils/{council.pk}/documents"
    session_path = f"{API}/council/sessions/{session.pk}/documents"
    client = client_for(secretary)
    for name in ("proposal", "list", "summary"):
        response = client.get(f"{council_path}/{name}/")
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf"), name
        assert response["Content-Disposition"] == f'inline; filename="{name}-hoi-dong-{council.pk}.pdf"'
        assert response.content.startswith(b"%PDF-")
    for user in (client_for(seated), client):
        assert user.get(f"{session_path}/ballots/").content.startswith(b"%PDF-")
        assert user.get(f"{session_path}/minutes/").status_code == 200
    assert client.get(f"{session_path}/count/").status_code == 404  # not before the count
    assert client.get(f"{council_path}/minutes/").status_code == 404  # no such document of a council
    for user in (other_province_secretary, candidate):
        assert client_for(user).get(f"{council_path}/list/").status_code == 404
        assert client_for(user).get(f"{session_path}/ballots/").status_code == 404
    assert client_for(seated).get(f"{council_path}/list/").status_code == 404  # the secretariat's door
    voting.open_voting(session=session, by=secretary)
    for seat in members(council):
        vote_online(session, seat, dict.fromkeys(waiting, "approve"))
    voting.close_session(session=session, by=secretary)
    assert client.get(f"{session_path}/count/").status_code == 200


# --- Sessions: the whole vote through the API --------------------------------------------------------------


@pytest.fixture
def council(artisan_round, ha_noi, secretary):
    return make_council(artisan_round, province=ha_noi, by=secretary)


@pytest.fixture
def waiting(artisan_round, ha_noi, secretary):
    """Two accepted Hà Nội dossiers, waiting for the provincial council."""
    return [moved(make_complete(ArtisanNominationFactory(round=artisan_round, province=ha_noi, full_name=name)),
                  S.SUBMITTED, S.ACCEPTED, by=secretary)
            for name in ("Nguyễn Thị Men", "Phạm Văn Lam")]


def test_a_session_from_attendance_to_the_count(secretary, council, waiting):
    client = client_for(secretary)
    seats = members(council)
    created = client.post(f"{API}/secretariat/artisan-councils/{council.pk}/sessions/",
                          {"held_on": str(TODAY()), "place": "Sở Công Thương"}, format="json")
    assert created.status_code == 201, created.json()
    path = f"{API}/council/sessions/{created.json()['id']}"
    too_few = client.post(f"{path}/attendance/", {"present": [m.pk for m in seats[:8]]}, format="json")
    assert too_few.status_code == 200
    refused = client.post(f"{path}/open/")
    assert refused.json() == {"non_field_errors": ["Phiên họp không đủ điều kiện hợp lệ.",
                                                   "Có mặt 8 trên 11 thành viên; cần ít nhất 9 (75%)."]}
    client.post(f"{path}/attendance/", {"present": [m.pk for m in seats]}, format="json")
    opened = client.post(f"{path}/open/")
    assert opened.status_code == 200, opened.json()
    assert opened.json()["state"] == SessionState.VOTING
    lines = [line["id"] for line in opened.json()["candidates"]]
    # Ten members vote online for the first, against the second; the last on paper.
    for seat in seats[:10]:
        vote = client_for(seat.user).post(f"{path}/vote/", {"marks": {str(lines[0]): "approve",
                                                                      str(lines[1]): "disapprove"}}, format="json")
        assert vote.status_code == 200, vote.json()
    paper = client.post(f"{path}/paper/", {"voters": [seats[10].pk], "marks": {
        str(lines[0]): {"approve": 1, "disapprove": 0}, str(lines[1]): {"approve": 0, "disapprove": 1}}},
        format="json")
    assert paper.status_code == 200, paper.json()
    assert [v["channel"] for v in paper.json()["voted"]].count("paper") == 1
    closed = client.post(f"{path}/close/")
    assert closed.status_code == 200, closed.json()
    assert [(c["approvals"], c["disapprovals"], c["passed"]) for c in closed.json()["candidates"]] == [
        (11, 0, True), (0, 11, False)]
    assert [ArtisanNomination.objects.get(pk=n.pk).state for n in waiting] == [S.PROVINCIAL_PASSED, S.NOT_PASSED]


def test_attendance_names_only_the_councils_members(secretary, council, artisan_round, hue,
                                                    other_province_secretary):
    other = make_council(artisan_round, province=hue, size=1, by=other_province_secretary)
    session = voting.create_session(council=council, held_on=TODAY(), by=secretary)
    stranger = members(other)[0]
    response = client_for(secretary).post(f"{API}/council/sessions/{session.pk}/attendance/",
                                          {"present": [stranger.pk]}, format="json")
    assert response.json() == {"present": [f"Không có thành viên mã {stranger.pk} trong hội đồng này."]}
    assert not session.attendance.exists()


def test_only_those_who_run_a_session_run_it(secretary, other_province_secretary, council, waiting, judge):
    session = session_with(council, present=members(council), by=secretary)
    plain_member = members(council)[3].user
    for user in (plain_member, other_province_secretary, judge):
        client = client_for(user)
        for step in ("attendance", "open", "paper", "close"):
            assert client.post(f"{API}/council/sessions/{session.pk}/{step}/", {},
                               format="json").status_code == 404, (user, step)
    assert CouncilSession.objects.get(pk=session.pk).state == SessionState.DRAFT
    # The council's secretary runs it, as the secretariat does (the positive control).
    secretary_seat = council.members.get(role=MemberRole.SECRETARY)
    opened = client_for(secretary_seat.user).post(f"{API}/council/sessions/{session.pk}/open/")
    assert (opened.status_code, opened.json()["runs"]) == (200, True)


# --- Council members ---------------------------------------------------------------------------------------


def test_members_see_their_councils_and_sessions_only(secretary, council, other_province_secretary, artisan_round,
                                                      hue):
    other = make_council(artisan_round, province=hue, size=1, by=other_province_secretary)
    session = voting.create_session(council=council, held_on=TODAY(), by=secretary)
    seat = members(council)[4]
    client = client_for(seat.user)
    listed = client.get(f"{API}/council/councils/").json()["results"]
    assert [(c["id"], c["role"], [s["id"] for s in c["sessions"]]) for c in listed] == [
        (council.pk, MemberRole.MEMBER, [session.pk])]
    assert client.get(f"{API}/council/councils/{other.pk}/").status_code == 404
    assert ids(client.get(f"{API}/council/sessions/")) == [session.pk]
    outsider = client_for(members(other)[0].user)
    assert outsider.get(f"{API}/council/sessions/{session.pk}/").status_code == 404
    assert client.get(f"{API}/council/sessions/{session.pk}/").json()["runs"] is False


def test_a_member_reads_achievements_never_identity_or_contacts(secretary, council, waiting, candidate,
                                                                own_nomination):
    nomination = waiting[0]
    seat = members(council)[4]
    response = client_for(seat.user).get(f"{API}/council/nominations/{nomination.pk}/")
    assert response.status_code == 200
    assert set(response.json()) == {"id", "round", "state", "title_sought", "full_name", "posthumous", "craft",
                                    "special_craft", "province_name", "years_in_craft", "learners",
                                    "other_distinctions", "prior_titles", "works", "evidence", "standards"}
    page = response.content.decode()
    for private in (nomination.id_number, nomination.phone, nomination.email, nomination.address, "1962-05-01"):
        assert private not in page
    # A dossier not before the member's council (the candidate's own draft) is not found.
    assert client_for(seat.user).get(f"{API}/council/nominations/{own_nomination.pk}/").status_code == 404
    assert ids(client_for(seat.user).get(f"{API}/council/nominations/")) == [n.pk for n in waiting]
    for user in (candidate, secretary):  # their own doors are the candidate's and the secretariat's
        assert client_for(user).get(f"{API}/council/nominations/{nomination.pk}/").status_code == 404


@pytest.fixture
def voting_session(secretary, council, waiting):
    session = session_with(council, present=members(council)[:10], by=secretary)
    return voting.open_voting(session=session, by=secretary)


def marks(session, *choices) -> dict:
    return {"marks": {str(line.pk): choice for line, choice in zip(session.candidates.order_by("position"), choices,
                                                                     strict=True)}}


def test_a_member_casts_their_own_ballot_once(voting_session):
    seat = members(voting_session.council)[4]
    client = client_for(seat.user)
    path = f"{API}/council/sessions/{voting_session.pk}/vote/"
    assert client.get(f"{API}/council/sessions/{voting_session.pk}/").json()["may_vote"] is True
    cast = client.post(path, marks(voting_session, "approve", "disapprove"), format="json")
    assert cast.status_code == 200, cast.json()
    assert (cast.json()["may_vote"], [v["member"] for v in cast.json()["voted"]]) == (False, [seat.pk])
    twice = client.post(path, marks(voting_session, "approve", "approve"), format="json")
    assert twice.json() == {"non_field_errors": [f"Đã bỏ phiếu rồi: {seat.user}."]}
    half = client_for(members(voting_session.council)[5].user).post(
        path, {"marks": {str(voting_session.candidates.first().pk): "approve"}}, format="json")
    assert half.json() == {"non_field_errors": [
        "Phiếu phải ghi ý kiến cho đủ mọi người trong danh sách, không thừa không thiếu."]}
    bad_key = client.post(path, {"marks": {"x": "approve"}}, format="json")
    assert bad_key.json() == {"marks": ["“x” không phải mã dòng trong phiếu bầu."]}
    assert (VoteRecord.objects.count(), Ballot.objects.count()) == (1, 2)


def test_an_absent_member_and_outsiders_cannot_vote(voting_session, secretary, candidate):
    absent = members(voting_session.council)[10]
    path = f"{API}/council/sessions/{voting_session.pk}/vote/"
    refused = client_for(absent.user).post(path, marks(voting_session, "approve", "approve"), format="json")
    assert refused.json() == {"non_field_errors": [f"Chỉ thành viên có mặt mới được bỏ phiếu: {absent.user}."]}
    # The secretariat runs the session but holds no seat: no ballot of its own.
    for user in (secretary, candidate):
        assert client_for(user).post(path, marks(voting_session, "approve", "approve"),
                                     format="json").status_code == 404
    assert (VoteRecord.objects.count(), Ballot.objects.count()) == (0, 0)


def _walk(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner)


def test_no_answer_tells_how_a_member_voted(voting_session, secretary, admin_user):
    """Two members vote differently; every artisan answer, to everyone, before and after the count, is the same
    whichever of them voted which way, and has no choice in it."""
    first, second = members(voting_session.council)[:2]
    client_for(first.user).post(f"{API}/council/sessions/{voting_session.pk}/vote/",
                                marks(voting_session, "approve", "approve"), format="json")
    client_for(second.user).post(f"{API}/council/sessions/{voting_session.pk}/vote/",
                                 marks(voting_session, "disapprove", "disapprove"), format="json")
    session_path = f"{API}/council/sessions/{voting_session.pk}/"
    council_path = f"{API}/secretariat/artisan-councils/{voting_session.council_id}/"
    for user in (first.user, second.user, secretary, admin_user):
        for path in (session_path, council_path, f"{API}/council/sessions/", f"{API}/council/councils/"):
            response = client_for(user).get(path)
            if response.status_code != 200:
                continue
            body = response.json()
            assert not {"choice", "ballots", "marks"} & set(_walk(body)), (user, path)
            assert "approve" not in json.dumps(body), (user, path)  # no running count, no mark echoed
    detail = client_for(secretary).get(session_path).json()
    assert [(c["approvals"], c["disapprovals"]) for c in detail["candidates"]] == [(None, None), (None, None)]
    voting.close_session(session=voting_session, by=secretary)
    closed = client_for(first.user).get(session_path).json()
    assert [(c["approvals"], c["disapprovals"]) for c in closed["candidates"]] == [(1, 1), (1, 1)]
    assert {v["member"] for v in closed["voted"]} == {first.pk, second.pk}


def test_the_schema_has_no_field_for_a_ballots_choice(anon):
    schema = anon.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    assert not [name for name in components if "Ballot" in name and "choice" in components[name].get(
        "properties", {})]
    responses = [name for name, body in components.items() if not name.endswith("Request")
                 and {"choice"} & set(body.get("properties", {}))]
    assert responses == []


def test_councils_from_every_level_are_the_national_levels(national_secretary, secretary, artisan_round):
    body = {"round": artisan_round.pk, "level": CouncilLevel.MINISTERIAL, "name": "Hội đồng cấp Bộ"}
    assert client_for(secretary).post(f"{API}/secretariat/artisan-councils/", body, format="json").json() == {
        "non_field_errors": ["Hội đồng này nằm ngoài phạm vi phụ trách của bạn."]}
    created = client_for(national_secretary).post(f"{API}/secretariat/artisan-councils/", body, format="json")
    assert created.status_code == 201, created.json()
    assert ids(client_for(national_secretary).get(f"{API}/secretariat/artisan-councils/")) == [created.json()["id"]]
    assert ids(client_for(secretary).get(f"{API}/secretariat/artisan-councils/")) == []
