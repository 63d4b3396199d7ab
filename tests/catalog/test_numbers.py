"""catalog.numbers: the one way numbers are written (both languages) and read (both separators). No database."""

from decimal import Decimal as D

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from catalog.forms import NumberField
from catalog.numbers import number_text, parse_number, percent_text, read_number


@pytest.mark.parametrize(("value", "places", "vi", "en"), [
    (D("60.5"), None, "60,5", "60.5"),
    (D("60.50"), None, "60,5", "60.5"),
    (D("84.00"), None, "84", "84"),
    (D("100"), None, "100", "100"),
    (D("100"), 2, "100,00", "100.00"),
    (D("70"), 2, "70,00", "70.00"),
    (D("1234.5"), None, "1.234,5", "1,234.5"),
    (D("1234567.891"), 2, "1.234.567,89", "1,234,567.89"),
    (D("2.005"), 2, "2,01", "2.01"),  # half up, not to even
    (D("2.015"), 2, "2,02", "2.02"),
    (D("69.995"), 2, "70,00", "70.00"),
    (D("69.995"), None, "69,995", "69.995"),
    (D("-3.25"), 1, "-3,3", "-3.3"),
    (D("-0.001"), 2, "0,00", "0.00"),
    (D("0"), None, "0", "0"),
    (7, None, "7", "7"),
    (12345, None, "12.345", "12,345"),
    (0.1, None, "0,1", "0.1"),
    ("55.50", None, "55,5", "55.5"),
    (None, None, "", ""),
    (None, 2, "", ""),
    ("", None, "", ""),
])
def test_number_text_in_both_languages(value, places, vi, en):
    assert (number_text(value, places, language="vi"), number_text(value, places, language="en")) == (vi, en)


def test_number_text_follows_the_active_language():
    with translation.override("vi"):
        vi = number_text(D("1234.5"))
    with translation.override("en"):
        en = number_text(D("1234.5"))
    assert (vi, en) == ("1.234,5", "1,234.5")


def test_number_text_without_grouping_for_an_input():
    assert (number_text(D("1234.5"), language="vi", grouping=False),
            number_text(D("1234.5"), language="vi")) == ("1234,5", "1.234,5")


def test_percent_text():
    assert (percent_text(D("0.6667"), language="vi"), percent_text(D("0.6667"), language="en"),
            percent_text(None)) == ("66,7%", "66.7%", "")


@pytest.mark.parametrize(("text", "expected"), [
    ("60,5", D("60.5")),
    ("60.5", D("60.5")),
    (" 60,50 ", D("60.50")),
    ("7", D("7")),
    (",5", D("0.5")),
    ("-3,25", D("-3.25")),
    (D("8.5"), D("8.5")),
    (7, D("7")),
    (7.5, D("7.5")),
])
def test_parse_number_takes_both_separators(text, expected):
    assert (parse_number(text), read_number(text)) == (expected, expected)


@pytest.mark.parametrize("text", ["6,0,5", "6.0.5", "1.234,5", "abc", "", "  ", "NaN", "Infinity", "1e3", "6 0",
                                  "60,5đ"])
def test_parse_number_refuses_what_is_not_one_number(text):
    with pytest.raises(ValidationError) as refused:
        parse_number(text)

    assert read_number(text) is None
    assert refused.value.messages == [
        f"“{text.strip()}” không phải là một số. Hãy nhập số như 60,5 hoặc 60.5 (một dấu thập phân, không dùng dấu "
        "phân cách hàng nghìn)."]


def test_number_filter_in_templates():
    template = Template("{% load numbers %}{{ a|number }} {{ a|number:2 }} {{ b|number }}|{{ c|number }}|"
                        "{{ s|percent }} {% decimal_separator %}")
    context = Context({"a": D("60.50"), "b": 1234, "c": None, "s": D("0.5")})

    with translation.override("vi"):
        vi = template.render(context)
    with translation.override("en"):
        en = template.render(context)

    assert (vi, en) == ("60,5 60,50 1.234||50,0% ,", "60.5 60.50 1,234||50.0% .")


class _Form(forms.Form):
    weight = NumberField(max_digits=5, decimal_places=2, min_value=0)


@pytest.mark.parametrize("typed", ["60,5", "60.5", " 60,50 "])
def test_number_field_reads_both_separators(typed):
    form = _Form({"weight": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["weight"] == D("60.5")


def test_number_field_refuses_a_bad_number_in_vietnamese_and_keeps_django_limits():
    with translation.override("vi"):
        bad, negative, too_precise = _Form({"weight": "6,0,5"}), _Form({"weight": "-1"}), _Form({"weight": "1,234"})
        results = (bad.is_valid(), negative.is_valid(), too_precise.is_valid())

    assert results == (False, False, False)
    assert bad.errors["weight"] == [
        "“6,0,5” không phải là một số. Hãy nhập số như 60,5 hoặc 60.5 (một dấu thập phân, không dùng dấu phân cách "
        "hàng nghìn)."]
    assert "weight" in negative.errors and "weight" in too_precise.errors


def test_number_input_shows_the_stored_value_in_the_page_language():
    with translation.override("vi"):
        vi = str(_Form(initial={"weight": D("60.50")})["weight"])
    with translation.override("en"):
        en = str(_Form(initial={"weight": D("60.50")})["weight"])
    typed_back = str(_Form({"weight": "6,0,5"})["weight"])

    assert ('value="60,5"' in vi, 'value="60.5"' in en, 'value="6,0,5"' in typed_back) == (True, True, True)
    assert ('type="text"' in vi, 'inputmode="decimal"' in vi, "step=" in vi) == (True, True, False)
