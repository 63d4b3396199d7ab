"""Access funnels for holders' annual reports and periodic reports. Missing and forbidden both answer 404.

The secretariat reaches the cycles and periodic reports of the provinces its scope covers (the ministry and
administrators all, and the national summaries); producers reach only the reports of producers they manage, in
cycles of their province that are open, when they hold a certificate that obliges them to report.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from catalog.models import Producer, Province
from catalog.permissions import producers_for_user, secretariat_covers_province, secretariat_provinces

from .models import AnnualReport, AnnualReportCycle, PeriodicReport


def _is_staff_reader(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_secretariat or user.is_administrator)


def covered_provinces(user) -> QuerySet[Province] | None:
    """Today's provinces whose cycles and reports the account reaches; None: all of them."""
    if user.is_administrator:
        return None
    return secretariat_provinces(user)


def covers(user, province: Province) -> bool:
    if not _is_staff_reader(user):
        return False
    return user.is_administrator or secretariat_covers_province(user, province)


def is_national(user) -> bool:
    """The ministry: administrators and national secretariat accounts (every province, national summaries)."""
    return _is_staff_reader(user) and covered_provinces(user) is None


# --- Annual report cycles (secretariat) ----------------------------------------------------------------------


def cycles_for_secretariat(user) -> QuerySet[AnnualReportCycle]:
    if not _is_staff_reader(user):
        return AnnualReportCycle.objects.none()
    provinces = covered_provinces(user)
    cycles = AnnualReportCycle.objects.all()
    return cycles if provinces is None else cycles.filter(province__in=provinces)


def get_cycle_for_secretariat(user, cycle_id) -> AnnualReportCycle:
    return get_object_or_404(cycles_for_secretariat(user).select_related("province"), pk=cycle_id)


def get_report_for_secretariat(user, cycle: AnnualReportCycle, report_id) -> AnnualReport:
    return get_object_or_404(cycle.reports.select_related("producer", "cycle__province", "submitted_by"),
                             pk=report_id)


# --- Annual reports (producers) ------------------------------------------------------------------------------


def producer_for_reports(user, producer_id) -> Producer:
    """A producer the account manages (its own accounts; administrators too), for its annual reports."""
    return get_object_or_404(producers_for_user(user, for_edit=True).select_related("province"), pk=producer_id)


def get_cycle_for_producer(user, cycle_id, producer_id) -> tuple[AnnualReportCycle, Producer]:
    """An open cycle the producer must report in (see annual.obliged_cycles), for an account managing it."""
    from .annual import obliged_cycles

    producer = producer_for_reports(user, producer_id)
    cycle = next((c for c in obliged_cycles(producer) if c.pk == int(cycle_id)), None)
    if cycle is None:
        raise Http404
    return cycle, producer


# --- Periodic reports ----------------------------------------------------------------------------------------


def periodic_reports_for(user) -> QuerySet[PeriodicReport]:
    if not _is_staff_reader(user):
        return PeriodicReport.objects.none()
    provinces = covered_provinces(user)
    reports = PeriodicReport.objects.all()
    return reports if provinces is None else reports.filter(province__in=provinces)


def get_periodic_report(user, report_id) -> PeriodicReport:
    return get_object_or_404(periodic_reports_for(user).select_related("province", "generated_by"), pk=report_id)
