"""The report's two charts as SVG strings, drawn on the server: no JavaScript, nothing to load, printable.

Only presentation attributes (fill=, stroke=...) are used, never style="": the page's Content-Security-Policy
forbids inline styles, and WeasyPrint reads the attributes as well. Every text is escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from html import escape

from catalog.numbers import number_text

WIDTH = 640
HEIGHT = 260
MARGIN_LEFT = 48
MARGIN_BOTTOM = 36
MARGIN_TOP = 16
MARGIN_RIGHT = 16
BAR = "#2f6f9f"
PASS = "#2e7d32"
WARN = "#c62828"
AXIS = "#555555"


def _svg(body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 11) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'font-family="DejaVu Sans, sans-serif" fill="{AXIS}">{escape(text)}</text>')


def bin_counts(averages: Iterable[Decimal], bin_width: int = 5) -> dict[int, int]:
    """floor(average / bin_width) → how many (what scoring.ranking_queries.average_bins counts in the database)."""
    return dict(Counter(int(value // bin_width) for value in averages))


def histogram(counts_by_bin: Mapping[int, int], *, threshold: Decimal, title: str, bin_width: int = 5,
              threshold_label: str = "") -> str:
    """Counts of averages in bins [0, 5), [5, 10) ... [95, 100] with a vertical line at the threshold.

    `counts_by_bin` maps floor(average / bin_width) to a count (see bin_counts); 100 falls in the last bin.
    A bin's bar is green when the whole bin passes (its lower edge ≥ threshold), else blue.
    """
    bins = list(range(0, 100, bin_width))
    counts = [0] * len(bins)
    for index, count in counts_by_bin.items():
        counts[max(min(index, len(bins) - 1), 0)] += count
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = max(counts) or 1
    bar_w = plot_w / len(bins)
    base = MARGIN_TOP + plot_h
    body = [f'<line x1="{MARGIN_LEFT}" y1="{base}" x2="{WIDTH - MARGIN_RIGHT}" y2="{base}" stroke="{AXIS}"/>',
            f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{base}" stroke="{AXIS}"/>',
            _text(MARGIN_LEFT - 6, MARGIN_TOP + 4, str(top), "end"), _text(MARGIN_LEFT - 6, base, "0", "end")]
    for i, (start, count) in enumerate(zip(bins, counts, strict=True)):
        x = MARGIN_LEFT + i * bar_w
        if count:
            h = plot_h * count / top
            colour = PASS if start >= threshold else BAR
            body.append(f'<rect x="{x + 1:.1f}" y="{base - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                        f'fill="{colour}"><title>{start}–{start + bin_width}: {count}</title></rect>')
        if i % 2 == 0:
            body.append(_text(x, base + 14, str(start)))
    body.append(_text(WIDTH - MARGIN_RIGHT, base + 14, "100"))
    tx = MARGIN_LEFT + plot_w * float(threshold) / 100
    body.append(f'<line class="threshold" x1="{tx:.1f}" y1="{MARGIN_TOP}" x2="{tx:.1f}" y2="{base}" '
                f'stroke="{WARN}" stroke-width="2" stroke-dasharray="6 3"/>')
    body.append(_text(tx + 4, MARGIN_TOP + 10, threshold_label or number_text(threshold), "start"))
    return _svg(body, title)


def deviation_bars(members: Sequence[tuple[str, Decimal | None, bool]], *, title: str) -> str:
    """One horizontal bar per member: mean deviation from the other members (right = more lenient, left =
    harsher), red when flagged. `members` is (label, mean deviation or None, flagged)."""
    row_h = 24
    height = MARGIN_TOP + row_h * max(len(members), 1) + MARGIN_BOTTOM
    left = 150
    plot_w = WIDTH - left - MARGIN_RIGHT
    limit = max([abs(d) for _label, d, _f in members if d is not None] + [Decimal(1)])
    centre = left + plot_w / 2
    scale = (plot_w / 2) / float(limit)
    base = MARGIN_TOP + row_h * max(len(members), 1)
    body = [f'<line x1="{centre:.1f}" y1="{MARGIN_TOP}" x2="{centre:.1f}" y2="{base}" stroke="{AXIS}"/>',
            _text(left, base + 14, f"−{number_text(limit)}", "start"), _text(centre, base + 14, "0"),
            _text(WIDTH - MARGIN_RIGHT, base + 14, f"+{number_text(limit)}", "end")]
    for i, (label, deviation, flagged) in enumerate(members):
        y = MARGIN_TOP + i * row_h
        body.append(_text(left - 8, y + 16, label, "end"))
        if deviation is None:
            body.append(_text(centre + 6, y + 16, "—", "start"))
            continue
        w = abs(float(deviation)) * scale
        x = centre if deviation >= 0 else centre - w
        colour = WARN if flagged else BAR
        body.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{colour}">'
                    f"<title>{escape(label)}: {number_text(deviation, 2)}</title></rect>")
    svg = _svg(body, title)
    return svg.replace(f'viewBox="0 0 {WIDTH} {HEIGHT}"', f'viewBox="0 0 {WIDTH} {height}"').replace(
        f'height="{HEIGHT}"', f'height="{height}"', 1)
