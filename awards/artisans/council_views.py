"""Council pages: members, sessions (attendance, opening the ballot, voting, paper ballots, counting), the
council's and the session's documents, and the members' own pages. Results show only once a session is closed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.decorators import secretariat_required
from scoring import effects

from . import pdf, voting
from .dossier import standards_of
from .enums import SessionState
from .forms import (
    AttendanceForm,
    BallotForm,
    CloseSessionForm,
    MemberForm,
    OpenVotingForm,
    PaperBallotForm,
    SessionForm,
)
from .models import ArtisanRound, CouncilMember
from .pdf import COUNCIL_DOCUMENTS, SESSION_DOCUMENTS
from .permissions import (
    get_council_for_secretariat,
    get_nomination_for_council_member,
    get_session_for_user,
    runs_session,
    seats_of,
)
from .views import _council_form, _errors

# --- Councils (secretariat) --------------------------------------------------------------------------------


@secretariat_required
@require_POST
def council_create(request, round_pk):
    artisan_round = get_object_or_404(ArtisanRound, pk=round_pk)
    form = _council_form(request, artisan_round, request.POST)
    if form.is_valid():
        council = form.save(commit=False)
        council.round = artisan_round
        try:
            council = voting.save_council(council=council, by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã lập hội đồng. Hãy thêm thành viên."))
            return redirect(council)
    else:
        _errors(request, ValidationError([e for errors in form.errors.values() for e in errors]))
    return redirect(artisan_round)


def _council_context(council, member_form=None, session_form=None):
    return {
        "council": council, "round": council.round,
        "members": council.members.select_related("user"),
        "sessions": council.sessions.all(),
        "waiting": voting.waiting_nominations(council).select_related("province"),
        "member_form": member_form or MemberForm(), "session_form": session_form or SessionForm(),
        "documents": COUNCIL_DOCUMENTS,
    }


@secretariat_required
def council_detail(request, pk):
    council = get_council_for_secretariat(request.user, pk)
    return render(request, "awards/artisans/council_detail.html", _council_context(council))


@secretariat_required
@require_POST
def member_add(request, pk):
    council = get_council_for_secretariat(request.user, pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            voting.add_member(council=council, user=data["email"], role=data["role"], position=data["position"],
                              by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm thành viên."))
            return redirect(council)
    return render(request, "awards/artisans/council_detail.html", _council_context(council, member_form=form),
                  status=400)


@secretariat_required
@require_POST
def member_remove(request, pk):
    member = get_object_or_404(CouncilMember.objects.select_related("council"), pk=pk)
    council = get_council_for_secretariat(request.user, member.council_id)
    try:
        voting.remove_member(member=member, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã bỏ thành viên khỏi hội đồng."))
    return redirect(council)


@secretariat_required
@require_POST
def session_create(request, pk):
    council = get_council_for_secretariat(request.user, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        session = voting.create_session(council=council, by=request.user, **form.cleaned_data)
        return redirect(session)
    return render(request, "awards/artisans/council_detail.html", _council_context(council, session_form=form),
                  status=400)


@secretariat_required
def council_document(request, pk, document):
    return pdf.council_document(get_council_for_secretariat(request.user, pk), document)


# --- Sessions (those who run them, and members) ------------------------------------------------------------


def _session_context(request, session, **forms):
    view = voting.session_view(request.user, session)
    close_confirm = ""
    if session.state == SessionState.VOTING:
        close_confirm = effects.session_close_sentence(
            voted=len(view.voters), present=session.present_count or 0, candidates=len(view.candidates),
            needed=view.needed, listed=view.listed)
    return {
        "close_confirm": close_confirm,
        "session": session, "council": session.council, "runs": view.runs, "seat": view.seat,
        "attendance": view.attendance, "quorum": view.quorum, "candidates": view.candidates,
        "waiting": voting.waiting_nominations(session.council) if session.state == SessionState.DRAFT else [],
        "voters": view.voters, "may_vote": view.may_vote, "results": view.results,
        "needed": view.needed, "listed": view.listed, "policy": session.council.round.policy,
        "attendance_form": forms.get("attendance_form") or AttendanceForm(session=session, initial={
            "present": list(view.present_ids), "authorised_vice_chair": session.authorised_vice_chair_id}),
        "open_form": forms.get("open_form") or OpenVotingForm(),
        "close_form": forms.get("close_form") or CloseSessionForm(),
        "documents": SESSION_DOCUMENTS,
    }


@login_required
def session_detail(request, pk):
    session = get_session_for_user(request.user, pk)
    return render(request, "awards/artisans/session_detail.html", _session_context(request, session))


def _runner_session(request, pk):
    session = get_session_for_user(request.user, pk)
    if not runs_session(request.user, session):
        raise Http404
    return session


@require_POST
@login_required
def session_attendance(request, pk):
    session = _runner_session(request, pk)
    form = AttendanceForm(request.POST, session=session)
    if form.is_valid():
        try:
            voting.record_attendance(session=session, present=form.cleaned_data["present"], by=request.user,
                                     authorised_vice_chair=form.cleaned_data["authorised_vice_chair"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi điểm danh."))
            return redirect(session)
    return render(request, "awards/artisans/session_detail.html",
                  _session_context(request, session, attendance_form=form), status=400)


@require_POST
@login_required
def session_open(request, pk):
    session = _runner_session(request, pk)
    form = OpenVotingForm(request.POST)
    if form.is_valid():
        try:
            voting.open_voting(session=session, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã mở bỏ phiếu."))
            return redirect(session)
    session.refresh_from_db()
    return render(request, "awards/artisans/session_detail.html",
                  _session_context(request, session, open_form=form), status=400)


@require_POST
@login_required
def session_close(request, pk):
    session = _runner_session(request, pk)
    form = CloseSessionForm(request.POST)
    if form.is_valid():
        try:
            voting.close_session(session=session, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã kiểm phiếu và ghi kết quả."))
            return redirect(session)
    session.refresh_from_db()
    return render(request, "awards/artisans/session_detail.html",
                  _session_context(request, session, close_form=form), status=400)


@login_required
def session_vote(request, pk):
    """A member's own ballot. The page never shows a choice back: after casting, only "you have voted"."""
    session = get_session_for_user(request.user, pk)
    seat = seats_of(request.user).filter(council_id=session.council_id).first()
    if seat is None:
        raise Http404
    candidates = session.candidates.select_related("nomination")
    form = BallotForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            voting.cast_ballots(session=session, voters=[seat], marks=form.marks(), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Phiếu của bạn đã được bỏ vào hòm phiếu."))
            return redirect(session)
    return render(request, "awards/artisans/vote.html", {"session": session, "form": form},
                  status=400 if form.errors else 200)


@login_required
def session_paper(request, pk):
    session = _runner_session(request, pk)
    candidates = session.candidates.select_related("nomination")
    form = PaperBallotForm(request.POST or None, session=session, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            voting.cast_ballots(session=session, voters=form.cleaned_data["voters"], marks=form.marks(),
                                by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi phiếu giấy."))
            return redirect(session)
    return render(request, "awards/artisans/paper.html", {"session": session, "form": form},
                  status=400 if form.errors else 200)


@login_required
def session_document(request, pk, document):
    return pdf.session_document(get_session_for_user(request.user, pk), document)


# --- Members' own pages ------------------------------------------------------------------------------------


@login_required
def my_councils(request):
    seats = seats_of(request.user).select_related("council__round", "council__province")
    sessions = {seat.council_id: list(seat.council.sessions.all()) for seat in seats}
    return render(request, "awards/artisans/my_councils.html", {
        "seats": [(seat, sessions[seat.council_id]) for seat in seats]})


@login_required
def member_dossier(request, pk):
    """A dossier as a council member reads it: achievements, standards check and evidence, no contacts."""
    nomination = get_nomination_for_council_member(request.user, pk)
    return render(request, "awards/artisans/member_dossier.html", {
        "nomination": nomination, "check": standards_of(nomination), "prior_titles": nomination.prior_titles.all(),
        "works": nomination.works.all(), "evidence": nomination.evidence.all()})

