"""Spreadsheet exports (django-import-export): nominations of a round and the forwarding list (Phụ lục 5)."""

from import_export import fields, resources

from catalog.spreadsheets import NeutralisedExport

from .models import Criterion, Forwarding, Nomination


class NominationResource(NeutralisedExport, resources.ModelResource):
    product = fields.Field(attribute="product__name", column_name="Sản phẩm")
    group = fields.Field(attribute="product__get_group_display", column_name="Nhóm")
    producer = fields.Field(attribute="product__producer__name", column_name="Cơ sở")
    tax_code = fields.Field(attribute="product__producer__tax_code", column_name="Mã số thuế")
    province = fields.Field(attribute="product__producer__province__name", column_name="Tỉnh/thành phố")
    address = fields.Field(attribute="product__producer__address", column_name="Địa chỉ")
    representative = fields.Field(attribute="product__producer__representative", column_name="Người đại diện")
    phone = fields.Field(attribute="product__producer__phone", column_name="Điện thoại")
    state = fields.Field(attribute="get_state_display", column_name="Trạng thái")
    submitted_at = fields.Field(attribute="submitted_at", column_name="Ngày nộp")
    complete = fields.Field(column_name="Đủ hồ sơ")

    class Meta:
        model = Nomination
        fields = ["id", "product", "group", "producer", "tax_code", "province", "address", "representative",
                        "phone", "state", "submitted_at", "complete"]
        export_order = fields

    def dehydrate_complete(self, nomination):
        value = getattr(nomination, "is_complete", None)
        return "" if value is None else ("Có" if value else "Chưa")

    def dehydrate_submitted_at(self, nomination):
        return nomination.submitted_at.strftime("%d/%m/%Y") if nomination.submitted_at else ""


class ForwardingResource(NeutralisedExport, resources.ModelResource):
    """The summary list sent with the forwarding letter (Phụ lục 5)."""

    product = fields.Field(attribute="product__name", column_name="Tên sản phẩm")
    group = fields.Field(attribute="product__get_group_display", column_name="Nhóm sản phẩm")
    producer = fields.Field(attribute="product__producer__name", column_name="Tên cơ sở")
    address = fields.Field(attribute="product__producer__address", column_name="Địa chỉ")
    province = fields.Field(attribute="product__producer__province__name", column_name="Tỉnh/thành phố")
    certificate = fields.Field(column_name="Giấy chứng nhận cấp dưới")
    state = fields.Field(attribute="get_state_display", column_name="Xác nhận của cơ sở")

    class Meta:
        model = Forwarding
        fields = ["product", "group", "producer", "address", "province", "certificate", "state"]
        export_order = fields

    def dehydrate_certificate(self, forwarding):
        numbers = [c.number for c in forwarding.product.certificates.all() if c.level == forwarding.from_round.level]
        return ", ".join(numbers)


class RubricCriterionResource(NeutralisedExport, resources.ModelResource):
    """A rubric as a spreadsheet, one row per criterion. The column names are also what import_rubric reads,
    so an exported file can be edited and imported back as a new version."""

    group_code = fields.Field(attribute="group__code", column_name="group_code")
    group_name_vi = fields.Field(attribute="group__name_vi", column_name="group_name_vi")
    group_name_en = fields.Field(attribute="group__name_en", column_name="group_name_en")
    group_max = fields.Field(attribute="group__max", column_name="group_max")

    class Meta:
        model = Criterion
        fields = ["group_code", "group_name_vi", "group_name_en", "group_max", "code", "name_vi", "name_en",
                  "guidance", "max", "step"]
        export_order = fields
