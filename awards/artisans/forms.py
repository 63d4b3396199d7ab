"""Forms of the artisan-title pages. They parse; the services decide (every rule is checked there again)."""

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from catalog.collation import vietnamese
from catalog.forms import DatalistInput
from catalog.models import Province, User
from catalog.text import sort_key

from .dossier import ITEMS
from .enums import (
    TRANSITIONS,
    Choice,
    CouncilLevel,
    EvidenceKind,
    MemberRole,
    NominationState,
    PrizeLevel,
    PrizeRank,
    Title,
)
from .models import ArtisanNomination, ArtisanRound, Council, CouncilMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _VietnameseOrder(forms.models.ModelChoiceIterator):
    # Some 34 rows: sorted in Python by catalog.text.sort_key, which no database collation matches everywhere.
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for province in sorted(self.queryset, key=lambda p: sort_key(p.name)):
            yield self.choice(province)


class ProvinceChoiceField(forms.ModelChoiceField):
    """Today's provinces, in Vietnamese alphabetical order."""

    iterator = _VietnameseOrder

    def __init__(self, **kwargs):
        super().__init__(queryset=Province.objects.current(), **kwargs)


class ConfirmField(forms.BooleanField):
    """A required tick box that says what an irreversible step will do."""

    def __init__(self, label, **kwargs):
        super().__init__(label=label, required=True, **kwargs)


class RoundForm(forms.ModelForm):
    class Meta:
        model = ArtisanRound
        fields = ["number", "title", "award_year", "announced_on", "policy", "submissions_open", "submissions_close",
                  "provincial_by", "ministerial_by", "state_by"]
        widgets = dict.fromkeys(["announced_on", "submissions_open", "submissions_close", "provincial_by",
                                 "ministerial_by", "state_by"], DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["announced_on"].required = False


class NominationForm(forms.ModelForm):
    """The declaration (Mẫu 01/02). The posthumous mark is offered to the secretariat only."""

    province = ProvinceChoiceField(label=_("Tỉnh/thành phố"))

    class Meta:
        model = ArtisanNomination
        fields = ["title_sought", "full_name", "id_number", "date_of_birth", "gender", "address", "province", "phone",
                  "email", "craft", "special_craft", "years_in_craft", "learners", "other_distinctions", "posthumous"]
        widgets = {"date_of_birth": DATE, "other_distinctions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, secretariat: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not secretariat:
            del self.fields["posthumous"]


# Rows of the achievement formsets start blank (an empty choice first), so a browser's untouched extra row sends
# nothing and is skipped instead of failing as half filled.
BLANK = [("", "---------")]


class PriorTitleForm(forms.Form):
    title = forms.ChoiceField(label=_("Danh hiệu"), choices=BLANK + Title.choices)
    year = forms.IntegerField(label=_("Năm phong tặng"), min_value=1900, max_value=2100)
    decision = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)


class WorkForm(forms.Form):
    name = forms.CharField(label=_("Tên tác phẩm"), max_length=255)
    year = forms.IntegerField(label=_("Năm đạt giải"), min_value=1900, max_value=2100)
    competition = forms.CharField(label=_("Cuộc thi, triển lãm"), max_length=255, required=False)
    level = forms.ChoiceField(label=_("Cấp giải"), choices=BLANK + PrizeLevel.choices)
    rank = forms.TypedChoiceField(label=_("Giải"), choices=[("", _("Không có giải"))] + PrizeRank.choices,
                                  coerce=int, empty_value=None, required=False)
    sent_by_state = forms.BooleanField(label=_("Do Nhà nước cử tham dự"), required=False)


PriorTitleFormSet = forms.formset_factory(PriorTitleForm, extra=1, can_delete=True)
WorkFormSet = forms.formset_factory(WorkForm, extra=2, can_delete=True)


def formset_rows(formset) -> list[dict]:
    """The filled, not deleted rows of a valid formset."""
    return [form.cleaned_data for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại minh chứng"), choices=EvidenceKind.choices)
    caption = forms.CharField(label=_("Mô tả"), max_length=255, required=False)
    file = forms.FileField(label=_("Tệp"), required=False,
                           help_text=_("PDF hoặc ảnh JPEG, PNG, WebP; video MP4, MOV hoặc WebM."))
    url = forms.URLField(label=_("Đường dẫn video"), required=False, assume_scheme="https")


class PortraitForm(forms.Form):
    image = forms.FileField(label=_("Ảnh chân dung"), help_text=_("Ảnh JPEG, PNG hoặc WebP."))


class SubmitForm(forms.Form):
    confirm = ConfirmField(_("Tôi xác nhận nội dung kê khai là đúng. Sau khi nộp, hồ sơ không sửa được trừ khi Sở "
                             "Công Thương trả lại để bổ sung."))


class WithdrawForm(forms.Form):
    confirm = ConfirmField(_("Tôi muốn rút hồ sơ. Hồ sơ đã rút không được xét tiếp trong đợt này."))


class CheckForm(forms.Form):
    """The Sở Công Thương's check: complete, returned with what is missing, or not eligible."""

    decision = forms.ChoiceField(label=_("Kết quả kiểm tra"), widget=forms.RadioSelect, choices=[
        (NominationState.ACCEPTED, _("Hồ sơ đầy đủ, hợp lệ")),
        (NominationState.RETURNED, _("Trả lại để bổ sung")),
        (NominationState.REJECTED, _("Không đủ điều kiện")),
    ])
    missing_items = forms.MultipleChoiceField(label=_("Hồ sơ còn thiếu"), required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              choices=[(code, label) for code, label in ITEMS.items()])
    reason = forms.CharField(label=_("Ghi chú cho người đề nghị"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    confirm = ConfirmField(_("Kết quả được gửi cho người đề nghị. Hồ sơ đã công nhận hợp lệ hoặc không đủ điều kiện "
                             "thì không đổi lại được."))

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the moves the dossier's state allows (a returned dossier can only be turned down, or sent again).
        field = self.fields["decision"]
        field.choices = [(value, label) for value, label in field.choices if value in TRANSITIONS[state]]


# --- Councils ----------------------------------------------------------------------------------------------


class CouncilForm(forms.ModelForm):
    province = ProvinceChoiceField(label=_("Tỉnh/thành phố"), required=False)

    class Meta:
        model = Council
        fields = ["level", "province", "name", "founding_decision"]

    def __init__(self, *args, levels, province_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(v, label) for v, label in CouncilLevel.choices if v in levels]
        if province_ids is not None:
            self.fields["province"].queryset = Province.objects.current().filter(pk__in=province_ids)


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail tài khoản của thành viên"))
    role = forms.ChoiceField(label=_("Chức danh trong hội đồng"), choices=MemberRole.choices,
                             initial=MemberRole.MEMBER)
    position = forms.CharField(label=_("Chức vụ, nơi công tác"), max_length=255, required=False)

    def clean_email(self):
        return member_account(self.cleaned_data["email"])


def member_account(email: str) -> User:
    """The active account a council seat is given to, by e-mail (the member form and the API)."""
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise forms.ValidationError(_("Không có tài khoản nào đang hoạt động với e-mail này."))
    return user


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Ngày họp"), widget=DATE)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.user} – {member.get_role_display()}"


class AttendanceForm(forms.Form):
    present = MemberChoiceField(label=_("Thành viên có mặt"), queryset=CouncilMember.objects.none(),
                                widget=forms.CheckboxSelectMultiple, required=False)
    authorised_vice_chair = forms.ModelChoiceField(
        label=_("Phó Chủ tịch được Chủ tịch ủy quyền chủ trì (khi Chủ tịch vắng)"),
        queryset=CouncilMember.objects.none(), required=False)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        members = session.council.members.select_related("user")
        self.fields["present"].queryset = members
        self.fields["authorised_vice_chair"].queryset = members.exclude(role__in=[MemberRole.CHAIR,
                                                                                  MemberRole.MEMBER,
                                                                                  MemberRole.SECRETARY])
        self.fields["authorised_vice_chair"].label_from_instance = lambda m: str(m.user)


class BallotForm(forms.Form):
    """One member's ballot: approve or disapprove for every candidate on the session's list."""

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            nomination = candidate.nomination
            self.fields[f"c{candidate.pk}"] = forms.ChoiceField(
                label=f"{nomination.full_name} – {nomination.get_title_sought_display()} ({nomination.craft})",
                choices=Choice.choices, widget=forms.RadioSelect)
        self.fields["confirm"] = ConfirmField(_("Tôi hiểu phiếu đã bỏ không sửa, không rút lại được, và không ai "
                                                "biết tôi đã chọn gì."))

    def marks(self) -> dict[int, dict[str, int]]:
        return {c.pk: {self.cleaned_data[f"c{c.pk}"]: 1} for c in self.candidates}


class PaperBallotForm(forms.Form):
    """The counted paper ballots of several present members: who handed one in, and the counts per candidate."""

    voters = MemberChoiceField(label=_("Thành viên đã bỏ phiếu giấy"), queryset=CouncilMember.objects.none(),
                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, session, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["voters"].queryset = (session.council.members.filter(attendance__session=session,
                                                                         attendance__present=True)
                                          .exclude(vote_records__session=session).select_related("user"))
        for candidate in self.candidates:
            name = candidate.nomination.full_name
            self.fields[f"a{candidate.pk}"] = forms.IntegerField(
                label=_("%(name)s: số phiếu đồng ý") % {"name": name}, min_value=0)
            self.fields[f"d{candidate.pk}"] = forms.IntegerField(
                label=_("%(name)s: số phiếu không đồng ý") % {"name": name}, min_value=0)
        self.fields["confirm"] = ConfirmField(_("Số phiếu đã được ban kiểm phiếu đếm; sau khi ghi không sửa được."))

    def marks(self) -> dict[int, dict[str, int]]:
        return {c.pk: {Choice.APPROVE: self.cleaned_data[f"a{c.pk}"], Choice.DISAPPROVE: self.cleaned_data[f"d{c.pk}"]}
                for c in self.candidates}


class OpenVotingForm(forms.Form):
    confirm = ConfirmField(_("Mở bỏ phiếu: danh sách thành viên, điểm danh và danh sách người được xét được giữ cố "
                             "định từ bây giờ."))


class CloseSessionForm(forms.Form):
    confirm = ConfirmField(_("Kết thúc bỏ phiếu và kiểm phiếu: kết quả được ghi, hồ sơ được chuyển tiếp hoặc dừng, "
                             "người được xét nhận thư báo. Không hoàn tác được."))


# --- Public comment, decisions, register ---------------------------------------------------------------------


class CommentPeriodForm(forms.Form):
    opens_on = forms.DateField(label=_("Bắt đầu lấy ý kiến"), widget=DATE)
    confirm = ConfirmField(_("Đăng công khai danh sách được hội đồng cấp Bộ đề nghị để lấy ý kiến nhân dân."))


class PublicCommentForm(forms.Form):
    nomination = forms.ModelChoiceField(label=_("Góp ý về"), queryset=ArtisanNomination.objects.none())
    full_name = forms.CharField(label=_("Họ và tên của bạn"), max_length=150)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255)
    text = forms.CharField(label=_("Nội dung góp ý"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = period.nominations.order_by(vietnamese("full_name"))
        self.fields["nomination"].label_from_instance = lambda n: f"{n.full_name} – {n.get_title_sought_display()}"


class AnswerForm(forms.Form):
    response = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm = ConfirmField(_("Trả lời được ghi một lần, không sửa được."))


class DecisionForm(forms.Form):
    awarded = forms.TypedChoiceField(label=_("Quyết định"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
                                     choices=[("yes", _("Phong tặng")), ("no", _("Không phong tặng"))])
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Lý do (khi không phong tặng)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    confirm = ConfirmField(_("Ghi quyết định: khi phong tặng, người này vào sổ danh hiệu công khai. Không hoàn tác "
                             "được."))


class RegisterImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV"), help_text=_(
        "Cột: Họ và tên, Danh hiệu (NNND, NNƯT hoặc tên đầy đủ), Năm, Nghề, Tỉnh/thành phố (tên cũ hoặc mới), "
        "Truy tặng (có/không, có thể bỏ trống), Số quyết định (có thể bỏ trống)."))
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa lưu"), required=False, initial=True)


class DirectoryForm(forms.Form):
    """The public directory's filters, in the address (?q=&danh_hieu=&nghe=&tinh=&nam=)."""

    q = forms.CharField(label=_("Tìm nghệ nhân"), required=False, max_length=100)
    danh_hieu = forms.ChoiceField(label=_("Danh hiệu"), required=False)
    nghe = forms.ChoiceField(label=_("Nghề"), required=False)
    # Typed, today's and former names suggested: "Hà Tây" finds Hà Nội's artisans (resolved by the view).
    tinh = forms.CharField(label=_("Tỉnh/thành phố"), required=False, max_length=100)
    nam = forms.TypedChoiceField(label=_("Năm phong tặng"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, crafts, years, province_names, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        self.fields["danh_hieu"].choices = everything + Title.choices
        self.fields["nghe"].choices = everything + crafts
        self.fields["tinh"].widget = DatalistInput(province_names)
        self.fields["nam"].choices = everything + [(year, year) for year in years]


def craft_choices(lines) -> list[tuple[str, str]]:
    """(folded craft, first spelling) of the register's crafts, in Vietnamese order."""
    crafts = {}
    spellings = lines.values("craft_key", "craft").annotate(n=Count("id")).order_by("craft_key", "-n", "craft")
    for row in spellings:  # the most used spelling of each folded craft names it
        crafts.setdefault(row["craft_key"], row["craft"])
    return sorted(crafts.items(), key=lambda item: sort_key(item[1]))
