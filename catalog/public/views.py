"""Public pages: home, catalogue list, product and producer pages. No login, no per-user content.

Two cache levels (see `public.cache`, one version number invalidates both):
- the main content of each page is rendered without the request into a fragment, so nothing user-specific
  can be in it; signed-in users get it inside a page rendered for them;
- for a visitor without a session (most of the public), the whole page is cached by its path, with a
  placeholder where the language form's CSRF token goes, filled in per request (`render_public`).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from .. import queries
from ..geography import resolve_province
from ..models import Producer, ProductPhoto, Province, Region
from ..text import sort_key
from . import cache
from .forms import CatalogueFilterForm

FEATURED = 8


# Replaced by the visitor's own CSRF token in every cached page; never sent as is.
CSRF_PLACEHOLDER = "__public_page_csrf_token__"


def _without_session(request) -> bool:
    # No session and no pending messages (cookie "messages"): the header can only show "Đăng nhập".
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def render_public(request, template: str, build_context):
    """Render a public page; for a visitor without a session, from the page cache when it holds it.

    `build_context()` may raise (Http404, InvalidFilters): nothing is cached then.
    """
    if not _without_session(request):
        return render(request, template, build_context())

    def render_split() -> tuple[bytes, bytes]:
        html = render_to_string(template, {**build_context(), "csrf_token": CSRF_PLACEHOLDER}, request)
        head, _marker, tail = html.encode().partition(CSRF_PLACEHOLDER.encode())
        return head, tail

    # Stored as bytes around the token: a hit costs one join, no search through the page, no re-encoding.
    head, tail = cache.fragment("page", (request.get_full_path(),), render_split)
    return HttpResponse(head + get_token(request).encode() + tail if tail else head)


def healthz(request):
    """A trivial view: load balancers ask it whether the process is up; the benchmark uses it as a baseline."""
    return HttpResponse("ok", content_type="text/plain")


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def filter_choices() -> dict:
    def load():
        provinces = sorted(Province.objects.current().values_list("code", "name"), key=lambda p: sort_key(p[1]))
        return {
            "levels": [(value, str(label)) for value, label in queries.level_choices()],
            "years": queries.listing_years(),
            "regions": list(Region.objects.values_list("code", "name")),
            "provinces": provinces,
        }

    return cache.fragment("choices", (), load)


# --- Home --------------------------------------------------------------------------------------------------


def home_context() -> dict:
    def load():
        counts = queries.listing_counts()
        labels = dict(queries.level_choices())
        years = sorted({row["year"] for row in counts}, reverse=True)
        levels = [value for value, _label in queries.level_choices() if any(r["level"] == value for r in counts)]
        table = {(row["level"], row["year"]): row["products"] for row in counts}
        featured = queries.with_cards(queries.current_listings().order_by("-recognised_on", "-product_id"))[:FEATURED]
        return render_to_string("public/_home_counts.html", {
            "levels": [(level, str(labels[level])) for level in levels],
            "rows": [(year, [table.get((level, year), 0) for level in levels]) for year in years],
            "featured": featured,
        })

    return {"home_fragment": cache.fragment("home", (), load), "canonical": absolute("/")}


# --- Catalogue list ----------------------------------------------------------------------------------------


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), 100_000))
    except (TypeError, ValueError, OverflowError):
        return 1


def _render_results(params: dict, page: int, filter_query: str) -> str:
    province = None
    if params["province"]:
        province = resolve_province(params["province"])
        if province is None:
            return render_to_string("public/_results.html", {"unknown_province": params["province"]})
    rows = queries.catalogue(queries.CatalogueQuery(**{**params, "province": province}))
    paginator = Paginator(queries.with_cards(rows), queries.PAGE_SIZE)
    # Every page of one filter shares its count (the count reads the narrow listing table, but not for free).
    filters = sorted((k, v) for k, v in params.items() if k != "sort")
    paginator.count = cache.fragment("count", (filters,), rows.count)
    page_obj = paginator.get_page(page)
    return render_to_string("public/_results.html", {
        "page_obj": page_obj, "province": province, "filter_query": filter_query,
        "typed_province": params["province"], "score_sorted": params["sort"] == queries.SORT_SCORE,
    })


class InvalidFilters(Exception):
    def __init__(self, form):
        self.form = form


def _list_page(data, page: int) -> dict:
    """The main part of the list page (form included) and its normalised query string; raises InvalidFilters."""
    form = CatalogueFilterForm(data, choices=filter_choices())
    if not form.is_valid():
        raise InvalidFilters(form)
    params = form.params()
    filter_query = urlencode({k: v for k, v in form.cleaned_data.items() if v not in ("", None)})
    body = render_to_string("public/_list_body.html", {
        "form": form, "filter_query": filter_query,
        # A submitted form always sends the sort select's first value: only another sort opens the section.
        "more_open": (any(form.data.get(name) for name in ("cap", "nam", "nhom", "khu_vuc"))
                      or params["sort"] != queries.SORT_NEWEST),
        "results": _render_results(params, page, filter_query),
    })
    return {"body": body, "filter_query": filter_query, "q": params["q"]}


def product_list(request):
    # Keyed by the typed values, looked up before the form is even built: building and rendering the form
    # (Django renders every <option> through a template) costs more than the rest of a cached page. Only
    # input the form accepted is ever stored, so a hit needs no new check.
    page = _page_number(request.GET.get("trang"))
    typed = [(name, request.GET.get(name, "")) for name in CatalogueFilterForm.base_fields]

    def build_context():
        cached = cache.fragment("list", (typed, page), lambda: _list_page(request.GET, page))
        filter_query = cached["filter_query"]
        canonical = absolute(request.path) + (f"?{filter_query}" if filter_query else "")
        if page > 1:
            canonical += f"{'&' if filter_query else '?'}trang={page}"
        return {**cached, "page": page, "canonical": canonical}

    try:
        return render_public(request, "public/product_list.html", build_context)
    except InvalidFilters as invalid:
        body = render_to_string("public/_list_body.html", {"form": invalid.form})
        return render(request, "public/product_list.html", {"body": body}, status=400)


# --- Product and producer pages ----------------------------------------------------------------------------


def _product_page(pk: int) -> dict:
    on = timezone.localdate()
    row = queries.current_listings(on).select_related("product", "producer__province").filter(pk=pk).first()
    if row is None:
        return {}
    product, photos = row.product, list(ProductPhoto.objects.filter(product_id=pk).order_by("position", "id"))
    certificates = list(queries.public_certificates(pk, on))
    for certificate in certificates:
        certificate.public_state = certificate.status_on(on)
    primary = photos[0] if photos else None
    return {
        "title": product.name,
        "description": (product.description or product.materials)[:200],
        "og_image": absolute(primary.thumbnail_url(1280)) if primary else "",
        "body": render_to_string("public/_product.html", {
            "product": product, "producer": row.producer, "photos": photos, "certificates": certificates,
        }),
    }


def product_detail(request, pk):
    def build_context():
        page = cache.fragment("product", (pk,), lambda: _product_page(pk))
        if not page:
            raise Http404
        return {**page, "canonical": absolute(request.path)}

    return render_public(request, "public/product_detail.html", build_context)


def _producer_page(pk: int) -> dict:
    producer = Producer.objects.select_related("province").filter(pk=pk).first()
    if producer is None:
        return {}
    rows = list(queries.with_cards(queries.current_listings().filter(producer=producer).order_by("sort_name", "pk")))
    if not rows:  # a producer with no published recognition has no public page
        return {}
    return {
        "title": producer.name,
        "body": render_to_string("public/_producer.html", {"producer": producer, "rows": rows}),
    }


def producer_detail(request, pk):
    def build_context():
        page = cache.fragment("producer", (pk,), lambda: _producer_page(pk))
        if not page:
            raise Http404
        return {**page, "canonical": absolute(request.path)}

    return render_public(request, "public/producer_detail.html", build_context)
