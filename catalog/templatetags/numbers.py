"""{% load numbers %}: the one way a template shows a number (catalog.numbers), in the page's language.

{{ value|number }} drops trailing zeros (a typed score, a maximum: 84, 55,5); {{ value|number:2 }} fixes two places
(a published figure: 70,00); {{ share|percent }} shows a share as a percentage (66,7%).
"""

from django import template

from catalog import numbers
from catalog.numbers import number_text, percent_text

register = template.Library()


@register.filter
def number(value, places=None) -> str:
    if value is None or value == "":
        return ""
    return number_text(value, None if places in (None, "") else int(places))


@register.filter
def percent(value, places=1) -> str:
    return percent_text(value, int(places))


@register.simple_tag
def decimal_separator() -> str:
    """For a page's script that writes numbers (the score sheet's running total)."""
    return numbers.decimal_separator()
