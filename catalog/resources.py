"""Spreadsheet import/export of producers and products (django-import-export).

Column headers are a file format shared with provincial offices, so they stay Vietnamese whatever the
interface language. Messages are translated. A file with any bad row stores nothing.
"""

import re
import unicodedata

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from . import enums
from .geography import resolve_province
from .models import Producer, Product
from .text import fold
from .validators import normalize_tax_code

_GROUPED_NUMBER = re.compile(r"\d{1,3}([.,]\d{3})+")


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_text(value) -> str:
    """Spreadsheet cells arrive as str, int or float (2010.0); all become plain NFC text.

    NFC because files saved on some systems carry decomposed Vietnamese (e + combining marks).
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


# --- Widgets -----------------------------------------------------------------------------------------------


class TaxCodeWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return ""
        if isinstance(value, int | float):
            # Excel turns a typed 0101234567 into the number 101234567; the lost leading zeros come back.
            digits = _cell_text(value)
            value = digits.zfill(10) if len(digits) <= 10 else digits.zfill(13)
        # Only normalized here: the model's validator reports a malformed code as a row error.
        return normalize_tax_code(_cell_text(value))


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if _is_blank(value) else _cell_text(value)


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        text = _cell_text(value).replace(" ", "")
        if _GROUPED_NUMBER.fullmatch(text):  # "1.200" or "1,200": thousands grouped the Vietnamese or English way
            text = re.sub(r"[.,]", "", text)
        if not text.isdigit():
            raise ValueError(_("“%(value)s” không phải là số nguyên không âm.") % {"value": value})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class YesNoWidget(widgets.Widget):
    YES = {"co", "c", "yes", "y", "1", "x", "true", "dung"}
    NO = {"khong", "k", "no", "n", "0", "false", "sai"}

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return False
        if isinstance(value, bool):
            return value
        folded = fold(_cell_text(value))
        if folded in self.YES:
            return True
        if folded in self.NO:
            return False
        raise ValueError(_("“%(value)s” không hợp lệ; ghi “có” hoặc “không”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        # The file format is Vietnamese whatever the interface language.
        return "có" if value else "không"


class ChoiceWidget(widgets.Widget):
    """A choice given by its code or its label, in any case, with or without diacritics."""

    def __init__(self, choices: type[TextChoices], *, what: str, default: str = ""):
        self.choices = choices
        self.what = what
        self.default = default
        super().__init__()

    def _lookup(self) -> dict[str, str]:
        table = {}
        # Files are written in Vietnamese; the labels of the current language are accepted as well.
        for language in ("vi", translation.get_language()):
            with translation.override(language):
                table.update({fold(str(label)): value for value, label in self.choices.choices})
        table.update({fold(value): value for value in self.choices.values})
        return table

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return self.default
        found = self._lookup().get(fold(_cell_text(value)))
        if found is None:
            with translation.override("vi"):
                allowed = "; ".join(str(label) for label in self.choices.labels)
            raise ValueError(_("%(what)s “%(value)s” không hợp lệ; dùng một trong: %(allowed)s.") % {
                "what": self.what, "value": value, "allowed": allowed})
        return found

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        with translation.override("vi"):
            return str(self.choices(value).label)


class ProvinceWidget(widgets.Widget):
    """A province by name, old or new, with or without diacritics; an old name gives today's unit."""

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            raise ValueError(_("Chưa ghi tỉnh/thành phố."))
        province = resolve_province(_cell_text(value))
        if province is None:
            raise ValueError(_("Không tìm thấy tỉnh/thành phố “%(value)s”.") % {"value": value})
        return province

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name


class ProducerByTaxCodeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        tax_code = TaxCodeWidget().clean(value)
        if not tax_code:
            raise ValueError(_("Chưa ghi mã số thuế của cơ sở."))
        try:
            return Producer.objects.get(tax_code=tax_code)
        except Producer.DoesNotExist:
            raise ValueError(_("Không có cơ sở nào với mã số thuế “%(value)s”; hãy nhập cơ sở trước.")
                             % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.tax_code


# --- Resources ---------------------------------------------------------------------------------------------


class CatalogResource(resources.ModelResource):
    """Shared rules: all-or-nothing imports, errors labelled by column header, blank rows ignored."""

    def import_data(self, dataset, **kwargs):
        # The admin's confirm step does not ask for this; without it good rows of a bad file would be stored.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            # People fix the file by its headers, not by our model's field names.
            headers = {field.attribute: field.column_name for field in self.fields.values() if field.attribute}
            raise ValidationError({
                key if key == NON_FIELD_ERRORS else headers.get(key, key): messages
                for key, messages in error.error_dict.items()
            }) from error

    def before_import(self, dataset, **kwargs):
        # Headers typed by hand or saved on another system: stray spaces and decomposed diacritics.
        dataset.headers = [_cell_text(header) if header is not None else header for header in dataset.headers]
        super().before_import(dataset, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if all(_is_blank(value) for value in row.values()):
            return True
        return super().skip_row(instance, original, row, import_validation_errors)


class ProducerResource(CatalogResource):
    name = fields.Field(attribute="name", column_name="Tên cơ sở", widget=TextWidget())
    legal_form = fields.Field(attribute="legal_form", column_name="Loại hình",
                              widget=ChoiceWidget(enums.LegalForm, what=gettext_lazy("Loại hình")))
    tax_code = fields.Field(attribute="tax_code", column_name="Mã số thuế", widget=TaxCodeWidget())
    address = fields.Field(attribute="address", column_name="Địa chỉ", widget=TextWidget())
    province = fields.Field(attribute="province", column_name="Tỉnh/thành phố", widget=ProvinceWidget())
    commune = fields.Field(attribute="commune", column_name="Xã/phường", widget=TextWidget())
    representative = fields.Field(attribute="representative", column_name="Người đại diện", widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="Điện thoại", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="E-mail", widget=TextWidget())
    website = fields.Field(attribute="website", column_name="Website", widget=TextWidget())
    year_founded = fields.Field(attribute="year_founded", column_name="Năm thành lập", widget=WholeNumberWidget())
    employees = fields.Field(attribute="employees", column_name="Số lao động", widget=WholeNumberWidget())
    description = fields.Field(attribute="description", column_name="Giới thiệu", widget=TextWidget())
    publish_contacts = fields.Field(attribute="publish_contacts", column_name="Công khai liên hệ",
                                    widget=YesNoWidget())

    class Meta:
        model = Producer
        fields = ("name", "legal_form", "tax_code", "address", "province", "commune", "representative", "phone",
                  "email", "website", "year_founded", "employees", "description", "publish_contacts")
        import_id_fields = ("tax_code",)
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("province")

    @classmethod
    def get_display_name(cls):
        return _("Cơ sở sản xuất")


class ProductResource(CatalogResource):
    producer = fields.Field(attribute="producer", column_name="Mã số thuế cơ sở",
                            widget=ProducerByTaxCodeWidget())
    # Export only: lets a person reading the file see whose product it is.
    producer_name = fields.Field(attribute="producer__name", column_name="Tên cơ sở", readonly=True)
    group = fields.Field(attribute="group", column_name="Nhóm sản phẩm",
                         widget=ChoiceWidget(enums.ProductGroup, what=gettext_lazy("Nhóm sản phẩm")))
    name = fields.Field(attribute="name", column_name="Tên sản phẩm", widget=TextWidget())
    is_set = fields.Field(attribute="is_set", column_name="Bộ sản phẩm", widget=YesNoWidget())
    description = fields.Field(attribute="description", column_name="Mô tả", widget=TextWidget())
    materials = fields.Field(attribute="materials", column_name="Nguyên liệu", widget=TextWidget())
    specifications = fields.Field(attribute="specifications", column_name="Quy cách, thông số kỹ thuật",
                                  widget=TextWidget())
    production_capacity = fields.Field(attribute="production_capacity", column_name="Năng lực sản xuất",
                                       widget=TextWidget())
    price_range = fields.Field(attribute="price_range", column_name="Khoảng giá", widget=TextWidget())
    market = fields.Field(attribute="market", column_name="Thị trường",
                          widget=ChoiceWidget(enums.Market, what=gettext_lazy("Thị trường"),
                                              default=enums.Market.DOMESTIC))
    standards = fields.Field(attribute="standards", column_name="Tiêu chuẩn, chứng nhận", widget=TextWidget())
    year_first_produced = fields.Field(attribute="year_first_produced", column_name="Năm bắt đầu sản xuất",
                                       widget=WholeNumberWidget())

    class Meta:
        model = Product
        fields = ("producer", "producer_name", "group", "name", "is_set", "description", "materials",
                  "specifications", "production_capacity", "price_range", "market", "standards",
                  "year_first_produced")
        import_id_fields = ("producer", "name")
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("producer")

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # An unknown producer: treat the row as new, so import_instance reports it as a row error.
            return None

    @classmethod
    def get_display_name(cls):
        return _("Sản phẩm")
