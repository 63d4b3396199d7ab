"""Certificates, results decisions and complaints: secretariat work pages, producer pages, public verification."""

from io import BytesIO
from urllib.parse import urlencode

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import spreadsheets
from catalog.collation import vietnamese
from catalog.decorators import secretariat_required
from catalog.enums import JobState
from catalog.jobs import job_status
from catalog.models import Certificate
from catalog.pdf import pdf_response, render_pdf
from catalog.uploads import validate_spreadsheet_upload
from scoring import export_views
from scoring.enums import NominationState, RoundState
from scoring.permissions import get_round_for_secretariat, rounds_for_secretariat
from scoring.results import group_codes

from . import effects, exports, queries, services
from .enums import TRANSITIONS, DecisionState
from .forms import (
    AnswerForm,
    CertificateImportForm,
    ComplaintForm,
    DecisionStateForm,
    EntryChangeForm,
    FirstProposalForm,
    HistoricalCertificateForm,
    ReopenScoringForm,
    ResultsDecisionForm,
    RevocationForm,
)
from .holidays import complaint_due
from .models import ResultsDecision
from .pdf import certificate_filename, stored_certificate_pdf
from .permissions import (
    certificates_for_secretariat,
    complaints_for_producer,
    complaints_for_secretariat,
    decisions_for_secretariat,
    entries_for_producer,
    get_certificate_for_download,
    get_certificate_for_secretariat,
    get_complaint_for_secretariat,
    get_decision_for_secretariat,
    get_entry_for_producer,
)
from .resources import CertificateResource, ComplaintResource


@secretariat_required
def certificate_list(request):
    certificates = certificates_for_secretariat(request.user).select_related("product", "product__producer")
    if fmt := spreadsheets.requested_format(request):  # every certificate in scope, not only the page's first 500
        rows, query = exports.CERTIFICATES.rows(request.user, request.GET)
        return export_views.respond(request, exports.CERTIFICATES, request.user, rows, query, fmt)
    return render(request, "awards/certificate_list.html", {"certificates": certificates[:500],
                                                            "today": timezone.localdate()})


@secretariat_required
def certificate_create(request):
    form = HistoricalCertificateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_historical_certificate(certificate=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi nhận giấy chứng nhận."))
            return redirect("awards:certificate_list")
    return render(request, "awards/certificate_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _read_dataset(upload) -> tablib.Dataset:
    """The rows of an uploaded spreadsheet, through the one check of spreadsheets (raises ValidationError)."""
    return validate_spreadsheet_upload(upload).dataset


@secretariat_required
def certificate_import(request):
    form = CertificateImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            dataset = _read_dataset(form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
            status = 400
        except Exception:  # any unreadable spreadsheet is the user's file, not our error
            form.add_error("file", _("Không đọc được tệp; hãy lưu lại dạng .xlsx hoặc .csv (UTF-8)."))
            status = 400
        else:
            dry_run = form.cleaned_data["dry_run"]
            result = CertificateResource(user=request.user).import_data(dataset, dry_run=dry_run, use_transactions=True)
            if result.has_errors() or result.has_validation_errors():
                status = 400
            elif not dry_run:
                messages.success(request, _("Đã nhập %(n)d giấy chứng nhận.") % {
                    "n": result.totals["new"] + result.totals["update"]})
                return redirect("awards:certificate_list")
    return render(request, "awards/certificate_import.html", {"form": form, "result": result}, status=status)


# --- Public verification -----------------------------------------------------------------------------------


def verify_search(request):
    """The search form; a known number goes straight to its page, an unknown one answers 404."""
    number = request.GET.get("so", "").strip()
    if not number:
        return render(request, "awards/verify_search.html", {"number": ""})
    certificate = queries.public_certificate(number)
    if certificate is None:
        return render(request, "awards/verify_not_found.html", {"number": number}, status=404)
    return redirect("awards:verify", certificate.number)


def verify(request, number):
    certificate = queries.public_certificate(number)
    if certificate is None:
        return render(request, "awards/verify_not_found.html", {"number": number}, status=404)
    return render(request, "awards/verify.html", {"certificate": certificate,
                                                  "status": certificate.status_on()})


# --- Certificates: PDF (producer, secretariat, admin) and revocation (secretariat) --------------------------


@login_required
def certificate_download(request, pk):
    certificate = get_certificate_for_download(request.user, pk)
    # The stored PDF when its content version matches (the batch may have made it), else rendered and stored.
    content = stored_certificate_pdf(certificate)[0]
    return pdf_response(content, certificate_filename(certificate), inline=False)


@secretariat_required
def certificate_revoke(request, pk):
    certificate = get_certificate_for_secretariat(request.user, pk)
    form = RevocationForm(request.POST or None, initial={"revoked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_certificate(certificate=certificate, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thu hồi giấy chứng nhận %(number)s.") % {"number": certificate.number})
            return redirect("awards:certificate_list")
    return render(request, "awards/certificate_revoke.html", {"form": form, "certificate": certificate,
                                                              "revoke_confirm": effects.revoke_confirm(certificate)},
                  status=400 if request.method == "POST" else 200)


# --- Results decisions (secretariat) -----------------------------------------------------------------------


@secretariat_required
def decision_list(request):
    decisions = decisions_for_secretariat(request.user).select_related("round")
    waiting = (rounds_for_secretariat(request.user).filter(results_decision__isnull=True,
                                                           nominations__state=NominationState.ACCEPTED)
               .distinct().order_by("-year", vietnamese("title")))
    return render(request, "awards/decision_list.html", {"decisions": decisions, "waiting_rounds": waiting})


@secretariat_required
def decision_edit(request, pk=None, round_pk=None):
    if pk:
        decision = get_decision_for_secretariat(request.user, pk)
    else:
        decision = ResultsDecision(round=get_round_for_secretariat(request.user, round_pk))
    form = ResultsDecisionForm(request.POST or None, request.FILES or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.save_decision(decision=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu quyết định."))
            return redirect("awards:decision_detail", decision.pk)
    return render(request, "awards/decision_form.html", {"form": form, "decision": decision},
                  status=400 if request.method == "POST" else 200)


ENTRIES_PAGE_SIZE = 50


@secretariat_required
def decision_detail(request, pk):
    decision = get_decision_for_secretariat(request.user, pk)
    entries = decision.entries.select_related("nomination__product__producer", "certificate").order_by(
        F("rank").asc(nulls_last=True), "nomination__product__name", "pk")
    moves = [(state, DecisionState(state).label) for state in sorted(TRANSITIONS[decision.state])]
    publish_confirm = approve_confirm = ""
    if DecisionState.PUBLISHED in TRANSITIONS[decision.state]:
        publish_confirm = effects.publish_confirm(decision)
    if DecisionState.APPROVED in TRANSITIONS[decision.state]:
        approve_confirm = effects.approve_confirm(decision)
    return render(request, "awards/decision_detail.html", {
        "publish_confirm": publish_confirm, "approve_confirm": approve_confirm,
        "decision": decision, "page": Paginator(entries, ENTRIES_PAGE_SIZE).get_page(request.GET.get("trang")),
        "moves": moves, "events": decision.events.select_related("by"),
        "deadline": complaint_due(decision),
    })


@secretariat_required
def decision_entries(request, pk):
    """The draft decision's list. Before any list: the first proposal in one action (the ranking's passing
    nominations within the quota). Then the list a page at a time, filtered, each line changed on its own."""
    decision = get_decision_for_secretariat(request.user, pk)
    if not decision.is_draft:
        raise Http404
    proposal = FirstProposalForm(request.POST or None)
    if request.method == "POST" and proposal.is_valid():
        try:
            services.propose_first_entries(decision=decision, by=request.user,
                                           exclusion_reason=proposal.cleaned_data["exclusion_reason"])
        except ValidationError as exc:
            proposal.add_error(None, exc)
        else:
            messages.success(request, _("Đã lập danh sách đề nghị từ bảng xếp hạng."))
            return redirect("awards:decision_entries", decision.pk)
    if request.method == "GET" and (fmt := spreadsheets.requested_format(request)):
        rows, query = exports.DECISION_ENTRIES.rows(decision, request.GET)
        return export_views.respond(request, exports.DECISION_ENTRIES, decision, rows, query, fmt)
    filters, entries = exports.listed_entries(decision, request.GET)
    query = exports.filters_query(filters)
    return render(request, "awards/decision_entries.html", {
        "decision": decision, "round": decision.round, "proposal": proposal, "filters": filters, "query": query,
        "counts": queries.entry_counts(decision),
        # The service's rule (services.eligible_nomination_ids): the list offers "recognise" only where it may.
        "eligible": services.eligible_nomination_ids(decision.round) if decision.is_draft else set(),
        "page": Paginator(entries, ENTRIES_PAGE_SIZE).get_page(request.GET.get("trang")),
        "return_query": request.GET.urlencode(),  # decision_entry keeps only the list's own parameters
    }, status=400 if request.method == "POST" else 200)


@secretariat_required
def decision_entries_xlsx(request, pk):
    """Every line of the decision with its figures per criterion group code, written row by row."""
    from openpyxl import Workbook

    decision = get_decision_for_secretariat(request.user, pk)
    codes = group_codes(decision.round)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(_("Danh sách")))
    sheet.append(spreadsheets.xlsx_row(sheet, [
        *(_("Hạng"), _("Mã hồ sơ"), _("Sản phẩm"), _("Cơ sở"), _("Nhóm sản phẩm"), _("Điểm trung bình")),
        *[_("Nhóm tiêu chí %(code)s") % {"code": code} for code in codes], _("Kết quả"), _("Lý do không công nhận")]))
    for entry in queries.decision_entries(decision).iterator(chunk_size=2000):
        figures = dict(entry.group_figures)
        sheet.append(spreadsheets.xlsx_row(sheet, [
            entry.rank, entry.nomination_id, entry.nomination.product.name, entry.nomination.product.producer.name,
            entry.nomination.product.group, entry.average, *[figures.get(code) for code in codes],
            _("Công nhận") if entry.recognised else _("Không công nhận"), entry.exclusion_reason]))
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="danh-sach-quyet-dinh-{decision.pk}.xlsx"'
    return response


@secretariat_required
@require_POST
def decision_entry(request, pk, entry_pk):
    """One line of the draft list: recognised, or not with a reason. Back to the same page of the list."""
    decision = get_decision_for_secretariat(request.user, pk)
    entry = get_object_or_404(decision.entries, pk=entry_pk)
    form = EntryChangeForm(request.POST)
    if form.is_valid():
        try:
            services.set_entry_recognition(entry=entry, recognised=form.cleaned_data["recognised"], by=request.user,
                                           reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã lưu."))
    else:
        messages.error(request, _("Yêu cầu không hợp lệ."))
    # Only our own list's parameters go back into the address.
    kept = QueryDict(form.data.get("query", ""))
    back = urlencode({k: kept[k] for k in ("q", "ket_qua", "diem", "nhom", "bang_diem", "trang") if kept.get(k)})
    return redirect(reverse("awards:decision_entries", args=[decision.pk]) + (f"?{back}" if back else ""))


@secretariat_required
@require_POST
def decision_state(request, pk):
    decision = get_decision_for_secretariat(request.user, pk)
    form = DecisionStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ."))
        return redirect("awards:decision_detail", decision.pk)
    try:
        services.set_decision_state(decision=decision, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Quyết định đã chuyển sang: %(state)s.") % {
            "state": DecisionState(form.cleaned_data["new_state"]).label})
    return redirect("awards:decision_detail", decision.pk)


@secretariat_required
def reopen_scoring(request, round_pk):
    """The audited reopen of a closed round's scoring (services.reopen_scoring), with its reason."""
    selection_round = get_round_for_secretariat(request.user, round_pk)
    if selection_round.state != RoundState.SCORING_CLOSED:
        raise Http404
    form = ReopenScoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_scoring(round=selection_round, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã mở lại việc chấm điểm."))
            return redirect(selection_round)
    return render(request, "awards/reopen_scoring.html", {
        "round": selection_round, "form": form, "reopen_confirm": effects.reopen_scoring_confirm(selection_round),
    }, status=400 if request.method == "POST" else 200)


@secretariat_required
def decision_scan(request, pk):
    decision = get_decision_for_secretariat(request.user, pk)
    if not decision.signed_scan:
        raise Http404
    return FileResponse(decision.signed_scan.open("rb"), as_attachment=True,
                        filename=decision.signed_scan.name.rsplit("/", 1)[-1])


LIST_HEADERS = [_("Số giấy chứng nhận"), _("Sản phẩm"), _("Cơ sở"), _("Tỉnh/thành phố"), _("Nhóm sản phẩm"),
                _("Điểm trung bình")]


@secretariat_required
def decision_certificates(request, pk, fmt):
    """The certificate list of a decision: number, product, producer, province, group, average score."""
    decision = get_decision_for_secretariat(request.user, pk)
    certificates = list(queries.certificate_list_rows(Certificate.objects.filter(entry__decision=decision)))
    if fmt == "pdf":
        content = render_pdf("awards/pdf/certificate_list.html", {"decision": decision, "certificates": certificates})
        return pdf_response(content, f"danh-sach-giay-chung-nhan-{decision.pk}.pdf", inline=False)
    dataset = tablib.Dataset(headers=[str(h) for h in LIST_HEADERS], title=str(_("Giấy chứng nhận")))
    for c in certificates:
        average = c.average if c.average is not None else ""
        dataset.append([c.number, c.product.name, c.product.producer.name, c.product.producer.province.name,
                        c.product.get_group_display(), average])
    return spreadsheets.dataset_download(dataset, "xlsx", f"danh-sach-giay-chung-nhan-{decision.pk}")


# --- All certificates of a decision as one ZIP -------------------------------------------------------------
# The build is a background job (catalog.jobs, awards.services.build_certificate_bundle): the POST only queues
# it (202) and the page's script (catalog/static/js/job.js) polls the JSON status, which any app server answers
# from the job row. Without JavaScript the form posts and comes back to the page, which shows the progress.


@secretariat_required
def bundle_page(request, pk):
    decision = get_decision_for_secretariat(request.user, pk)
    if not decision.is_published:
        raise Http404
    job = services.latest_certificate_bundle(decision)
    return render(request, "awards/bundle.html", {"decision": decision, "job": job,
                                                  "status": job_status(job, _bundle_download_url(decision, job))})


def _bundle_download_url(decision, job):
    return reverse("awards:bundle_download", args=[decision.pk]) if job and job.state == JobState.DONE else None


@secretariat_required
@require_POST
def bundle_build(request, pk):
    decision = get_decision_for_secretariat(request.user, pk)
    if not decision.is_published:
        raise Http404
    job, mine = services.start_certificate_bundle(decision=decision, by=request.user)
    job.refresh_from_db()  # the immediate backend (demo) has already run it
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(job_status(job, _bundle_download_url(decision, job)), status=202 if mine else 409)
    if not mine:
        messages.warning(request, _("Tệp ZIP đang được tạo; trang này cho biết tiến độ."))
    return redirect("awards:bundle_page", decision.pk)


@secretariat_required
def bundle_status(request, pk):
    decision = get_decision_for_secretariat(request.user, pk)
    job = services.latest_certificate_bundle(decision)
    return JsonResponse(job_status(job, _bundle_download_url(decision, job)))


@secretariat_required
def bundle_download(request, pk):
    decision = get_decision_for_secretariat(request.user, pk)
    job = services.latest_certificate_bundle(decision)
    if job is None or job.state != JobState.DONE or not job.result:
        raise Http404
    # FileResponse streams the stored file in blocks (local disk or object store alike).
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)


# --- Complaints --------------------------------------------------------------------------------------------


@secretariat_required
def complaint_list(request):
    complaints = complaints_for_secretariat(request.user).select_related(
        "decision__round", "nomination__product__producer")
    if fmt := spreadsheets.requested_format(request):
        return spreadsheets.dataset_download(ComplaintResource().export(complaints), fmt, "khieu-nai")
    return render(request, "awards/complaint_list.html", {"complaints": complaints, "today": timezone.localdate()})


@secretariat_required
def complaint_answer(request, pk):
    complaint = get_complaint_for_secretariat(request.user, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_complaint(complaint=complaint, by=request.user, answer=form.cleaned_data["answer"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã gửi trả lời khiếu nại."))
            return redirect("awards:complaint_list")
    return render(request, "awards/complaint_answer.html", {"form": form, "complaint": complaint,
                                                            "answer_confirm": effects.answer_confirm(complaint),
                                                            "today": timezone.localdate()},
                  status=400 if request.method == "POST" else 200)


@login_required
def my_results(request):
    entries = entries_for_producer(request.user).select_related(
        "decision__round", "nomination__product", "certificate").order_by("-decision__notified_on", "pk")
    complaints = complaints_for_producer(request.user).select_related("nomination__product")
    return render(request, "awards/my_results.html", {"entries": entries, "complaints": complaints})


@login_required
def complaint_file(request, entry_pk):
    entry = get_entry_for_producer(request.user, entry_pk)
    deadline = complaint_due(entry.decision)
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_complaint(entry=entry, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã gửi khiếu nại. Hội đồng sẽ trả lời trong thời hạn quy định."))
            return redirect("awards:my_results")
    return render(request, "awards/complaint_form.html", {"form": form, "entry": entry, "deadline": deadline},
                  status=400 if request.method == "POST" else 200)
