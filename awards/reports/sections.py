"""The statistics pages' sections: each a list of panels (a table, its chart, its download), built from the query
functions of `statistics` for one audience and one set of filters. The same builders serve the public pages, the
secretariat's pages and the downloads, so a downloaded table is the table on the page."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.enums import Level

from . import charts
from . import statistics as st
from .audience import Audience
from .filters import Filters
from .results import BIN_WIDTH, BINS
from .tables import Table, display


@dataclass
class Context:
    """What every builder of a section needs: the audience, the filters, the day, and the page's own address."""

    audience: Audience
    filters: Filters
    on: datetime.date
    section_path: Callable[[str], str]  # a section's page address, by slug
    section: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # the section's own parameters: nam (year), dot (round)
    _memo: dict = field(default_factory=dict)

    def once(self, key: str, compute: Callable):
        """A statistic two panels share (a province table and its region table) is computed once per request."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def link(self, section: str = "", **changes) -> str:
        """This page (or another section) with the same filters, some changed: a chart's bar filters by itself."""
        section = section or self.section
        extra = self.extra if section == self.section else {}
        params = {**self.filters.query(), **extra, **{name: str(value) for name, value in changes.items()}}
        path = self.section_path(section)
        return f"{path}?{urlencode(params)}" if params else path


@dataclass
class Panel:
    key: str  # the table's slug in its download address
    table: Table
    chart: SafeString | str = ""
    note: str = ""


def _svg(svg: str) -> SafeString:
    return mark_safe(svg)  # noqa: S308 – drawn by awards.reports.charts, which escapes every text


def _breakdown_table(title: str, first: str, breakdown: st.Breakdown, *, total: bool = True) -> Table:
    """Rows by columns; with `total`, a total column (when there are several) and a total row. Columns nobody
    reached (a level with no recognition) are left out."""
    columns = breakdown.used_columns() or breakdown.columns[:1]
    row_totals = total and len(columns) > 1
    headers = [first, *[label for _key, label in columns], *([_("Tổng")] if row_totals else [])]
    rows = []
    for key, label in breakdown.rows:
        values = [breakdown.get(key, column) for column, _label in columns]
        rows.append([label, *values, *([sum(values)] if row_totals else [])])
    footer = None
    if total:
        footer = [_("Tổng cộng"), *[breakdown.column_total(c) for c, _l in columns],
                  *([breakdown.total] if row_totals else [])]
    return Table(title=title, headers=headers, rows=rows, footer=footer)


# --- Recognised products -----------------------------------------------------------------------------------


def products_by_year(ctx: Context) -> Panel:
    breakdown = ctx.once("by_year", lambda: st.recognitions_by_year(ctx.audience, ctx.filters, on=ctx.on))
    title = _("Sản phẩm được công nhận theo năm và cấp")
    chart = charts.lines([label for _key, label in breakdown.rows], [
        charts.Series(label, [breakdown.get(year, level) for year, _y in breakdown.rows])
        for level, label in breakdown.used_columns()], title=title) if breakdown.rows else ""
    return Panel("theo-nam", _breakdown_table(title, _("Năm công nhận"), breakdown), _svg(chart) if chart else "")


def _places(ctx: Context) -> st.Places:
    return ctx.once("places", lambda: st.recognitions_by_place(ctx.audience, ctx.filters, on=ctx.on))


def products_by_province(ctx: Context) -> Panel:
    breakdown = _places(ctx).by_province
    title = _("Sản phẩm được công nhận theo tỉnh/thành phố")
    chart = charts.province_map({key: breakdown.row_total(key) for key, _label in breakdown.rows},
                                dict(breakdown.rows), title=title, href=lambda code: ctx.link(tinh=code),
                                legend_title=_("Số sản phẩm"))
    return Panel("theo-tinh", _breakdown_table(title, _("Tỉnh/thành phố"), breakdown), _svg(chart),
                 note=_("Cơ sở đăng ký theo tỉnh cũ (trước 01/7/2025) được tính vào tỉnh/thành phố hiện nay."))


def products_by_region(ctx: Context) -> Panel:
    breakdown = _places(ctx).by_region
    title = _("Sản phẩm được công nhận theo khu vực")
    chart = charts.bars([charts.Bar(label, breakdown.row_total(key), ctx.link(khu_vuc=key) if key else "")
                         for key, label in breakdown.rows], title=title)
    return Panel("theo-khu-vuc", _breakdown_table(title, _("Khu vực"), breakdown), _svg(chart))


def products_by_group(ctx: Context) -> Panel:
    breakdown = ctx.once("by_group", lambda: st.recognitions_by_group(ctx.audience, ctx.filters, on=ctx.on))
    title = _("Sản phẩm được công nhận theo nhóm sản phẩm")
    chart = charts.bars([charts.Bar(label, breakdown.row_total(key), ctx.link(nhom=key))
                         for key, label in breakdown.rows], title=title)
    return Panel("theo-nhom", _breakdown_table(title, _("Nhóm sản phẩm"), breakdown), _svg(chart))


# --- Certificates ------------------------------------------------------------------------------------------


def _statuses(ctx: Context) -> st.Statuses:
    return ctx.once("statuses", lambda: st.certificate_statuses(ctx.audience, ctx.filters, on=ctx.on))


def _status_table(title: str, first: str, breakdown: st.Breakdown) -> Table:
    table = _breakdown_table(title, first, breakdown, total=False)
    # "Expiring this year" is a part of "in force", not a separate status: no grand total across the columns.
    table.headers = [first, *[label for _key, label in breakdown.columns]]
    table.rows = [[label, *[breakdown.get(key, c) for c, _l in breakdown.columns]] for key, label in breakdown.rows]
    table.footer = [_("Tổng cộng"), *[breakdown.column_total(c) for c, _l in breakdown.columns]]
    return table


def certificates_by_level(ctx: Context) -> Panel:
    breakdown = _statuses(ctx).by_level
    title = _("Giấy chứng nhận theo cấp và tình trạng")
    chart = charts.bars([charts.Bar(label, breakdown.get(key, st.IN_FORCE), ctx.link(cap=key))
                         for key, label in breakdown.rows if breakdown.row_total(key)],
                        title=_("Giấy chứng nhận còn hiệu lực theo cấp"))
    return Panel("theo-cap", _status_table(title, _("Cấp"), breakdown), _svg(chart))


def certificates_by_province(ctx: Context) -> Panel:
    breakdown = _statuses(ctx).by_province
    title = _("Giấy chứng nhận theo tỉnh/thành phố và tình trạng")
    chart = charts.bars([charts.Bar(label, breakdown.get(key, st.IN_FORCE), ctx.link(tinh=key))
                         for key, label in breakdown.rows], title=_("Giấy chứng nhận còn hiệu lực theo tỉnh/thành phố"))
    return Panel("theo-tinh", _status_table(title, _("Tỉnh/thành phố"), breakdown), _svg(chart))


def certificates_by_region(ctx: Context) -> Panel:
    breakdown = _statuses(ctx).by_region
    return Panel("theo-khu-vuc", _status_table(_("Giấy chứng nhận theo khu vực và tình trạng"), _("Khu vực"),
                                               breakdown))


# --- Producers ---------------------------------------------------------------------------------------------


def _producers(ctx: Context) -> st.ProducerCounts:
    return ctx.once("producers", lambda: st.producers(ctx.audience, ctx.filters, on=ctx.on))


def _producer_bars(breakdown: st.Breakdown, title: str, link: Callable[[str], str]) -> str:
    return _svg(charts.bars([charts.Bar(label, breakdown.get(key, st.RECOGNISED), link(key))
                             for key, label in breakdown.rows], title=title))


def producers_by_legal_form(ctx: Context) -> Panel:
    breakdown = _producers(ctx).by_legal_form
    title = _("Cơ sở sản xuất theo loại hình")
    return Panel("theo-loai-hinh", _breakdown_table(title, _("Loại hình"), breakdown, total=False),
                 _producer_bars(breakdown, _("Cơ sở có sản phẩm được công nhận theo loại hình"), lambda key: ""))


def producers_by_province(ctx: Context) -> Panel:
    breakdown = _producers(ctx).by_province
    title = _("Cơ sở sản xuất theo tỉnh/thành phố")
    return Panel("theo-tinh", _breakdown_table(title, _("Tỉnh/thành phố"), breakdown, total=False),
                 _producer_bars(breakdown, _("Cơ sở có sản phẩm được công nhận theo tỉnh/thành phố"),
                                lambda key: ctx.link(tinh=key)))


def producers_by_product_count(ctx: Context) -> Panel:
    breakdown = st.producers_by_product_count(ctx.audience, ctx.filters, on=ctx.on)
    title = _("Cơ sở theo số sản phẩm được công nhận")
    chart = charts.bars([charts.Bar(label, breakdown.get(key, "producers")) for key, label in breakdown.rows],
                        title=title)
    return Panel("theo-so-san-pham", _breakdown_table(title, _("Số sản phẩm được công nhận"), breakdown),
                 _svg(chart))


# --- Rounds ------------------------------------------------------------------------------------------------

ROUND_COLUMNS = [gettext_lazy("Số đợt"), gettext_lazy("Hồ sơ xét"), gettext_lazy("Đạt ngưỡng điểm"),
                 gettext_lazy("Được công nhận"), gettext_lazy("Chuyển lên cấp trên"),
                 gettext_lazy("Tỉ lệ đạt ngưỡng (%)"), gettext_lazy("Tỉ lệ được công nhận (%)")]


def _rounds_by_year(ctx: Context) -> list[st.RoundFigures]:
    return ctx.once("rounds_by_year", lambda: st.rounds_by_year(ctx.audience, ctx.filters))


def _figures(f: st.RoundFigures) -> list:
    return [f.entries, f.eligible, f.recognised, f.forwarded, f.eligible_rate, f.pass_rate]


def rounds_by_year(ctx: Context) -> Panel:
    figures = _rounds_by_year(ctx)
    title = _("Đợt bình chọn đã công bố kết quả theo năm")
    total = st.RoundFigures(label=_("Tổng cộng"), **{name: sum(getattr(f, name) for f in figures) for name in (
        "rounds", "entries", "scored", "eligible", "recognised", "forwarded")})
    table = Table(title=title, headers=[_("Năm"), *map(str, ROUND_COLUMNS)],
                  rows=[[f.label, f.rounds, *_figures(f)] for f in figures],
                  footer=[total.label, total.rounds, *_figures(total)],
                  links=[ctx.link(nam=f.label) for f in figures])
    chart = charts.lines([f.label for f in figures], [
        charts.Series(_("Hồ sơ xét"), [f.entries for f in figures]),
        charts.Series(_("Đạt ngưỡng điểm"), [f.eligible for f in figures]),
        charts.Series(_("Được công nhận"), [f.recognised for f in figures]),
        charts.Series(_("Chuyển lên cấp trên"), [f.forwarded for f in figures]),
    ], title=title) if figures else ""
    return Panel("theo-nam", table, _svg(chart) if chart else "",
                 note=_("Chỉ tính các đợt đã công bố quyết định công nhận. Chọn một năm để xem từng đợt."))


def selected_year(ctx: Context) -> int | None:
    """The year whose rounds are listed: the `nam` parameter, else the latest year with a published round."""
    if ctx.extra.get("nam", "").isdigit():
        return int(ctx.extra["nam"])
    years = [int(f.label) for f in _rounds_by_year(ctx) if f.rounds]
    return max(years, default=None)


def rounds_of_year(ctx: Context) -> Panel:
    year = selected_year(ctx)
    figures = st.rounds_of_year(ctx.audience, ctx.filters, year) if year else []
    title = _("Các đợt bình chọn năm %(year)s") % {"year": year or "—"}
    table = Table(title=title, headers=[_("Đợt bình chọn"), _("Cấp"), _("Phạm vi"), *map(str, ROUND_COLUMNS[1:])],
                  rows=[[f.label, Level(f.level).label, f.scope, *_figures(f)] for f in figures],
                  links=[ctx.link("diem", dot=f.round_id) for f in figures])
    return Panel("danh-sach", table, note=_("Chọn tên đợt để xem phân bố điểm của đợt đó."))


# --- Scores ------------------------------------------------------------------------------------------------

BANDS = [(0, 50), (50, 60), (60, 70), (70, 80), (80, 90), (90, 100)]


def _band_label(low: int, high: int) -> str:
    return _("dưới %(high)s") % {"high": high} if low == 0 else f"{low}–{high}"


def _bands(bins: list[int]) -> list[int]:
    """5-point bins summed into the bands of the table (a band's edges are multiples of the bin width)."""
    return [sum(bins[low // BIN_WIDTH: high // BIN_WIDTH]) for low, high in BANDS]


def scores_overall(ctx: Context) -> Panel:
    breakdown = ctx.once("bins", lambda: st.score_bins_by_year(ctx.audience, ctx.filters))
    bins = [breakdown.column_total(str(i)) for i in range(BINS)]
    title = _("Phân bố điểm trung bình của các hồ sơ (các năm đã chọn)")
    table = Table(title=title, headers=[_("Điểm trung bình"), _("Số hồ sơ")],
                  rows=[[label, bins[int(key)]] for key, label in breakdown.columns],
                  footer=[_("Tổng cộng"), sum(bins)])
    return Panel("phan-bo", table, _svg(charts.histogram(bins, title=title)))


def scores_by_year(ctx: Context) -> Panel:
    breakdown = ctx.once("bins", lambda: st.score_bins_by_year(ctx.audience, ctx.filters))
    figures = {f.label: f for f in _rounds_by_year(ctx)}
    title = _("Phân bố điểm trung bình theo năm")
    rows = []
    for year, label in breakdown.rows:
        bands = _bands([breakdown.get(year, str(i)) for i in range(BINS)])
        f = figures.get(year)
        rows.append([label, *bands, sum(bands), f.eligible_rate if f else None])
    table = Table(title=title, headers=[_("Năm"), *[_band_label(low, high) for low, high in BANDS], _("Có điểm"),
                                        _("Tỉ lệ đạt ngưỡng (%)")], rows=rows)
    share = charts.Series(_("Tỉ lệ đạt ngưỡng (%)"), [row[-1] for row in rows])
    chart = charts.lines([row[0] for row in rows], [share], title=_("Tỉ lệ hồ sơ đạt ngưỡng điểm theo năm"),
                         percent=True) if rows else ""
    return Panel("theo-nam", table, _svg(chart) if chart else "",
                 note=_("Ngưỡng của từng đợt (mặc định 70 điểm) được so sánh chính xác với điểm trung bình."))


def selected_round(ctx: Context):
    round_id = ctx.extra.get("dot", "")
    return st.round_result(ctx.audience, int(round_id)) if round_id.isdigit() else None


def scores_of_round(ctx: Context) -> Panel | None:
    result = ctx.once("round", lambda: selected_round(ctx))
    if result is None:
        return None
    title = _("Phân bố điểm: %(round)s") % {"round": result.round.title}
    table = Table(title=title, headers=[_("Điểm trung bình"), _("Số hồ sơ")],
                  rows=[[label, result.bins[i]] for i, label in enumerate(map(st.bin_label, range(BINS)))],
                  footer=[_("Tổng cộng"), sum(result.bins)])
    chart = charts.histogram(result.bins, title=title, threshold=result.threshold,
                             threshold_label=_("Ngưỡng %(t)s") % {"t": display(
                                 int(result.threshold) if result.threshold % 1 == 0 else result.threshold)})
    note = _("Đạt ngưỡng %(eligible)s/%(scored)s hồ sơ có điểm; được công nhận %(recognised)s/%(entries)s.") % {
        "eligible": result.eligible, "scored": result.scored, "recognised": result.recognised,
        "entries": result.entries}
    return Panel("dot", table, _svg(chart), note=note)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    # (table slug, builder): the page builds them all, a download only its own.
    builders: tuple[tuple[str, Callable[[Context], Panel | None]], ...]
    # Filters that mean nothing here (said under the form).
    ignored: tuple[str, ...] = ()

    def panels(self, ctx: Context) -> list[Panel]:
        return [panel for _key, build in self.builders if (panel := build(ctx)) is not None]

    def panel(self, ctx: Context, key: str) -> Panel | None:
        build = dict(self.builders).get(key)
        return build(ctx) if build else None


SECTIONS = {section.slug: section for section in (
    Section("san-pham", gettext_lazy("Sản phẩm được công nhận"), (
        ("theo-nam", products_by_year), ("theo-tinh", products_by_province), ("theo-khu-vuc", products_by_region),
        ("theo-nhom", products_by_group))),
    Section("giay-chung-nhan", gettext_lazy("Giấy chứng nhận"), (
        ("theo-cap", certificates_by_level), ("theo-tinh", certificates_by_province),
        ("theo-khu-vuc", certificates_by_region))),
    Section("co-so", gettext_lazy("Cơ sở sản xuất"), (
        ("theo-loai-hinh", producers_by_legal_form), ("theo-tinh", producers_by_province),
        ("theo-so-san-pham", producers_by_product_count))),
    Section("dot-binh-chon", gettext_lazy("Đợt bình chọn"), (
        ("theo-nam", rounds_by_year), ("danh-sach", rounds_of_year)), ignored=("nhom",)),
    Section("diem", gettext_lazy("Điểm bình chọn"), (
        ("dot", scores_of_round), ("phan-bo", scores_overall), ("theo-nam", scores_by_year)), ignored=("nhom",)),
)}
DEFAULT_SECTION = "san-pham"
