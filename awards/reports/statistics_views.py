"""The statistics pages and their downloads: public (published data, whole country) and the secretariat's (its
audience: the ministry, or its provinces). Thin: the form checks the filters, `sections` builds the panels."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import spreadsheets
from catalog.decorators import secretariat_required

from .audience import PUBLIC, Audience, audience_for
from .enums import AudienceKind
from .filters import StatisticsFilterForm
from .sections import DEFAULT_SECTION, SECTIONS, Context, Section

EXTRA_PARAMETERS = ("nam", "dot")  # a section's own: the year whose rounds are listed, the round whose scores


def _section(slug: str) -> Section:
    section = SECTIONS.get(slug)
    if section is None:
        raise Http404
    return section


def _context(request, audience: Audience, section: Section, url_name: str, form: StatisticsFilterForm) -> Context:
    return Context(audience=audience, filters=form.filters(), on=timezone.localdate(),
                   section_path=lambda slug: reverse(url_name, args=[slug]), section=section.slug,
                   extra={name: request.GET[name] for name in EXTRA_PARAMETERS if request.GET.get(name)})


def _scope_label(user, audience: Audience) -> str:
    if audience.kind == AudienceKind.PUBLIC:
        return _("Dữ liệu đã công bố, toàn quốc")
    if audience.is_national:
        return _("Toàn quốc (Bộ Công Thương)")
    scope = user.scope_region if audience.region_id else user.scope_province
    return _("Phạm vi phụ trách: %(scope)s") % {"scope": scope}


def _page(request, audience: Audience, slug: str, *, url_name: str, download_name: str):
    section = _section(slug)
    form = StatisticsFilterForm(request.GET)
    context = {"section": section, "sections": SECTIONS.values(), "form": form, "url_name": url_name,
               "scope": _scope_label(request.user, audience), "internal": audience.kind != AudienceKind.PUBLIC}
    if not form.is_valid():
        return render(request, "awards/reports/statistics.html", context, status=400)
    ctx = _context(request, audience, section, url_name, form)
    query = request.GET.urlencode()
    panels = [(panel, reverse(download_name, args=[section.slug, panel.key, "csv"]),
               reverse(download_name, args=[section.slug, panel.key, "xlsx"])) for panel in section.panels(ctx)]
    ignored = [str(form.fields[name].label) for name in section.ignored if form.cleaned_data.get(name)]
    return render(request, "awards/reports/statistics.html", {
        **context, "panels": panels, "query": query, "ignored": ignored,
        "section_links": [(s, ctx.link(s.slug)) for s in SECTIONS.values()],
    })


def _download(request, audience: Audience, slug: str, table: str, fmt: str, *, url_name: str):
    section = _section(slug)
    form = StatisticsFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "awards/reports/statistics.html", {
            "section": section, "sections": SECTIONS.values(), "form": form, "url_name": url_name,
            "scope": _scope_label(request.user, audience), "internal": audience.kind != AudienceKind.PUBLIC,
        }, status=400)
    panel = section.panel(_context(request, audience, section, url_name, form), table)
    if panel is None:
        raise Http404
    content = panel.table.xlsx() if fmt == "xlsx" else panel.table.csv()
    return spreadsheets.download(content, f"thong-ke-{section.slug}-{panel.key}.{fmt}")


def public_statistics(request, section: str = DEFAULT_SECTION):
    return _page(request, PUBLIC, section, url_name="reports:statistics", download_name="reports:statistics_download")


def public_statistics_download(request, section: str, table: str, fmt: str):
    return _download(request, PUBLIC, section, table, fmt, url_name="reports:statistics")


def _internal_audience(user) -> Audience:
    audience = audience_for(user)
    if audience is None:
        raise Http404
    return audience


@secretariat_required
def internal_statistics(request, section: str = DEFAULT_SECTION):
    return _page(request, _internal_audience(request.user), section, url_name="reports:internal_statistics",
                 download_name="reports:internal_statistics_download")


@secretariat_required
def internal_statistics_download(request, section: str, table: str, fmt: str):
    return _download(request, _internal_audience(request.user), section, table, fmt,
                     url_name="reports:internal_statistics")
