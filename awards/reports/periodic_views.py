"""Periodic reports for the secretariat: the list in scope, generating (again), reading, XLSX and PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import spreadsheets
from catalog.decorators import secretariat_required
from catalog.pdf import pdf_response

from . import periodic
from .forms import PeriodicReportForm
from .permissions import get_periodic_report, periodic_reports_for


@secretariat_required
def periodic_list(request):
    form = PeriodicReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = periodic.generate(kind=data["kind"], province=data["province"], year=data["year"],
                                       half=data["half"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lập báo cáo."))
            return redirect("reports:periodic_detail", report.pk)
    reports = periodic_reports_for(request.user).select_related("province", "generated_by")[:200]
    return render(request, "awards/reports/periodic_list.html", {"form": form, "reports": reports},
                  status=400 if request.method == "POST" else 200)


@secretariat_required
def periodic_detail(request, pk):
    report = get_periodic_report(request.user, pk)
    return render(request, "awards/reports/periodic_detail.html", {"report": report,
                                                                    "tables": periodic.tables(report)})


@secretariat_required
@require_POST
def periodic_regenerate(request, pk):
    """A new snapshot of the same report with today's figures; the earlier one stays as it was."""
    report = get_periodic_report(request.user, pk)
    try:
        fresh = periodic.generate(kind=report.kind, province=report.province, year=report.year, half=report.half,
                                  by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:periodic_detail", report.pk)
    messages.success(request, _("Đã lập lại báo cáo với số liệu hiện nay; bản lập trước vẫn được giữ."))
    return redirect("reports:periodic_detail", fresh.pk)


@secretariat_required
def periodic_xlsx(request, pk):
    report = get_periodic_report(request.user, pk)
    return spreadsheets.download(periodic.workbook(report), periodic.filename(report, "xlsx"))


@secretariat_required
def periodic_pdf(request, pk):
    report = get_periodic_report(request.user, pk)
    return pdf_response(periodic.pdf(report), periodic.filename(report, "pdf"), inline=False)
