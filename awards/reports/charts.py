"""The statistics' charts as SVG strings drawn on the server: bars, lines over years, a score histogram and a map of
the 34 provinces. No JavaScript, no tile server, nothing loaded from elsewhere; printable (WeasyPrint reads them).

Drawn 360 units wide, the width of a phone, so at 360 px the 13–14 px labels stay 12 px or more; wider screens show
them at their own size. As in scoring/charts.py only presentation attributes are used (the Content-Security-Policy
forbids style=""), every text is escaped, and each chart has a <title>; the numbers are in the table beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from catalog.numbers import number_text

WIDTH = 360
FONT = 15
SMALL = 14
INK = "#1d2521"
MUTED = "#5b6661"
GRID = "#d9e0dc"
BAR = "#0b6e4f"
WARN = "#b3261e"
# One colour per series, told apart also in grey print; the first is the site's green.
SERIES = ["#0b6e4f", "#2f6f9f", "#b8860b", "#8e3b8e", "#6b6b6b", "#c0392b"]
# The map's classes, light to dark; numbers on the two darkest tiles are white.
SHADES = ["#d9efe2", "#a8d5ba", "#6cb58d", "#2f8f62", "#0b6e4f"]
EMPTY = "#eef1ef"
FAMILY = "DejaVu Sans, system-ui, sans-serif"


def _svg(body: list[str], title: str, height: float, width: float = WIDTH) -> str:
    # A chart whose bars are links is a group of links, not one picture (an image's children are hidden from
    # screen readers, so its links would be unreachable).
    role = "group" if any(part.startswith("<a ") for part in body) else "img"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="stat-chart" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="{role}" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = FONT, fill: str = INK,
          weight: str = "normal") -> str:
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" font-family="{FAMILY}" '
            f'fill="{fill}"{bold}>{escape(text)}</text>')


def _number(value) -> str:
    """A figure in the page's language, as the tables beside the charts write it (1.234; 66,7)."""
    return number_text(value)


def _nice_top(value: float) -> int:
    """A round axis maximum at or above `value`: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _lines_of(label: str, limit: int = 16) -> list[str]:
    """A label on one line, or two split at a space; what still does not fit ends with "…"."""
    if len(label) <= limit:
        return [label]
    words, first = label.split(), ""
    while words and len(f"{first} {words[0]}".strip()) <= limit:
        first = f"{first} {words.pop(0)}".strip()
    rest = " ".join(words)
    if not first:
        first, rest = label[: limit - 1] + "…", ""
    return [first, rest if len(rest) <= limit else rest[: limit - 1] + "…"] if rest else [first]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str = ""


def bars(items: Sequence[Bar], *, title: str) -> str:
    """Horizontal bars, one row per item, label left, value at the bar's end; a bar links where `href` says."""
    labels = [_lines_of(item.label) for item in items]
    row = 40 if any(len(lines) > 1 for lines in labels) else 30
    label_w, top = 142, 6
    plot_w = WIDTH - label_w - 58
    peak = max((item.value for item in items), default=0) or 1
    height = top + row * max(len(items), 1) + 6
    body = []
    for index, (item, lines) in enumerate(zip(items, labels, strict=True)):
        y = top + index * row
        w = plot_w * item.value / peak
        middle = y + row / 2
        label = "".join(_text(label_w - 8, middle + 5 + 16 * (i - (len(lines) - 1) / 2), line, anchor="end",
                              size=SMALL) for i, line in enumerate(lines))
        bar = (label
               + f'<rect x="{label_w}" y="{middle - 10:.1f}" width="{max(w, 1):.1f}" height="20" fill="{BAR}" rx="2">'
               f"<title>{escape(item.label)}: {_number(item.value)}</title></rect>"
               + _text(label_w + w + 6, middle + 5, _number(item.value), size=SMALL, fill=MUTED))
        body.append(f'<a href="{escape(item.href)}">{bar}</a>' if item.href else bar)
    body.append(f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{height - 6}" stroke="{MUTED}"/>')
    return _svg(body, title, height)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int | Decimal | None]


def lines(x_labels: Sequence[str], series: Sequence[Series], *, title: str, percent: bool = False) -> str:
    """One line per series over the x labels (years), a dot per value, the legend below the plot."""
    left, right, top, plot_h = 44, 14, 12, 170
    plot_w = WIDTH - left - right
    values = [float(v) for s in series for v in s.values if v is not None]
    peak = 100 if percent else _nice_top(max(values, default=0))
    base = top + plot_h
    count = max(len(x_labels), 1)
    step_x = plot_w / max(count - 1, 1)
    body = []
    for i in range(5):  # four gridlines and the axis
        value = peak * i / 4
        y = base - plot_h * i / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        label = f"{_number(value)}%" if percent else _number(value)
        body.append(_text(left - 6, y + 5, label, anchor="end", size=SMALL, fill=MUTED))

    def x_of(i: int) -> float:
        return left + (i * step_x if count > 1 else plot_w / 2)

    def point(i: int, value) -> tuple[float, float]:
        return x_of(i), base - plot_h * float(value) / peak

    every = max(1, -(-count * 44 // int(plot_w)))  # labels at least 44 units apart, counted back from the last
    for i in range(count - 1, -1, -every):
        body.append(_text(x_of(i), base + 20, x_labels[i], anchor="middle", size=SMALL, fill=MUTED))

    for colour, line in zip(SERIES, series, strict=False):
        path, dots = [], []
        for i, value in enumerate(line.values):
            if value is None:
                continue
            x, y = point(i, value)
            path.append(f"{'M' if not path else 'L'}{x:.1f},{y:.1f}")
            shown = f"{_number(value)}%" if percent else _number(value)
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
                        f"<title>{escape(line.label)}, {escape(x_labels[i])}: {escape(shown)}</title></circle>")
        if path:
            body.append(f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        body += dots
    legend_top = base + 34
    for index, (colour, line) in enumerate(zip(SERIES, series, strict=False)):
        y = legend_top + index * 24
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + 26}" y2="{y:.1f}" stroke="{colour}" '
                    f'stroke-width="4"/>')
        body.append(_text(left + 34, y + 5, line.label))
    return _svg(body, title, legend_top + 24 * len(series))


def histogram(bins: Sequence[int], *, title: str, bin_width: int = 5, threshold: Decimal | None = None,
              threshold_label: str = "") -> str:
    """Counts of averages in [0, 5) … [95, 100], with a dashed line at the threshold when there is one."""
    left, right, top, plot_h = 40, 12, 22, 170
    plot_w = WIDTH - left - right
    peak = _nice_top(max(bins, default=0))
    base = top + plot_h
    bar_w = plot_w / len(bins)
    body = [f'<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}" stroke="{MUTED}"/>',
            _text(left - 6, top + 5, _number(peak), anchor="end", size=SMALL, fill=MUTED),
            _text(left - 6, base + 5, "0", anchor="end", size=SMALL, fill=MUTED)]
    for i, count in enumerate(bins):
        x = left + i * bar_w
        low = i * bin_width
        if count:
            h = plot_h * count / peak
            passing = threshold is not None and low >= threshold
            body.append(f'<rect x="{x + 1:.1f}" y="{base - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                        f'fill="{BAR if passing or threshold is None else SERIES[1]}">'
                        f"<title>{low}–{low + bin_width}: {_number(count)}</title></rect>")
        if i % 4 == 0:
            body.append(_text(x, base + 20, str(low), anchor="middle", size=SMALL, fill=MUTED))
    body.append(_text(WIDTH - right, base + 20, "100", anchor="end", size=SMALL, fill=MUTED))
    if threshold is not None:
        tx = left + plot_w * float(threshold) / (bin_width * len(bins))
        body.append(f'<line x1="{tx:.1f}" y1="{top - 8}" x2="{tx:.1f}" y2="{base}" stroke="{WARN}" '
                    'stroke-width="2" stroke-dasharray="6 3"/>')
        body.append(_text(tx - 4, top + 2, threshold_label or _number(threshold), anchor="end", size=SMALL, fill=WARN))
    return _svg(body, title, base + 30)


# --- The map of the 34 provinces -----------------------------------------------------------------------------
# A schematic tile map drawn for this project (no boundary data, so no licence to carry): one square per unit in
# force since 1 July 2025, placed by its rough position from the north-western border down to Cà Mau; the
# abbreviation on each tile is explained by its tooltip and by the table beside the map.
# code: (column, row, abbreviation)
TILES: dict[str, tuple[int, int, str]] = {
    "12": (1, 0, "LC"), "15": (2, 0, "LCa"), "08": (3, 0, "TQ"), "04": (4, 0, "CB"),
    "11": (0, 1, "ĐB"), "14": (1, 1, "SL"), "25": (2, 1, "PT"), "19": (3, 1, "TN"), "20": (4, 1, "LS"),
    "01": (2, 2, "HN"), "24": (3, 2, "BN"), "22": (4, 2, "QN"),
    "37": (2, 3, "NB"), "33": (3, 3, "HY"), "31": (4, 3, "HP"),
    "38": (2, 4, "TH"),
    "40": (2, 5, "NA"),
    "42": (3, 6, "HT"),
    "44": (3, 7, "QT"),
    "46": (4, 8, "Huế"),
    "48": (4, 9, "ĐN"),
    "51": (4, 10, "QNg"),
    "52": (4, 11, "GL"),
    "66": (4, 12, "ĐL"),
    "68": (3, 13, "LĐ"), "56": (4, 13, "KH"),
    "80": (1, 14, "TNi"), "79": (2, 14, "HCM"), "75": (3, 14, "ĐNa"),
    "91": (0, 15, "AG"), "82": (1, 15, "ĐT"), "86": (2, 15, "VL"),
    "96": (0, 16, "CM"), "92": (1, 16, "CT"),
}
TILE, GAP = 50, 4


def classes(peak: int) -> list[int]:
    """Upper bounds of the map's five classes: equal steps up to the largest value (at least 1 each)."""
    step = max(1, -(-peak // len(SHADES)))
    return [step * (i + 1) for i in range(len(SHADES))]


def province_map(values: Mapping[str, int], names: Mapping[str, str], *, title: str,
                 href: Callable[[str], str] | None = None, legend_title: str = "") -> str:
    """The 34 tiles shaded by value (white: none), each with its abbreviation and number, linking to `href(code)`;
    a legend of the classes below. `values` and `names` are keyed by province code."""
    bounds = classes(max(values.values(), default=0))
    pitch = TILE + GAP
    columns = 1 + max(column for column, _row, _abbr in TILES.values())
    rows = 1 + max(row for _column, row, _abbr in TILES.values())
    width = max(columns * pitch + 8, WIDTH)
    offset = (width - columns * pitch) / 2
    body = []
    for code, (column, row, abbreviation) in TILES.items():
        value = values.get(code, 0)
        shade = next((i for i, bound in enumerate(bounds) if value <= bound), len(SHADES) - 1) if value else None
        fill = EMPTY if shade is None else SHADES[shade]
        ink = "#ffffff" if shade is not None and shade >= 3 else INK
        x, y = offset + column * pitch, 4 + row * pitch
        name = names.get(code, code)
        tile = (f'<rect x="{x:.1f}" y="{y}" width="{TILE}" height="{TILE}" rx="4" fill="{fill}" stroke="{GRID}">'
                f"<title>{escape(name)}: {_number(value)}</title></rect>"
                + _text(x + TILE / 2, y + 21, abbreviation, anchor="middle", size=SMALL, fill=ink, weight="bold")
                + _text(x + TILE / 2, y + 40, _number(value), anchor="middle", size=SMALL, fill=ink))
        body.append(f'<a href="{escape(href(code))}" aria-label="{escape(name)}">{tile}</a>' if href else tile)
    legend_top = 4 + rows * pitch + 12
    if legend_title:
        body.append(_text(offset, legend_top + 4, legend_title, size=SMALL, fill=MUTED))
    low = 1
    for i, (shade, bound) in enumerate(zip(SHADES, bounds, strict=True)):
        y = legend_top + 16 + i * 24
        body.append(f'<rect x="{offset:.1f}" y="{y}" width="22" height="18" fill="{shade}" stroke="{GRID}"/>')
        label = _number(low) if low == bound else f"{_number(low)}–{_number(bound)}"
        body.append(_text(offset + 30, y + 14, label, size=SMALL))
        low = bound + 1
    return _svg(body, title, legend_top + 16 + 24 * len(SHADES), width)
