from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from import_export.admin import ImportExportModelAdmin

from catalog.models import Certificate

from . import services
from .forms import PublishedListImportForm
from .models import Complaint, DecisionEntry, DecisionEvent, PublicHoliday, ResultsDecision
from .published_lists import import_published_list
from .resources import CertificateResource


@admin.register(Certificate)
class CertificateAdmin(ImportExportModelAdmin):
    """Historical certificates are recorded here (through the same service as the secretariat's form); a stored
    certificate is a record and is never edited or deleted: corrections are revocations (secretariat pages)."""

    resource_classes = [CertificateResource]
    list_display = ["number", "product", "level", "issued_on", "valid_until", "source", "status"]
    list_filter = ["level", "source", "status"]
    search_fields = ["number", "product__name", "product__producer__name", "product__producer__tax_code"]
    raw_id_fields = ["product"]
    fields = ["product", "number", "level", "scope_province", "scope_region", "issued_on", "valid_until", "issuer",
              "source", "status", "published_on", "revoked_on", "revocation_reason", "revocation_decision_number",
              "average", "recorded_by", "created_at"]
    date_hierarchy = "issued_on"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["source", "status", "published_on", "revoked_on", "revocation_reason",
                    "revocation_decision_number", "average", "recorded_by", "created_at"]
        return self.fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        try:
            services.record_historical_certificate(certificate=obj, by=request.user)
        except ValidationError as exc:  # the form has validated already; the service's own rules remain
            raise PermissionDenied("; ".join(exc.messages)) from exc

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    import_export_change_list_template = "admin/catalog/certificate/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.published_list_view)
        return [path("nhap-danh-sach-cong-bo/", view, name="catalog_certificate_published_list"), *super().get_urls()]

    def published_list_view(self, request):
        """A decision's published list (awards.published_lists), with the same preview, all-or-nothing and
        skip-bad-rows choices as the command; recorded for the signed-in account, within its scope."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        from .views import _read_dataset  # the one reader of uploaded spreadsheets

        form = PublishedListImportForm(request.POST or None, request.FILES or None)
        result, status = None, 200
        if request.method == "POST" and form.is_valid():
            try:
                dataset = _read_dataset(form.cleaned_data["file"])
            except Exception:  # any unreadable spreadsheet is the user's file, not our error
                form.add_error("file", _("Không đọc được tệp; hãy lưu lại dạng .xlsx hoặc .csv (UTF-8)."))
            else:
                result = import_published_list(dataset=dataset, by=request.user,
                                               dry_run=form.cleaned_data["dry_run"],
                                               skip_bad_rows=form.cleaned_data["skip_bad_rows"])
            if result is not None and result.errors and not form.cleaned_data["skip_bad_rows"]:
                status = 400
        if form.errors:
            status = 400
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "result": result, "title": _("Nhập danh sách sản phẩm đã công nhận (quyết định công bố)")}
        return TemplateResponse(request, "admin/catalog/certificate/published_list.html", context, status=status)


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    """Corrections to the statutory calendar (awards.holidays) from Government notices: extra days off and
    working days. Deadlines already given are stored and do not move."""

    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name"]


class DecisionEntryInline(admin.TabularInline):
    model = DecisionEntry
    raw_id_fields = ["nomination"]
    extra = 0


class DecisionEventInline(admin.TabularInline):
    model = DecisionEvent
    readonly_fields = ["from_state", "to_state", "by", "reason", "at"]
    extra = 0
    can_delete = False


@admin.register(ResultsDecision)
class ResultsDecisionAdmin(admin.ModelAdmin):
    # State is read-only here: moves go through set_decision_state (certificates, e-mails, history).
    list_display = ["__str__", "round", "decided_on", "state", "notified_on"]
    list_filter = ["state"]
    readonly_fields = ["state", "notified_on", "published_at", "created_by", "created_at"]
    raw_id_fields = ["round"]
    inlines = [DecisionEntryInline, DecisionEventInline]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["nomination", "filed_at", "answer_due", "answered_at"]
    raw_id_fields = ["decision", "nomination", "filed_by", "answered_by"]

from .artisans import admin as artisans_admin  # noqa: E402, F401  (registers the artisan-title models)
