from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Province, Region
from scoring.enums import Level

from .models import Certificate
from .permissions import certificate_levels_for, products_for_secretariat

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HistoricalCertificateForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ["product", "number", "level", "issued_on", "valid_until", "issuer", "scope_province",
                  "scope_region"]
        widgets = {"issued_on": DATE, "valid_until": DATE}
        help_texts = {"valid_until": _("Để trống: tự tính tới 31/12 của năm thứ ba kể từ năm cấp.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].required = False
        self.fields["product"].queryset = products_for_secretariat(user).select_related("producer")
        self.fields["product"].label_from_instance = lambda p: f"{p.name} — {p.producer.name}"
        levels = certificate_levels_for(user)
        self.fields["level"].choices = [(c, lbl) for c, lbl in Level.choices if c in levels]
        self.fields["scope_province"].queryset = Province.objects.all()
        self.fields["scope_region"].queryset = Region.objects.all()


class CertificateImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV"),
                           help_text=_("Cột: Số giấy chứng nhận, Mã số thuế, Tên sản phẩm, Cấp, Ngày cấp, "
                                       "Hiệu lực đến (có thể trống), Cơ quan cấp."))
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa lưu"), required=False, initial=True)
