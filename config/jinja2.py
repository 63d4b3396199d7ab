"""The Jinja2 environment for the few hot fragments the public catalogue renders on every request.

Why a second template engine: a page of 24 product cards costs ~3 ms in Django's template language (about ten
microseconds a variable) and ~0.4 ms in Jinja2, and the list and a product page must answer a new URL in a couple
of milliseconds (tests/benchmarks/RESULTS.md). Only the list's results and cards, the product page's body and
the head tags of a public page (templates/jinja2/public/) use it; every page around them stays a Django
template. Strings are written `{{ _("...") }}`, which Django's makemessages also extracts; Django's own
linebreaks filters are reused (they escape first and return safe text, which Jinja2 keeps as it is).
"""

from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from catalog.templatetags.numbers import number
from catalog.templatetags.public_tags import level_label, level_labels, media_url


def environment(**options) -> Environment:
    env = Environment(**{**options, "extensions": ["jinja2.ext.i18n"]})
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(url=lambda name, *args: reverse(name, args=args), static=static, media_url=media_url,
                       level_labels=level_labels)
    env.filters["level_label"] = level_label
    env.filters["number"] = number  # the one way a number is written (catalog/numbers.py)
    env.filters["linebreaks"] = lambda value: linebreaks_filter(value, autoescape=True)
    env.filters["linebreaksbr"] = lambda value: linebreaksbr(value, autoescape=True)
    return env
