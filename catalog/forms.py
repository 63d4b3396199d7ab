from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import enums
from .models import Producer, Product, Province
from .numbers import number_text, parse_number
from .text import sort_key
from .validators import normalize_tax_code

User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker sends ISO dates whatever the page language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DatalistInput(forms.TextInput):
    """Free text with suggestions (a <datalist>): a province filter offers today's and former names, and any
    spelling can still be typed. Plain HTML: the pages' CSP allows no inline script."""

    def __init__(self, suggestions=(), attrs=None):
        super().__init__(attrs)
        self.suggestions = list(suggestions)

    def list_id(self, attrs: dict, name: str) -> str:
        return f"{attrs.get('id') or 'id_' + name}_list"

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**self.attrs, **(attrs or {})}
        attrs["list"] = self.list_id(attrs, name)
        html = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}">', ((text,) for text in self.suggestions))
        return html + format_html('<datalist id="{}">{}</datalist>', attrs["list"], options)


class NumberInput(forms.TextInput):
    """A text box for a decimal: the stored value shown in the page's language (60,5 in vi), a decimal keypad on
    phones. Not type="number": browsers refuse a comma there whatever the page language."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):  # what the person typed, shown back as typed on a refused form
            return value
        return number_text(value, grouping=False)


class NumberField(forms.DecimalField):
    """Every decimal a person types: "60,5" and "60.5" both read Decimal("60.5"); anything else is refused with a
    Vietnamese message. Limits (max_digits, decimal_places, min/max) are Django's DecimalField's."""

    widget = NumberInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_number(value)

    def widget_attrs(self, widget):
        # DecimalField would add step/min/max for a type="number" box; a text box needs none of them.
        return forms.Field.widget_attrs(self, widget)


def decimals_as_numbers(db_field, **kwargs):
    """ModelForm Meta.formfield_callback: every DecimalField of the model becomes a NumberField."""
    if isinstance(db_field, models.DecimalField):
        return db_field.formfield(form_class=NumberField, **kwargs)
    return db_field.formfield(**kwargs)


class SignupForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "phone")
        labels = {"email": _("E-mail"), "full_name": _("Họ và tên")}
        help_texts = {"email": _("Chúng tôi gửi liên kết xác nhận tới địa chỉ này.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self):
        """An address that already has an account is not refused here: the page would tell anyone which
        addresses are registered. The view answers as for a new sign-up and e-mails the owner instead."""
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        self.existing_user = User.objects.filter(email__iexact=email).first()
        return email

    def _get_validation_exclusions(self):
        # The e-mail's uniqueness (field and case-insensitive constraint) is handled above, without saying so.
        return {*super()._get_validation_exclusions(), "email"}


class EmailAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's text says the fields may be case-sensitive; our e-mail is not.
        "invalid_login": _("E-mail hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản chưa được kích hoạt. Hãy mở liên kết xác nhận trong e-mail chúng tôi đã gửi, "
                      "hoặc yêu cầu gửi lại liên kết."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.fields["username"].widget.attrs["autocomplete"] = "email"

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # Django's backend refuses inactive accounts as if the password were wrong; with the right
            # password we can say what is really missing.
            # Every refusal costs one password hash here, so an inactive account (whose password is checked)
            # answers in the same time as a wrong password or an unknown address.
            user = User.objects.filter(email__iexact=self.cleaned_data.get("username", "")).first()
            password = self.cleaned_data.get("password") or ""
            if user is not None and not user.is_active:
                if user.check_password(password):
                    raise ValidationError(self.error_messages["inactive"], code="inactive") from None
            else:
                User().set_password(password)
            raise


class ResendActivationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


def in_vietnamese_order(field: forms.ModelChoiceField) -> None:
    """Show a choice field's rows in Vietnamese alphabetical order (Hà Nội before Huế, Đà Nẵng after Dương): the
    database sorts by code point. Validation still goes through the field's queryset."""
    rows = sorted(field.queryset, key=lambda row: sort_key(str(row)))
    blank = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = blank + [(row.pk, str(row)) for row in rows]


def _https_urls(model_field, **kwargs):
    # Addresses typed without a scheme are taken as https (Django 6's default, without its warning now).
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class ProducerForm(forms.ModelForm):
    class Meta:
        model = Producer
        formfield_callback = _https_urls
        fields = ("name", "legal_form", "tax_code", "address", "province", "commune", "representative", "phone",
                  "email", "website", "year_founded", "employees", "description", "publish_contacts")
        widgets = {"phone": forms.TextInput(attrs={"type": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.current()
        in_vietnamese_order(self.fields["province"])
        # Blank only for an unverified producer of a published list (the model's rule); this form makes or edits
        # verified ones.
        for name in Producer.REQUIRED_UNLESS_UNVERIFIED:
            self.fields[name].required = True
        self.tax_code_taken = False

    def clean_tax_code(self):
        code = normalize_tax_code(self.cleaned_data["tax_code"])
        if Producer.objects.filter(tax_code=code).exclude(pk=self.instance.pk).exists():
            self.tax_code_taken = True
            raise ValidationError(
                _("Mã số thuế %(code)s đã có trên hệ thống. Nếu đây là cơ sở của bạn, hãy gửi yêu cầu nhận quản lý "
                  "cơ sở thay vì tạo hồ sơ mới."),
                code="duplicate_tax_code", params={"code": code},
            )
        return code


class ClaimForm(forms.Form):
    tax_code = forms.CharField(label=_("Mã số thuế của cơ sở"), max_length=20,
                               help_text=_("Mã số thuế hoặc mã số đăng ký kinh doanh của cơ sở đã có trên hệ thống."))
    # An unverified producer of a published list, claimed from its public page: the code is then the claimant's.
    producer_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    message = forms.CharField(label=_("Lời nhắn cho ban thư ký"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Ví dụ: chức vụ của bạn tại cơ sở, số điện thoại để ban thư ký xác minh."))


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ("name", "group", "is_set", "description", "materials", "specifications", "production_capacity",
                  "price_range", "market", "standards", "year_first_produced")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].required = True  # blank only for a published list's product (Product.clean_fields)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Tệp ảnh"), help_text=_("JPEG, PNG hoặc WebP."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    role = forms.ChoiceField(label=_("Góc chụp"), choices=enums.PhotoRole.choices, initial=enums.PhotoRole.FRONT)
    caption = forms.CharField(label=_("Chú thích"), max_length=255, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại giấy tờ"), choices=enums.DocumentKind.choices)
    number = forms.CharField(label=_("Số hiệu"), max_length=100, required=False)
    issuer = forms.CharField(label=_("Cơ quan cấp"), max_length=255, required=False)
    issued_on = forms.DateField(label=_("Ngày cấp"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Ngày hết hạn"), required=False, widget=DateInput())
    file = forms.FileField(label=_("Tệp"), help_text=_("PDF hoặc ảnh chụp giấy tờ."))
    product = forms.ModelChoiceField(label=_("Sản phẩm liên quan"), queryset=Product.objects.none(), required=False,
                                     empty_label=_("(Giấy tờ chung của cơ sở)"))

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = producer.products.all()

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("Ngày hết hạn phải sau ngày cấp."))
        return cleaned
