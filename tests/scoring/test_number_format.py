"""Issue 12: every number a person reads is in the page's language (60,5 in Vietnamese, 60.5 in English), and
every score input takes both separators. Real database, real pages; the machine-readable outputs keep '.'."""

import io
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from scoring import sheets
from scoring.enums import ChangePath
from scoring.forms import RoundForm, RubricImportForm
from scoring.models import Score, ScoreSheet
from tests.scoring.test_report import scored_round

pytestmark = pytest.mark.django_db

# 18 + 17.5 + 8 + 12 + 5 = 60.5
HALF_SHEET = {"1.1": "18", "1.2": "17.5", "2.1": "8", "2.2": "12", "2.3": "5"}


def english(client, url):
    """The page as someone who chose English with the switcher sees it (the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        return client.get(url).content.decode()
    finally:
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]


def test_the_sheet_shows_the_same_figures_with_a_comma_in_vietnamese_and_a_dot_in_english(client, jury, accepted,
                                                                                           judge):
    sheets.save_scores(nomination_id=accepted.pk, member=judge, values=HALF_SHEET, by=judge, path=ChangePath.WEB)
    client.force_login(judge)
    url = reverse("scoring:jury_sheet", args=[accepted.pk])

    vi = client.get(url).content.decode()
    en = english(client, url)

    total = re.compile(r'<output id="sheet-total"[^>]*data-decimal-separator="(.)"[^>]*>([^<]*)</output>')
    assert total.search(vi).groups() == (",", "60,5")
    assert total.search(en).groups() == (".", "60.5")
    assert ('name="score-1.2" value="17,5"' in vi, 'name="score-1.2" value="17.5"' in en) == (True, True)
    assert ('name="score-1.2" value="17.5"' in vi, 'name="score-1.2" value="17,5"' in en) == (False, False)
    # The script's maxima stay machine-readable in both languages.
    assert ('data-max="20.00"' in vi, 'data-max="20.00"' in en) == (True, True)


@pytest.mark.parametrize("typed", ["17,5", "17.5", " 17,50 "])
def test_posting_either_separator_stores_the_same_decimal(client, jury, accepted, judge, typed):
    client.force_login(judge)

    response = client.post(reverse("scoring:jury_sheet", args=[accepted.pk]),
                           {"score-1.2": typed, "action": "save"})

    assert response.status_code == 302
    assert Score.objects.get(criterion__code="1.2").value == D("17.5")
    assert ScoreSheet.objects.get().total == D("17.5")


@pytest.mark.parametrize("typed", ["8,5", "8.5"])
def test_autosave_reads_either_separator_and_answers_both_totals(client, jury, accepted, judge, typed):
    client.force_login(judge)
    url = reverse("scoring:jury_autosave", args=[accepted.pk])
    client.post(url, {"field": "score-1.1", "value": "18"})

    vi = client.post(url, {"field": "score-3", "value": typed})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = client.post(url, {"field": "score-3", "value": typed})

    assert vi.json() == {"saved": True, "total": "26.5", "total_text": "26,5"}
    assert en.json() == {"saved": True, "total": "26.5", "total_text": "26.5"}
    assert Score.objects.get(criterion__code="3").value == D("8.5")


def test_a_bad_number_is_refused_in_vietnamese_and_leaves_the_sheet_unchanged(client, jury, accepted, judge):
    client.force_login(judge)
    url = reverse("scoring:jury_sheet", args=[accepted.pk])
    good = client.post(url, {"score-1.2": "17,5", "action": "save"})

    bad = client.post(url, {"score-1.2": "6,0,5", "action": "save"})
    autosave = client.post(reverse("scoring:jury_autosave", args=[accepted.pk]),
                           {"field": "score-1.2", "value": "1.234,5"})

    assert good.status_code == 302  # positive control: a good value saves
    assert bad.status_code == 400
    row = next(r for r in bad.context["rows"] if r["criterion"].code == "1.2")
    assert (row["value"], row["error"]) == ("6,0,5", "Hãy nhập một số.")
    assert autosave.status_code == 400
    assert autosave.json() == {"errors": {"1.2": "Hãy nhập một số."}, "messages": []}
    assert (Score.objects.get(criterion__code="1.2").value, ScoreSheet.objects.get().total) == (D("17.5"), D("17.5"))


def test_paper_entry_reads_a_comma_and_shows_it_back(client, secretary, jury, accepted, judge):
    client.force_login(secretary)
    url = reverse("scoring:paper_entry", args=[accepted.pk, judge.pk])

    response = client.post(url, {f"score-{code}": value.replace(".", ",") for code, value in HALF_SHEET.items()}
                           | {"action": "save"})
    page = client.get(url).content.decode()

    assert response.status_code == 302
    assert ScoreSheet.objects.get().total == D("60.5")
    assert ('value="17,5"' in page, ">60,5</output>" in page) == (True, True)


def test_the_score_history_and_the_queue_use_a_comma(client, secretary, jury, accepted, judge):
    sheets.save_scores(nomination_id=accepted.pk, member=judge, values=HALF_SHEET, by=judge, path=ChangePath.WEB)
    client.force_login(judge)
    queue = client.get(reverse("scoring:jury_queue")).content.decode()
    client.force_login(secretary)
    history = client.get(reverse("scoring:nomination_sheets", args=[accepted.pk])).content.decode()

    assert ("Đang chấm · 60,5" in queue, "Đang chấm · 60.5" in queue) == (True, False)
    assert ("<td>17,5</td>" in history, "<td>17.5</td>" in history) == (True, False)


def _half_round():
    """Two members scoring 70.5 and 90: average 80.25 (sheet totals 70.5 and 90)."""
    return scored_round(sheet_values=(["20.5", "10", "15", "5", "10", "10"], ["25", "15", "20", "10", "10", "10"]))


def test_ranking_and_report_show_comma_decimals_in_vietnamese_and_dots_in_english(client, secretary):
    selection_round = _half_round()
    client.force_login(secretary)

    pages = {name: (client.get(reverse(name, args=[selection_round.pk])).content.decode(),
                    english(client, reverse(name, args=[selection_round.pk])))
             for name in ("scoring:round_ranking", "scoring:round_report")}

    for vi, en in pages.values():
        assert ("<strong>80,25</strong>" in vi, "<td>70,50</td>" in vi, "Ngưỡng 70,00" in vi) == (True, True, True)
        assert ("<strong>80.25</strong>" in en, "<td>70.50</td>" in en) == (True, True)
        assert ("80.25" in vi, "80,25" in en) == (False, False)


def test_report_pdf_uses_a_comma(client, secretary):
    selection_round = _half_round()
    client.force_login(secretary)

    response = client.get(reverse("scoring:round_report_pdf", args=[selection_round.pk]))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)

    assert ("80,25" in text, "70,50" in text, "80.25" in text) == (True, True, False)


def test_report_xlsx_keeps_numbers_numeric(client, secretary):
    from openpyxl import load_workbook

    selection_round = _half_round()
    client.force_login(secretary)

    response = client.get(reverse("scoring:round_report_xlsx", args=[selection_round.pk]))
    cells = [cell.value for sheet in load_workbook(io.BytesIO(response.content)).worksheets
             for row in sheet.iter_rows() for cell in row]

    numbers = [c for c in cells if isinstance(c, int | float | D)]
    assert 80.25 in [float(c) for c in numbers]
    assert not [c for c in cells if isinstance(c, str) and c in ("80,25", "80.25")]


def test_decimal_inputs_of_forms_take_both_separators():
    rubric = RubricImportForm({"name": "Thang", "version": "2", "total": "99,5"})
    rubric.is_valid()
    dotted = RubricImportForm({"name": "Thang", "version": "2", "total": "99.5"})
    dotted.is_valid()

    assert (rubric.cleaned_data["total"], dotted.cleaned_data["total"]) == (D("99.5"), D("99.5"))
    assert {name: type(RoundForm.base_fields[name]).__name__
            for name in ("threshold", "outlier_distance", "bias_threshold")} == dict.fromkeys(
        ("threshold", "outlier_distance", "bias_threshold"), "NumberField")


def test_no_template_formats_a_number_any_other_way():
    """One filter for every displayed number (catalog/templatetags/numbers.py): floatformat and the old points
    filter write a dot or a comma depending on where they are, which is what issue 12 was about."""
    templates = Path(settings.BASE_DIR) / "templates"
    offenders = [str(path.relative_to(templates)) for path in templates.rglob("*")
                 if path.is_file() and re.search(r"\|\s*(floatformat|points|stringformat:\"?[.0-9]*f)",
                                                 path.read_text(encoding="utf-8"))]
    uses = [path for path in templates.rglob("*.html") if "|number" in path.read_text(encoding="utf-8")]

    assert offenders == []
    assert len(uses) >= 10  # positive control: the scan reads the templates that show numbers


def test_chart_labels_follow_the_page_language():
    from django.utils import translation

    from awards.reports import charts as report_charts
    from scoring import charts

    def draw():
        return (charts.deviation_bars([("Thành viên 1", D("2.5"), False), ("Thành viên 2", D("-1.25"), True)],
                                      title="Độ lệch"),
                report_charts.lines(["2025", "2026"], [report_charts.Series("Tỉ lệ", [D("62.5"), D("70")])],
                                    title="Tỉ lệ đạt", percent=True),
                charts.histogram({14: 1}, threshold=D("70.5"), title="Phân bố"))

    with translation.override("vi"):
        deviations, shares, histogram = draw()
    with translation.override("en"):
        en_deviations, en_shares, _histogram = draw()

    assert ("Thành viên 1: 2,50</title>" in deviations, ">+2,5</text>" in deviations) == (True, True)
    assert ("62,5%" in shares, ">70,5</text>" in histogram) == (True, True)
    assert ("Thành viên 1: 2.50</title>" in en_deviations, "62.5%" in en_shares) == (True, True)
