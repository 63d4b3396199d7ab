"""The Jinja2 environment's remembered look-ups (config/jinja2.py) give what Django's would, in every language."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from config import jinja2


@pytest.mark.parametrize(("name", "args"), [
    ("public:product_list", ()),
    ("public:producer", (7,)),
    ("public:producer", (123_456_789_012,)),  # longer than the stand-in id
    ("public:producer", (0,)),
    ("awards:verify", ("BN-2024/001 QĐ",)),  # quoted by reverse, never remembered
    ("awards:verify", ("24-0001",)),
])
def test_url_is_reverse(name, args):
    assert jinja2.url(name, *args) == reverse(name, args=args)
    assert jinja2.url(name, *args) == reverse(name, args=args)  # the remembered answer, the second time


def test_url_follows_a_changed_address_pattern():
    assert jinja2.url("public:product_list") == "/san-pham/"
    with override_settings(ROOT_URLCONF="tests.config.moved_urls"):
        assert jinja2.url("public:product_list") == "/moved/san-pham/"
        assert jinja2.url("public:producer", 3) == "/moved/nha-san-xuat/3/"
    assert jinja2.url("public:product_list") == "/san-pham/"
    assert jinja2.url("public:producer", 3) == "/nha-san-xuat/3/"


def test_remembered_gettext_answers_in_the_active_language():
    with translation.override("en"):
        assert jinja2.remembered_gettext("Danh mục sản phẩm") == "Product catalogue"
    with translation.override("vi"):
        assert jinja2.remembered_gettext("Danh mục sản phẩm") == "Danh mục sản phẩm"
    with translation.override("en"):  # remembered per language, not once for all
        assert jinja2.remembered_gettext("Danh mục sản phẩm") == "Product catalogue"


def test_a_templates_translated_string_is_escaped_only_where_values_go_in():
    template = jinja2.environment(autoescape=True).from_string(
        '{{ _("Quyết định số %(number)s", number=number) }} | {{ _("Danh mục sản phẩm") }} | {{ _("100%% đạt") }}')
    with translation.override("vi"):
        assert template.render(number="<b>12</b>") == (
            "Quyết định số &lt;b&gt;12&lt;/b&gt; | Danh mục sản phẩm | 100% đạt")
    with translation.override("en"):
        assert template.render(number="7") == "Decision no. 7 | Product catalogue | 100% đạt"
