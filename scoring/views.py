"""Secretariat work pages (rounds, dossiers, forwarding) and producer pages (open rounds, nominations)."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog import spreadsheets
from catalog.collation import vietnamese
from catalog.decorators import producer_required, secretariat_required
from catalog.models import Product
from catalog.pdf import pdf_response, render_pdf
from catalog.permissions import producers_for_user

from . import effects, export_views, exports, queries, services
from .dossier import document_storage, dossier_checklist, dossier_for_display
from .enums import NEXT_LEVEL, NominationState, RoundState, hand_transitions
from .forms import DecisionForm, ForwardForm, NominateForm, NominationForm, RoundForm, RoundStateForm
from .models import Forwarding, Nomination, SelectionRound
from .permissions import (
    forwardings_for_producer,
    get_forwarding_for_producer,
    get_nomination_for_producer,
    get_nomination_for_secretariat,
    get_round_for_secretariat,
    nominations_for_producer,
    rounds_for_secretariat,
)
from .pii import get_field, highlighted
from .resources import ForwardingResource
from .rules import entry_problems


def dossier_document_response(documents: list[dict], index: int) -> FileResponse:
    """One paper of a dossier (frozen or live) as a download; 404 for an index or a file that is not there."""
    if not 0 <= index < len(documents):
        raise Http404
    document = documents[index]
    storage = document_storage()
    if not storage.exists(document["name"]):
        raise Http404
    return FileResponse(storage.open(document["name"], "rb"), as_attachment=True,
                        filename=document["original_name"] or document["name"].rsplit("/", 1)[-1],
                        content_type=document.get("content_type") or "application/octet-stream")




def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Secretariat: rounds -----------------------------------------------------------------------------------


@secretariat_required
def round_list(request):
    rounds = queries.with_state_counts(rounds_for_secretariat(request.user)).select_related(
        "scope_province", "scope_region")
    return render(request, "scoring/round_list.html", {"rounds": rounds, "states": NominationState.choices})


@secretariat_required
def round_edit(request, pk=None):
    selection_round = get_round_for_secretariat(request.user, pk) if pk else SelectionRound()
    form = RoundForm(request.POST or None, instance=selection_round, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            selection_round = services.save_round(selection_round=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu đợt bình chọn."))
            return redirect(selection_round)
    status = 400 if request.method == "POST" else 200
    return render(request, "scoring/round_form.html", {"form": form, "round": selection_round}, status=status)


def _round_context(request, selection_round, state_form=None):
    choices = [(s, RoundState(s).label) for s in hand_transitions(selection_round.state)]
    return {
        "round": selection_round,
        # One button per move, each saying what it will do (scoring.effects).
        "moves": [{"state": s, "label": label, "confirm": effects.round_move_sentence(selection_round, s)}
                  for s, label in choices],
        "table": queries.state_group_table(selection_round),
        "events": selection_round.events.select_related("by"),
        "state_form": state_form or RoundStateForm(choices=choices),
        "can_forward": selection_round.level in NEXT_LEVEL,
    }


@secretariat_required
def round_detail(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    return render(request, "scoring/round_detail.html", _round_context(request, selection_round))


@secretariat_required
@require_POST
def round_state(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    choices = [(s, RoundState(s).label) for s in hand_transitions(selection_round.state)]
    form = RoundStateForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            services.set_round_state(round=selection_round, new_state=form.cleaned_data["new_state"],
                                     by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã chuyển trạng thái đợt bình chọn."))
            return redirect(selection_round)
    return render(request, "scoring/round_detail.html", _round_context(request, selection_round, form), status=400)


# --- Secretariat: nominations ------------------------------------------------------------------------------


def _round_nominations(request, selection_round):
    return exports.nomination_filter(selection_round, request.GET, request=request)


@secretariat_required
def round_nominations(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    filterset = _round_nominations(request, selection_round)
    if fmt := spreadsheets.requested_format(request):
        # A large list is made by a background job (scoring.exports); this request only queues it.
        return export_views.respond(request, exports.NOMINATIONS, selection_round, filterset.qs,
                                    exports.filter_query(filterset), fmt)
    return render(request, "scoring/round_nominations.html", {
        "round": selection_round, "filter": filterset, "nominations": filterset.qs,
        "query": spreadsheets.export_query(request),
        "accept_confirm": effects.bulk_accept_sentence(submitted=effects.submitted_count(selection_round)),
    })


@secretariat_required
@require_POST
def round_bulk_accept(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    ids = request.POST.getlist("nomination")
    nominations = selection_round.nominations.filter(pk__in=[i for i in ids if i.isdigit()],
                                                     state=NominationState.SUBMITTED).select_related("product")
    if not nominations:
        messages.error(request, _("Chọn ít nhất một hồ sơ đã nộp để tiếp nhận."))
        return redirect("scoring:round_nominations", selection_round.pk)
    try:
        accepted = services.accept_nominations(nominations=list(nominations), by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã tiếp nhận %(n)d hồ sơ.") % {"n": len(accepted)})
    return redirect("scoring:round_nominations", selection_round.pk)


def _review_context(nomination, form=None):
    form = form or DecisionForm(state=nomination.state)
    recipients = effects.recipients_count(nomination.product.producer)
    return {
        "decisions": [{"value": value, "label": label, "confirm": effects.nomination_decision_sentence(
            decision=value, product=nomination.product.name, recipients=recipients)}
            for value, label in form.fields["decision"].choices],
        "nomination": nomination,
        "round": nomination.round,
        "dossier": dossier_for_display(nomination),
        "checklist": dossier_checklist(nomination),
        "events": nomination.events.select_related("by"),
        "form": form,
        "can_decide": nomination.state in {NominationState.SUBMITTED, NominationState.RETURNED},
        "pii_flags": pii_flags_for_review(nomination),
    }


_PII_KINDS = {"name": gettext_lazy("tên"), "tax_code": gettext_lazy("mã số thuế"), "phone": gettext_lazy("điện thoại"),
              "email": gettext_lazy("thư điện tử"),
              "address": gettext_lazy("địa chỉ")}


def pii_flags_for_review(nomination):
    """The identity flags of the frozen dossier, each with its text cut into marked and plain parts (the original
    text, also after a redaction: the secretariat sees what was cut)."""
    flags = []
    for index, flag in enumerate((nomination.snapshot or {}).get("pii_flags") or []):
        node, key = get_field(nomination.snapshot, flag["field"])
        text = flag.get("original", node[key])
        flags.append({**flag, "index": index, "parts": highlighted(text, flag["spans"]),
                      "kind_labels": ", ".join(str(_PII_KINDS.get(k, k)) for k in flag["kinds"]),
                      "redacted_text": node[key] if flag["state"] == "redacted" else ""})
    return flags


@secretariat_required
@require_POST
def nomination_pii(request, pk, index):
    """Redact or dismiss one identity flag (services.resolve_pii_flag)."""
    nomination = get_nomination_for_secretariat(request.user, pk)
    try:
        services.resolve_pii_flag(nomination=nomination, index=index, action=request.POST.get("action", ""),
                                  by=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        nomination.refresh_from_db()
        for message in exc.messages:
            messages.error(request, message)
        return render(request, "scoring/nomination_review.html", _review_context(nomination), status=400)
    messages.success(request, _("Đã xử lý cảnh báo lộ danh tính."))
    return redirect("scoring:secretariat_nomination", nomination.pk)


@secretariat_required
def nomination_review(request, pk):
    nomination = get_nomination_for_secretariat(request.user, pk)
    return render(request, "scoring/nomination_review.html", _review_context(nomination))


@secretariat_required
@require_POST
def nomination_decide(request, pk):
    nomination = get_nomination_for_secretariat(request.user, pk)
    form = DecisionForm(request.POST, state=nomination.state)
    if form.is_valid():
        try:
            services.set_nomination_state(nomination=nomination, new_state=form.cleaned_data["decision"],
                                          by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi quyết định và báo cho cơ sở."))
            return redirect("scoring:secretariat_nomination", nomination.pk)
    nomination.refresh_from_db()
    return render(request, "scoring/nomination_review.html", _review_context(nomination, form), status=400)


@secretariat_required
def nomination_document(request, pk, index):
    """A paper of the dossier, as frozen (or live before acceptance), through the nomination's funnel."""
    nomination = get_nomination_for_secretariat(request.user, pk)
    return dossier_document_response(dossier_for_display(nomination)["documents"], index)


@secretariat_required
def nomination_pdf(request, pk):
    """Printable registration form (Phụ lục 1) and product description (Phụ lục 2)."""
    nomination = get_nomination_for_secretariat(request.user, pk)
    context = {"nomination": nomination, "round": nomination.round, "dossier": dossier_for_display(nomination),
               "today": timezone.localdate()}
    content = render_pdf("scoring/pdf/registration_form.html", context, request=request)
    return pdf_response(content, f"phieu-dang-ky-{nomination.pk}.pdf")


# --- Secretariat: forwarding upward ------------------------------------------------------------------------


def _upper_rounds(selection_round):
    return SelectionRound.objects.open_for_registration().filter(level=NEXT_LEVEL.get(selection_round.level))


@secretariat_required
def round_forward(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    if selection_round.level not in NEXT_LEVEL:
        raise Http404
    products = queries.recognised_products(selection_round)
    form = ForwardForm(request.POST or None, rounds=_upper_rounds(selection_round), products=products)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.forward_products(from_round=selection_round, to_round=form.cleaned_data["to_round"],
                                                products=form.cleaned_data["products"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã chuyển %(n)d sản phẩm lên cấp trên; cơ sở sẽ được báo để xác nhận.")
                             % {"n": len(created)})
            return redirect("scoring:round_forward", selection_round.pk)
    forwardings = _forwardings(selection_round)
    return render(request, "scoring/round_forward.html", {
        "round": selection_round, "form": form, "forwardings": forwardings,
        "forward_confirm": effects.forward_sentence(candidates=products.count(), forwarded=forwardings.count()),
    }, status=400 if request.method == "POST" else 200)


def _forwardings(selection_round):
    return (
        Forwarding.objects.filter(from_round=selection_round)
        .select_related("to_round", "from_round", "product__producer__province")
        .prefetch_related("product__certificates")
        .order_by("product__group", vietnamese("product__name"))
    )


@secretariat_required
def forwarding_export(request, pk, fmt):
    selection_round = get_round_for_secretariat(request.user, pk)
    forwardings = _forwardings(selection_round)
    if fmt == "pdf":
        context = {"round": selection_round, "forwardings": forwardings, "today": timezone.localdate()}
        content = render_pdf("scoring/pdf/forwarding_list.html", context, request=request)
        return pdf_response(content, f"danh-sach-chuyen-len-{selection_round.pk}.pdf")
    return spreadsheets.dataset_download(ForwardingResource().export(forwardings), "xlsx",
                                         f"danh-sach-chuyen-len-{selection_round.pk}")


# --- Producer pages ----------------------------------------------------------------------------------------


def _producer_products(user):
    return Product.objects.filter(producer__in=producers_for_user(user, for_edit=True)).select_related(
        "producer", "producer__province")


@producer_required
def open_rounds(request):
    """Open rounds the producer can enter, with the products it can still nominate there: the same rule as the
    round's own page (rules.entry_problems: scope, group, prerequisite certificate; not already nominated)."""
    products = list(_producer_products(request.user))
    rounds = list(SelectionRound.objects.open_for_registration().select_related("scope_province", "scope_region"))
    taken = set(Nomination.objects.filter(round__in=rounds, product__in=products).values_list("round_id", "product_id"))
    entries = []
    for selection_round in rounds:
        eligible = [p for p in products if (selection_round.pk, p.pk) not in taken
                    and not entry_problems(selection_round, p)]
        if eligible:
            entries.append({"round": selection_round, "products": eligible})
    return render(request, "scoring/open_rounds.html", {"entries": entries})


@producer_required
def nominate(request, round_pk):
    selection_round = get_object_or_404(SelectionRound.objects.open_for_registration(), pk=round_pk)
    products = _producer_products(request.user).exclude(nominations__round=selection_round)
    candidates = [{"product": p, "problems": entry_problems(selection_round, p)} for p in products]
    eligible = [c["product"].pk for c in candidates if not c["problems"]]
    form = NominateForm(request.POST or None, products=products.filter(pk__in=eligible))
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.create_nomination(
                round=selection_round, product=form.cleaned_data["product"], by=request.user,
                round_notes=form.cleaned_data["round_notes"], sample_delivery=form.cleaned_data["sample_delivery"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo hồ sơ đề cử. Kiểm tra danh mục hồ sơ rồi bấm “Nộp hồ sơ”."))
            return redirect(nomination)
    return render(request, "scoring/nominate.html", {
        "round": selection_round, "form": form, "candidates": candidates, "has_eligible": bool(eligible),
    }, status=400 if request.method == "POST" else 200)


@producer_required
def my_nominations(request):
    nominations = nominations_for_producer(request.user).select_related("round", "product", "product__producer")
    forwardings = forwardings_for_producer(request.user).filter(state="proposed").select_related(
        "to_round", "from_round", "product")
    return render(request, "scoring/my_nominations.html", {"nominations": nominations, "forwardings": forwardings})


def _detail_context(nomination, form=None):
    checklist = dossier_checklist(nomination)
    return {
        "nomination": nomination,
        "round": nomination.round,
        "checklist": checklist,
        "missing": [item for item in checklist if item.required and not item.ok],
        "events": nomination.events.select_related("by"),
        "form": form or NominationForm(instance=nomination),
        "submit_confirm": _("Nộp hồ sơ cho %(round)s: sau khi nộp, hồ sơ không sửa được nữa, trừ khi thư ký trả lại "
                            "để bổ sung.") % {"round": nomination.round.title},
    }


@producer_required
def nomination_detail(request, pk):
    nomination = get_nomination_for_producer(request.user, pk)
    if request.method == "POST":
        form = NominationForm(request.POST, instance=nomination)
        if form.is_valid():
            try:
                services.update_nomination(nomination=nomination, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu hồ sơ."))
                return redirect(nomination)
        return render(request, "scoring/nomination_detail.html", _detail_context(nomination, form), status=400)
    return render(request, "scoring/nomination_detail.html", _detail_context(nomination))


PRODUCER_ACTIONS = {"submit": NominationState.SUBMITTED, "withdraw": NominationState.WITHDRAWN}


@producer_required
@require_POST
def nomination_action(request, pk, action):
    nomination = get_nomination_for_producer(request.user, pk)
    if action not in PRODUCER_ACTIONS:
        raise Http404
    if action == "submit" and nomination.is_editable_by_producer and any(
            name in request.POST for name in NominationForm.base_fields):
        # "Nộp hồ sơ" posts the round's information typed above it: saved first, so nothing typed is lost.
        form = NominationForm(request.POST, instance=nomination)
        if not form.is_valid():
            return render(request, "scoring/nomination_detail.html", _detail_context(nomination, form), status=400)
        services.update_nomination(nomination=nomination, by=request.user, **form.cleaned_data)
    try:
        services.set_nomination_state(nomination=nomination, new_state=PRODUCER_ACTIONS[action], by=request.user,
                                      reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _error(request, exc)
        return render(request, "scoring/nomination_detail.html", _detail_context(nomination), status=400)
    messages.success(request, _("Đã nộp hồ sơ.") if action == "submit" else _("Đã rút hồ sơ."))
    return redirect(nomination)


@producer_required
def forwarding_list(request):
    forwardings = list(forwardings_for_producer(request.user).select_related(
        "from_round", "to_round", "product", "nomination"))
    for f in forwardings:
        f.confirm_sentence, f.decline_sentence = (
            effects.forwarding_answer_sentence(confirm=answer, round_title=f.to_round.title,
                                               closes=f.to_round.registration_closes) for answer in (True, False))
    return render(request, "scoring/forwarding_list.html", {"forwardings": forwardings})


@producer_required
@require_POST
def forwarding_decide(request, pk):
    forwarding = get_forwarding_for_producer(request.user, pk)
    confirm = request.POST.get("decision") == "confirm"
    try:
        forwarding = services.decide_forwarding(forwarding=forwarding, by=request.user, confirm=confirm)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("scoring:forwarding_list")
    if forwarding.nomination:
        messages.success(request, _("Đã xác nhận; hồ sơ ở cấp trên đã được tạo, hãy kiểm tra rồi nộp."))
        return redirect(forwarding.nomination)
    messages.success(request, _("Đã từ chối đề nghị chuyển lên."))
    return redirect("scoring:forwarding_list")
