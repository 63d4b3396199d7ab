"""Import of historical certificates (and export of the register) with django-import-export.

Rows name the product by its producer's tax code and its name, as the paper registers do; the level may be
written as its code (province) or its Vietnamese name (Cấp tỉnh).
"""

import datetime

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from catalog import listing
from catalog.enums import Level, level_from_text
from catalog.models import Certificate, Product
from catalog.spreadsheets import NeutralisedExport
from catalog.validators import normalize_tax_code

from .permissions import can_record
from .services import prepare_historical_certificate

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


class DateWidget(widgets.Widget):
    """Dates as spreadsheet cells (date objects) or text in the usual Vietnamese and ISO forms."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
        raise ValueError(f"Ngày không hợp lệ: {value!r} (dùng dạng 31/12/2025)")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class LevelWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        level = level_from_text(value)
        if level is None:
            raise ValueError(f"Cấp không hợp lệ: {value!r}")
        return level

    def render(self, value, obj=None, **kwargs):
        return str(Level(value).label) if value else ""


class CertificateResource(NeutralisedExport, resources.ModelResource):
    number = fields.Field(attribute="number", column_name="Số giấy chứng nhận")
    tax_code = fields.Field(attribute="product__producer__tax_code", column_name="Mã số thuế", readonly=True)
    product_name = fields.Field(attribute="product__name", column_name="Tên sản phẩm", readonly=True)
    product = fields.Field(attribute="product", column_name="product_id",
                           widget=widgets.ForeignKeyWidget(Product, "pk"))
    level = fields.Field(attribute="level", column_name="Cấp", widget=LevelWidget())
    issued_on = fields.Field(attribute="issued_on", column_name="Ngày cấp", widget=DateWidget())
    valid_until = fields.Field(attribute="valid_until", column_name="Hiệu lực đến",
                               widget=DateWidget())
    issuer = fields.Field(attribute="issuer", column_name="Cơ quan cấp")

    class Meta:
        model = Certificate
        import_id_fields = ["number"]
        fields = ["number", "tax_code", "product_name", "product", "level", "issued_on", "valid_until", "issuer"]
        export_order = fields
        skip_unchanged = True

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.changed_products: set[int] = set()

    def before_import_row(self, row, **kwargs):
        if not str(row.get("Số giấy chứng nhận") or "").strip():
            # Only a published list's recognition has no number (awards.published_lists), never this register.
            raise ValueError("Chưa ghi số giấy chứng nhận.")
        tax_code = normalize_tax_code(str(row.get("Mã số thuế") or ""))
        name = str(row.get("Tên sản phẩm") or "").strip()
        product = Product.objects.filter(producer__tax_code=tax_code, name__iexact=name).first()
        if product is None:
            raise ValueError(f"Không tìm thấy sản phẩm “{name}” của cơ sở có mã số thuế {tax_code}.")
        row["product_id"] = product.pk
        if not row.get("Hiệu lực đến"):
            row["Hiệu lực đến"] = None

    def before_save_instance(self, instance, row, **kwargs):
        if self.user is not None and not can_record(self.user, instance):
            raise ValidationError("Sản phẩm hoặc cấp của giấy chứng nhận nằm ngoài phạm vi phụ trách của bạn.")
        if instance.pk and instance.is_issued:
            # An issued certificate follows its decision; corrections are revocations, never a spreadsheet edit.
            raise ValidationError(f"Giấy chứng nhận {instance.number} do hệ thống cấp, không sửa bằng tệp nhập.")
        if not instance.pk:
            prepare_historical_certificate(instance, by=self.user)

    def after_save_instance(self, instance, row, **kwargs):
        self.changed_products.add(instance.product_id)

    def after_import(self, dataset, result, **kwargs):
        # The public list shows recognised products from their listing rows: the same transaction keeps them
        # in step (a dry run rolls both back).
        listing.refresh(self.changed_products)
        super().after_import(dataset, result, **kwargs)
