"""The Jinja2 environment for the few hot fragments the public catalogue renders on every request.

Why a second template engine: a page of 24 product cards costs ~3 ms in Django's template language (about ten
microseconds a variable) and ~0.4 ms in Jinja2, and the list and a product page must answer a new URL in a couple
of milliseconds (tests/benchmarks/RESULTS.md). Only the list's results and cards, the product page's body and
the head tags of a public page (templates/jinja2/public/) use it; every page around them stays a Django
template. Strings are written `{{ _("...") }}`, which Django's makemessages also extracts; Django's own
linebreaks filters are reused (they escape first and return safe text, which Jinja2 keeps as it is).
"""

from django.core.signals import setting_changed
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import Environment
from markupsafe import Markup

from catalog.templatetags.numbers import number
from catalog.templatetags.public_tags import level_label, level_labels, media_url

# A template's strings and plain addresses are the same on every page of a language: they are looked up once per
# process. Django's gettext goes through several layers for each string (a product page has twenty), and reverse
# formats an address from its pattern each time; both were a tenth of a product page's time.
_translated: dict[tuple, str] = {}
_addresses: dict[tuple, tuple[str, str]] = {}


def remembered_gettext(message: str) -> str:
    key = (get_language(), message)
    try:
        return _translated[key]
    except KeyError:
        _translated[key] = text = gettext(message)
        return text


_ID = 987_654_321  # stands for any id: reversed once, the text around it then takes each real id


def url(name: str, *args) -> str:
    """reverse(name, args=args), remembered per name; an address with one id (a producer's) is remembered as the
    text around a stand-in id. Any other argument (a certificate's number, which is quoted) is reversed each time."""
    by_id = len(args) == 1 and type(args[0]) is int and args[0] >= 0
    if args and not by_id:
        return reverse(name, args=args)
    key = (get_urlconf(), get_script_prefix(), name, by_id)
    try:
        before, after = _addresses[key]
    except KeyError:
        before, _id, after = reverse(name, args=[_ID] if by_id else None).partition(str(_ID))
        _addresses[key] = before, after
    return f"{before}{args[0]}{after}" if by_id else before


def _forget(*, setting, **_kwargs) -> None:
    """Tests change the languages, catalogues or address patterns: what was looked up under the old ones goes."""
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _translated.clear()
    if setting == "ROOT_URLCONF":
        _addresses.clear()


setting_changed.connect(_forget)


def translate(message: str, **variables) -> Markup:
    """`_()` in the templates, as the i18n extension's newstyle gettext does it (the translation is trusted text, the
    values put into it are escaped, it is always a format string) without its two context look-ups a call."""
    return Markup(remembered_gettext(message)) % variables


def environment(**options) -> Environment:
    env = Environment(**{**options, "extensions": ["jinja2.ext.i18n"]})
    env.install_gettext_callables(remembered_gettext, ngettext, newstyle=True)
    env.globals["_"] = translate
    env.globals.update(url=url, static=static, media_url=media_url, level_labels=level_labels)
    env.filters["level_label"] = level_label
    env.filters["number"] = number  # the one way a number is written (catalog/numbers.py)
    env.filters["linebreaks"] = lambda value: linebreaks_filter(value, autoescape=True)
    env.filters["linebreaksbr"] = lambda value: linebreaksbr(value, autoescape=True)
    return env
