"""Forms of the holders' annual reports and of periodic reports. The rules are in the services; these parse."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.forms import decimals_as_numbers
from catalog.models import Province
from catalog.text import sort_key

from .annual import FIGURE_FIELDS
from .enums import Half, PeriodicReportKind, SupportKind
from .models import AnnualReport, AnnualReportCycle
from .permissions import covered_provinces, is_national

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _provinces_for(user) -> list[Province]:
    provinces = covered_provinces(user)
    current = Province.objects.current() if provinces is None else provinces
    return sorted(current, key=lambda p: sort_key(p.name))


class CycleForm(forms.ModelForm):
    class Meta:
        model = AnnualReportCycle
        fields = ["year", "province", "opens_on", "deadline", "remind_days_before", "remind_days_after",
                  "instructions"]
        widgets = {"opens_on": DATE, "deadline": DATE, "instructions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = _provinces_for(user)
        self.fields["province"].queryset = Province.objects.filter(pk__in=[p.pk for p in provinces])
        self.fields["province"].choices = [("", "---------")] + [(p.pk, p.name) for p in provinces]
        if len(provinces) == 1:
            self.fields["province"].initial = provinces[0].pk
        if not self.instance.pk:
            today = timezone.localdate()
            self.fields["year"].initial = today.year - 1
            self.fields["opens_on"].initial = today
        else:  # a cycle's year and province are fixed once it is open
            for name in ("year", "province"):
                self.fields[name].disabled = True


class AnnualReportForm(forms.ModelForm):
    support = forms.MultipleChoiceField(label=_("Hỗ trợ đã nhận trong năm"), required=False,
                                        choices=SupportKind.choices, widget=forms.CheckboxSelectMultiple)
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận số liệu trên là đúng. Sau khi nộp, báo cáo không sửa được nữa (trừ khi cơ quan thường "
                "trực trả lại)."), required=False)

    class Meta:
        model = AnnualReport
        formfield_callback = decimals_as_numbers
        fields = list(FIGURE_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for name in ("revenue", "export_revenue", "support_amount", "jobs"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": 0})

    def clean(self):
        data = super().clean()
        if self.submitting and not data.get("confirm"):
            self.add_error("confirm", _("Hãy đánh dấu xác nhận trước khi nộp báo cáo."))
        return data

    def figures(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIGURE_FIELDS}


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class PeriodicReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=PeriodicReportKind.choices)
    province = forms.ModelChoiceField(label=_("Tỉnh/thành phố"), queryset=Province.objects.none(), required=False,
                                      help_text=_("Chỉ với báo cáo của tỉnh."))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("Kỳ báo cáo"), choices=Half.choices, coerce=int, initial=Half.YEAR)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = _provinces_for(user)
        self.fields["province"].queryset = Province.objects.filter(pk__in=[p.pk for p in provinces])
        self.fields["province"].label_from_instance = lambda p: p.name
        self.fields["year"].initial = timezone.localdate().year
        if len(provinces) == 1:
            self.fields["province"].initial = provinces[0].pk
        if not is_national(user):
            self.fields["kind"].choices = [(PeriodicReportKind.PROVINCIAL, PeriodicReportKind.PROVINCIAL.label)]

    def clean(self):
        data = super().clean()
        if data.get("kind") == PeriodicReportKind.PROVINCIAL and not data.get("province"):
            self.add_error("province", _("Báo cáo của tỉnh phải chọn tỉnh/thành phố."))
        if data.get("kind") == PeriodicReportKind.NATIONAL:
            data["province"] = None
        return data
