"""The round's spreadsheet imports for the secretariat ("Nhập từ bảng tính"): upload, a dry run and its preview,
then the confirmed import, both run as background jobs (scoring.round_imports); job.js polls the status."""

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from catalog import spreadsheets
from catalog.decorators import secretariat_required
from catalog.jobs import job_status, latest

from . import round_imports
from .forms import ConfirmImportForm, RoundImportForm
from .permissions import get_import_job_for_secretariat, get_round_for_secretariat
from .views import _error


@secretariat_required
def round_import(request, pk):
    selection_round = get_round_for_secretariat(request.user, pk)
    form = RoundImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = round_imports.check_spreadsheet(round=selection_round, kind=form.cleaned_data["kind"],
                                                  upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("scoring:round_import_job", selection_round.pk, job.pk)
    return render(request, "scoring/round_import.html", {
        "round": selection_round, "form": form, "kinds": round_imports.KINDS,
        "last": latest(round_imports.key(selection_round))}, status=400 if form.errors else 200)


@secretariat_required
def round_import_job(request, pk, job_pk):
    selection_round, job = get_import_job_for_secretariat(request.user, pk, job_pk)
    result = round_imports.read_result(job)
    confirmable = round_imports.is_confirmable(job, result, latest(round_imports.key(selection_round)))
    return render(request, "scoring/round_import_job.html", {
        "round": selection_round, "job": job, "result": result, "kind": round_imports.KINDS[job.params["kind"]],
        "status": job_status(job), "confirmable": confirmable, "form": ConfirmImportForm(),
        "more_rows": max((result or {}).get("count", 0) - round_imports.PREVIEW_ROWS, 0)})


@secretariat_required
def round_import_status(request, pk, job_pk):
    _round, job = get_import_job_for_secretariat(request.user, pk, job_pk)
    return JsonResponse(job_status(job))


@secretariat_required
@require_POST
def round_import_confirm(request, pk, job_pk):
    selection_round, checked = get_import_job_for_secretariat(request.user, pk, job_pk)
    form = ConfirmImportForm(request.POST)
    form.is_valid()  # one optional box: always valid
    try:
        job = round_imports.confirm_import(round=selection_round, checked=checked, by=request.user,
                                           skip_bad_rows=form.cleaned_data.get("skip_bad_rows", False))
    except ValidationError as exc:
        _error(request, exc)
        return redirect("scoring:round_import_job", selection_round.pk, checked.pk)
    return redirect("scoring:round_import_job", selection_round.pk, job.pk)


@secretariat_required
def round_import_template(request, pk, kind):
    selection_round = get_round_for_secretariat(request.user, pk)
    if kind not in round_imports.KINDS:
        raise Http404
    dataset = round_imports.blank_template(round=selection_round, kind=kind)
    return spreadsheets.dataset_download(dataset, "xlsx", f"mau-nhap-{kind}-dot-{selection_round.pk}")
