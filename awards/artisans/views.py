"""Dossier pages (candidates and the secretariat entering for them), the Sở Công Thương's check, rounds, the
public comment's back office, final decisions and the register import. Councils and ballots: council_views.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import spreadsheets
from catalog.collation import vietnamese
from catalog.decorators import secretariat_required
from catalog.pdf import pdf_response
from scoring import effects

from . import evidence as files
from . import queries, services
from .dossier import checklist, standards_of
from .enums import CouncilLevel, EvidenceKind, NominationState
from .forms import (
    AnswerForm,
    CheckForm,
    CommentPeriodForm,
    CouncilForm,
    DecisionForm,
    EvidenceForm,
    NominationForm,
    PortraitForm,
    PriorTitleFormSet,
    RegisterImportForm,
    RoundForm,
    SubmitForm,
    WithdrawForm,
    WorkFormSet,
    formset_rows,
)
from .models import ArtisanNomination, ArtisanRound, ArtisanTitle
from .pdf import declaration_pdf
from .permissions import (
    comments_of_round,
    councils_for_secretariat,
    get_comment_for_secretariat,
    get_evidence_for_user,
    get_nomination_for_editor,
    get_nomination_for_reader,
    get_nomination_for_secretariat,
    is_candidate,
    is_national,
    is_provincial,
    manages_nomination,
    nominations_for_candidate,
    nominations_for_secretariat,
    province_ids,
)
from .resources import ArtisanCandidateResource, ArtisanTitleResource, PublicCommentResource


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _is_secretariat(user) -> bool:
    return is_national(user) or is_provincial(user)


# --- Candidates --------------------------------------------------------------------------------------------


@login_required
def my_nominations(request):
    today = timezone.localdate()
    nominations = nominations_for_candidate(request.user).select_related("round")
    rounds = ArtisanRound.objects.filter(submissions_open__lte=today, submissions_close__gte=today)
    return render(request, "awards/artisans/my_nominations.html", {"nominations": nominations, "rounds": rounds})


@login_required
def nomination_create(request, round_pk):
    """A candidate files for themselves; the secretariat (provincial or national) enters a dossier for someone."""
    artisan_round = get_object_or_404(ArtisanRound.objects.select_related("policy"), pk=round_pk)
    secretariat = _is_secretariat(request.user)
    nomination = ArtisanNomination(round=artisan_round, user=None if secretariat else request.user,
                                   full_name="" if secretariat else request.user.full_name,
                                   email="" if secretariat else request.user.email,
                                   province_id=request.user.scope_province_id if secretariat else None)
    form = NominationForm(request.POST or None, instance=nomination, secretariat=secretariat)
    if secretariat and not is_national(request.user):
        form.fields["province"].queryset = form.fields["province"].queryset.filter(pk__in=province_ids(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.save_nomination(nomination=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lập hồ sơ. Hãy kê khai thành tích và tải minh chứng lên."))
            return redirect("artisans:dossier", nomination.pk)
    return render(request, "awards/artisans/nomination_form.html", {"form": form, "round": artisan_round},
                  status=400 if form.errors else 200)


def _dossier_context(request, nomination, **forms):
    user = request.user
    return {
        "nomination": nomination,
        "check": standards_of(nomination),
        "checklist": checklist(nomination),
        "prior_titles": nomination.prior_titles.all(),
        "works": nomination.works.all(),
        "evidence": nomination.evidence.all(),
        "events": nomination.events.select_related("by"),
        "editable": nomination.is_editable,
        "secretariat": manages_nomination(user, nomination),
        "candidate": is_candidate(user, nomination),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "portrait_form": forms.get("portrait_form") or PortraitForm(),
        "check_form": forms.get("check_form") or CheckForm(state=nomination.state, initial={
            "missing_items": [item.code for item in checklist(nomination) if not item.ok]}),
        "can_check": nomination.state in {NominationState.SUBMITTED, NominationState.RETURNED},
        "today": timezone.localdate(),
    }


@login_required
def dossier(request, pk):
    nomination = get_nomination_for_editor(request.user, pk)
    return render(request, "awards/artisans/dossier.html", _dossier_context(request, nomination))


@login_required
def dossier_edit(request, pk):
    nomination = get_nomination_for_editor(request.user, pk)
    secretariat = manages_nomination(request.user, nomination)
    form = NominationForm(request.POST or None, instance=nomination, secretariat=secretariat)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_nomination(nomination=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu bản khai."))
            return redirect("artisans:dossier", nomination.pk)
    return render(request, "awards/artisans/nomination_form.html",
                  {"form": form, "round": nomination.round, "nomination": nomination},
                  status=400 if form.errors else 200)


@login_required
def achievements_edit(request, pk):
    nomination = get_nomination_for_editor(request.user, pk)
    titles = PriorTitleFormSet(request.POST or None, prefix="titles", initial=[
        {"title": t.title, "year": t.year, "decision": t.decision} for t in nomination.prior_titles.all()])
    works = WorkFormSet(request.POST or None, prefix="works", initial=[
        {"name": w.name, "year": w.year, "competition": w.competition, "level": w.level, "rank": w.rank,
         "sent_by_state": w.sent_by_state} for w in nomination.works.all()])
    if request.method == "POST" and titles.is_valid() and works.is_valid():
        try:
            services.save_achievements(nomination=nomination, prior_titles=formset_rows(titles),
                                       works=formset_rows(works), by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã lưu danh hiệu và tác phẩm."))
            return redirect("artisans:dossier", nomination.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "awards/artisans/achievements.html",
                  {"nomination": nomination, "titles": titles, "works": works}, status=status)


@require_POST
@login_required
def evidence_add(request, pk):
    nomination = get_nomination_for_editor(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            files.add_evidence(nomination=nomination, kind=data["kind"], upload=data["file"], url=data["url"],
                               caption=data["caption"], by=request.user)
        except ValidationError as exc:
            form.add_error("url" if data["kind"] == EvidenceKind.VIDEO_LINK else "file", exc)
        else:
            messages.success(request, _("Đã thêm minh chứng."))
            return redirect("artisans:dossier", nomination.pk)
    return render(request, "awards/artisans/dossier.html", _dossier_context(request, nomination, evidence_form=form),
                  status=400)


@login_required
def evidence_delete(request, pk):
    item = get_evidence_for_user(request.user, pk)
    nomination = get_nomination_for_editor(request.user, item.nomination_id)
    back = reverse("artisans:dossier", args=[nomination.pk])
    if request.method == "POST":
        try:
            files.delete_evidence(evidence=item, by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã xoá minh chứng."))
        return redirect(back)
    return render(request, "catalog/confirm_delete.html", {"object": item, "cancel_url": back})


@login_required
def evidence_download(request, pk):
    item = get_evidence_for_user(request.user, pk)
    if item.url:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=item.original_name or None,
                            content_type=item.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def portrait_set(request, pk):
    nomination = get_nomination_for_editor(request.user, pk)
    form = PortraitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            files.set_portrait(nomination=nomination, upload=form.cleaned_data["image"], by=request.user)
        except ValidationError as exc:
            form.add_error("image", exc)
        else:
            messages.success(request, _("Đã lưu ảnh chân dung."))
            return redirect("artisans:dossier", nomination.pk)
    return render(request, "awards/artisans/dossier.html", _dossier_context(request, nomination, portrait_form=form),
                  status=400)


@login_required
def portrait(request, pk):
    """The private portrait, for those who may read the dossier."""
    return files.portrait_response(get_nomination_for_reader(request.user, pk))


def _move_page(request, nomination, form_class, new_state, template_title, success):
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                services.set_nomination_state(nomination=nomination, new_state=new_state, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, success)
                return redirect("artisans:dossier", nomination.pk)
    else:
        form = form_class()
    return render(request, "awards/artisans/confirm.html", {
        "form": form, "title": template_title, "nomination": nomination,
        "cancel_url": reverse("artisans:dossier", args=[nomination.pk])},
        status=400 if request.method == "POST" else 200)


@login_required
def nomination_submit(request, pk):
    nomination = get_nomination_for_editor(request.user, pk)
    return _move_page(request, nomination, SubmitForm, NominationState.SUBMITTED, _("Nộp hồ sơ"),
                      _("Đã nộp hồ sơ cho Sở Công Thương."))


@login_required
def nomination_withdraw(request, pk):
    nomination = get_nomination_for_editor(request.user, pk)
    return _move_page(request, nomination, WithdrawForm, NominationState.WITHDRAWN, _("Rút hồ sơ"),
                      _("Đã rút hồ sơ."))


@login_required
def declaration(request, pk):
    nomination = get_object_or_404(nominations_for_candidate(request.user) | nominations_for_secretariat(request.user),
                                   pk=pk)
    return pdf_response(declaration_pdf(nomination), f"ban-khai-thanh-tich-{nomination.pk}.pdf")


# --- Secretariat -------------------------------------------------------------------------------------------


@secretariat_required
def secretariat_home(request):
    rounds = ArtisanRound.objects.select_related("policy")
    return render(request, "awards/artisans/secretariat_home.html", {
        "rounds": rounds, "can_create": is_national(request.user)})


@secretariat_required
def round_edit(request, pk=None):
    if not is_national(request.user):
        raise Http404
    artisan_round = get_object_or_404(ArtisanRound, pk=pk) if pk else ArtisanRound()
    form = RoundForm(request.POST or None, instance=artisan_round)
    if request.method == "POST" and form.is_valid():
        try:
            artisan_round = services.save_round(artisan_round=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu đợt xét tặng."))
            return redirect(artisan_round)
    return render(request, "awards/artisans/round_form.html", {"form": form, "round": artisan_round},
                  status=400 if form.errors else 200)


def _council_form(request, artisan_round, data=None):
    if is_national(request.user) and request.user.is_administrator:
        levels, provinces = list(CouncilLevel.values), None
    elif is_national(request.user):
        levels, provinces = [CouncilLevel.MINISTERIAL, CouncilLevel.STATE], []
    else:
        levels, provinces = [CouncilLevel.PROVINCIAL], [request.user.scope_province_id]
    return CouncilForm(data, levels=levels, province_ids=provinces,
                       initial={"level": levels[0], "province": request.user.scope_province_id})


@secretariat_required
def round_detail(request, pk):
    artisan_round = get_object_or_404(ArtisanRound.objects.select_related("policy"), pk=pk)
    nominations = nominations_for_secretariat(request.user).filter(round=artisan_round)
    counts = {state: 0 for state, _label in NominationState.choices}
    for state in nominations.values_list("state", flat=True):
        counts[state] += 1
    return render(request, "awards/artisans/round_detail.html", {
        "round": artisan_round, "policy": artisan_round.policy,
        "counts": [(NominationState(state).label, state, n) for state, n in counts.items()],
        "overdue": queries.overdue(nominations, timezone.localdate()).count(),
        "councils": councils_for_secretariat(request.user).filter(round=artisan_round).select_related("province"),
        "council_form": _council_form(request, artisan_round), "national": is_national(request.user),
        "periods": artisan_round.comment_periods.all(),
    })


@secretariat_required
def round_nominations(request, pk):
    artisan_round = get_object_or_404(ArtisanRound, pk=pk)
    today = timezone.localdate()
    nominations = nominations_for_secretariat(request.user).filter(round=artisan_round)
    state = request.GET.get("trang_thai", "")
    if state in NominationState.values:
        nominations = nominations.filter(state=state)
    if request.GET.get("qua_han"):
        nominations = queries.overdue(nominations, today)
    nominations = queries.with_overdue(nominations, today).select_related("province").order_by(
        vietnamese("province__name"), vietnamese("full_name"), "pk")
    if fmt := spreadsheets.requested_format(request):
        return spreadsheets.dataset_download(ArtisanCandidateResource().export(nominations), fmt,
                                             f"ho-so-xet-tang-dot-{artisan_round.pk}")
    return render(request, "awards/artisans/round_nominations.html", {"query": spreadsheets.export_query(request),
        "round": artisan_round, "nominations": nominations, "states": NominationState.choices, "state": state,
        "overdue_only": bool(request.GET.get("qua_han")), "can_enter": _is_secretariat(request.user)})


@secretariat_required
@require_POST
def nomination_check(request, pk):
    nomination = get_nomination_for_secretariat(request.user, pk)
    form = CheckForm(request.POST, state=nomination.state)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_nomination_state(nomination=nomination, new_state=data["decision"], by=request.user,
                                          reason=data["reason"], missing_items=data["missing_items"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi kết quả kiểm tra và báo cho người đề nghị."))
            return redirect("artisans:dossier", nomination.pk)
    nomination.refresh_from_db()
    return render(request, "awards/artisans/dossier.html", _dossier_context(request, nomination, check_form=form),
                  status=400)


# --- Public comment (back office) --------------------------------------------------------------------------


@secretariat_required
def round_comments(request, pk):
    if not is_national(request.user):
        raise Http404
    artisan_round = get_object_or_404(ArtisanRound.objects.select_related("policy"), pk=pk)
    comments = comments_of_round(request.user, artisan_round)
    if request.method == "GET" and (fmt := spreadsheets.requested_format(request)):
        return spreadsheets.dataset_download(PublicCommentResource().export(comments), fmt,
                                             f"y-kien-nhan-dan-dot-{artisan_round.pk}")
    form = CommentPeriodForm(request.POST or None, initial={"opens_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.open_comment_period(artisan_round=artisan_round, opens_on=form.cleaned_data["opens_on"],
                                         by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã đăng danh sách lấy ý kiến nhân dân."))
            return redirect("artisans:round_comments", artisan_round.pk)
    periods = artisan_round.comment_periods.prefetch_related("nominations")
    return render(request, "awards/artisans/comments.html", {
        "round": artisan_round, "periods": periods, "form": form, "comments": comments,
        "unposted": services.unposted(artisan_round).count()},
        status=400 if form.errors else 200)


@secretariat_required
@require_POST
def comment_answer(request, pk):
    comment = get_comment_for_secretariat(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_comment(comment=comment, response=form.cleaned_data["response"], by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã ghi trả lời."))
    else:
        messages.error(request, _("Hãy ghi nội dung trả lời và đánh dấu xác nhận."))
    return redirect("artisans:round_comments", comment.period.round_id)


# --- Final decisions and the register ----------------------------------------------------------------------


@secretariat_required
def round_decisions(request, pk):
    if not is_national(request.user):
        raise Http404
    artisan_round = get_object_or_404(ArtisanRound, pk=pk)
    decided = artisan_round.titles.select_related("province").order_by("sort_name")
    if fmt := spreadsheets.requested_format(request):
        # The round's lines of the register, in the columns the register's import reads back.
        return spreadsheets.dataset_download(ArtisanTitleResource().export(decided), fmt,
                                             f"so-danh-hieu-dot-{artisan_round.pk}")
    waiting = list(artisan_round.nominations.filter(state=NominationState.STATE_PASSED).select_related("province"))
    register = artisan_round.titles.count()
    for nomination in waiting:
        nomination.decide_confirm = effects.title_decision_sentence(
            name=nomination.full_name, title=nomination.get_title_sought_display(), register=register)
    return render(request, "awards/artisans/decisions.html", {
        "round": artisan_round, "form": DecisionForm(initial={"awarded": "yes"}),
        "waiting": waiting,
        "decided": decided})


@secretariat_required
@require_POST
def nomination_decide(request, pk):
    nomination = get_nomination_for_secretariat(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_decision(nomination=nomination, by=request.user, awarded=data["awarded"],
                                     decision_number=data["decision_number"], decided_on=data["decided_on"],
                                     reason=data["reason"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã ghi quyết định cho %(name)s.") % {"name": nomination.full_name})
    else:
        _errors(request, ValidationError(list(form.errors.values())))
    return redirect("artisans:round_decisions", nomination.round_id)


@secretariat_required
def register_import(request):
    if not is_national(request.user):
        raise Http404
    from awards.views import _read_dataset  # the one reader of uploaded spreadsheets

    form = RegisterImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
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
            result = ArtisanTitleResource().import_data(dataset, dry_run=dry_run, use_transactions=True)
            if result.has_errors() or result.has_validation_errors():
                status = 400
            elif not dry_run:
                messages.success(request, _("Đã nhập %(n)d dòng vào sổ danh hiệu.") % {
                    "n": result.totals["new"] + result.totals["update"]})
                return redirect("artisans:directory")
    return render(request, "awards/artisans/register_import.html", {
        "form": form, "result": result, "total": ArtisanTitle.objects.count()}, status=status)
