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


# --- catalog.collation: one order in Python and on the database the suite runs on (SQLite or PostgreSQL) -------

from catalog.collation import vietnamese, vietnamese_key  # noqa: E402
from catalog.models import Producer  # noqa: E402
from tests.factories import ProducerFactory  # noqa: E402

# The examples, in Vietnamese order: a ă â, d đ, tones second ("Hà" before "Hải" before "Huế").
ORDERED = ["An Giang", "Ăn uống", "Âu Cơ", "Cần Thơ", "Dương", "Đà Nẵng", "Điện Biên", "Gia Lai", "Hà Nội", "Hải Phòng",
           "Huế", "Vĩnh Long"]


def test_key_sorts_in_vietnamese_order():
    assert sorted(sorted(ORDERED), key=vietnamese_key) == ORDERED  # from code-point order
    # The negative control: code points put "Huế" before "Hà Nội" and "Đà Nẵng" after "Vĩnh Long".
    assert sorted(["Hà Nội", "Huế", "Vĩnh Long", "Đà Nẵng"]) == ["Huế", "Hà Nội", "Vĩnh Long", "Đà Nẵng"]


def test_database_orders_by_the_same_rule():
    for name in reversed(ORDERED):
        ProducerFactory(name=name)

    by_collation = list(Producer.objects.order_by(vietnamese("name")).values_list("name", flat=True))
    by_model = list(Producer.objects.values_list("name", flat=True))  # Meta.ordering
    descending = list(Producer.objects.order_by(vietnamese("name").desc()).values_list("name", flat=True))

    assert by_collation == ORDERED
    assert by_model == ORDERED
    assert descending == ORDERED[::-1]


def test_provinces_pick_list_order_on_the_database():
    names = list(Province.objects.current().values_list("name", flat=True))  # Meta.ordering, no Python sort

    assert names == sorted(names, key=vietnamese_key)
    assert names.index("Hà Nội") < names.index("Hải Phòng") < names.index("Huế")
    assert names.index("Cần Thơ") < names.index("Đà Nẵng") < names.index("Điện Biên") < names.index("Gia Lai")


def test_ordering_through_a_relation():
    current = Province.objects.current()
    for province in ("Huế", "Điện Biên", "Hải Phòng", "Cần Thơ", "Hà Nội", "Đà Nẵng"):
        ProducerFactory(name=f"Cơ sở {province}", province=current.get(name=province))

    rows = Producer.objects.order_by(vietnamese("province__name")).values_list("province__name", flat=True)

    assert list(rows) == ["Cần Thơ", "Đà Nẵng", "Điện Biên", "Hà Nội", "Hải Phòng", "Huế"]
