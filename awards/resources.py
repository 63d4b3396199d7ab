"""Import of historical certificates (and export of the register) with django-import-export.

Rows name the product by its producer's tax code and its name, as the paper registers do; the level may be
written as its code (province) or its Vietnamese name (Cấp tỉnh).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets

from catalog import listing
from catalog.enums import Level, level_from_text
from catalog.models import Certificate, Product
from catalog.resources import ListResource
from catalog.spreadsheets import NeutralisedExport
from catalog.validators import normalize_tax_code

from .models import Complaint, DecisionEntry
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


# --- The secretariat's list pages as files (?export=xlsx|csv on the page: catalog.spreadsheets.requested_format).
# Each exports the rows its page's filter and access funnel give; Vietnamese headers, like the nominations list.


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class DecisionEntryResource(ListResource):
    """A draft decision's list as its page filters it, one column per criterion group code of the round."""

    rank = fields.Field(column_name="Hạng")
    nomination = fields.Field(column_name="Mã hồ sơ")
    product = fields.Field(attribute="nomination__product__name", column_name="Sản phẩm")
    producer = fields.Field(attribute="nomination__product__producer__name", column_name="Cơ sở")
    province = fields.Field(attribute="nomination__product__producer__province__name", column_name="Tỉnh/thành phố")
    group = fields.Field(attribute="nomination__product__get_group_display", column_name="Nhóm sản phẩm")
    average = fields.Field(column_name="Điểm trung bình")
    tied = fields.Field(column_name="Bằng hạng")
    result = fields.Field(column_name="Kết quả")
    exclusion_reason = fields.Field(attribute="exclusion_reason", column_name="Lý do không công nhận")

    class Meta:
        model = DecisionEntry
        fields = ["rank", "nomination", "product", "producer", "province", "group", "average", "tied", "result",
                  "exclusion_reason"]
        export_order = fields

    def __init__(self, *, codes=(), **kwargs):
        """`codes`: the round's criterion group codes (scoring.results.group_codes), a column each after the
        average."""
        super().__init__(**kwargs)
        self.codes = list(codes)

    def get_export_headers(self, selected_fields=None):
        headers = super().get_export_headers(selected_fields)
        at = headers.index("Điểm trung bình") + 1
        return [*headers[:at], *[f"Nhóm tiêu chí {code}" for code in self.codes], *headers[at:]]

    def export_resource(self, instance, *args, **kwargs):
        row = super().export_resource(instance, *args, **kwargs)
        at = self._meta.fields.index("average") + 1
        figures = dict(instance.group_figures)
        return [*row[:at], *[figures.get(code) for code in self.codes], *row[at:]]

    # Numbers stay numbers in the file (a field's widget would write them as text).
    def dehydrate_rank(self, entry):
        return entry.rank

    def dehydrate_nomination(self, entry):
        return entry.nomination_id

    def dehydrate_average(self, entry):
        return entry.average

    def dehydrate_tied(self, entry):
        return "Có" if getattr(entry, "tied", False) else ""

    def dehydrate_result(self, entry):
        return "Công nhận" if entry.recognised else "Không công nhận"


class CertificateListResource(ListResource):
    """The certificates in the secretariat's scope (awards.permissions.certificates_for_secretariat)."""

    number = fields.Field(attribute="number", column_name="Số giấy chứng nhận")
    decision_number = fields.Field(attribute="decision_number", column_name="Số quyết định công nhận")
    product = fields.Field(attribute="product__name", column_name="Sản phẩm")
    producer = fields.Field(attribute="product__producer__name", column_name="Cơ sở")
    tax_code = fields.Field(attribute="product__producer__tax_code", column_name="Mã số thuế")
    province = fields.Field(attribute="product__producer__province__name", column_name="Tỉnh/thành phố")
    level = fields.Field(attribute="get_level_display", column_name="Cấp")
    issued_on = fields.Field(column_name="Ngày cấp")
    valid_until = fields.Field(column_name="Hiệu lực đến")
    source = fields.Field(attribute="get_source_display", column_name="Nguồn")
    status = fields.Field(column_name="Tình trạng")
    revoked_on = fields.Field(column_name="Ngày thu hồi")

    class Meta:
        model = Certificate
        fields = ["number", "decision_number", "product", "producer", "tax_code", "province", "level", "issued_on",
                  "valid_until", "source", "status", "revoked_on"]
        export_order = fields

    STATUS_LABELS = {"valid": "Còn hiệu lực", "expired": "Hết hiệu lực", "revoked": "Đã thu hồi"}

    def dehydrate_issued_on(self, certificate):
        return str(certificate.issued_on.year) if certificate.issued_year_only else _date(certificate.issued_on)

    def dehydrate_valid_until(self, certificate):
        return _date(certificate.valid_until)

    def dehydrate_status(self, certificate):
        return self.STATUS_LABELS[certificate.status_on()]

    def dehydrate_revoked_on(self, certificate):
        return _date(certificate.revoked_on)


class ComplaintResource(ListResource):
    """The complaints in the secretariat's scope (awards.permissions.complaints_for_secretariat)."""

    product = fields.Field(attribute="nomination__product__name", column_name="Sản phẩm")
    producer = fields.Field(attribute="nomination__product__producer__name", column_name="Cơ sở")
    round = fields.Field(attribute="decision__round__title", column_name="Đợt")
    filed_at = fields.Field(column_name="Ngày gửi")
    answer_due = fields.Field(column_name="Hạn trả lời")
    status = fields.Field(column_name="Tình trạng")
    text = fields.Field(attribute="text", column_name="Nội dung khiếu nại")
    answer = fields.Field(attribute="answer", column_name="Trả lời")
    answered_at = fields.Field(column_name="Ngày trả lời")

    class Meta:
        model = Complaint
        fields = ["product", "producer", "round", "filed_at", "answer_due", "status", "text", "answer",
                  "answered_at"]
        export_order = fields

    def dehydrate_filed_at(self, complaint):
        return _date(timezone.localtime(complaint.filed_at))

    def dehydrate_answer_due(self, complaint):
        return _date(complaint.answer_due)

    def dehydrate_status(self, complaint):
        if complaint.is_answered:
            return "Đã trả lời"
        return "Quá hạn" if complaint.is_overdue() else "Chờ trả lời"

    def dehydrate_answered_at(self, complaint):
        return _date(timezone.localtime(complaint.answered_at)) if complaint.answered_at else ""
