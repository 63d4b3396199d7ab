"""Councils, their sessions and the secret ballot. Keyword-only services, one transaction each.

How a ballot stays secret
-------------------------
Two tables, and nothing joins them:
- `VoteRecord` says THAT a member voted in a session (and whether online or on paper). A unique constraint on
  (session, member) refuses a second vote at the database, whatever door it comes through.
- `Ballot` holds the marks: a candidate of the session and a choice. It has no voter, no author, no time column,
  and its primary key is a random UUID, so no id sequence follows the order of voting.
Rows also have a physical order (SQLite's rowid, PostgreSQL's ctid and the xmin of the transaction that wrote
them). So every cast rewrites the session's whole box: the old marks are deleted and all marks, old and new, are
inserted again in a random order (secrets.SystemRandom), under a lock on the session so casts never interleave.
After any cast every mark of the session was written by the same transaction, in shuffled order, with fresh
keys: the box looks the same whoever voted last. The member's own page never shows their marks back, no e-mail
or history line carries a choice, the tally is shown only once the session is closed, and Ballot has no admin.

It protects against: anybody (administrators included) reading the tables, their keys, row order, system
columns or timestamps after the fact, or the pages and admin, to learn how a member voted; and against double
voting. It cannot protect against: someone watching the database (or its statement log, or the SQL log that
LOG_LEVEL=DEBUG would print) while one member votes, comparing the box before and after; the database's own
history kept outside its tables (PostgreSQL dead rows before VACUUM, write-ahead log and its archives, SQLite's
WAL file and freed pages (SQLite's secure_delete is switched on for the rewrite, which zeroes freed pages),
backups taken between two votes); or arithmetic (a unanimous result tells everyone how each member voted).
The paper ballots the secretary enters come from a counted ballot box and go through the same `cast_ballots`,
so they get the same treatment.
"""

import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.collation import vietnamese
from catalog.geography import provinces_with_predecessors

from . import tally
from .enums import (
    PASSED_AT,
    STAGE_OF_COUNCIL,
    VICE_CHAIR_ROLES,
    Choice,
    CouncilLevel,
    MemberRole,
    NominationState,
    SessionState,
    VoteChannel,
)
from .models import (
    ArtisanNomination,
    Ballot,
    CommentPeriod,
    Council,
    CouncilMember,
    CouncilSession,
    PublicComment,
    SessionAttendance,
    SessionCandidate,
    VoteRecord,
)
from .permissions import ensure_manages_council, runs_session, seats_of
from .services import transition

_random = secrets.SystemRandom()


# --- Councils ----------------------------------------------------------------------------------------------


@transaction.atomic
def save_council(*, council: Council, by) -> Council:
    """Create or rename a council: the provincial secretariat its province's, the national one the others."""
    ensure_manages_council(by, council)
    council.full_clean()
    council.save()
    return council


@transaction.atomic
def add_member(*, council: Council, user, role: str, position: str = "", by) -> CouncilMember:
    """List a member (one seat per person, one chair). Not once the council has started voting: the list is the
    approval base of every session."""
    ensure_manages_council(by, council)
    if council.sessions.exclude(state=SessionState.DRAFT).exists():
        raise ValidationError(_("Hội đồng đã bỏ phiếu; không thay đổi danh sách thành viên được nữa."))
    if role not in MemberRole.values:
        raise ValidationError(_("Chức danh không hợp lệ."))
    if council.members.filter(user=user).exists():
        raise ValidationError(_("%(name)s đã là thành viên hội đồng.") % {"name": user})
    if role == MemberRole.CHAIR and council.members.filter(role=MemberRole.CHAIR).exists():
        raise ValidationError(_("Hội đồng đã có Chủ tịch."))
    return CouncilMember.objects.create(council=council, user=user, role=role, position=position.strip()[:255])


@transaction.atomic
def remove_member(*, member: CouncilMember, by) -> None:
    ensure_manages_council(by, member.council)
    if member.council.sessions.exclude(state=SessionState.DRAFT).exists():
        raise ValidationError(_("Hội đồng đã bỏ phiếu; không thay đổi danh sách thành viên được nữa."))
    SessionAttendance.objects.filter(member=member).delete()
    member.delete()


def waiting_nominations(council: Council):
    """The nominations at this council's stage: for a provincial council, those of its province (units merged
    into it included); for the State council, only those whose public comment period has ended."""
    nominations = ArtisanNomination.objects.filter(round_id=council.round_id, state=STAGE_OF_COUNCIL[council.level])
    if council.level == CouncilLevel.PROVINCIAL:
        nominations = nominations.filter(province_id__in=provinces_with_predecessors([council.province_id]))
    if council.level == CouncilLevel.STATE:
        ended = CommentPeriod.objects.filter(round_id=council.round_id, closes_on__lt=timezone.localdate())
        nominations = nominations.filter(comment_periods__in=ended).distinct()
    return nominations.order_by("title_sought", vietnamese("full_name"), "pk")


# --- Sessions ----------------------------------------------------------------------------------------------


def _ensure_runs(by, session: CouncilSession) -> None:
    if not runs_session(by, session):
        raise ValidationError(_("Chỉ thư ký hội đồng hoặc cơ quan thường trực điều hành phiên họp."))


def _locked(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update(of=("self",)).select_related(
        "council__round__policy").get(pk=session.pk)


@transaction.atomic
def create_session(*, council: Council, held_on, place: str = "", by) -> CouncilSession:
    ensure_manages_council(by, council)
    return CouncilSession.objects.create(council=council, held_on=held_on, place=place.strip()[:255], created_by=by)


@transaction.atomic
def record_attendance(*, session: CouncilSession, present: Iterable[CouncilMember], by,
                      authorised_vice_chair: CouncilMember | None = None) -> CouncilSession:
    """Who is present (every listed member gets a line, present or absent) and, if the chair is absent, the
    vice-chair the chair authorised to preside. Only before voting opens."""
    session = _locked(session)
    _ensure_runs(by, session)
    if session.state != SessionState.DRAFT:
        raise ValidationError(_("Đã mở bỏ phiếu; không sửa điểm danh được nữa."))
    members = {m.pk: m for m in session.council.members.all()}
    present_ids = {m.pk for m in present}
    if present_ids - members.keys():
        raise ValidationError(_("Chỉ điểm danh được thành viên của hội đồng."))
    vice = authorised_vice_chair
    if vice is not None and (vice.pk not in present_ids or vice.role not in VICE_CHAIR_ROLES):
        raise ValidationError(_("Người được ủy quyền chủ trì phải là Phó Chủ tịch có mặt."))
    session.attendance.all().delete()
    SessionAttendance.objects.bulk_create(
        SessionAttendance(session=session, member=member, present=pk in present_ids) for pk, member in members.items())
    session.authorised_vice_chair = authorised_vice_chair
    session.save(update_fields=["authorised_vice_chair"])
    return session


def session_quorum(session: CouncilSession) -> tally.Quorum:
    """The quorum of the session as its attendance stands (before voting) or as it was fixed (after)."""
    present = list(session.attendance.filter(present=True).select_related("member"))
    listed = session.listed_count if session.listed_count is not None else session.council.members.count()
    policy = session.council.round.policy
    vice = session.authorised_vice_chair_id
    return tally.quorum(
        listed=listed, present=len(present),
        chair_present=any(line.member.role == MemberRole.CHAIR for line in present),
        authorised_vice_chair_present=vice is not None and any(line.member_id == vice for line in present),
        quorum_percent=policy.quorum_percent, needs_chair=policy.quorum_needs_chair)


@dataclass
class SessionView:
    """What a person sees of a session, for its page and the API alike: attendance and quorum, the ballot's
    candidates once voting is open, who has voted (never how), and whether this person may still vote. The
    counts (results) are there only once the box is closed: a running count would show each vote as it comes in."""

    session: CouncilSession
    runs: bool
    seat: CouncilMember | None
    attendance: list
    present_ids: set[int]
    quorum: tally.Quorum
    candidates: list
    voters: list
    listed: int
    needed: int
    may_vote: bool
    closed: bool

    @property
    def results(self) -> list:
        return self.candidates if self.closed else []


def session_view(user, session: CouncilSession) -> SessionView:
    council = session.council
    seat = seats_of(user).filter(council_id=council.pk).first()
    attendance = list(session.attendance.select_related("member__user"))
    present_ids = {line.member_id for line in attendance if line.present}
    voters = list(VoteRecord.objects.filter(session=session).select_related("member__user"))
    listed = session.listed_count if session.listed_count is not None else council.members.count()
    candidates = ([] if session.state == SessionState.DRAFT
                  else list(session.candidates.select_related("nomination__province")))
    return SessionView(
        session=session, runs=runs_session(user, session), seat=seat, attendance=attendance, present_ids=present_ids,
        quorum=session_quorum(session), candidates=candidates, voters=voters, listed=listed,
        needed=tally.fewest(council.round.policy.approval_percent, listed),
        may_vote=(session.state == SessionState.VOTING and seat is not None and seat.pk in present_ids
                  and seat.pk not in {record.member_id for record in voters}),
        closed=session.state == SessionState.CLOSED)


@transaction.atomic
def open_voting(*, session: CouncilSession, by) -> CouncilSession:
    """Check the quorum and open the ballot: the listed members and the candidates are fixed from now on.

    Refused without attendance or quorum, without candidates, while another session of the council votes, and
    for the State council before the public comment period has ended with every comment answered.
    """
    session = _locked(session)
    _ensure_runs(by, session)
    if session.state != SessionState.DRAFT:
        raise ValidationError(_("Phiên họp đã mở bỏ phiếu."))
    if not session.attendance.exists():
        raise ValidationError(_("Hãy điểm danh trước khi mở bỏ phiếu."))
    result = session_quorum(session)
    if not result.valid:
        raise ValidationError([_("Phiên họp không đủ điều kiện hợp lệ.")] + result.problems)
    council = session.council
    if council.level == CouncilLevel.STATE:
        _check_comment_period(council)
    nominations = list(waiting_nominations(council))
    if not nominations:
        raise ValidationError(_("Không có hồ sơ nào chờ hội đồng này xét."))
    session.state = SessionState.VOTING
    session.listed_count, session.present_count = result.listed, result.present
    session.voting_opened_at = timezone.now()
    try:
        with transaction.atomic():
            session.save(update_fields=["state", "listed_count", "present_count", "voting_opened_at"])
    except IntegrityError as exc:
        raise ValidationError(_("Hội đồng đang có một phiên bỏ phiếu khác.")) from exc
    SessionCandidate.objects.bulk_create(SessionCandidate(session=session, nomination=n, position=i)
                                         for i, n in enumerate(nominations))
    return session


def _check_comment_period(council: Council) -> None:
    """The State council decides only on candidates whose list has been posted, the period over and every signed
    comment on them answered."""
    waiting = ArtisanNomination.objects.filter(round_id=council.round_id, state=STAGE_OF_COUNCIL[council.level])
    periods = CommentPeriod.objects.filter(nominations__in=waiting).distinct()
    if not periods:
        raise ValidationError(_("Chưa lấy ý kiến nhân dân về danh sách đề nghị."))
    if not any(period.has_ended() for period in periods):
        last = max(period.closes_on for period in periods)
        raise ValidationError(_("Thời gian lấy ý kiến nhân dân chưa kết thúc (đến hết ngày %(date)s).")
                              % {"date": f"{last:%d/%m/%Y}"})
    ready = waiting_nominations(council)
    if PublicComment.objects.filter(nomination__in=ready, responded_at__isnull=True).exists():
        raise ValidationError(_("Còn ý kiến nhân dân chưa được trả lời."))


# --- The ballot --------------------------------------------------------------------------------------------


@transaction.atomic
def cast_ballots(*, session: CouncilSession, voters: Iterable[CouncilMember],
                 marks: Mapping[int, Mapping[str, int]], by) -> list[VoteRecord]:
    """Put the ballots of `voters` into the session's box; `marks` maps each candidate (SessionCandidate id) to
    the number of approving and disapproving ballots, {"approve": a, "disapprove": d}, with a + d = len(voters).

    One service for both doors: a member voting from their own account (voters = [themselves], counts of 0 or 1),
    and the secretary entering the paper ballots of several present members at once (the counts of the paper
    box, which were never linked to their voters). Refused: outside voting; a voter not present or not a member;
    a member who already voted (also refused by the database); a candidate missing or unknown; counts that do
    not add up. Side effects: a VoteRecord per voter; the whole box rewritten in random order (see the module
    docstring). Returns the vote records.
    """
    session = _locked(session)
    voters = list({member.pk: member for member in voters}.values())
    if session.state != SessionState.VOTING:
        raise ValidationError(_("Phiên họp không trong thời gian bỏ phiếu."))
    if not voters:
        raise ValidationError(_("Chọn ít nhất một thành viên đã bỏ phiếu."))
    own = len(voters) == 1 and voters[0].user_id == by.pk
    if not own:
        _ensure_runs(by, session)
    present = set(session.attendance.filter(present=True).values_list("member_id", flat=True))
    absent = [str(m.user) for m in voters if m.pk not in present or m.council_id != session.council_id]
    if absent:
        raise ValidationError(_("Chỉ thành viên có mặt mới được bỏ phiếu: %(names)s.") % {"names": ", ".join(absent)})
    already = [str(r.member.user) for r in
               VoteRecord.objects.filter(session=session, member__in=voters).select_related("member__user")]
    if already:
        raise ValidationError(_("Đã bỏ phiếu rồi: %(names)s.") % {"names": ", ".join(already)})
    new_marks = _marks_for(session, marks, len(voters))
    channel = VoteChannel.ONLINE if own else VoteChannel.PAPER
    try:
        with transaction.atomic():
            records = VoteRecord.objects.bulk_create(
                VoteRecord(session=session, member=member, channel=channel, recorded_by=by) for member in voters)
    except IntegrityError as exc:  # a concurrent request for the same member won
        raise ValidationError(_("Thành viên này đã bỏ phiếu.")) from exc
    _rewrite_box(session, new_marks)
    return records


def _marks_for(session: CouncilSession, marks: Mapping[int, Mapping[str, int]], voters: int) -> list[tuple[int, str]]:
    candidates = {c.pk: c for c in session.candidates.select_related("nomination")}
    if set(marks) != set(candidates):
        raise ValidationError(_("Phiếu phải ghi ý kiến cho đủ mọi người trong danh sách, không thừa không thiếu."))
    result = []
    for candidate_id, counts in marks.items():
        approve, disapprove = int(counts.get(Choice.APPROVE, 0)), int(counts.get(Choice.DISAPPROVE, 0))
        if approve < 0 or disapprove < 0 or approve + disapprove != voters or set(counts) - set(Choice.values):
            raise ValidationError(_("%(name)s: số phiếu đồng ý và không đồng ý phải cộng lại bằng %(n)s.") % {
                "name": candidates[candidate_id].nomination.full_name, "n": voters})
        result += [(candidate_id, Choice.APPROVE)] * approve + [(candidate_id, Choice.DISAPPROVE)] * disapprove
    return result


def _rewrite_box(session: CouncilSession, new_marks: list[tuple[int, str]]) -> None:
    """Delete the session's marks and write them all again, with the new ones, in random order and fresh keys."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed, not left readable in the file
    box = Ballot.objects.filter(candidate__session=session)
    marks = list(box.values_list("candidate_id", "choice")) + new_marks
    box.delete()
    _random.shuffle(marks)
    # uuid4 draws its bits from os.urandom: keys carry no order, time or machine.
    Ballot.objects.bulk_create(Ballot(id=uuid.uuid4(), candidate_id=candidate, choice=choice)
                               for candidate, choice in marks)


@transaction.atomic
def close_session(*, session: CouncilSession, by) -> CouncilSession:
    """Count the ballots, store each candidate's result and move the nominations.

    A candidate passes when tally.passes says so (approvals against all listed members: a member who did not
    vote counts as not approving). Passed candidates move to the next council's stage, the others to "not
    proposed"; each move writes its history line (with the count) and e-mails the candidate.
    """
    session = _locked(session)
    _ensure_runs(by, session)
    if session.state != SessionState.VOTING:
        raise ValidationError(_("Phiên họp không trong thời gian bỏ phiếu."))
    council = session.council
    policy = council.round.policy
    counts = session.candidates.annotate(
        n_approve=Count("ballots", filter=Q(ballots__choice=Choice.APPROVE)),
        n_disapprove=Count("ballots", filter=Q(ballots__choice=Choice.DISAPPROVE)),
    ).select_related("nomination")
    needed = tally.fewest(policy.approval_percent, session.listed_count)
    for line in counts:
        line.approvals, line.disapprovals = line.n_approve, line.n_disapprove
        line.passed = tally.passes(approvals=line.approvals, listed=session.listed_count,
                                   approval_percent=policy.approval_percent)
        line.save(update_fields=["approvals", "disapprovals", "passed"])
        nomination = ArtisanNomination.objects.select_for_update(of=("self",)).select_related(
            "round__policy", "user").get(pk=line.nomination_id)
        if nomination.state != STAGE_OF_COUNCIL[council.level]:
            continue  # withdrawn while the session voted: the count is kept, the dossier stays where it is
        reason = _("%(council)s: %(approvals)s/%(listed)s phiếu đồng ý (cần %(needed)s).") % {
            "council": council.name, "approvals": line.approvals, "listed": session.listed_count, "needed": needed}
        new_state = PASSED_AT[council.level] if line.passed else NominationState.NOT_PASSED
        transition(nomination=nomination, new_state=new_state, by=by, reason=reason)
    session.state, session.closed_at = SessionState.CLOSED, timezone.now()
    session.save(update_fields=["state", "closed_at"])
    return session
