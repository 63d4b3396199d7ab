"""Secretariat pages for certificates: the register in scope, recording a historical one, importing many."""

import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from scoring.views import secretariat_required

from . import services
from .forms import CertificateImportForm, HistoricalCertificateForm
from .permissions import certificates_for_secretariat
from .resources import CertificateResource


@secretariat_required
def certificate_list(request):
    certificates = certificates_for_secretariat(request.user).select_related("product", "product__producer")
    return render(request, "awards/certificate_list.html", {"certificates": certificates[:500]})


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
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        return tablib.Dataset().load(upload.read(), format="xlsx")
    if name.endswith(".csv"):
        return tablib.Dataset().load(upload.read().decode("utf-8-sig"), format="csv")
    raise ValueError(_("Chỉ nhận tệp .xlsx hoặc .csv."))


@secretariat_required
def certificate_import(request):
    form = CertificateImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            dataset = _read_dataset(form.cleaned_data["file"])
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
