"""Councils and sessions through the services: quorum, ballots, double votes, counting, moving the candidates."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.artisans import services, voting
from awards.artisans.enums import CouncilLevel, MemberRole, NominationState, SessionState
from awards.artisans.models import ArtisanNomination, Ballot, CouncilSession, SessionCandidate, VoteRecord
from tests.media import stored_names

from .conftest import ArtisanNominationFactory, make_complete, make_council, members, session_with, vote

pytestmark = pytest.mark.django_db
S = NominationState
APPROVE, DISAPPROVE = "approve", "disapprove"


@pytest.fixture
def council(artisan_round, ha_noi, secretary):
    return make_council(artisan_round, province=ha_noi, by=secretary)


@pytest.fixture
def accepted(artisan_round, ha_noi, secretary):
    """Two accepted Hà Nội dossiers, waiting for the provincial council."""
    nominations = []
    for name in ("Nguyễn Thị Men", "Phạm Văn Lam"):
        nomination = make_complete(ArtisanNominationFactory(round=artisan_round, province=ha_noi, full_name=name))
        for state in (S.SUBMITTED, S.ACCEPTED):
            nomination = services.set_nomination_state(nomination=nomination, new_state=state, by=secretary)
        nominations.append(nomination)
    return nominations


def open_session(council, secretary, present_count=11, **kwargs):
    session = session_with(council, present=members(council)[:present_count], by=secretary, **kwargs)
    return voting.open_voting(session=session, by=secretary)


def test_eight_of_eleven_present_cannot_open_voting(council, accepted, secretary):
    session = session_with(council, present=members(council)[:8], by=secretary)

    with pytest.raises(ValidationError) as refused:
        voting.open_voting(session=session, by=secretary)

    assert refused.value.messages == ["Phiên họp không đủ điều kiện hợp lệ.",
                                      "Có mặt 8 trên 11 thành viên; cần ít nhất 9 (75%)."]
    assert (CouncilSession.objects.get().state, SessionCandidate.objects.count()) == (SessionState.DRAFT, 0)


def test_nine_of_eleven_present_open_voting_with_the_waiting_candidates(council, accepted, secretary):
    session = open_session(council, secretary, present_count=9)

    assert (session.state, session.listed_count, session.present_count) == (SessionState.VOTING, 11, 9)
    assert sorted(session.candidates.values_list("nomination__full_name", flat=True)) == [
        "Nguyễn Thị Men", "Phạm Văn Lam"]


def test_chair_absent_fails_unless_a_vice_chair_is_authorised(council, accepted, secretary):
    everyone_but_chair = [m for m in members(council) if m.role != MemberRole.CHAIR]
    session = session_with(council, present=everyone_but_chair, by=secretary)
    with pytest.raises(ValidationError, match="Vắng Chủ tịch"):
        voting.open_voting(session=session, by=secretary)

    vice = next(m for m in everyone_but_chair if m.role == MemberRole.VICE_CHAIR)
    voting.record_attendance(session=session, present=everyone_but_chair, authorised_vice_chair=vice, by=secretary)

    assert voting.open_voting(session=session, by=secretary).state == SessionState.VOTING


def test_only_a_present_vice_chair_can_be_authorised(council, accepted, secretary):
    session = session_with(council, present=members(council)[3:], by=secretary)
    plain_member = members(council)[4]

    with pytest.raises(ValidationError, match="Phó Chủ tịch có mặt"):
        voting.record_attendance(session=session, present=members(council)[3:], authorised_vice_chair=plain_member,
                                 by=secretary)


def test_ten_approvals_of_eleven_pass_nine_fail(council, accepted, secretary, django_capture_on_commit_callbacks):
    men, lam = accepted
    session = open_session(council, secretary, present_count=11)
    seats = members(council)
    for index, member in enumerate(seats):
        vote(session, member, {men: APPROVE if index < 10 else DISAPPROVE, lam: APPROVE if index < 9 else DISAPPROVE})

    with django_capture_on_commit_callbacks(execute=True):
        voting.close_session(session=session, by=secretary)

    results = {c.nomination.full_name: (c.approvals, c.disapprovals, c.passed)
               for c in SessionCandidate.objects.select_related("nomination")}
    assert results == {"Nguyễn Thị Men": (10, 1, True), "Phạm Văn Lam": (9, 2, False)}
    men.refresh_from_db()
    lam.refresh_from_db()
    assert (men.state, lam.state) == (S.PROVINCIAL_PASSED, S.NOT_PASSED)
    assert lam.events.last().reason == f"{council.name}: 9/11 phiếu đồng ý (cần 10)."
    assert sorted(m.subject.split(": ")[1] for m in mail.outbox) == [
        "Hội đồng cấp tỉnh đề nghị, chờ hội đồng cấp Bộ", "Không được đề nghị"]


def test_ten_present_ten_approvals_pass(council, accepted, secretary):
    men, lam = accepted
    session = open_session(council, secretary, present_count=10)
    for member in members(council)[:10]:
        vote(session, member, {men: APPROVE, lam: APPROVE})

    voting.close_session(session=session, by=secretary)

    assert set(SessionCandidate.objects.values_list("approvals", "passed")) == {(10, True)}


def test_nine_present_all_approving_fail_counted_against_all_members(council, accepted, secretary):
    men, lam = accepted
    session = open_session(council, secretary, present_count=9)
    for member in members(council)[:9]:
        vote(session, member, {men: APPROVE, lam: APPROVE})

    voting.close_session(session=session, by=secretary)

    assert set(SessionCandidate.objects.values_list("approvals", "passed")) == {(9, False)}
    assert set(ArtisanNomination.objects.values_list("state", flat=True)) == {S.NOT_PASSED}


def test_a_second_vote_is_refused_by_the_service(council, accepted, secretary):
    men, lam = accepted
    session = open_session(council, secretary)
    member = members(council)[0]
    vote(session, member, {men: APPROVE, lam: APPROVE})

    with pytest.raises(ValidationError, match="Đã bỏ phiếu rồi: Thành viên 0"):
        vote(session, member, {men: DISAPPROVE, lam: DISAPPROVE})

    assert (VoteRecord.objects.count(), Ballot.objects.count()) == (1, 2)


def test_a_second_vote_is_refused_by_the_database(council, accepted, secretary):
    session = open_session(council, secretary)
    member = members(council)[0]
    VoteRecord.objects.create(session=session, member=member, channel="online")

    with pytest.raises(IntegrityError), transaction.atomic():
        VoteRecord.objects.create(session=session, member=member, channel="paper")


def test_a_paper_ballot_after_an_online_vote_is_refused(council, accepted, secretary):
    men, lam = accepted
    session = open_session(council, secretary)
    online, other = members(council)[:2]
    vote(session, online, {men: APPROVE, lam: APPROVE})
    line_ids = list(session.candidates.values_list("pk", flat=True))

    with pytest.raises(ValidationError, match="Đã bỏ phiếu rồi: Thành viên 0"):
        voting.cast_ballots(session=session, voters=[online, other], by=secretary,
                            marks={pk: {APPROVE: 2} for pk in line_ids})
    assert (VoteRecord.objects.count(), Ballot.objects.count()) == (1, 2)


def test_an_absent_member_cannot_vote(council, accepted, secretary):
    men, lam = accepted
    session = open_session(council, secretary, present_count=10)
    absent = members(council)[10]

    with pytest.raises(ValidationError, match="Chỉ thành viên có mặt"):
        vote(session, absent, {men: APPROVE, lam: APPROVE})
    assert VoteRecord.objects.count() == 0


def test_a_ballot_must_mark_every_candidate(council, accepted, secretary):
    men, _lam = accepted
    session = open_session(council, secretary)

    with pytest.raises(ValidationError, match="đủ mọi người trong danh sách"):
        vote(session, members(council)[0], {men: APPROVE})
    assert (VoteRecord.objects.count(), Ballot.objects.count()) == (0, 0)


def test_a_member_cannot_cast_another_members_ballot(council, accepted, secretary):
    men, lam = accepted
    session = open_session(council, secretary)
    first, second = members(council)[3:5]
    lines = {line.nomination_id: line.pk for line in session.candidates.all()}

    with pytest.raises(ValidationError, match="Chỉ thư ký hội đồng"):
        voting.cast_ballots(session=session, voters=[second], by=first.user,
                            marks={lines[men.pk]: {APPROVE: 1}, lines[lam.pk]: {APPROVE: 1}})


def test_the_secretary_enters_paper_ballots_in_bulk(council, accepted, secretary):
    men, lam = accepted
    session = open_session(council, secretary)
    seats = members(council)
    lines = {line.nomination_id: line.pk for line in session.candidates.all()}
    council_secretary = next(m for m in seats if m.role == MemberRole.SECRETARY)

    records = voting.cast_ballots(session=session, voters=seats[:6], by=council_secretary.user, marks={
        lines[men.pk]: {APPROVE: 6}, lines[lam.pk]: {APPROVE: 4, DISAPPROVE: 2}})
    for member in seats[6:]:
        vote(session, member, {men: APPROVE, lam: DISAPPROVE})
    voting.close_session(session=session, by=council_secretary.user)

    assert {r.channel for r in records} == {"paper"}
    assert dict(SessionCandidate.objects.values_list("nomination__full_name", "approvals")) == {
        "Nguyễn Thị Men": 11, "Phạm Văn Lam": 4}


def test_paper_counts_must_add_up_to_the_voters(council, accepted, secretary):
    men, lam = accepted
    session = open_session(council, secretary)
    lines = {line.nomination_id: line.pk for line in session.candidates.all()}

    with pytest.raises(ValidationError, match="Phạm Văn Lam: số phiếu đồng ý và không đồng ý phải cộng lại bằng 3"):
        voting.cast_ballots(session=session, voters=members(council)[:3], by=secretary, marks={
            lines[men.pk]: {APPROVE: 3}, lines[lam.pk]: {APPROVE: 1, DISAPPROVE: 1}})
    assert (VoteRecord.objects.count(), Ballot.objects.count()) == (0, 0)


def test_no_vote_before_voting_opens_or_after_closing(council, accepted, secretary):
    men, lam = accepted
    session = session_with(council, present=members(council), by=secretary)
    with pytest.raises(ValidationError, match="không trong thời gian bỏ phiếu"):
        voting.cast_ballots(session=session, voters=members(council)[:1], marks={}, by=members(council)[0].user)

    voting.open_voting(session=session, by=secretary)
    voting.close_session(session=session, by=secretary)
    with pytest.raises(ValidationError, match="không trong thời gian bỏ phiếu"):
        vote(session, members(council)[0], {men: APPROVE, lam: APPROVE})


def test_attendance_and_members_are_fixed_once_voting_opens(council, accepted, secretary):
    session = open_session(council, secretary)

    with pytest.raises(ValidationError, match="không sửa điểm danh"):
        voting.record_attendance(session=session, present=members(council), by=secretary)
    with pytest.raises(ValidationError, match="không thay đổi danh sách thành viên"):
        voting.remove_member(member=members(council)[10], by=secretary)


def test_one_voting_session_per_council(council, accepted, secretary):
    open_session(council, secretary)
    second = session_with(council, present=members(council), by=secretary)

    with pytest.raises(ValidationError, match="đang có một phiên bỏ phiếu khác"):
        voting.open_voting(session=second, by=secretary)


def test_another_province_cannot_run_this_council(council, accepted, other_province_secretary):
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        voting.create_session(council=council, held_on=timezone.localdate(), by=other_province_secretary)


def test_the_provincial_council_votes_only_on_its_province(council, accepted, artisan_round, secretary,
                                                          national_secretary):
    from catalog.models import Province

    elsewhere = make_complete(ArtisanNominationFactory(round=artisan_round,
                                                       province=Province.objects.current().get(name="Huế")))
    for state in (S.SUBMITTED, S.ACCEPTED):
        services.set_nomination_state(nomination=elsewhere, new_state=state, by=national_secretary)

    session = open_session(council, secretary)

    assert elsewhere.pk not in set(session.candidates.values_list("nomination_id", flat=True))


def _through_ministerial(accepted, council, secretary, national_secretary, artisan_round):
    session = open_session(council, secretary)
    for member in members(council):
        vote(session, member, dict.fromkeys(accepted, APPROVE))
    voting.close_session(session=session, by=secretary)
    ministerial = make_council(artisan_round, level=CouncilLevel.MINISTERIAL, by=national_secretary)
    session = open_session(ministerial, national_secretary)
    for member in members(ministerial):
        vote(session, member, dict.fromkeys(accepted, APPROVE))
    voting.close_session(session=session, by=national_secretary)
    return make_council(artisan_round, level=CouncilLevel.STATE, by=national_secretary)


def test_state_council_waits_for_the_public_comment_period(council, accepted, secretary, national_secretary,
                                                           artisan_round):
    state = _through_ministerial(accepted, council, secretary, national_secretary, artisan_round)
    session = session_with(state, present=members(state), by=national_secretary)
    with pytest.raises(ValidationError, match="Chưa lấy ý kiến nhân dân"):
        voting.open_voting(session=session, by=national_secretary)

    period = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(),
                                          by=national_secretary)
    with pytest.raises(ValidationError, match="chưa kết thúc"):
        voting.open_voting(session=session, by=national_secretary)

    comment = services.submit_comment(period=period, nomination=accepted[0], full_name="Hoàng Văn Dân",
                                      phone="0900 000 000", address="Hà Nội", text="Nghệ nhân rất tiêu biểu.")
    period.opens_on -= datetime.timedelta(days=30)
    period.closes_on -= datetime.timedelta(days=30)
    period.save()
    with pytest.raises(ValidationError, match="chưa được trả lời"):
        voting.open_voting(session=session, by=national_secretary)

    services.answer_comment(comment=comment, response="Đã ghi nhận.", by=national_secretary)
    session = voting.open_voting(session=session, by=national_secretary)
    assert session.candidates.count() == 2


def test_the_final_decision_writes_the_register(council, accepted, secretary, national_secretary, artisan_round):
    state = _through_ministerial(accepted, council, secretary, national_secretary, artisan_round)
    period = services.open_comment_period(artisan_round=artisan_round, opens_on=timezone.localdate(),
                                          by=national_secretary)
    # Twenty-five days later (dates moved back instead of the clock forward):
    type(period).objects.filter(pk=period.pk).update(opens_on=timezone.localdate() - datetime.timedelta(days=25),
                                                     closes_on=timezone.localdate() - datetime.timedelta(days=6))
    session = open_session(state, national_secretary)
    for member in members(state):
        vote(session, member, dict.fromkeys(accepted, APPROVE))
    voting.close_session(session=session, by=national_secretary)
    men, lam = (ArtisanNomination.objects.get(pk=n.pk) for n in accepted)

    services.record_decision(nomination=men, awarded=True, decision_number="1001/QĐ-CTN",
                             decided_on=timezone.localdate(), by=national_secretary)
    services.record_decision(nomination=lam, awarded=False, reason="Chủ tịch nước chưa quyết định.",
                             by=national_secretary)

    men.refresh_from_db()
    lam.refresh_from_db()
    assert (men.state, lam.state) == (S.AWARDED, S.NOT_PASSED)
    line = men.awarded_title
    assert (line.full_name, line.title, line.year, line.craft, line.province.name, line.decision_number,
            line.source, bool(line.photo)) == (
        "Nguyễn Thị Men", "nnut", timezone.localdate().year, "Gốm sứ", "Hà Nội", "1001/QĐ-CTN", "awarded", True)
    assert [e.to_state for e in men.events.order_by("at", "id")] == [
        S.SUBMITTED, S.ACCEPTED, S.PROVINCIAL_PASSED, S.MINISTERIAL_PASSED, S.STATE_PASSED, S.AWARDED]


def test_the_decision_needs_the_state_councils_proposal(accepted, national_secretary, secretary):
    with pytest.raises(ValidationError, match="hội đồng cấp Nhà nước đề nghị"):
        services.record_decision(nomination=accepted[0], awarded=True, decision_number="1/QĐ",
                                 decided_on=timezone.localdate(), by=national_secretary)
    with pytest.raises(ValidationError, match="Chỉ cơ quan thường trực cấp Bộ"):
        services.record_decision(nomination=accepted[0], awarded=True, decision_number="1/QĐ",
                                 decided_on=timezone.localdate(), by=secretary)


def test_a_decision_the_register_already_holds_is_refused_without_a_stray_photo(artisan_round, ha_noi,
                                                                                 national_secretary, settings):
    from awards.artisans.models import ArtisanTitle

    nomination = make_complete(ArtisanNominationFactory(round=artisan_round, province=ha_noi, state=S.STATE_PASSED,
                                                        full_name="Nguyễn Thị Men"))
    ArtisanTitle.objects.create(full_name="Nguyễn Thị Men", title="nnut", year=timezone.localdate().year,
                                craft="Gốm sứ", province=ha_noi)

    with pytest.raises(ValidationError, match="Sổ danh hiệu đã có dòng này"):
        services.record_decision(nomination=nomination, awarded=True, decision_number="1/QĐ-CTN",
                                 decided_on=timezone.localdate(), by=national_secretary)

    assert ArtisanNomination.objects.get(pk=nomination.pk).state == S.STATE_PASSED
    assert [name for name in stored_names() if name.startswith("artisans/")] == []
