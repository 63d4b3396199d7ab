"""Public pages: home, catalogue list, product and producer pages. No login, no per-user content.

Every page is built as a `PublicPage` (title, description, head tags, body) and put into one frame,
`public/shell.html` (`render_public`). What costs, and how it is kept cheap without a per-address page cache:
- the frame is rendered once per language for visitors without a session, with markers where the page's parts
  and the language links' return address go, and filled in per request (a join of strings); it holds no form,
  so no CSRF token and no cookie is made for a visitor (catalog.views.switch_language);
- the list reads listing rows (one indexed query a page, catalog.queries) and renders its cards with Jinja2
  (config/jinja2.py); its filter form is rendered from plain data, once per set of typed filters;
- fragments that many addresses share are cached under one version number (`public.cache`): the filter form
  per typed filters, the count per filter set, the choices; and a product, producer or home page's body by id.
Signed-in visitors get the same parts in a frame rendered for them (their name, their menu).
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import urlencode as urlencode_filter
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import listing, queries, search, validity
from ..enums import Market, ProductGroup
from ..geography import ProvinceFilter, province_names, resolve_province_filter
from ..models import Producer, Province, Region
from ..templatetags.public_tags import media_url
from . import cache
from .forms import CatalogueFilterForm, filter_fields

FEATURED = 8


@dataclass(frozen=True)
class PublicPage:
    title: str
    body: str  # HTML
    head: str = ""  # HTML: canonical address, OpenGraph tags
    description: str = ""


# --- The frame -------------------------------------------------------------------------------------------

SLOTS = ("title", "description", "head", "body", "next")
_SLOT = re.compile("__public_slot_(" + "|".join(SLOTS) + ")__")


def _without_session(request) -> bool:
    # No session and no pending messages (cookie "messages"): the header can only show "Đăng nhập".
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _frame_pieces(request) -> list[str]:
    """The frame rendered with markers, split into [text, slot name, text, slot name, ..., text]."""
    markers = {name: f"__public_slot_{name}__" for name in SLOTS}
    html = render_to_string("public/shell.html", {
        "title": markers["title"], "description": markers["description"], "head": markers["head"],
        "body": markers["body"], "next_path": markers["next"],
    }, request)
    return _SLOT.split(html)


def render_public(request, build_page, *, status: int = 200) -> HttpResponse:
    """Put a page into the public frame; `build_page()` may raise Http404 (nothing is cached then)."""
    page = build_page()
    description = page.description or _("Bình chọn và tra cứu sản phẩm công nghiệp nông thôn tiêu biểu của Việt Nam.")
    if not _without_session(request):
        return render(request, "public/shell.html", {
            "title": page.title, "description": description, "head": mark_safe(page.head),
            "body": mark_safe(page.body),
        }, status=status)
    values = {"title": escape(page.title), "description": escape(description), "head": page.head, "body": page.body,
              # base.html's urlencode filter, as in a frame rendered per visitor.
              "next": escape(urlencode_filter(request.get_full_path()))}
    pieces = cache.fragment("frame", (), lambda: _frame_pieces(request))
    # Even positions are the frame's own text, odd ones the names of the slots between them.
    html = "".join(piece if index % 2 == 0 else values[piece] for index, piece in enumerate(pieces))
    return HttpResponse(html, status=status)


def _head(**tags) -> str:
    return get_template("public/head.html", using="jinja2").render(tags)


def healthz(request):
    """A trivial view: load balancers ask it whether the process is up; the benchmark uses it as a baseline."""
    return HttpResponse("ok", content_type="text/plain")


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def filter_choices() -> dict:
    def load():
        return {
            "levels": [(value, str(label)) for value, label in queries.level_choices()],
            "years": queries.listing_years(),
            "regions": list(Region.objects.values_list("code", "name")),
            "provinces": list(Province.objects.current().values_list("code", "name")),
            "province_names": province_names(),  # suggested, old names too: "Hà Tây" can be typed
        }

    return cache.fragment("choices", (), load)


# --- Home --------------------------------------------------------------------------------------------------


def _home_counts() -> str:
    counts = queries.listing_counts()
    labels = dict(queries.level_choices())
    years = sorted({row["year"] for row in counts}, reverse=True)
    levels = [value for value, _label in queries.level_choices() if any(r["level"] == value for r in counts)]
    table = {(row["level"], row["year"]): row["products"] for row in counts}
    newest = queries.current_listings().order_by("-recognised_on", "sort_name", "product_id")
    featured = queries.with_cards(newest)[:FEATURED]
    return render_to_string("public/_home_counts.html", {
        "levels": [(level, str(labels[level])) for level in levels],
        "rows": [(year, [table.get((level, year), 0) for level in levels]) for year in years],
        "featured": featured,
    })


def home(request):
    def build() -> PublicPage:
        hero = render_to_string("catalog/_home_hero.html", {"signed_in": request.user.is_authenticated})
        return PublicPage(title=_("Sản phẩm công nghiệp nông thôn tiêu biểu"),
                          body=hero + cache.fragment("home", (), _home_counts), head=_head(canonical=absolute("/")))

    return render_public(request, build)


# --- Catalogue list ----------------------------------------------------------------------------------------


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), 100_000))
    except (TypeError, ValueError, OverflowError):
        return 1


RESULTS_MARKER = "<!--public-results-->"


class InvalidFilters(Exception):
    def __init__(self, form):
        self.form = form


def _filters(data) -> dict:
    """The checked filters, their normalised query string and the rendered form; raises InvalidFilters."""
    form = CatalogueFilterForm(data, choices=filter_choices())
    if not form.is_valid():
        raise InvalidFilters(form)
    params = form.params()
    filter_query = urlencode({k: v for k, v in form.cleaned_data.items() if v not in ("", None)})
    return {"params": params, "filter_query": filter_query, "form_html": filter_form(form, filter_query)}


def filter_form(form: CatalogueFilterForm, filter_query: str = "") -> str:
    """The list's filter form (Jinja2, from plain data): a valid one with the results' marker, an invalid one with
    its errors."""
    valid = form.is_valid()
    # A submitted form always sends the sort select's first value: only another sort opens the section.
    more_open = not valid or (any(form.data.get(name) for name in ("cap", "nam", "nhom", "khu_vuc"))
                              or form.params()["sort"] != queries.SORT_NEWEST)
    return get_template("public/filters.html", using="jinja2").render({
        "fields": {f.name: f for f in filter_fields(form)}, "valid": valid, "more_open": more_open,
        "filter_query": filter_query,
    })


def _results(params: dict, page: int, filter_query: str) -> str:
    query = catalogue_query(params)
    template = get_template("public/results.html", using="jinja2")
    typed = province_filter(params["province"])
    if typed.unknown:
        return template.render({"unknown_province": typed.typed, "unknown_text": typed.error})
    province = query.province
    paginator = Paginator(queries.catalogue_cards(query), queries.PAGE_SIZE)
    # Every page of one filter shares its count: it reads the narrow listing table, but not for free. A search
    # counts up to search.COUNT_LIMIT rows and says "more than" past it.
    filters = sorted((k, v) for k, v in params.items() if k != "sort")
    limit = search.COUNT_LIMIT + 1 if params["q"] else None
    counted = cache.fragment("count", (filters,), lambda: queries.catalogue(query).order_by()[:limit].count())
    capped = limit is not None and counted == limit
    paginator.count = search.COUNT_LIMIT if capped else counted  # the first COUNT_LIMIT rows can be paged
    page_obj = paginator.get_page(page)
    if capped:
        count_text = _("Hơn %(limit)s sản phẩm; %(limit)s sản phẩm đầu tiên được liệt kê, hãy thêm từ hoặc bộ lọc "
                       "để thu hẹp") % {"limit": search.COUNT_LIMIT}
    else:
        count_text = ngettext("%(total)s sản phẩm", "%(total)s sản phẩm", counted) % {"total": counted}
    # Jinja2, like the cards: the whole results part is rendered for every new address (config/jinja2.py).
    return template.render({
        "page_obj": page_obj, "rows": page_obj.object_list, "province": province, "filter_query": filter_query,
        "count_text": count_text, "score_sorted": params["sort"] == queries.SORT_SCORE,
        "former_text": typed.note,
        "page_text": _("Trang %(number)s/%(total)s") % {"number": page_obj.number,
                                                         "total": paginator.num_pages},
    })


def province_filter(name: str) -> ProvinceFilter:
    """A typed province filter resolved (catalog.geography.resolve_province_filter), cached: resolving loads every
    province, and the answer is the same for everyone until a province changes."""
    if not name:
        return ProvinceFilter("")
    return cache.fragment("province-filter", (name,), lambda: resolve_province_filter(name))


def catalogue_query(params: dict) -> queries.CatalogueQuery:
    """The checked form parameters as a query, province names resolved (the list page and the open data)."""
    return queries.CatalogueQuery(**{**params, "province": province_filter(params["province"]).province,
                                     "named_province": province_filter(params["q"]).province})


def _list_title(q: str, page: int) -> str:
    title = _("Danh mục sản phẩm CNNT tiêu biểu")
    if q:
        title = _("Tìm “%(q)s”") % {"q": q} + " – " + title
    if page > 1:
        title += " – " + _("trang %(page)s") % {"page": page}
    return title


def product_list(request):
    page = _page_number(request.GET.get("trang"))
    # Looked up by the typed values before the form is even built: a cached form needs no new check, since only
    # input the form accepted is ever stored.
    typed = [(name, request.GET.get(name, "")) for name in CatalogueFilterForm.base_fields]
    try:
        filters = cache.fragment("filters", (typed,), lambda: _filters(request.GET))
    except InvalidFilters as invalid:
        body = filter_form(invalid.form)
        return render_public(request, lambda: PublicPage(title=_list_title("", 1), body=body), status=400)

    def build() -> PublicPage:
        filter_query = filters["filter_query"]
        canonical = absolute(request.path) + (f"?{filter_query}" if filter_query else "")
        if page > 1:
            canonical += f"{'&' if filter_query else '?'}trang={page}"
        results = _results(filters["params"], page, filter_query)
        # The marker holds "<", which typed text can never put into the form (it would be escaped).
        body = filters["form_html"].replace(RESULTS_MARKER, results, 1)
        return PublicPage(title=_list_title(filters["params"]["q"], page), body=body, head=_head(canonical=canonical))

    return render_public(request, build)


# --- Product and producer pages ----------------------------------------------------------------------------


def _product_page(pk: int) -> dict:
    """The body of a listed product's page from its stored ListingPage row: one query by primary key."""
    on = timezone.localdate()
    listing.refresh_due(on)
    page = queries.listing_page(pk)
    if page is None:
        return {}
    certificates = []
    for certificate in page["certificates"]:
        published_on = datetime.date.fromisoformat(certificate["published_on"])
        if published_on > on:  # stored ahead of its publication day: not public yet
            continue
        valid_until = datetime.date.fromisoformat(certificate["valid_until"])
        revoked_on = certificate["revoked_on"] and datetime.date.fromisoformat(certificate["revoked_on"])
        certificates.append({**certificate, "issued_on": datetime.date.fromisoformat(certificate["issued_on"]),
                             "valid_until": valid_until,
                             "state": validity.status_on(valid_until=valid_until, revoked_on=revoked_on, on=on)})
    primary = page["photos"][0] if page["photos"] else None
    body = get_template("public/product.html", using="jinja2").render({
        "page": page, "producer": page["producer"], "certificates": certificates,
        # A product of a published list that did not say its group has none.
        "group_label": ProductGroup(page["group"]).label if page["group"] else _("Chưa rõ nhóm"),
        "market_label": Market(page["market"]).label,
    })
    description = (page["description"] or page["materials"])[:200]
    # The page's address is its id's: the head tags are cached with the body.
    head = _head(canonical=absolute(reverse("public:product", args=[pk])), og_type="product", og_title=page["name"],
                 og_description=description,
                 og_image=absolute(media_url(primary["large"])) if primary else "")
    return {"title": page["name"] + " – " + _("Sản phẩm CNNT tiêu biểu"), "description": description, "head": head,
            "body": body}


def product_detail(request, pk):
    def build() -> PublicPage:
        page = cache.fragment("product", (pk,), lambda: _product_page(pk))
        if not page:
            raise Http404
        return PublicPage(title=page["title"], body=page["body"], head=page["head"], description=page["description"])

    return render_public(request, build)


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
    def build() -> PublicPage:
        page = cache.fragment("producer", (pk,), lambda: _producer_page(pk))
        if not page:
            raise Http404
        canonical = absolute(request.path)
        return PublicPage(title=page["title"] + " – " + _("Cơ sở sản xuất"), body=page["body"],
                          head=_head(canonical=canonical, og_title=page["title"]))

    return render_public(request, build)
