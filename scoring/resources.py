"""Spreadsheet exports (django-import-export): nominations of a round, the forwarding list (Phụ lục 5), rubrics and
the round's audit log."""

from django.apps import apps
from django.utils import timezone
from import_export import fields, resources

from catalog import audit
from catalog.models import AuditEntry
from catalog.resources import ListResource
from catalog.spreadsheets import NeutralisedExport

from .models import Criterion, Forwarding, Nomination


class NominationResource(ListResource):
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


class AuditEntryResource(ListResource):
    """A round's audit log as its page filters it (scoring.audit_views), oldest last like the page; each entry's
    before and after as "key: value" lines, and whether its content still matches its hash."""

    seq = fields.Field(column_name="Số")
    at = fields.Field(column_name="Thời điểm")
    actor = fields.Field(column_name="Người thực hiện")
    action = fields.Field(column_name="Thao tác")
    object = fields.Field(column_name="Đối tượng")
    object_id = fields.Field(attribute="object_id", column_name="Mã đối tượng")
    before = fields.Field(column_name="Trước")
    after = fields.Field(column_name="Sau")
    intact = fields.Field(column_name="Khớp mã băm")

    class Meta:
        model = AuditEntry
        fields = ["seq", "at", "actor", "action", "object", "object_id", "before", "after", "intact"]
        export_order = fields

    def __init__(self, *, actors: dict | None = None, **kwargs):
        """`actors`: {user id: name} of everyone in the log (one query for the whole file)."""
        super().__init__(**kwargs)
        self.actors = actors or {}

    def dehydrate_seq(self, entry):
        return entry.seq

    def dehydrate_at(self, entry):
        return timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S")

    def dehydrate_actor(self, entry):
        return self.actors.get(entry.actor_id, "") if entry.actor_id else "Hệ thống"

    def dehydrate_action(self, entry):
        return audit.action_label(entry.action)

    def dehydrate_object(self, entry):
        try:
            return str(apps.get_model(entry.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return entry.object_type

    def dehydrate_before(self, entry):
        return _values(entry.before)

    def dehydrate_after(self, entry):
        return _values(entry.after)

    def dehydrate_intact(self, entry):
        return "Có" if audit.intact(entry) else "Không: đã bị sửa ngoài hệ thống"


def _values(values: dict) -> str:
    return "\n".join(f"{key}: {'' if value is None else value}" for key, value in sorted(values.items()))
