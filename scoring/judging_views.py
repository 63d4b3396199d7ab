"""Judging pages: the jury's queue and score sheets (with the autosave endpoint), and the secretariat's juries,
progress, paper entry, reopening, history, rubrics and printable score sheets."""

from decimal import Decimal

import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from catalog import spreadsheets
from catalog.collation import vietnamese
from catalog.decorators import jury_required, secretariat_required
from catalog.enums import ProductGroup
from catalog.models import User
from catalog.numbers import number_text
from catalog.pdf import pdf_response, render_pdf

from . import effects, juries, paper_sheets, progress, rubric_services, services, sheets
from .dossier import dossier_for_jury, jury_product_name
from .enums import ChangePath, RoundState
from .forms import (
    JuryConflictForm,
    JuryForm,
    JuryMemberForm,
    ReasonForm,
    RecordConflictForm,
    RubricCopyForm,
    RubricImportForm,
)
from .models import JuryMember, Nomination, Recusal, Rubric, ScoreChange, ScoreSheet
from .permissions import (
    get_nomination_for_judge,
    get_nomination_for_secretariat,
    get_round_for_secretariat,
    get_sheet_for_secretariat,
    nominations_for_judge,
)
from .resources import RubricCriterionResource
from .views import _error, dossier_document_response

# --- Score sheet rows (shared by the jury page, paper entry and the PDFs) ----------------------------------


def sheet_rows(criteria, sheet, posted=None, errors=None):
    """One row per criterion with what to show in its inputs: posted text on a refused save, else stored."""
    stored = {s.criterion_id: s for s in sheet.scores.all()} if sheet and sheet.pk else {}
    rows, group = [], None
    for criterion in criteria:
        score = stored.get(criterion.pk)
        value = "" if score is None or score.value is None else number_text(score.value, grouping=False)
        comment = score.comment if score else ""
        if posted is not None:
            value = posted.get(f"score-{criterion.code}", value)
            comment = posted.get(f"comment-{criterion.code}", comment)
        rows.append({"criterion": criterion, "value": value, "comment": comment,
                     "error": (errors or {}).get(criterion.code), "new_group": criterion.group_id != group})
        group = criterion.group_id
    return rows


def _posted_values(request, criteria):
    values = {c.code: request.POST.get(f"score-{c.code}", "") for c in criteria}
    comments = {c.code: request.POST.get(f"comment-{c.code}", "") for c in criteria}
    return values, comments


def _field_errors(exc: ValidationError) -> tuple[dict, list]:
    if hasattr(exc, "error_dict"):
        return {code: " ".join(messages_) for code, messages_ in exc.message_dict.items()}, []
    return {}, exc.messages


def _save_posted(request, nomination, member, criteria, path, *, submit: bool):
    """Save the posted sheet (and submit it when asked) in one service call, which checks the member's right
    once; returns (field errors, general errors)."""
    values, comments = _posted_values(request, criteria)
    try:
        sheets.save_scores(nomination_id=nomination.pk, member=member, values=values, comments=comments,
                           by=request.user, path=path, overall_comment=request.POST.get("overall_comment", ""),
                           submit=submit)
    except ValidationError as exc:
        if isinstance(exc, sheets.NotJudging) and path == ChangePath.WEB:
            raise  # the member's own page answers 404, as its funnel would; the secretariat reads why
        return _field_errors(exc)
    return {}, []


# --- Jury ------------------------------------------------------------------------------------------------


@jury_required
def jury_queue(request):
    nominations = list(nominations_for_judge(request.user).select_related("round", "product").order_by(
        "round__title", "product__group", "pk"))
    own_sheets = {s.nomination_id: s for s in ScoreSheet.objects.filter(member=request.user,
                                                                          nomination__in=nominations)}
    recused = set(Recusal.objects.filter(user=request.user).values_list("nomination_id", flat=True))
    entries = [{"nomination": n, "name": jury_product_name(n), "sheet": own_sheets.get(n.pk),
                "recused": n.pk in recused} for n in nominations]
    done = sum(1 for e in entries if e["recused"] or (e["sheet"] and e["sheet"].is_submitted))
    return render(request, "scoring/jury_queue.html", {"entries": entries, "done": done, "count": len(entries),
                                                       "conflict_form": JuryConflictForm()})


def _sheet_context(nomination, sheet, criteria, rows, user):
    return {
        "nomination": nomination, "round": nomination.round, "dossier": dossier_for_jury(nomination),
        "sheet": sheet, "rows": rows, "criteria": criteria, "rubric": rubric_services.rubric_for(nomination),
        "recusal": Recusal.objects.filter(nomination=nomination, user=user).first(),
        "editable": (sheet is None or not sheet.is_submitted) and nomination.round.state == RoundState.SCORING,
        "recuse_form": ReasonForm(),
    }


@jury_required
def jury_sheet(request, pk):
    if request.method == "POST":
        # No funnel first: the save checks, in the query that locks the sheet, that the member may judge the
        # nomination (one conflict check per request), and NotJudging answers 404 as the funnel would. The
        # nomination is read plainly for its rubric; nothing of it is shown before that check.
        nomination = get_object_or_404(Nomination.objects.select_related("round"), pk=pk)
        criteria = rubric_services.criteria_of(rubric_services.rubric_for(nomination))
        submit = request.POST.get("action") == "submit"
        try:
            errors, general = _save_posted(request, nomination, request.user, criteria, ChangePath.WEB,
                                           submit=submit)
        except sheets.NotJudging as exc:
            raise Http404 from exc
        if not errors and not general:
            messages.success(request, _("Đã nộp phiếu chấm.") if submit else _("Đã lưu bản nháp."))
            return redirect("scoring:jury_sheet", nomination.pk)
        for message in general:
            messages.error(request, message)
        nomination = get_nomination_for_judge(request.user, pk)  # the page again, through the funnel
        sheet = ScoreSheet.objects.filter(nomination=nomination, member=request.user).first()
        rows = sheet_rows(criteria, sheet, request.POST, errors)
        return render(request, "scoring/jury_sheet.html", _sheet_context(nomination, sheet, criteria, rows,
                                                                         request.user), status=400)
    nomination = get_nomination_for_judge(request.user, pk)
    criteria = rubric_services.criteria_of(rubric_services.rubric_for(nomination))
    sheet = ScoreSheet.objects.filter(nomination=nomination, member=request.user).first()
    rows = sheet_rows(criteria, sheet)
    return render(request, "scoring/jury_sheet.html", _sheet_context(nomination, sheet, criteria, rows,
                                                                     request.user))


@jury_required
@require_POST
def jury_autosave(request, pk):
    """One changed field, as the page's script sends it: JSON back with the new total or the problem.

    No funnel before the service here: save_scores checks, in the query that locks the sheet, that the member
    may judge the nomination (one check per save), and its NotJudging answers 404 like the funnel would.
    """
    field, value = request.POST.get("field", ""), request.POST.get("value", "")
    kwargs = {}
    if field.startswith("score-"):
        kwargs["values"] = {field[len("score-"):]: value}
    elif field.startswith("comment-"):
        kwargs["comments"] = {field[len("comment-"):]: value}
    elif field == "overall_comment":
        kwargs["overall_comment"] = value
    else:
        return JsonResponse({"errors": {field: _("Trường không hợp lệ.")}}, status=400)
    try:
        sheet = sheets.save_scores(nomination_id=pk, member=request.user, by=request.user, path=ChangePath.AUTOSAVE,
                                   **kwargs)
    except sheets.NotJudging as exc:
        raise Http404 from exc
    except ValidationError as exc:
        errors, general = _field_errors(exc)
        return JsonResponse({"errors": errors, "messages": general}, status=400)
    # "total" stays machine-readable ('.'); "total_text" is what the page shows, in its language.
    return JsonResponse({"saved": True, "total": format(sheet.total.normalize(), "f"),
                         "total_text": number_text(sheet.total)})


@jury_required
@require_POST
def jury_recuse(request, pk):
    nomination = get_nomination_for_judge(request.user, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Hãy ghi lý do xin không chấm sản phẩm này."))
        juries.recuse(nomination=nomination, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận: bạn không chấm sản phẩm này."))
    return redirect("scoring:jury_sheet", nomination.pk)


@jury_required
@require_POST
def jury_declare_conflict(request):
    form = JuryConflictForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        juries.report_conflict(user=request.user, tax_code=data["tax_code"], relation=data["relation"],
                               note=data["note"])
        # The same answer whatever the code: the form must not tell whether it exists or is in a round.
        messages.success(request, _("Đã gửi khai báo cho thư ký xem xét. Trong khi chờ, nếu bạn nhận ra sản phẩm "
                                    "của cơ sở này trong danh sách, hãy chọn “Xin không chấm” ở sản phẩm đó."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("scoring:jury_queue")


@jury_required
def jury_document(request, pk, index):
    nomination = get_nomination_for_judge(request.user, pk)
    return dossier_document_response(dossier_for_jury(nomination)["documents"], index)  # none when blind


def _sheet_pdf(request, nomination, sheet):
    """The official sheet layout; it goes to jury members, so it follows the round's blind option."""
    criteria = rubric_services.criteria_of(rubric_services.rubric_for(nomination))
    dossier = dossier_for_jury(nomination)
    context = {"nomination": nomination, "round": nomination.round, "dossier": dossier, "sheet": sheet,
               "rows": sheet_rows(criteria, sheet), "member": sheet.member if sheet else None,
               "rubric": rubric_services.rubric_for(nomination), "today": timezone.localdate()}
    content = render_pdf("scoring/pdf/score_sheet.html", context, request=request)
    name = f"phieu-cham-{nomination.pk}" + (f"-{sheet.member_id}" if sheet else "") + ".pdf"
    return pdf_response(content, name)


@jury_required
def jury_sheet_pdf(request, pk):
    """The member's own sheet as filled so far, or blank: never anyone else's."""
    nomination = get_nomination_for_judge(request.user, pk)
    sheet = ScoreSheet.objects.filter(nomination=nomination, member=request.user).first()
    return _sheet_pdf(request, nomination, sheet)


# --- Secretariat: juries, conflicts, rubric choice, assignment ----------------------------------------------


def _juries_context(selection_round, user, **forms):
    # Members by role, then by name in Vietnamese order.
    members = JuryMember.objects.select_related("user").order_by("role", vietnamese("user__full_name"), "id")
    jury_list = list(selection_round.juries.prefetch_related(Prefetch("members", queryset=members)))
    return {
        "round": selection_round, "juries": jury_list,
        "warnings": [w for jury in jury_list for w in juries.jury_warnings(jury)],
        "rubrics": rubric_services.rubrics_of_round(selection_round),
        "rubric_problems": rubric_services.round_rubric_problems(selection_round),
        "all_rubrics": Rubric.objects.all(),
        "jury_form": forms.get("jury_form") or JuryForm(round=selection_round),
        "member_form": forms.get("member_form") or JuryMemberForm(round=selection_round),
        "conflict_form": forms.get("conflict_form") or RecordConflictForm(),
        "conflict_reports": juries.reports_for_secretariat(user, round=selection_round),
        "group_labels": dict(ProductGroup.choices),
    }


@secretariat_required
def round_juries(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    if request.method != "POST":
        return render(request, "scoring/round_juries.html", _juries_context(selection_round, request.user))
    action = request.POST.get("action")
    forms_ = {}
    try:
        if action == "jury":
            form = forms_["jury_form"] = JuryForm(request.POST, round=selection_round)
            if form.is_valid():
                juries.create_jury(round=selection_round, by=request.user, **form.cleaned_data)
        elif action == "member":
            form = forms_["member_form"] = JuryMemberForm(request.POST, round=selection_round)
            if form.is_valid():
                member = juries.add_jury_member(jury=form.cleaned_data["jury"], user=form.cleaned_data["email"],
                                                 role=form.cleaned_data["role"], by=request.user)
                for warning in juries.jury_warnings(member.jury):
                    messages.warning(request, warning)
        elif action == "conflict":
            form = forms_["conflict_form"] = RecordConflictForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                juries.declare_conflict(user=data["email"], producer=data["producer"], relation=data["relation"],
                                         note=data["note"], by=request.user)
        elif action in ("confirm_report", "dismiss_report"):
            report = get_object_or_404(juries.reports_for_secretariat(request.user, round=selection_round),
                                       pk=request.POST.get("report"))
            if action == "confirm_report" and not request.POST.get("understood"):
                raise ValidationError(_("Hãy đánh dấu ô xác nhận trước khi ghi nhận xung đột lợi ích."))
            juries.review_conflict_report(report=report, confirm=action == "confirm_report", by=request.user,
                                          note=request.POST.get("review_note", ""))
        elif action == "rubric":
            by_pk = {str(r.pk): r for r in Rubric.objects.all()}
            per_group = {g: by_pk.get(request.POST.get(f"rubric-{g}", "")) for g in selection_round.groups}
            rubric_services.set_round_rubrics(round=selection_round, rubric=by_pk.get(request.POST.get("rubric", "")),
                                              per_group=per_group, by=request.user)
        elif action == "assign":
            count = juries.assign_nominations(round=selection_round, by=request.user)
            messages.success(request, _("Đã phân công %(n)d lượt chấm.") % {"n": count})
        else:
            raise Http404
    except ValidationError as exc:
        _error(request, exc)
        return render(request, "scoring/round_juries.html", _juries_context(selection_round, request.user, **forms_),
                      status=400)
    if any(not f.is_valid() for f in forms_.values()):
        return render(request, "scoring/round_juries.html", _juries_context(selection_round, request.user, **forms_),
                      status=400)
    messages.success(request, _("Đã lưu."))
    return redirect("scoring:round_juries", selection_round.pk)


# --- Secretariat: progress, paper entry, reopen, history ----------------------------------------------------


@secretariat_required
def round_progress(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    figures = progress.round_progress(selection_round)
    owing = len(progress.members_to_remind(figures))
    return render(request, "scoring/round_progress.html", {
        "round": selection_round, "progress": figures, "owing": owing,
        "remind_confirm": ngettext("Gửi e-mail nhắc %(n)d giám khảo chưa chấm xong?",
                                   "Gửi e-mail nhắc %(n)d giám khảo chưa chấm xong?", owing) % {"n": owing},
    })


@secretariat_required
def paper_sheets_xlsx(request, pk):
    """The round's sheets for paper entry in bulk (manage.py import_spreadsheet score-sheets reads it back)."""
    selection_round = get_round_for_secretariat(request.user, pk)
    dataset = paper_sheets.export_paper_sheets(round=selection_round, by=request.user)
    return spreadsheets.dataset_download(dataset, "xlsx", f"phieu-cham-dot-{selection_round.pk}")


@secretariat_required
@require_POST
def round_remind(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    try:
        count = progress.send_reminders(round=selection_round, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã gửi e-mail nhắc %(n)d giám khảo.") % {"n": count})
    return redirect("scoring:round_progress", selection_round.pk)


@secretariat_required
def nomination_sheets(request, pk):
    """Every sheet of a nomination with its full change history (who, when, old, new, path)."""
    nomination = get_nomination_for_secretariat(request.user, pk)
    expected = juries.expected_judges(nomination.round).get(nomination.pk, [])
    by_member = {s.member_id: s for s in nomination.score_sheets.select_related("member", "entered_on_behalf_by")}
    members = User.objects.filter(Q(pk__in=expected) | Q(pk__in=by_member)).order_by(vietnamese("full_name"))
    changes = ScoreChange.objects.filter(sheet__nomination=nomination).select_related(
        "sheet__member", "criterion", "by")
    names = {m.pk: str(m) for m in members}
    outliers = [{**item, "member": names.get(item["flag"].params["judge_id"], "?")}
                for item in services.reviewable_flags(nomination)]
    counting = effects.counting_sheet_ids(nomination)

    def reopen_confirm(member, sheet):
        return effects.sheet_reopen_sentence(member=str(member),
                                             counted_after=len(counting - {sheet.pk})) if sheet else ""

    return render(request, "scoring/nomination_sheets.html", {
        "nomination": nomination, "round": nomination.round,
        "entries": [{"member": m, "sheet": by_member.get(m.pk), "expected": m.pk in expected,
                     "reopen_confirm": reopen_confirm(m, by_member.get(m.pk))} for m in members],
        "changes": changes, "recusals": nomination.recusals.select_related("user"),
        "reopen_form": ReasonForm(), "can_enter": nomination.round.state == RoundState.SCORING,
        "outliers": outliers,
    })


@secretariat_required
@require_POST
def nomination_flag_review(request, pk):
    """The secretariat records what it found on one outlier sheet of the nomination (services.review_result_flag)."""
    nomination = get_nomination_for_secretariat(request.user, pk)
    try:
        services.review_result_flag(nomination=nomination, code=request.POST.get("code", ""),
                                    key=request.POST.get("key", ""), by=request.user,
                                    note=request.POST.get("note", ""))
    except ValidationError as exc:
        _error(request, exc)
        return redirect("scoring:nomination_sheets", nomination.pk)
    messages.success(request, _("Đã ghi kết quả xem xét phiếu bất thường."))
    return redirect("scoring:nomination_sheets", nomination.pk)


@secretariat_required
def paper_entry(request, pk, user_pk):
    nomination = get_nomination_for_secretariat(request.user, pk)
    if user_pk not in juries.expected_judges(nomination.round).get(nomination.pk, []):
        raise Http404
    member = get_object_or_404(User, pk=user_pk)
    criteria = rubric_services.criteria_of(rubric_services.rubric_for(nomination))
    sheet = ScoreSheet.objects.filter(nomination=nomination, member=member).first()
    status = 200
    rows = sheet_rows(criteria, sheet)
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        errors, general = _save_posted(request, nomination, member, criteria, ChangePath.PAPER, submit=submit)
        if not errors and not general:
            messages.success(request, _("Đã ghi phiếu giấy của %(member)s.") % {"member": member})
            return redirect("scoring:nomination_sheets", nomination.pk)
        for message in general:
            messages.error(request, message)
        sheet = ScoreSheet.objects.filter(nomination=nomination, member=member).first()
        rows, status = sheet_rows(criteria, sheet, request.POST, errors), 400
    return render(request, "scoring/paper_entry.html", {
        "nomination": nomination, "round": nomination.round, "member": member, "sheet": sheet, "rows": rows,
        "rubric": rubric_services.rubric_for(nomination),
        "editable": not (sheet and sheet.is_submitted),
    }, status=status)


@secretariat_required
@require_POST
def sheet_reopen(request, pk):
    sheet = get_sheet_for_secretariat(request.user, pk)
    form = ReasonForm(request.POST)
    try:
        sheets.reopen_score_sheet(sheet=sheet, by=request.user,
                                   reason=form.data.get("reason", "") if form.is_bound else "")
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã mở lại phiếu của %(member)s.") % {"member": sheet.member})
    return redirect("scoring:nomination_sheets", sheet.nomination_id)


@secretariat_required
def blank_sheet_pdf(request, pk):
    nomination = get_nomination_for_secretariat(request.user, pk)
    return _sheet_pdf(request, nomination, None)


@secretariat_required
def filled_sheet_pdf(request, pk):
    sheet = get_sheet_for_secretariat(request.user, pk)
    return _sheet_pdf(request, sheet.nomination, sheet)


# --- Secretariat: rubrics ----------------------------------------------------------------------------------


@secretariat_required
def rubric_list(request):
    rubrics = Rubric.objects.annotate(criteria_count=Count("groups__criteria")).select_related("based_on")
    return render(request, "scoring/rubric_list.html", {
        "rubrics": rubrics, "import_form": RubricImportForm(), "copy_form": RubricCopyForm(),
    })


@secretariat_required
def rubric_detail(request, pk):
    rubric = get_object_or_404(Rubric, pk=pk)
    return render(request, "scoring/rubric_detail.html", {
        "rubric": rubric, "groups": rubric.groups.prefetch_related("criteria__bands", "bands"),
        "problems": rubric_services.rubric_check(rubric), "frozen": rubric_services.is_rubric_frozen(rubric),
        "copy_form": RubricCopyForm(),
    })


@secretariat_required
def rubric_export(request, pk):
    rubric = get_object_or_404(Rubric, pk=pk)
    criteria = rubric_services.criteria_of(rubric)
    response = HttpResponse(RubricCriterionResource().export(criteria).export("xlsx"),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="thang-diem-{rubric.pk}-v{rubric.version}.xlsx"'
    return response


@secretariat_required
@require_POST
def rubric_import(request):
    form = RubricImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi tên, phiên bản và chọn tệp Excel."))
        return redirect("scoring:rubric_list")
    try:
        dataset = tablib.Dataset().load(form.cleaned_data["file"].read(), format="xlsx")
        rows = [{k: ("" if v is None else v) for k, v in row.items()} for row in dataset.dict]
        rubric = rubric_services.import_rubric(name=form.cleaned_data["name"], version=form.cleaned_data["version"],
                                       total=Decimal(form.cleaned_data["total"]), rows=rows, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("scoring:rubric_list")
    except Exception:  # a file that is not a spreadsheet: say so, never a 500
        messages.error(request, _("Không đọc được tệp; hãy dùng tệp .xlsx xuất ra từ một thang điểm."))
        return redirect("scoring:rubric_list")
    messages.success(request, _("Đã nhập thang điểm %(rubric)s.") % {"rubric": rubric})
    return redirect("scoring:rubric_detail", rubric.pk)


@secretariat_required
@require_POST
def rubric_copy(request, pk):
    rubric = get_object_or_404(Rubric, pk=pk)
    form = RubricCopyForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Hãy ghi số phiên bản mới."))
        copy = rubric_services.copy_rubric(rubric=rubric, version=form.cleaned_data["version"], by=request.user)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("scoring:rubric_detail", rubric.pk)
    messages.success(request, _("Đã tạo phiên bản %(version)s.") % {"version": copy.version})
    return redirect("scoring:rubric_detail", copy.pk)

