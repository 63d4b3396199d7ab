"""Printed documents of the artisan-title process, rendered from the stored data (catalog.pdf, DejaVu fonts).

- the achievement declaration (Mẫu 01 for NNND, Mẫu 02 for NNƯT) of a nomination;
- for a council: the proposal letter (tờ trình) of the candidates it passed, the list (danh sách) of its
  candidates, the achievement summary (tóm tắt thành tích) with the standards check;
- for a session: the blank ballots (phiếu bầu, one per member present, no name on them), the meeting minutes
  (biên bản họp) and the vote-count minutes (biên bản kiểm phiếu, once the ballots are counted).
"""

from django.http import Http404, HttpResponse
from django.utils import timezone

from catalog.collation import vietnamese
from catalog.pdf import pdf_response, render_pdf

from . import tally
from .dossier import standards_of
from .enums import STAGE_OF_COUNCIL, SessionState, Title
from .models import ArtisanNomination, Council, CouncilSession
from .voting import session_quorum, waiting_nominations


def declaration_pdf(nomination: ArtisanNomination) -> bytes:
    form = "01" if nomination.title_sought == Title.NNND else "02"
    return render_pdf("awards/artisans/pdf/declaration.html", {
        "nomination": nomination, "form": form, "prior_titles": nomination.prior_titles.all(),
        "works": nomination.works.all(), "check": standards_of(nomination), "today": timezone.localdate()})


def _council_candidates(council: Council) -> list[ArtisanNomination]:
    """Everyone this council has voted on (with their last result), or, before its first vote, those waiting."""
    from .models import SessionCandidate

    lines = (SessionCandidate.objects.filter(session__council=council, session__state=SessionState.CLOSED)
             .select_related("nomination__province", "session")
             .order_by(vietnamese("nomination__full_name"), "-session__held_on"))
    seen, candidates = set(), []
    for line in lines:
        if line.nomination_id not in seen:
            seen.add(line.nomination_id)
            line.nomination.result = line
            candidates.append(line.nomination)
    if not candidates:
        candidates = list(waiting_nominations(council).select_related("province"))
        for nomination in candidates:
            nomination.result = None
    return candidates


COUNCIL_DOCUMENTS = ("proposal", "list", "summary")
SESSION_DOCUMENTS = ("ballots", "minutes", "count")


def council_pdf(council: Council, document: str) -> bytes:
    """document: "proposal" (tờ trình), "list" (danh sách) or "summary" (tóm tắt thành tích)."""
    candidates = _council_candidates(council)
    if document == "proposal":
        candidates = [c for c in candidates if c.result is not None and c.result.passed]
    if document == "summary":
        ids = [c.pk for c in candidates]
        full = {n.pk: n for n in ArtisanNomination.objects.filter(pk__in=ids).select_related("round__policy")
                .prefetch_related("prior_titles", "works")}
        for candidate in candidates:
            candidate.check = standards_of(full[candidate.pk])
            candidate.work_list = list(full[candidate.pk].works.all())
    return render_pdf(f"awards/artisans/pdf/{document}.html", {
        "council": council, "round": council.round, "candidates": candidates, "today": timezone.localdate(),
        "stage": STAGE_OF_COUNCIL[council.level]})


def session_pdf(session: CouncilSession, document: str) -> bytes:
    """document: "ballots" (phiếu bầu), "minutes" (biên bản họp) or "count" (biên bản kiểm phiếu)."""
    council = session.council
    if session.state == SessionState.DRAFT:
        candidates = [{"nomination": n} for n in waiting_nominations(council).select_related("province")]
    else:
        candidates = list(session.candidates.select_related("nomination__province"))
    attendance = list(session.attendance.select_related("member__user"))
    present = sum(1 for line in attendance if line.present)
    copies = present or council.members.count() or 1
    policy = council.round.policy
    listed = session.listed_count if session.listed_count is not None else council.members.count()
    return render_pdf(f"awards/artisans/pdf/{document}.html", {
        "session": session, "council": council, "round": council.round, "candidates": candidates,
        "attendance": attendance, "quorum": session_quorum(session), "copies": range(copies),
        "needed": tally.fewest(policy.approval_percent, listed), "listed": listed, "policy": policy,
        "voted": session.vote_records.count(), "today": timezone.localdate()})


def council_document(council: Council, document: str) -> HttpResponse:
    """The council's document as a download, for the page and the API (the caller has let the user through
    permissions.get_council_for_secretariat). Http404 for a name that is no document of a council."""
    if document not in COUNCIL_DOCUMENTS:
        raise Http404
    return pdf_response(council_pdf(council, document), f"{document}-hoi-dong-{council.pk}.pdf")


def session_document(session: CouncilSession, document: str) -> HttpResponse:
    """The session's document as a download, for the page and the API (the caller has let the user through
    permissions.get_session_for_user). Http404 for a name that is no document of a session, and for the
    vote-count minutes before the ballots are counted."""
    if document not in SESSION_DOCUMENTS or (document == "count" and session.state != SessionState.CLOSED):
        raise Http404
    return pdf_response(session_pdf(session, document), f"{document}-phien-{session.pk}.pdf")
