"""Writes for certificates, results decisions and complaints. Keyword-only, one transaction each (except the
ZIP build, a background job that commits its progress as it goes); side effects listed in each docstring."""

import datetime
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from zipstream import ZIP_STORED, ZipStream

from catalog import audit, jobs, listing, mail
from catalog.collation import vietnamese
from catalog.enums import CertificateSource, CertificateStatus
from catalog.models import Certificate, Job, Producer
from catalog.public import cache as public_cache
from catalog.validity import CERTIFICATE_VALID_YEARS, valid_until
from scoring import ranking_queries
from scoring.enums import NominationState, RoundState
from scoring.models import Nomination
from scoring.permissions import ensure_manages_round, manages_producer
from scoring.ranking import RankedRow
from scoring.results import eligibility_problem
from scoring.services import set_round_state

from . import enums
from .enums import DecisionState
from .holidays import answer_deadline, complaint_deadline, complaint_due
from .models import (
    Complaint,
    DecisionEntry,
    DecisionEvent,
    ResultsDecision,
)
from .numbering import next_certificate_number, scope_code
from .pdf import issuing_body
from .permissions import can_record
from .reports import results as round_results


@transaction.atomic
def record_historical_certificate(*, certificate: Certificate, by, refresh_listing: bool = True) -> Certificate:
    """Record a certificate issued before the system (or outside it), public from its issue date.

    Validity defaults to the legal rule (catalog.validity). A certificate cannot be issued in the future.
    Side effect: the product's public listing row is refreshed; `refresh_listing=False` only for a caller that
    refreshes the rows of all the certificates it records at once, in the same transaction (a published list).
    """
    if not can_record(by, certificate):
        raise ValidationError(_("Bạn chỉ ghi nhận được giấy chứng nhận của sản phẩm và cấp thuộc phạm vi phụ trách."))
    prepare_historical_certificate(certificate, by=by)
    certificate.full_clean()
    certificate.save()
    audit.record(action="certificate.record", obj=certificate, by=by,
                 after={"number": certificate.number, "issued_on": certificate.issued_on})
    if refresh_listing:
        listing.refresh([certificate.product_id])
    return certificate


def prepare_historical_certificate(certificate: Certificate, *, by) -> None:
    """The fields a historical record takes from the rules (shared by the form and the spreadsheet import)."""
    if certificate.issued_on and certificate.issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("Ngày cấp không thể sau ngày hôm nay.")})
    if certificate.issued_on and not certificate.valid_until:
        certificate.valid_until = valid_until(certificate.issued_on, years=CERTIFICATE_VALID_YEARS)
    certificate.source = CertificateSource.HISTORICAL
    certificate.published_on = certificate.issued_on  # a past recognition was public from its issue
    certificate.recorded_by = by


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, by, revoked_on: datetime.date, reason: str,
                       decision_number: str) -> Certificate:
    """Revoke from a date on, citing the revocation decision; the certificate stops counting on that date (see
    catalog.models.CertificateQuerySet.not_revoked) and the verification page shows it as revoked. The number
    stays taken. Side effect: the product's public listing row is refreshed."""
    if not can_record(by, certificate):
        raise ValidationError(_("Giấy chứng nhận này nằm ngoài phạm vi phụ trách của bạn."))
    if certificate.status == CertificateStatus.REVOKED:
        raise ValidationError(_("Giấy chứng nhận đã bị thu hồi."))
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do thu hồi."))
    if not decision_number.strip():
        raise ValidationError(_("Hãy ghi số quyết định thu hồi."))
    if revoked_on < certificate.issued_on:
        raise ValidationError(_("Ngày thu hồi không thể trước ngày cấp."))
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_on = revoked_on
    certificate.revocation_reason = reason.strip()
    certificate.revocation_decision_number = decision_number.strip()
    certificate.save(update_fields=["status", "revoked_on", "revocation_reason", "revocation_decision_number"])
    audit.record(action="certificate.revoke", obj=certificate, by=by,
                 before={"status": CertificateStatus.VALID},
                 after={"status": certificate.status, "revoked_on": revoked_on,
                        "reason": certificate.revocation_reason})
    listing.refresh([certificate.product_id])
    return certificate


# --- Results decisions -------------------------------------------------------------------------------------


@transaction.atomic
def save_decision(*, decision: ResultsDecision, by) -> ResultsDecision:
    """Create a round's decision or edit its number, date, signer and scan (not once it is published)."""
    ensure_manages_round(by, decision.round)
    if decision.pk and ResultsDecision.objects.get(pk=decision.pk).is_published:
        raise ValidationError(_("Quyết định đã công bố, không sửa được nữa."))
    if not decision.pk and ResultsDecision.objects.filter(round=decision.round).exists():
        raise ValidationError(_("Đợt bình chọn này đã có quyết định công nhận."))
    if not decision.pk:
        decision.created_by = by
    decision.save()
    return decision


@dataclass(frozen=True)
class _Line:
    """What an entry records from the ranking (see _record_figures)."""

    nomination_id: int
    product_name: str
    ranked: RankedRow
    group_averages: dict


def _ranking_lines(selection_round) -> list[_Line]:
    """The round's ranking as light lines (one per accepted nomination), read in chunks."""
    lines = []
    for nomination in ranking_queries.ranking(selection_round).iterator(chunk_size=2000):
        figures = ranking_queries.figures_of(nomination)
        ranked = ranking_queries.ranked_row(nomination, selection_round)
        lines.append(_Line(nomination.pk, nomination.product.name, ranked,
                           dict(figures.group_averages) if figures else {}))
    return lines


def _locked_draft(decision: ResultsDecision, by) -> ResultsDecision:
    decision = ResultsDecision.objects.select_for_update(of=("self",)).select_related("round").get(pk=decision.pk)
    ensure_manages_round(by, decision.round)
    if not decision.is_draft:
        raise ValidationError(_("Chỉ sửa được danh sách khi quyết định đang soạn."))
    return decision


def _write_entries(decision: ResultsDecision, lines: list[_Line], chosen: set[int], reasons: Mapping[int, str],
                   default_reason: str) -> None:
    missing_reason = []
    entries = []
    for line in lines:
        entry = DecisionEntry(decision=decision, nomination_id=line.nomination_id,
                              recognised=line.nomination_id in chosen)
        _record_figures(entry, line)
        entry.exclusion_reason = "" if entry.recognised else (reasons.get(line.nomination_id) or default_reason).strip()
        if not entry.recognised and not entry.exclusion_reason:
            missing_reason.append(line.product_name)
        entries.append(entry)
    if missing_reason:
        shown = ", ".join(missing_reason[:10]) + (" …" if len(missing_reason) > 10 else "")
        raise ValidationError(_("Hãy ghi lý do không công nhận cho: %(names)s.") % {"names": shown})
    # A draft's entries have no certificate yet (they are issued on publication): the list is simply rewritten.
    decision.entries.all().delete()
    DecisionEntry.objects.bulk_create(entries, batch_size=2000)


@transaction.atomic
def propose_entries(*, decision: ResultsDecision, recognised: Iterable[Nomination], by,
                    exclusion_reasons: Mapping[int, str] | None = None,
                    default_exclusion_reason: str = "") -> ResultsDecision:
    """Set the decision's list: one entry per ACCEPTED nomination of the round, the chosen ones recognised.

    Every other accepted nomination is listed as not recognised with its reason (its own in
    `exclusion_reasons`, keyed by nomination id, else the default). Each entry records its rank, average and
    group averages from the round's ranking (scoring.ranking_queries.ranking) as they are now; entries of
    nominations no longer accepted are dropped. Only while the decision is a draft.
    """
    decision = _locked_draft(decision, by)
    lines = _ranking_lines(decision.round)
    chosen = {n.pk for n in recognised}
    if chosen - {line.nomination_id for line in lines}:
        raise ValidationError(_("Chỉ công nhận được hồ sơ đã tiếp nhận của chính đợt bình chọn này."))
    _refuse_ineligible(decision.round, [line for line in lines if line.nomination_id in chosen])
    _write_entries(decision, lines, chosen, exclusion_reasons or {}, default_exclusion_reason)
    return decision


def _refuse_ineligible(selection_round, lines: Iterable[_Line]) -> None:
    """THE rule of what a decision may recognise (scoring.ranking.RankedRow.eligible): threshold reached on the
    exact average, enough counted sheets, scoring closed. Refused with each product's reason."""
    problems = [f"{line.product_name}: {eligibility_problem(line.ranked, selection_round.min_sheets)}"
                for line in lines if not line.ranked.eligible]
    if problems:
        raise ValidationError([_("Không công nhận được hồ sơ chưa đủ điều kiện.")] + problems)


def eligible_nomination_ids(selection_round) -> set[int]:
    """The nominations a decision of this round may recognise now (what its form offers)."""
    return {line.nomination_id for line in _ranking_lines(selection_round) if line.ranked.eligible}


@transaction.atomic
def propose_first_entries(*, decision: ResultsDecision, by, exclusion_reason: str) -> ResultsDecision:
    """The first proposal, in one action: every eligible nomination (RankedRow.eligible) within its quota is
    recognised; every other one (below the threshold, unscored, beyond the quota or tied across its
    last place, which the council settles) is listed as not recognised with `exclusion_reason`. Then as
    propose_entries (it replaces any list the draft had)."""
    decision = _locked_draft(decision, by)
    lines = _ranking_lines(decision.round)
    chosen = {line.nomination_id for line in lines if line.ranked.within_quota and line.ranked.eligible}
    _write_entries(decision, lines, chosen, {}, exclusion_reason)
    return decision


@transaction.atomic
def set_entry_recognition(*, entry: DecisionEntry, recognised: bool, by, reason: str = "") -> DecisionEntry:
    """The council's change to one line of a draft list: recognise it, or not with a reason. The figures stay
    those recorded when the list was proposed."""
    decision = _locked_draft(entry.decision, by)
    entry = DecisionEntry.objects.select_related("nomination__product").get(pk=entry.pk, decision=decision)
    if recognised and entry.nomination.state != NominationState.ACCEPTED:
        raise ValidationError(_("Chỉ công nhận được hồ sơ đã tiếp nhận của chính đợt bình chọn này."))
    if recognised:
        _refuse_ineligible(decision.round, [_line_of(decision.round, entry.nomination)])
    if not recognised and not reason.strip():
        raise ValidationError(_("Hãy ghi lý do không công nhận cho: %(names)s.")
                              % {"names": entry.nomination.product.name})
    entry.recognised = recognised
    entry.exclusion_reason = "" if recognised else reason.strip()
    entry.save(update_fields=["recognised", "exclusion_reason"])
    audit.record(action="decision.entry", obj=entry, by=by,
                 round_id=decision.round_id, after={"recognised": recognised, "reason": entry.exclusion_reason})
    return entry


def _line_of(selection_round, nomination: Nomination) -> _Line:
    # Eligibility does not depend on the rank: the ranking of this one nomination is enough.
    row = ranking_queries.ranking(selection_round).get(pk=nomination.pk)
    figures = ranking_queries.figures_of(row)
    return _Line(row.pk, row.product.name, ranking_queries.ranked_row(row, selection_round),
                 dict(figures.group_averages) if figures else {})


def _check_recognised_still_eligible(decision: ResultsDecision) -> None:
    """At approval and publication: every recognised entry is eligible NOW (a conflict recorded late, or a
    reopen, may have changed the figures since the list was proposed)."""
    recognised = set(decision.entries.filter(recognised=True).values_list("nomination_id", flat=True))
    _refuse_ineligible(decision.round, [line for line in _ranking_lines(decision.round)
                                        if line.nomination_id in recognised])


def _record_figures(entry: DecisionEntry, line: _Line) -> None:
    """Copy the ranking's figures onto the entry: the decision keeps what the council saw when it chose."""
    entry.rank = line.ranked.rank
    entry.average = line.ranked.average
    entry.group_averages = line.group_averages


def _check_ready_to_approve(decision: ResultsDecision) -> None:
    missing = [label for label, value in [(_("số quyết định"), decision.number),
                                          (_("ngày ký"), decision.decided_on),
                                          (_("người ký"), decision.signer_name),
                                          (_("chức vụ người ký"), decision.signer_title)] if not value]
    if missing:
        raise ValidationError(_("Hãy điền trước khi phê duyệt: %(fields)s.") % {"fields": ", ".join(missing)})
    if not decision.entries.exists():
        raise ValidationError(_("Quyết định chưa có danh sách sản phẩm."))


@transaction.atomic
def set_decision_state(*, decision: ResultsDecision, new_state: str, by, reason: str = "") -> ResultsDecision:
    """Move a decision along enums.TRANSITIONS and record a DecisionEvent (who, when, why).

    Approving needs the number, date and signer and a non-empty list; going back to draft needs a reason.
    Publishing needs the signed scan and then, in this order: issue_certificates (numbers taken, not yet
    public); published_on set on them (the public catalogue and verification page now show them);
    notified_on = today (complaint deadlines count from it); the decision's figures recorded for the statistics
    (awards.reports.results.record); the round moves to "results published" (the only way it gets there).
    Approving and publishing need the round's scoring closed and every recognised entry still eligible;
    after commit, every participant is e-mailed its result (notify_participants).
    """
    decision = ResultsDecision.objects.select_for_update(of=("self",)).select_related(
        "round__scope_province", "round__scope_region").get(pk=decision.pk)
    old = decision.state
    ensure_manages_round(by, decision.round)
    if new_state not in enums.TRANSITIONS[old]:
        raise ValidationError(_("Không thể chuyển quyết định từ “%(old)s” sang “%(new)s”.") % {
            "old": DecisionState(old).label, "new": DecisionState(new_state).label})
    if (old, new_state) in enums.MOVES_NEEDING_REASON and not reason.strip():
        raise ValidationError(_("Hãy ghi lý do đưa quyết định về trạng thái đang soạn."))
    if new_state in (DecisionState.APPROVED, DecisionState.PUBLISHED):
        # A round recorded as published before it had a decision here (history) is closed too.
        if decision.round.state not in (RoundState.SCORING_CLOSED, RoundState.RESULTS_PUBLISHED):
            raise ValidationError(_("Chỉ phê duyệt hoặc công bố được quyết định khi đợt bình chọn đã kết thúc "
                                    "chấm điểm (hiện: %(state)s).") % {"state": RoundState(decision.round.state).label})
        _check_recognised_still_eligible(decision)
    if new_state == DecisionState.APPROVED:
        _check_ready_to_approve(decision)
    update_fields = ["state"]
    if new_state == DecisionState.PUBLISHED:
        if not decision.signed_scan:
            raise ValidationError(_("Hãy đính kèm bản quét quyết định đã ký trước khi công bố."))
        today = timezone.localdate()
        certificates = issue_certificates(decision=decision, by=by)
        Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(published_on=today)
        for c in certificates:
            audit.record(action="certificate.publish", obj=c, by=by,
                         round_id=decision.round_id, after={"published_on": today})
        listing.refresh([c.product_id for c in certificates], on=today)
        # update() sends no signal: tell the public pages' cache explicitly (it acts after the commit).
        public_cache.bump_version()
        decision.notified_on, decision.published_at = today, timezone.now()
        decision.complaint_due = complaint_deadline(today)  # stored: the notice gives this date
        update_fields += ["notified_on", "published_at", "complaint_due"]
    decision.state = new_state
    decision.save(update_fields=update_fields)
    DecisionEvent.objects.create(decision=decision, from_state=old, to_state=new_state, by=by, reason=reason.strip())
    audit.record(action="decision.state", obj=decision, by=by,
                 round_id=decision.round_id, before={"state": old},
                 after={"state": new_state, "reason": reason.strip()})
    if new_state == DecisionState.PUBLISHED:
        round_results.record(decision=decision)  # the statistics read a published decision's figures from here
        if decision.round.state == RoundState.SCORING_CLOSED:
            set_round_state(round=decision.round, new_state=RoundState.RESULTS_PUBLISHED, by=by,
                            through_decision=True)
        transaction.on_commit(lambda: notify_participants(decision=decision))
    return decision


@transaction.atomic
def reopen_scoring(*, round, by, reason: str):
    """The audited reopen: a closed round goes back to scoring (sheets can be reopened again), with the reason
    in the round's history; its decision, when approved, goes back to draft with the same reason. Refused once
    the decision is published (a complaint is then the way)."""
    ensure_manages_round(by, round)
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do mở lại việc chấm điểm."))
    decision = ResultsDecision.objects.select_for_update(of=("self",)).filter(round=round).first()
    if decision is not None and decision.is_published:
        raise ValidationError(_("Quyết định công nhận đã công bố; không mở lại việc chấm điểm được."))
    if decision is not None and decision.state == DecisionState.APPROVED:
        decision.state = DecisionState.DRAFT
        decision.save(update_fields=["state"])
        DecisionEvent.objects.create(decision=decision, from_state=DecisionState.APPROVED,
                                     to_state=DecisionState.DRAFT, by=by,
                                     reason=_("Mở lại chấm điểm: %(reason)s") % {"reason": reason.strip()})
        audit.record(action="decision.state", obj=decision, by=by,
                     round_id=decision.round_id, before={"state": DecisionState.APPROVED},
                     after={"state": DecisionState.DRAFT, "reason": reason.strip()})
    return set_round_state(round=round, new_state=RoundState.SCORING, by=by, reason=reason.strip(),
                           through_decision=True)


@transaction.atomic
def issue_certificates(*, decision: ResultsDecision, by) -> list[Certificate]:
    """One certificate per recognised entry that has none yet, numbered from the (level, scope, year) counter.

    Issued on the decision's date, valid for the round's number of years (catalog.validity), signed by its
    signer, carrying the entry's average. Not public yet: the caller (publishing) sets published_on and refreshes
    the listing rows. Returns the new certificates.
    """
    selection_round = decision.round
    if not decision.decided_on:
        raise ValidationError(_("Quyết định chưa có ngày ký, chưa cấp được giấy chứng nhận."))
    entries = (decision.entries.filter(recognised=True, certificate__isnull=True)
               .select_related("nomination__product").order_by(vietnamese("nomination__product__name"), "pk"))
    issued = []
    issuer = issuing_body(decision)
    for entry in entries:
        number = next_certificate_number(level=selection_round.level, scope=scope_code(selection_round),
                                         year=decision.decided_on.year)
        certificate = Certificate.objects.create(
            product=entry.nomination.product, number=number, level=selection_round.level,
            scope_province=selection_round.scope_province, scope_region=selection_round.scope_region,
            issued_on=decision.decided_on,
            valid_until=valid_until(decision.decided_on, years=selection_round.certificate_valid_years),
            issuer=issuer, source=CertificateSource.ISSUED, average=entry.average, recorded_by=by,
        )
        entry.certificate = certificate
        entry.save(update_fields=["certificate"])
        audit.record(action="certificate.issue", obj=certificate, by=by,
                     round_id=selection_round.pk,
                     after={"number": certificate.number, "nomination": entry.nomination_id})
        issued.append(certificate)
    return issued


def publication_effects(decision: ResultsDecision) -> tuple[int, int]:
    """What publishing will do, for the confirmation: (certificates it issues, producers it e-mails), counted
    the way issue_certificates and notify_participants choose their rows."""
    certificates = decision.entries.filter(recognised=True, certificate__isnull=True).count()
    producer_ids = decision.entries.values("nomination__product__producer")
    # catalog.mail.producer_recipients: the producer's active accounts, or else its own address.
    reached = (Producer.objects.filter(pk__in=producer_ids).filter(Q(users__is_active=True) | ~Q(email=""))
               .distinct().count())
    return certificates, reached


def notify_participants(*, decision: ResultsDecision) -> int:
    """E-mail every participant (recognised or not) its result, averages when present, and the complaint
    deadline. One message per entry, over one connection. Returns the number of messages sent."""
    entries = decision.entries.select_related("nomination__product__producer", "certificate").prefetch_related(
        "nomination__product__producer__users")
    deadline = complaint_due(decision)
    messages = []
    for entry in entries:
        recipients = mail.producer_recipients(entry.nomination.product.producer)
        if not recipients:
            continue
        context = {"decision": decision, "entry": entry, "deadline": deadline,
                   "certificate": getattr(entry, "certificate", None),
                   "filing_days": settings.COMPLAINT_FILING_WORKING_DAYS}
        messages.append(mail.render_message("awards/email/result", context, recipients))
    return mail.send_many(messages)


# --- Complaints --------------------------------------------------------------------------------------------


@transaction.atomic
def file_complaint(*, entry: DecisionEntry, by, text: str) -> Complaint:
    """The producer complains about its result, within the filing window counted in working days from the
    notice. The answer is due a set number of working days after filing (holidays: PublicHoliday)."""
    decision = entry.decision
    if not manages_producer(by, entry.nomination.product.producer):
        raise ValidationError(_("Chỉ cơ sở có sản phẩm này mới gửi được khiếu nại."))
    if not decision.is_published:
        raise ValidationError(_("Kết quả chưa được công bố."))
    today = timezone.localdate()
    deadline = complaint_due(decision)
    if today > deadline:
        raise ValidationError(_("Đã hết hạn khiếu nại (ngày %(date)s).") % {"date": f"{deadline:%d/%m/%Y}"})
    if not text.strip():
        raise ValidationError(_("Hãy ghi nội dung khiếu nại."))
    complaint = Complaint.objects.create(decision=decision, nomination=entry.nomination, filed_by=by,
                                         text=text.strip(), filed_at=timezone.now(),
                                         answer_due=answer_deadline(today))
    audit.record(action="complaint.file", obj=complaint, by=by, round_id=decision.round_id,
                 after={"nomination": entry.nomination_id, "text": complaint.text})
    return complaint


@transaction.atomic
def answer_complaint(*, complaint: Complaint, by, answer: str) -> Complaint:
    """The secretariat answers once; the producer's accounts are e-mailed the answer (after commit)."""
    complaint = Complaint.objects.select_for_update(of=("self",)).select_related("decision__round").get(pk=complaint.pk)
    ensure_manages_round(by, complaint.decision.round)
    if complaint.is_answered:
        raise ValidationError(_("Khiếu nại này đã được trả lời."))
    if not answer.strip():
        raise ValidationError(_("Hãy ghi nội dung trả lời."))
    complaint.answer, complaint.answered_at, complaint.answered_by = answer.strip(), timezone.now(), by
    complaint.save(update_fields=["answer", "answered_at", "answered_by"])
    audit.record(action="complaint.answer", obj=complaint, by=by, round_id=complaint.decision.round_id,
                 after={"answer": complaint.answer})
    _notify_answer(complaint)  # an outbox row in this transaction, sent after commit (catalog.mail)
    return complaint


def _notify_answer(complaint: Complaint) -> None:
    mail.send_templated("awards/email/answer", {"complaint": complaint},
                        mail.producer_recipients(complaint.nomination.product.producer))


# --- The ZIP of a decision's certificates (a background job) ----------------------------------------------

BUNDLE_JOB = "awards.certificate-bundle"


def bundle_key(decision: ResultsDecision) -> str:
    return f"certificate-bundle:{decision.pk}"


def start_certificate_bundle(*, decision: ResultsDecision, by=None) -> tuple[Job, bool]:
    """Queue the build of the decision's ZIP: (job, True) when queued now, (running job, False) when one runs.

    Runs on a worker (catalog.jobs); progress, tries and failure reasons are on the job row."""
    total = Certificate.objects.filter(entry__decision=decision).count()
    return jobs.start(kind=BUNDLE_JOB, key=bundle_key(decision), params={"decision": decision.pk}, by=by,
                      total=total)


def latest_certificate_bundle(decision: ResultsDecision) -> Job | None:
    return jobs.latest(bundle_key(decision))


def _rendered(job: Job, done: int, certificate: Certificate):
    """One certificate's PDF when the ZIP stream reaches it — read back from private storage if an earlier
    (interrupted) try or a download already rendered this version, else rendered and stored — then the progress
    (reused PDFs included) is committed."""
    from .pdf import stored_certificate_pdf

    yield stored_certificate_pdf(certificate)[0]
    jobs.progress(job, done)


@jobs.handler(BUNDLE_JOB, disposable_result=True)
def build_certificate_bundle(job: Job) -> jobs.JobOutput:
    """Render every certificate of the decision into one ZIP (zipstream-ng) written to a temporary file.

    Memory holds one PDF at a time (PDFs are stored, not deflated again: they are compressed already); the file
    becomes the job's result only once complete, so a killed worker leaves no partial ZIP. Each PDF is kept in
    private storage under its content version as it is rendered (awards.pdf.stored_certificate_pdf), so a job
    run again after an interruption renders only the certificates it had not reached (or that changed since)
    and reads the others back. Progress is committed after each PDF for the progress page."""
    decision = ResultsDecision.objects.get(pk=job.params["decision"])
    certificates = list(Certificate.objects.filter(entry__decision=decision)
                        .select_related("product__producer__province", "scope_province", "scope_region",
                                        "entry__decision").order_by("number"))
    jobs.progress(job, 0, len(certificates))
    archive = ZipStream(compress_type=ZIP_STORED)
    for done, certificate in enumerate(certificates, start=1):
        archive.add(_rendered(job, done, certificate), f"{certificate.number}.pdf")
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — handed to catalog.jobs, which closes it once stored
    try:
        for chunk in archive:
            spool.write(chunk)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return jobs.JobOutput(f"giay-chung-nhan-{issue_year(decision)}-{decision.pk}.zip", spool)


def issue_year(decision: ResultsDecision) -> int:
    """The year a decision's certificates carry (the decision's date, also their numbering year): for a round of
    one year decided in January, the next year."""
    return decision.decided_on.year if decision.decided_on else decision.round.year
