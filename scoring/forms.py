from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.enums import ProductGroup
from catalog.models import Province, Region

from .enums import NOMINATION_TRANSITIONS, NominationState
from .models import Nomination, SelectionRound
from .permissions import round_levels_for_secretariat

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.ModelForm):
    """Round settings. The scope fields offered follow the account's own scope."""

    groups = forms.MultipleChoiceField(label=_("Nhóm sản phẩm nhận"), choices=ProductGroup.choices,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = SelectionRound
        fields = ["level", "title", "year", "legal_basis", "scope_province", "commune", "scope_region", "groups",
                  "registration_opens", "registration_closes", "scoring_opens", "scoring_closes", "results_due",
                  "threshold", "quota", "rubric", "allow_without_commune_round"]
        widgets = dict.fromkeys(
            ["registration_opens", "registration_closes", "scoring_opens", "scoring_closes", "results_due"], DATE
        )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        levels = round_levels_for_secretariat(user)
        self.fields["level"].choices = [(c, lbl) for c, lbl in self.fields["level"].choices if c in levels]
        self.fields["scope_province"].queryset = Province.objects.current()
        if not user.is_administrator:
            # A secretariat picks nothing outside its own scope; the service checks again.
            if user.scope_province_id:
                self.fields["scope_province"].queryset = Province.objects.filter(pk=user.scope_province_id)
                self.fields["scope_province"].initial = user.scope_province_id
            else:
                del self.fields["scope_province"]
            if user.scope_region_id:
                self.fields["scope_region"].queryset = Region.objects.filter(pk=user.scope_region_id)
                self.fields["scope_region"].initial = user.scope_region_id
            else:
                del self.fields["scope_region"]
            if not user.scope_province_id:
                del self.fields["commune"]
                del self.fields["allow_without_commune_round"]


class RoundStateForm(forms.Form):
    new_state = forms.ChoiceField(label=_("Chuyển sang"))
    reason = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_state"].choices = choices


class NominationForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["round_notes", "sample_delivery"]
        widgets = {"round_notes": forms.Textarea(attrs={"rows": 3}),
                   "sample_delivery": forms.Textarea(attrs={"rows": 2})}


class NominateForm(NominationForm):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=None, empty_label=None)

    class Meta(NominationForm.Meta):
        fields = ["product", "round_notes", "sample_delivery"]

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


class DecisionForm(forms.Form):
    """The secretariat's decision on a submitted dossier."""

    CHOICES = [
        (NominationState.ACCEPTED, _("Tiếp nhận hồ sơ")),
        (NominationState.RETURNED, _("Trả lại để bổ sung")),
        (NominationState.REJECTED, _("Không đủ điều kiện")),
    ]
    decision = forms.ChoiceField(label=_("Quyết định"), choices=CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Lý do / ý kiến gửi cơ sở"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Bắt buộc khi trả lại hoặc không tiếp nhận."))

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the moves the declared table allows from the dossier's current state.
        allowed = NOMINATION_TRANSITIONS[state]
        self.fields["decision"].choices = [(code, label) for code, label in self.CHOICES if code in allowed]


class ForwardForm(forms.Form):
    to_round = forms.ModelChoiceField(label=_("Đợt bình chọn cấp trên"), queryset=None)
    products = forms.ModelMultipleChoiceField(label=_("Sản phẩm chuyển lên"), queryset=None,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, rounds, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_round"].queryset = rounds
        self.fields["products"].queryset = products
