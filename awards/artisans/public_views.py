"""Public pages: the artisan directory, an artisan's page, the public comment on the proposed list.

Nothing private is ever read into these pages: the directory and artisan pages read only the register
(ArtisanTitle holds public facts only); the comment page shows names, titles, crafts, provinces and works.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.collation import vietnamese
from catalog.geography import province_names, resolve_province_filter

from . import queries, services
from .forms import DirectoryForm, PublicCommentForm, craft_choices
from .models import ArtisanTitle, CommentPeriod

PAGE_SIZE = 24


def directory(request):
    everyone = ArtisanTitle.objects.all()
    years = sorted(set(everyone.values_list("year", flat=True)), reverse=True)
    # Today's and former names suggested (one query), so an old name can be typed.
    form = DirectoryForm(request.GET or None, crafts=craft_choices(everyone), years=years,
                         province_names=province_names())
    if request.GET and not form.is_valid():
        return render(request, "awards/artisans/directory.html", {"form": form, "page_obj": None}, status=400)
    filters = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v not in ("", None)}
    typed = resolve_province_filter(filters.get("tinh", ""))
    if typed.unknown:  # said on the page, not an empty list that looks like "no artisan there"
        return render(request, "awards/artisans/directory.html", {
            "form": form, "page_obj": None, "province_error": typed.error, "filter_query": urlencode(filters)})
    params = {k: v for k, v in filters.items() if k != "tinh"}
    lines = queries.directory(**params, province=typed.province).select_related("province")
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "awards/artisans/directory.html", {
        "form": form, "page_obj": page, "filter_query": urlencode(filters), "province_note": typed.note})


def artisan(request, pk):
    line = get_object_or_404(ArtisanTitle.objects.select_related("province"), pk=pk)
    return render(request, "awards/artisans/artisan.html", {"line": line})


def consultations(request):
    """The lists open for comment today, and those already closed (their list stays readable)."""
    periods = CommentPeriod.objects.select_related("round").order_by("-opens_on")
    today = timezone.localdate()
    return render(request, "awards/artisans/consultations.html", {
        "open": [p for p in periods if p.is_open(today)],
        "closed": [p for p in periods if p.has_ended(today)]})


def consultation(request, pk):
    period = get_object_or_404(CommentPeriod.objects.select_related("round"), pk=pk, opens_on__lte=timezone.localdate())
    form = PublicCommentForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_comment(period=period, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Cảm ơn bạn. Ý kiến đã được gửi tới cơ quan thường trực hội đồng."))
            return redirect("artisans:consultation", period.pk)
    nominations = (period.nominations.select_related("province").prefetch_related("works")
                   .order_by(vietnamese("full_name")))
    return render(request, "awards/artisans/consultation.html", {
        "period": period, "nominations": nominations, "form": form, "is_open": period.is_open()},
        status=400 if form.errors else 200)
