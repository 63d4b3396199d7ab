"""The statistics' filters: a GET form with short Vietnamese names (so a chart's address can be shared) and the
checked values the queries take."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.enums import Level, ProductGroup
from catalog.models import Province, Region
from catalog.text import sort_key

FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Filters:
    """Year range (of issue for certificates, of the round for rounds), level, product group, region and a
    current province; empty means "all"."""

    year_from: int | None = None
    year_to: int | None = None
    level: str = ""
    group: str = ""
    region: Region | None = None
    province: Province | None = None

    def query(self) -> dict[str, str]:
        """The filters as GET parameters (only those set), for links and downloads."""
        values = {"tu_nam": self.year_from, "den_nam": self.year_to, "cap": self.level, "nhom": self.group,
                  "khu_vuc": self.region.code if self.region else "",
                  "tinh": self.province.code if self.province else ""}
        return {name: str(value) for name, value in values.items() if value not in (None, "")}


YEAR_ERRORS = {"invalid": _("Năm phải là một số, ví dụ 2025.")}


class StatisticsFilterForm(forms.Form):
    tu_nam = forms.IntegerField(label=_("Từ năm"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR,
                                error_messages=YEAR_ERRORS)
    den_nam = forms.IntegerField(label=_("Đến năm"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR,
                                 error_messages=YEAR_ERRORS)
    cap = forms.ChoiceField(label=_("Cấp"), required=False, choices=[("", _("Tất cả cấp")), *Level.choices])
    nhom = forms.ChoiceField(label=_("Nhóm sản phẩm"), required=False,
                             choices=[("", _("Tất cả nhóm")), *ProductGroup.choices])
    khu_vuc = forms.ChoiceField(label=_("Khu vực"), required=False)
    tinh = forms.ChoiceField(label=_("Tỉnh/thành phố"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {region.code: region for region in Region.objects.all()}
        provinces = sorted(Province.objects.current(), key=lambda p: sort_key(p.name))
        self.provinces = {province.code: province for province in provinces}
        self.fields["khu_vuc"].choices = [("", _("Tất cả khu vực"))] + [(r.code, r.name) for r in self.regions.values()]
        self.fields["tinh"].choices = [("", _("Tất cả tỉnh/thành phố"))] + [(p.code, p.name) for p in provinces]
        for field in ("tu_nam", "den_nam"):
            self.fields[field].widget.attrs.update({"inputmode": "numeric", "placeholder": timezone.localdate().year})

    def clean(self):
        data = super().clean()
        if data.get("tu_nam") and data.get("den_nam") and data["tu_nam"] > data["den_nam"]:
            raise ValidationError(_("“Từ năm” phải trước hoặc bằng “Đến năm”."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(year_from=data["tu_nam"], year_to=data["den_nam"], level=data["cap"], group=data["nhom"],
                       region=self.regions.get(data["khu_vuc"]), province=self.provinces.get(data["tinh"]))
