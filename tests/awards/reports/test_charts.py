"""The charts are well-formed SVG with every text escaped and no inline style; the map has a tile for each of
today's 34 units and shades them by value."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from awards.reports import charts
from catalog.models import Province

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert "style=" not in svg
    return root


def texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def test_bars_escape_labels_and_wrap_long_ones():
    root = parse(charts.bars([charts.Bar("<script>alert(1)</script>", 3), charts.Bar("Thành phố Hồ Chí Minh", 12,
                                                                                       href="/thong-ke/?tinh=79")],
                             title="Tên & số"))

    assert root.find(f"{SVG}title").text == "Tên & số"
    assert texts(root) == ["<script>alert(1…", "3", "Thành phố Hồ Chí", "Minh", "12"]
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["/thong-ke/?tinh=79"]


def test_lines_label_the_last_year_and_name_each_series():
    years = [str(y) for y in range(2007, 2027)]
    root = parse(charts.lines(years, [charts.Series("Cấp tỉnh", list(range(20))), charts.Series("Cấp xã", [None] * 20)],
                              title="Theo năm"))

    labels = texts(root)
    assert "2026" in labels and "Cấp tỉnh" in labels and "Cấp xã" in labels
    assert len(list(root.iter(f"{SVG}circle"))) == 20  # a missing value draws nothing


def test_histogram_marks_the_threshold():
    bins = [0] * 20
    bins[14], bins[13] = 5, 2
    root = parse(charts.histogram(bins, title="Phân bố", threshold=Decimal("70"), threshold_label="Ngưỡng 70"))

    assert "Ngưỡng 70" in texts(root)
    assert len(list(root.iter(f"{SVG}rect"))) == 2


@pytest.mark.django_db
def test_the_map_has_a_tile_for_each_of_todays_units():
    current = set(Province.objects.current().values_list("code", flat=True))

    assert set(charts.TILES) == current and len(current) == 34
    positions = [(column, row) for column, row, _abbr in charts.TILES.values()]
    assert len(set(positions)) == 34  # no two tiles on one square


def test_the_map_shades_by_class_and_links_each_tile():
    values = dict.fromkeys(charts.TILES, 0) | {"01": 50, "79": 10}
    root = parse(charts.province_map(values, {"01": "Hà Nội", "79": "TP Hồ Chí Minh"}, title="Bản đồ",
                                     href=lambda code: f"?tinh={code}"))

    tiles = {rect.find(f"{SVG}title").text: rect.get("fill") for rect in root.iter(f"{SVG}rect")
             if rect.find(f"{SVG}title") is not None}
    assert tiles["Hà Nội: 50"] == charts.SHADES[-1]
    assert tiles["TP Hồ Chí Minh: 10"] == charts.SHADES[0]
    assert tiles["48: 0"] == charts.EMPTY
    assert len(list(root.iter(f"{SVG}a"))) == 34
    assert charts.classes(50) == [10, 20, 30, 40, 50]
