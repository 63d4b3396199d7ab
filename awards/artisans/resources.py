"""Import of earlier rounds' published title lists into the register (django-import-export).

The same rules as the catalogue's imports (catalog.resources.CatalogResource): a file with any bad row stores
nothing, errors are named by column header and row number, blank rows are skipped, look-ups are made once per
file. Titles are read by their natural labels ("Nghệ nhân nhân dân", "NNND", "Nghệ nhân ưu tú", "NNƯT", any case,
with or without diacritics), provinces by old or new name (catalog.geography.resolve_province: an old name files
the line under today's unit). Headers are matched the same forgiving way ("HO VA TEN" is "Họ và tên"), and an
error names the header as the file wrote it. A line is identified by name, title, year and province, so
importing the same list twice updates instead of duplicating; a line the system awarded is never overwritten.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from catalog.geography import ProvinceIndex
from catalog.resources import (
    CatalogResource,
    ChoiceWidget,
    ListResource,
    ProvinceWidget,
    TextWidget,
    WholeNumberWidget,
    YesNoWidget,
    _in_chunks,
)
from catalog.text import fold

from .enums import Title, TitleSource
from .models import ArtisanNomination, ArtisanTitle, PublicComment, set_register_keys


class ArtisanTitleResource(CatalogResource):
    full_name = fields.Field(attribute="full_name", column_name="Họ và tên", widget=TextWidget())
    title = fields.Field(attribute="title", column_name="Danh hiệu",
                         widget=ChoiceWidget(Title, what=gettext_lazy("Danh hiệu")))
    year = fields.Field(attribute="year", column_name="Năm", widget=WholeNumberWidget())
    craft = fields.Field(attribute="craft", column_name="Nghề", widget=TextWidget())
    province = fields.Field(attribute="province", column_name="Tỉnh/thành phố", widget=ProvinceWidget())
    posthumous = fields.Field(attribute="posthumous", column_name="Truy tặng", widget=YesNoWidget())
    decision_number = fields.Field(attribute="decision_number", column_name="Số quyết định", widget=TextWidget())

    class Meta:
        model = ArtisanTitle
        fields = ("full_name", "title", "year", "craft", "province", "posthumous", "decision_number")
        import_id_fields = ("full_name", "title", "year", "province")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.written_headers: dict[str, str] = {}

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Headers typed by hand: matched folded; errors later name them as written.
        ours = {fold(field.column_name): field.column_name for field in self.fields.values()}
        self.written_headers = {}
        headers = []
        for header in dataset.headers:
            column = ours.get(fold(header or ""), header)
            if column != header:
                self.written_headers[column] = header
            headers.append(column)
        dataset.headers = headers

    def load_file_lookups(self, dataset) -> None:
        self.fields["province"].widget.index = ProvinceIndex.load()

    def import_key(self, row):
        if any(self.fields[name].column_name not in row for name in self._meta.import_id_fields):
            return None
        try:
            name, title, year, province = (self.fields[n].clean(row) for n in self._meta.import_id_fields)
        except ValueError:
            return None  # the row is new, and import_instance reports its bad cells
        return (name, title, year, province.pk) if name and title and year else None

    def instance_key(self, instance):
        return instance.full_name, instance.title, instance.year, instance.province_id

    def stored_instances(self, keys):
        for chunk in _in_chunks(keys, using=self.get_db_connection_name(), params_each=4):
            yield from ArtisanTitle.objects.filter(full_name__in={key[0] for key in chunk},
                                                   year__in={key[2] for key in chunk})

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk and instance.source == TitleSource.AWARDED:
            errors[NON_FIELD_ERRORS] = [_("Dòng này do hệ thống ghi theo quyết định phong tặng; không sửa bằng tệp.")]
        try:
            super().validate_instance(instance, errors, validate_unique)
        except ValidationError as error:
            raise ValidationError({self.written_headers.get(key, key): messages
                                   for key, messages in error.message_dict.items()}) from None

    def before_save_instance(self, instance, row, **kwargs):
        # The batch writes skip Model.save(): the directory's keys are set here.
        set_register_keys(instance, instance.province.name if instance.province_id else "")

    def refresh_listings(self, ids):
        pass  # the register has no derived rows elsewhere

    @classmethod
    def get_display_name(cls):
        return _("Sổ danh hiệu nghệ nhân")


class ArtisanCandidateResource(ListResource):
    """A round's candidates as the secretariat's list exports them (with its filters), Vietnamese headers. The
    identity card number stays out of the file."""

    full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
    title_sought = fields.Field(attribute="get_title_sought_display", column_name="Danh hiệu đề nghị")
    posthumous = fields.Field(column_name="Truy tặng")
    craft = fields.Field(attribute="craft", column_name="Nghề")
    province = fields.Field(attribute="province__name", column_name="Tỉnh/thành phố")
    years_in_craft = fields.Field(attribute="years_in_craft", column_name="Số năm hành nghề")
    learners = fields.Field(attribute="learners", column_name="Số người đã truyền nghề")
    state = fields.Field(attribute="get_state_display", column_name="Trạng thái")
    submitted_at = fields.Field(column_name="Ngày nộp")

    class Meta:
        model = ArtisanNomination
        fields = ["full_name", "title_sought", "posthumous", "craft", "province", "years_in_craft", "learners",
                  "state", "submitted_at"]
        export_order = fields

    def dehydrate_posthumous(self, nomination):
        return "Có" if nomination.posthumous else ""

    def dehydrate_submitted_at(self, nomination):
        return nomination.submitted_at.strftime("%d/%m/%Y") if nomination.submitted_at else ""


class PublicCommentResource(ListResource):
    """The signed public comments of a round (awards.artisans.permissions.comments_for_secretariat), with the
    secretariat's answers."""

    nomination = fields.Field(attribute="nomination__full_name", column_name="Về nghệ nhân")
    full_name = fields.Field(attribute="full_name", column_name="Người góp ý")
    phone = fields.Field(attribute="phone", column_name="Điện thoại")
    address = fields.Field(attribute="address", column_name="Địa chỉ")
    submitted_at = fields.Field(column_name="Ngày gửi")
    text = fields.Field(attribute="text", column_name="Nội dung góp ý")
    response = fields.Field(attribute="response", column_name="Trả lời")
    responded_at = fields.Field(column_name="Ngày trả lời")

    class Meta:
        model = PublicComment
        fields = ["nomination", "full_name", "phone", "address", "submitted_at", "text", "response", "responded_at"]
        export_order = fields

    def dehydrate_submitted_at(self, comment):
        return timezone.localtime(comment.submitted_at).strftime("%d/%m/%Y %H:%M")

    def dehydrate_responded_at(self, comment):
        return timezone.localtime(comment.responded_at).strftime("%d/%m/%Y") if comment.responded_at else ""
