from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import enums, queries
from ..forms import DatalistInput


class CatalogueFilterForm(forms.Form):
    """The public list's GET parameters. Short Vietnamese names, so shared links stay readable.

    `tinh` takes any spelling of a province name, old ones included ("Hà Tây" finds Hà Nội's products), or a
    province code (older links); it is resolved when the list is built (catalog.geography.resolve_province_filter),
    not here.
    """

    # Room for a whole product name pasted from a published list (a name holds up to 255 characters).
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=300,
                        help_text=_("Tên sản phẩm, cơ sở, nguyên liệu; gõ có dấu hoặc không dấu."))
    cap = forms.ChoiceField(label=_("Cấp công nhận"), required=False)
    # A number, not a choice: a shared link to a year with no product left should show an empty list, not fail.
    nam = forms.IntegerField(label=_("Năm công nhận"), required=False, min_value=1990, max_value=2100)
    nhom = forms.ChoiceField(label=_("Nhóm sản phẩm"), required=False,
                             choices=[("", _("Tất cả nhóm"))] + list(enums.ProductGroup.choices))
    khu_vuc = forms.ChoiceField(label=_("Khu vực"), required=False)
    tinh = forms.CharField(label=_("Tỉnh/thành phố"), required=False, max_length=100)
    sap_xep = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=[
        (queries.SORT_NEWEST, _("Mới công nhận")),
        (queries.SORT_NAME, _("Tên A–Z")),
        (queries.SORT_SCORE, _("Điểm bình chọn")),
    ])

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cap"].choices = [("", _("Tất cả cấp"))] + choices["levels"]
        self.fields["nam"].widget = forms.Select(choices=[("", _("Tất cả năm"))] + [(y, y) for y in choices["years"]])
        self.fields["khu_vuc"].choices = [("", _("Tất cả khu vực"))] + choices["regions"]
        # Typed, with today's and former names suggested: a Select could not take "Hà Tây".
        self.fields["tinh"].widget = DatalistInput(choices["province_names"])
        self.province_names = dict(choices["provinces"])

    def clean_tinh(self):
        # A link from the time the field was a list of codes ("?tinh=01") shows the name in the text box.
        typed = self.cleaned_data["tinh"].strip()
        return self.province_names.get(typed, typed)

    def params(self) -> dict:
        data = self.cleaned_data
        return {
            "q": data["q"].strip(), "level": data["cap"], "year": data["nam"], "group": data["nhom"],
            "region": data["khu_vuc"], "province": data["tinh"].strip(),
            "sort": data["sap_xep"] or queries.SORT_NEWEST,
        }


@dataclass(frozen=True)
class FilterField:
    """One field of the list's filter form as plain data, for a lean template: Django's widget rendering runs a
    template per <option> and costs more than the rest of the page (the form is on every list page)."""

    name: str
    label: str
    help_text: str
    value: str
    options: list[tuple[str, str, bool]] | None = None  # (value, label, selected); None for the text input
    suggestions: list[str] | None = None  # a text input's <datalist>
    max_length: int | None = None  # a text input's
    errors: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"id_{self.name}"


def filter_fields(form: CatalogueFilterForm) -> list[FilterField]:
    """The fields of a bound form in order: a valid form's values as it cleaned them, an invalid one's as they were
    typed, with their errors."""
    valid = form.is_valid()
    fields = []
    for name, field in form.fields.items():
        if valid:
            value = "" if form.cleaned_data.get(name) in (None, "") else str(form.cleaned_data[name])
        else:
            value = str(form.data.get(name, ""))
        choices = getattr(field.widget, "choices", None)
        options = None if choices is None else [(str(v), str(label), str(v) == value) for v, label in choices]
        suggestions = field.widget.suggestions if isinstance(field.widget, DatalistInput) else None
        fields.append(FilterField(name, str(field.label), str(field.help_text), value, options, suggestions,
                                  getattr(field, "max_length", None), tuple(map(str, form.errors.get(name, ())))))
    return fields
