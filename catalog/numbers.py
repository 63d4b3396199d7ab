"""Numbers as people read and type them: one definition for every page, PDF, chart and score input.

Vietnamese writes 1.234,5 (decimal comma, dot thousands), English 1,234.5; the separators come from the format
modules (config/formats/<lang>/formats.py), so a page and its printed PDF agree. People type either separator,
so parse_number takes both.

Machine-readable outputs (XLSX cells, CSV, JSON/API fields) do not come through here: they keep numeric values
or '.' decimals so spreadsheets and programs read them without knowing the language.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import formats, numberformat, translation
from django.utils.translation import gettext as _

# One optional sign, digits, at most one separator (either one): "60,5", "60.5", ",5", "60.". Thousands
# separators are refused: "1.234" would mean 1234 in Vietnamese and 1.234 in English, and scores never need them.
_TYPED_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def decimal_separator(language: str | None = None) -> str:
    """"," in Vietnamese, "." in English (the active language by default)."""
    return formats.get_format("DECIMAL_SEPARATOR", _language(language), use_l10n=True)


def _language(language: str | None) -> str:
    return language or translation.get_language() or "vi"


def number_text(value, places: int | None = None, *, language: str | None = None, grouping: bool = True) -> str:
    """The text of a number in a language (default: the active one): "1.234,5" in vi, "1,234.5" in en.

    places=None shows the digits the value has, without trailing zeros (84.00 → "84", 55.50 → "55,5");
    places=2 shows exactly two, rounded half up for display only (2.005 → "2,01"). None → "". grouping=False
    leaves out the thousands separator, for text a person edits and posts back (a score input).
    """
    if value is None or value == "":
        return ""
    number = _decimal(value)
    if not number.is_finite():
        return ""
    if places is None:
        number = number.normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    else:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # -0 shows as 0
    lang = _language(language)
    return numberformat.format(
        number,
        decimal_separator(lang),
        decimal_pos=None,
        grouping=formats.get_format("NUMBER_GROUPING", lang, use_l10n=True) if grouping else 0,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR", lang, use_l10n=True),
        force_grouping=grouping,
        use_l10n=True,
    )


def percent_text(value, places: int = 1, *, language: str | None = None) -> str:
    """A share as a percentage: 0.6667 → "66,7%" (vi), "66.7%" (en); None → ""."""
    if value is None or value == "":
        return ""
    return number_text(_decimal(value) * 100, places, language=language) + "%"


def read_number(text) -> Decimal | None:
    """A typed number as Decimal, reading "," or "." as the decimal separator; None when it is not one."""
    if isinstance(text, Decimal):
        return text if text.is_finite() else None
    if isinstance(text, int | float):
        return _decimal(text) if _decimal(text).is_finite() else None
    cleaned = str(text).strip()
    if not _TYPED_NUMBER.fullmatch(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


def parse_number(text) -> Decimal:
    """Like read_number, but a refused text raises ValidationError with a message a person can act on."""
    value = read_number(text)
    if value is None:
        raise ValidationError(
            _("“%(text)s” không phải là một số. Hãy nhập số như 60,5 hoặc 60.5 (một dấu thập phân, không dùng dấu "
              "phân cách hàng nghìn).") % {"text": str(text).strip()},
            code="invalid_number",
        )
    return value
