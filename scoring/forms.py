from django import forms
from django.utils.translation import gettext_lazy as _

from catalog import audit
from catalog.collation import vietnamese
from catalog.enums import ProductGroup
from catalog.forms import NumberField, decimals_as_numbers, in_vietnamese_order
from catalog.models import Producer, Province, Region, User

from .enums import NOMINATION_TRANSITIONS, ConflictRelation, JuryRole, NominationState
from .models import Nomination, SelectionRound
from .permissions import round_levels_for_secretariat

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.ModelForm):
    """Round settings. The scope fields offered follow the account's own scope."""

    groups = forms.MultipleChoiceField(label=_("Nhóm sản phẩm nhận"), choices=ProductGroup.choices,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = SelectionRound
        formfield_callback = decimals_as_numbers
        fields = ["level", "title", "year", "legal_basis", "scope_province", "commune", "scope_region", "groups",
                  "registration_opens", "registration_closes", "scoring_opens", "scoring_closes", "results_due",
                  "threshold", "quota", "certificate_valid_years", "rubric", "blind_judging", "members_per_nomination",
                  "allow_without_commune_round", "method", "min_sheets", "outlier_distance", "outlier_review_required",
                  "bias_threshold"]
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
        if "scope_province" in self.fields:
            in_vietnamese_order(self.fields["scope_province"])


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


# --- Judging -----------------------------------------------------------------------------------------------


class JuryForm(forms.Form):
    name = forms.CharField(label=_("Tên ban giám khảo"), max_length=200)
    groups = forms.MultipleChoiceField(label=_("Nhóm sản phẩm chấm"), choices=ProductGroup.choices,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, round, **kwargs):
        # Three forms share the juries page: each field id carries its form's name, so none repeats.
        kwargs.setdefault("auto_id", "id_jury_%s")
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = [(c, lbl) for c, lbl in ProductGroup.choices if c in round.groups]


class JuryMemberForm(forms.Form):
    jury = forms.ModelChoiceField(label=_("Ban giám khảo"), queryset=None, empty_label=None)
    email = forms.EmailField(label=_("E-mail tài khoản giám khảo"))
    role = forms.ChoiceField(label=_("Vai trò"), choices=JuryRole.choices, initial=JuryRole.MEMBER)

    def __init__(self, *args, round, **kwargs):
        kwargs.setdefault("auto_id", "id_member_%s")
        super().__init__(*args, **kwargs)
        self.fields["jury"].queryset = round.juries.all()

    def clean_email(self):
        user = User.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản với e-mail này."))
        return user


class ConflictForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Cơ sở sản xuất"), queryset=Producer.objects.order_by(vietnamese("name")))
    relation = forms.ChoiceField(label=_("Quan hệ"), choices=ConflictRelation.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_vietnamese_order(self.fields["producer"])


class JuryConflictForm(forms.Form):
    """A member names the producer by tax code: listing every producer to the jury would undo blind judging.
    The code is not looked up here (scoring.juries.report_conflict): the answer never depends on it."""

    tax_code = forms.CharField(label=_("Mã số thuế của cơ sở"), max_length=20)
    relation = forms.ChoiceField(label=_("Quan hệ"), choices=ConflictRelation.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecordConflictForm(ConflictForm):
    email = forms.EmailField(label=_("E-mail của giám khảo"))

    field_order = ["email", "producer", "relation", "note"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_conflict_%s")
        super().__init__(*args, **kwargs)

    def clean_email(self):
        user = User.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản với e-mail này."))
        return user


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class RubricImportForm(forms.Form):
    name = forms.CharField(label=_("Tên thang điểm"), max_length=200)
    version = forms.CharField(label=_("Phiên bản"), max_length=20)
    total = NumberField(label=_("Tổng điểm"), initial=100, max_digits=6, decimal_places=2)
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"),
                           help_text=_("Mỗi dòng một tiêu chí, các cột như tệp xuất ra từ một thang điểm có sẵn."))


class RubricCopyForm(forms.Form):
    version = forms.CharField(label=_("Phiên bản mới"), max_length=20)


class RoundImportForm(forms.Form):
    """The upload of the round's spreadsheet import page (scoring.round_imports); the file is checked there."""

    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=lambda: _import_kinds())
    file = forms.FileField(label=_("Tệp bảng tính (.xlsx hoặc .csv)"),
                           help_text=_("Dòng đầu là tiêu đề các cột, như tệp mẫu; tối đa 10 MB."))


def _import_kinds():
    from .round_imports import KINDS

    return [(code, kind.label) for code, kind in KINDS.items()]


class ConfirmImportForm(forms.Form):
    skip_bad_rows = forms.BooleanField(label=_("Bỏ qua dòng lỗi, nhập các dòng còn lại"), required=False)


class AuditFilterForm(forms.Form):
    hanh_dong = forms.ChoiceField(label=_("Thao tác"), required=False, error_messages={
        "invalid_choice": _("Thao tác “%(value)s” không có trong danh sách; hãy chọn trong danh sách.")})
    # Keyset pagination: the page holds the entries before this sequence number (no count, no OFFSET, so the
    # last page of a national round's million score saves costs what the first does).
    truoc = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput,
                               error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), _(
                                   "Địa chỉ trang nhật ký không hợp lệ; hãy mở lại nhật ký từ trang đầu.")))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hanh_dong"].choices = [("", _("Tất cả thao tác"))] + [
            (action, str(label)) for action, label in audit.ACTION_LABELS.items()]
