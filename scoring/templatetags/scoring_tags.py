from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def points(value) -> str:
    """Points as people write them and as the score inputs read them back: 84.00 → 84, 55.50 → 55.5, 100 → 100."""
    if value is None or value == "":
        return ""
    return format(Decimal(value).normalize(), "f")
