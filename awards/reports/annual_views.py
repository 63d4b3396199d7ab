"""Holders' annual reports: the producer's list and form; the secretariat's cycles, holders' statuses, aggregate
and export. Thin: funnels find the objects, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import spreadsheets
from catalog.collation import vietnamese
from catalog.decorators import secretariat_required
from catalog.permissions import producers_for_user

from . import annual
from .enums import HolderStatus
from .forms import AnnualReportForm, CycleForm, ReopenForm
from .models import AnnualReport
from .permissions import (
    cycles_for_secretariat,
    get_cycle_for_producer,
    get_cycle_for_secretariat,
    get_report_for_secretariat,
)

# --- Producers ---------------------------------------------------------------------------------------------


@login_required
def my_annual_reports(request):
    today = timezone.localdate()
    lines = []
    producers = producers_for_user(request.user, for_edit=True).select_related("province")
    for producer in producers.order_by(vietnamese("name")):
        cycles = annual.obliged_cycles(producer, on=today)
        reports = {r.cycle_id: r for r in AnnualReport.objects.filter(producer=producer, cycle__in=cycles)}
        lines += [(producer, cycle, reports.get(cycle.pk),
                   HolderStatus(annual.holder_status(cycle, reports.get(cycle.pk), today)).label) for cycle in cycles]
    return render(request, "awards/reports/my_annual_reports.html", {"lines": lines})


@login_required
def annual_report(request, cycle_pk, producer_pk):
    cycle, producer = get_cycle_for_producer(request.user, cycle_pk, producer_pk)
    report = AnnualReport.objects.filter(cycle=cycle, producer=producer).first()
    if report is not None and report.is_submitted:
        return render(request, "awards/reports/annual_report_view.html", {"cycle": cycle, "report": report})
    submitting = request.POST.get("action") == "submit"
    form = AnnualReportForm(request.POST or None, instance=report, submitting=submitting)
    if request.method == "POST" and form.is_valid():
        try:
            annual.save_annual_report(cycle=cycle, producer=producer, by=request.user, figures=form.figures(),
                                      submit=submitting)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã nộp báo cáo.") if submitting else _("Đã lưu bản nháp."))
            return redirect("reports:annual_report", cycle.pk, producer.pk)
    return render(request, "awards/reports/annual_report_form.html", {
        "cycle": cycle, "producer": producer, "form": form, "report": report,
        "status": HolderStatus(annual.holder_status(cycle, report, timezone.localdate())).label,
    }, status=400 if request.method == "POST" else 200)


# --- Secretariat -------------------------------------------------------------------------------------------


@secretariat_required
def cycle_list(request):
    cycles = cycles_for_secretariat(request.user).select_related("province")
    return render(request, "awards/reports/cycle_list.html", {"cycles": cycles})


@secretariat_required
def cycle_edit(request, pk=None):
    cycle = get_cycle_for_secretariat(request.user, pk) if pk else None
    form = CycleForm(request.POST or None, instance=cycle, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = annual.save_cycle(cycle=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu đợt báo cáo."))
            return redirect("reports:cycle_detail", cycle.pk)
    return render(request, "awards/reports/cycle_form.html", {"form": form, "cycle": cycle},
                  status=400 if request.method == "POST" else 200)


@secretariat_required
def cycle_detail(request, pk):
    cycle = get_cycle_for_secretariat(request.user, pk)
    today = timezone.localdate()
    lines = annual.holder_lines(cycle, on=today)
    return render(request, "awards/reports/cycle_detail.html", {
        "cycle": cycle, "lines": lines, "aggregate": annual.aggregate([cycle], on=today).rows(),
        "reminder": annual.reminder_due(cycle, today),
    })


@secretariat_required
def cycle_export(request, pk):
    """Every holder's line (status and figures) and the aggregate, as one workbook."""
    cycle = get_cycle_for_secretariat(request.user, pk)
    today = timezone.localdate()
    headers = [_("Cơ sở"), _("Mã số thuế"), _("Tình trạng"), _("Ngày nộp"), _("Sản lượng"), _("Doanh thu (đồng)"),
               _("Doanh thu xuất khẩu (đồng)"), _("Số lao động"), _("Thị trường"), _("Nước xuất khẩu"),
               _("Biểu trưng"), _("Hỗ trợ"), _("Kinh phí hỗ trợ (đồng)"), _("Ghi chú")]
    rows = []
    for line in annual.holder_lines(cycle, on=today):
        r = line.report if line.report is not None and line.report.is_submitted else None
        rows.append([line.producer.name, line.producer.tax_code, line.status_label,
                     timezone.localdate(r.submitted_at) if r else None,
                     *([r.production_volume, int(r.revenue), int(r.export_revenue), r.jobs, r.get_market_display(),
                        r.export_markets, r.get_logo_use_display(), ", ".join(r.support_labels()),
                        int(r.support_amount), r.notes] if r else [None] * 10)])
    content = spreadsheets.xlsx([
        spreadsheets.Sheet(_("Cơ sở"), headers, rows),
        spreadsheets.Sheet(_("Tổng hợp"), [_("Chỉ tiêu"), _("Số liệu")], annual.aggregate([cycle], on=today).rows()),
    ])
    return spreadsheets.download(content, f"bao-cao-hang-nam-{cycle.year}-{cycle.province.code}.xlsx")


@secretariat_required
def cycle_report(request, pk, report_pk):
    cycle = get_cycle_for_secretariat(request.user, pk)
    report = get_report_for_secretariat(request.user, cycle, report_pk)
    return render(request, "awards/reports/annual_report_view.html", {
        "cycle": cycle, "report": report, "reopen_form": ReopenForm() if report.is_submitted else None})


@secretariat_required
@require_POST
def cycle_report_reopen(request, pk, report_pk):
    cycle = get_cycle_for_secretariat(request.user, pk)
    report = get_report_for_secretariat(request.user, cycle, report_pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            annual.reopen_annual_report(report=report, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã trả lại báo cáo cho cơ sở."))
            return redirect("reports:cycle_detail", cycle.pk)
    return render(request, "awards/reports/annual_report_view.html",
                  {"cycle": cycle, "report": report, "reopen_form": form}, status=400)
