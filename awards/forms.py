from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.enums import Level
from catalog.models import Certificate, Province, Region
from catalog.uploads import validate_scan_upload

from .enums import DecisionState
from .models import ResultsDecision
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


class PublishedListImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV"),
                           help_text=_("Danh sách sản phẩm đã công nhận như quyết định công bố. Cột: STT, Tên sản "
                                       "phẩm, Tên cơ sở / chủ thể, Địa chỉ (có thể trống), Tỉnh/Thành phố, Cấp, Năm, "
                                       "Số quyết định, Nhóm (có thể trống), Ngày quyết định (có thể trống)."))
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa lưu"), required=False, initial=True)
    skip_bad_rows = forms.BooleanField(label=_("Bỏ qua dòng lỗi, lưu các dòng đúng"), required=False)


# --- Results decisions, revocation, complaints ----------------------------------------------------------------

SCAN_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png")
SCAN_MAX_BYTES = 20 * 1024 * 1024


class _StoredFile:
    """What the file widget shows of a stored private file: its name, linked to the permission-checked view."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class PrivateFileInput(forms.ClearableFileInput):
    """A file input for private storage, which has no URLs (catalog.storage): the "currently" link goes to
    `download_url` instead."""

    download_url = ""

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _StoredFile(str(value).rsplit("/", 1)[-1], self.download_url)
        return context


class ResultsDecisionForm(forms.ModelForm):
    class Meta:
        model = ResultsDecision
        fields = ["number", "decided_on", "signer_name", "signer_title", "issuing_body", "signing_place",
                  "signature_block", "signed_scan"]
        widgets = {"decided_on": DATE, "signature_block": forms.Textarea(attrs={"rows": 3}),
                   "signed_scan": PrivateFileInput}
        help_texts = {"signed_scan": _("Tệp PDF, JPG hoặc PNG, tối đa 20 MB. Bắt buộc trước khi công bố.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["signed_scan"].widget.download_url = reverse("awards:decision_scan", args=[self.instance.pk])

    def clean_signed_scan(self):
        scan = self.cleaned_data.get("signed_scan")
        if scan and hasattr(scan, "content_type"):  # a new upload, not the stored file
            check_signed_scan(scan)
        return scan


def check_signed_scan(scan) -> None:
    """THE check of a new signed scan (this form and the API): a PDF, JPG or PNG of at most 20 MB, judged from its
    content as for producers' documents. Raises ValidationError; leaves the file at its start."""
    if not scan.name.lower().endswith(SCAN_EXTENSIONS):
        raise forms.ValidationError(_("Chỉ nhận tệp PDF, JPG hoặc PNG."))
    if scan.size > SCAN_MAX_BYTES:
        raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
    validate_scan_upload(scan, max_bytes=SCAN_MAX_BYTES)
    scan.seek(0)


class FirstProposalForm(forms.Form):
    exclusion_reason = forms.CharField(
        label=_("Lý do ghi cho các hồ sơ không được đề nghị"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: dưới ngưỡng công nhận hoặc ngoài số lượng tối đa; hội đồng sửa từng hồ sơ sau."))


RESULT_CHOICES = [("", _("Tất cả")), ("cong-nhan", _("Được công nhận")), ("khong", _("Không công nhận"))]
SCORE_CHOICES = [("", _("Tất cả")), ("dat", _("Đạt ngưỡng")), ("duoi", _("Dưới ngưỡng")),
                 ("chua-co", _("Chưa có điểm"))]


class EntryFilterForm(forms.Form):
    """Filters of the decision's list (GET): every choice narrows the rows, ranks stay those of the ranking."""

    q = forms.CharField(label=_("Tìm sản phẩm hoặc cơ sở"), required=False, max_length=100)
    ket_qua = forms.ChoiceField(label=_("Kết quả"), choices=RESULT_CHOICES, required=False)
    diem = forms.ChoiceField(label=_("Điểm"), choices=SCORE_CHOICES, required=False)
    nhom = forms.ChoiceField(label=_("Nhóm sản phẩm"), required=False)
    bang_diem = forms.BooleanField(label=_("Chỉ các hồ sơ bằng hạng nhau"), required=False)

    def __init__(self, *args, selection_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nhom"].choices = [("", _("Tất cả")),
                                       *zip(selection_round.groups, selection_round.group_labels(), strict=True)]


class EntryChangeForm(forms.Form):
    recognised = forms.TypedChoiceField(choices=[("1", _("Công nhận")), ("0", _("Không công nhận"))],
                                        coerce=lambda value: value == "1")
    reason = forms.CharField(label=_("Lý do không công nhận"), required=False, max_length=1000)
    query = forms.CharField(required=False, max_length=1000)


class DecisionStateForm(forms.Form):
    new_state = forms.ChoiceField(choices=DecisionState.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Bắt buộc khi đưa quyết định về trạng thái đang soạn."))


class ReopenScoringForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại chấm điểm"), widget=forms.Textarea(attrs={"rows": 2}))


class RevocationForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định thu hồi"), max_length=60,
                                      help_text=_("Ví dụ: 55/QĐ-UBND."))
    revoked_on = forms.DateField(label=_("Thu hồi từ ngày"), widget=DATE,
                                 help_text=_("Giấy chứng nhận hết giá trị từ ngày này."))
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}))


class ComplaintForm(forms.Form):
    text = forms.CharField(label=_("Nội dung khiếu nại"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=5000, help_text=_("Nêu rõ điểm cơ sở chưa đồng ý và căn cứ."))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời của thường trực hội đồng"), widget=forms.Textarea(attrs={"rows": 6}),
                             max_length=10000)
