"""Lists people pick from are in Vietnamese alphabetical order, not the database's code-point order."""

import pytest

from catalog.forms import ProducerForm
from catalog.models import Province
from catalog.text import sort_key

pytestmark = pytest.mark.django_db


def test_producer_form_lists_provinces_in_vietnamese_order():
    labels = [label for value, label in ProducerForm().fields["province"].choices if value != ""]

    assert labels == sorted(Province.objects.current().values_list("name", flat=True), key=sort_key)
    assert labels.index("Hà Nội") < labels.index("Huế")
    assert labels.index("Đà Nẵng") < labels.index("Điện Biên") < labels.index("Gia Lai")


def test_ordered_field_still_refuses_an_old_province():
    old = Province.objects.exclude(pk__in=Province.objects.current()).first()
    form = ProducerForm(data={"province": old.pk})

    form.is_valid()

    assert "province" in form.errors
