import django_filters
from django.utils.translation import gettext_lazy as _

from catalog.enums import ProductGroup
from catalog.models import Province

from . import queries
from .enums import NominationState
from .models import Nomination


class NominationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=NominationState.choices)
    group = django_filters.ChoiceFilter(label=_("Nhóm sản phẩm"), field_name="product__group",
                                        choices=ProductGroup.choices)
    province = django_filters.ModelChoiceFilter(label=_("Tỉnh/thành phố"), field_name="product__producer__province",
                                                queryset=lambda request: Province.objects.current())
    completeness = django_filters.ChoiceFilter(
        label=_("Hồ sơ"), method="filter_completeness",
        choices=[("complete", _("Đủ thành phần")), ("incomplete", _("Còn thiếu"))],
    )
    q = django_filters.CharFilter(label=_("Tìm sản phẩm, cơ sở"), method="filter_text")

    class Meta:
        model = Nomination
        fields = []

    def filter_completeness(self, queryset, name, value):
        return queries.complete(queryset) if value == "complete" else queries.incomplete(queryset)

    def filter_text(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(product__name__icontains=value) | Q(product__producer__name__icontains=value))
