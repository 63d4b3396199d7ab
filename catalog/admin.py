"""Back office for the catalog: every model, spreadsheet import/export of producers and products."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

from . import enums, listing, services, uploads
from .models import (
    AuditEntry,
    Document,
    Producer,
    ProducerClaim,
    Product,
    ProductPhoto,
    Province,
    Region,
    RegionMembership,
    User,
)
from .resources import ProducerResource, ProductResource
from .text import fold
from .validators import normalize_tax_code

admin.site.site_header = _("Quản trị hệ thống bình chọn sản phẩm CNNT tiêu biểu")
admin.site.site_title = _("Quản trị CNNT tiêu biểu")
admin.site.index_title = _("Bảng điều khiển quản trị")

# --- Users -------------------------------------------------------------------------------------------------


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name", "phone", "role", "scope_level", "scope_province", "scope_region")
        field_classes = {}


class UserChangeAdminForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
        field_classes = {}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "phone")}),
        (_("Vai trò và phạm vi"), {"fields": ("role", "scope_level", "scope_province", "scope_region")}),
        (_("Quyền hạn"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "phone")}),
        (_("Vai trò và phạm vi"), {"fields": ("role", "scope_level", "scope_province", "scope_region")}),
    )
    list_display = ("email", "full_name", "role", "scope_level", "scope_province", "is_staff", "is_active")
    list_filter = ("role", "scope_level", "is_staff", "is_superuser", "is_active")
    list_select_related = ("scope_province",)
    search_fields = ("email", "full_name", "phone")
    ordering = ("email",)
    autocomplete_fields = ("scope_province", "scope_region")


# --- Geography ---------------------------------------------------------------------------------------------


class ProvinceValidityFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [("current", _("Đang có hiệu lực")), ("old", _("Đã hết hiệu lực"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.current(today)
        if self.value() == "old":
            return queryset.filter(Q(valid_to__lt=today) | Q(valid_from__gt=today))
        return queryset


class RegionMembershipInline(admin.TabularInline):
    model = RegionMembership
    extra = 0
    autocomplete_fields = ("province",)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "name_en")
    search_fields = ("name", "code", "name_en")
    inlines = [RegionMembershipInline]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "valid_from", "valid_to", "successor")
    list_filter = ("kind", ProvinceValidityFilter)
    list_select_related = ("successor",)
    search_fields = ("name", "name_ascii", "code")
    autocomplete_fields = ("successor",)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            # People type names with or without diacritics; the folded key matches both.
            results |= queryset.filter(name_ascii__icontains=fold(search_term))
        return results, may_have_duplicates


@admin.register(RegionMembership)
class RegionMembershipAdmin(admin.ModelAdmin):
    list_display = ("province", "region", "valid_from", "valid_to")
    list_filter = ("region",)
    list_select_related = ("province", "region")
    search_fields = ("province__name", "province__name_ascii", "region__name")
    autocomplete_fields = ("province", "region")


# --- Producers and products --------------------------------------------------------------------------------


class AtomicImportAdminMixin:
    """XLSX and CSV only, and a confirm step that reports instead of claiming success when nothing was stored."""

    formats = [base_formats.XLSX, base_formats.CSV]

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The file changed between preview and confirm; the resource rolled the whole import back.
            self.message_user(request, _("Không lưu dòng nào: tệp có dòng lỗi. Hãy sửa tệp và nhập lại."),
                              messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)


class FileRowsThroughUploadsMixin:
    """Inline photos and documents are edited here but deleted through the upload services, which remove files."""

    def save_formset(self, request, form, formset, change):
        if formset.model not in (ProductPhoto, Document):
            return super().save_formset(request, form, formset, change)
        for obj in formset.save(commit=False):
            obj.save()
        for obj in formset.deleted_objects:
            if isinstance(obj, ProductPhoto):
                uploads.delete_photo(photo=obj)
            else:
                uploads.delete_document(document=obj)
        formset.save_m2m()
        return None


def download_link(document: Document) -> str:
    # Never the storage URL: documents are private and leave only through the permission-checked view.
    if not document.pk:
        return "—"
    return format_html('<a href="{}">{}</a>', document.get_download_url(), document.original_name or _("Tải về"))


def photo_thumbnail(photo: ProductPhoto) -> str:
    if not photo.pk or not photo.image:
        return "—"
    return format_html('<img src="{}" alt="{}" width="120" loading="lazy">', photo.thumbnail_url(320),
                       photo.caption or photo.product_id)


class ProductInline(admin.TabularInline):
    model = Product
    fields = ("name", "group", "is_set", "market")
    extra = 0
    show_change_link = True


class DocumentInline(admin.TabularInline):
    """Existing documents only; new ones are added on the document page, which checks the file."""

    model = Document
    fields = ("kind", "number", "issuer", "issued_on", "expires_on", "download")
    readonly_fields = ("download",)
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("tải về"))
    def download(self, obj):
        return download_link(obj)


@admin.register(Producer)
class ProducerAdmin(FileRowsThroughUploadsMixin, AtomicImportAdminMixin, ImportExportModelAdmin):
    resource_classes = [ProducerResource]
    list_display = ("name", "tax_code", "province", "legal_form", "is_unverified", "publish_contacts")
    list_filter = ("is_unverified", "province", "legal_form")
    list_select_related = ("province",)
    search_fields = ("name", "tax_code", "representative")
    autocomplete_fields = ("province", "users")
    inlines = [ProductInline, DocumentInline]
    readonly_fields = ("created_at", "updated_at")
    # A website typed without a scheme is taken as https (Django 6's default), not http.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        services.save_producer(producer=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        listing.refresh_producers([form.instance.pk])  # the product inline may have renamed a product

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        normalized = normalize_tax_code(search_term)
        if normalized and normalized != search_term.strip():
            # "0101234567001" and "0101 234 567" find the stored "0101234567-001" / "0101234567".
            results |= queryset.filter(tax_code__startswith=normalized)
        return results, may_have_duplicates


class ProductPhotoInline(admin.TabularInline):
    """Existing photos only; new ones go through the photo page, which re-encodes them."""

    model = ProductPhoto
    fields = ("thumbnail", "role", "position", "caption")
    readonly_fields = ("thumbnail",)
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("ảnh thu nhỏ"))
    def thumbnail(self, obj):
        return photo_thumbnail(obj)


@admin.register(Product)
class ProductAdmin(FileRowsThroughUploadsMixin, AtomicImportAdminMixin, ImportExportModelAdmin):
    resource_classes = [ProductResource]
    list_display = ("name", "producer", "group", "is_set", "market", "year_first_produced")
    list_filter = ("group", "market", "producer__province")
    list_select_related = ("producer",)
    search_fields = ("name", "producer__name", "producer__tax_code")
    autocomplete_fields = ("producer",)
    inlines = [ProductPhotoInline]
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        services.save_product(product=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        listing.refresh([form.instance.pk])  # the photo inline may have reordered or re-captioned photos


class ProductPhotoAddForm(forms.ModelForm):
    class Meta:
        model = ProductPhoto
        fields = ("product", "image", "role", "caption")

    def clean_image(self):
        image = self.cleaned_data["image"]
        # The same checks as the producer's upload page, shown on the field; add_photo re-encodes on save.
        uploads.process_photo(image)
        image.seek(0)
        return image


@admin.register(ProductPhoto)
class ProductPhotoAdmin(admin.ModelAdmin):
    list_display = ("thumbnail", "product", "role", "position", "caption")
    list_filter = ("role",)
    list_select_related = ("product",)
    search_fields = ("product__name", "caption")
    autocomplete_fields = ("product",)
    fields = ("product", "thumbnail", "role", "position", "caption", "width", "height")
    readonly_fields = ("product", "thumbnail", "width", "height")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ProductPhotoAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ProductPhotoAddForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    @admin.display(description=_("ảnh thu nhỏ"))
    def thumbnail(self, obj):
        return photo_thumbnail(obj)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            listing.refresh([obj.product_id])  # caption or position: the public card may show it
            return None
        # Stored re-encoded, without metadata (GPS!), with thumbnails: photos are public.
        photo = uploads.add_photo(product=obj.product, upload=form.cleaned_data["image"], role=obj.role,
                                  caption=obj.caption, by=request.user)
        obj.pk = photo.pk
        obj.refresh_from_db()
        return None

    def delete_model(self, request, obj):
        uploads.delete_photo(photo=obj)

    def delete_queryset(self, request, queryset):
        for photo in queryset.select_related("product"):
            uploads.delete_photo(photo=photo)


class DocumentAddForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ("producer", "product", "kind", "number", "issuer", "issued_on", "expires_on", "file")
        widgets = {"file": forms.FileInput}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.validate_document_upload(upload)
        upload.seek(0)
        return upload

    def clean(self):
        # add_document refuses these too; checked here so the admin shows them on the form, not as a 500.
        data = super().clean()
        producer, product = data.get("producer"), data.get("product")
        if producer and product and product.producer_id != producer.pk:
            self.add_error("product", _("Sản phẩm đã chọn không thuộc cơ sở này."))
        issued_on, expires_on = data.get("issued_on"), data.get("expires_on")
        if issued_on and expires_on and expires_on < issued_on:
            self.add_error("expires_on", _("Ngày hết hạn không được trước ngày cấp."))
        return data


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "producer", "product", "kind", "issued_on", "expires_on", "download")
    list_filter = ("kind",)
    list_select_related = ("producer", "product")
    search_fields = ("number", "issuer", "original_name", "producer__name", "producer__tax_code")
    autocomplete_fields = ("producer", "product")
    fields = ("producer", "product", "kind", "number", "issuer", "issued_on", "expires_on", "download",
              "original_name", "content_type", "size", "uploaded_by", "created_at")
    readonly_fields = ("producer", "download", "original_name", "content_type", "size", "uploaded_by",
                       "created_at")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = DocumentAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return DocumentAddForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    @admin.display(description=_("tải về"))
    def download(self, obj):
        return download_link(obj)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        document = uploads.add_document(
            producer=data["producer"], product=data["product"], kind=data["kind"], upload=data["file"],
            number=data["number"], issuer=data["issuer"], issued_on=data["issued_on"],
            expires_on=data["expires_on"], by=request.user,
        )
        obj.pk = document.pk
        obj.refresh_from_db()
        return None

    def delete_model(self, request, obj):
        uploads.delete_document(document=obj)

    def delete_queryset(self, request, queryset):
        for document in queryset:
            uploads.delete_document(document=document)


@admin.register(ProducerClaim)
class ProducerClaimAdmin(admin.ModelAdmin):
    # tax_code: what the claimant gives for an unverified producer, set on it when the claim is approved.
    list_display = ("user", "producer", "tax_code", "status", "created_at", "decided_by", "decided_at")
    list_filter = ("status",)
    list_select_related = ("user", "producer", "decided_by")
    search_fields = ("user__email", "user__full_name", "producer__name", "producer__tax_code")
    autocomplete_fields = ("producer", "user")
    # A decision grants access to a producer, so it goes only through the service (actions below).
    readonly_fields = ("status", "tax_code", "decided_by", "decided_at", "created_at")
    actions = ["approve_claims", "reject_claims"]

    @admin.action(description=_("Duyệt các yêu cầu đã chọn"), permissions=["change"])
    def approve_claims(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Từ chối các yêu cầu đã chọn"), permissions=["change"])
    def reject_claims(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def _decide(self, request, queryset, *, approve: bool) -> None:
        decided = 0
        for claim in queryset.filter(status=enums.ClaimStatus.PENDING).select_related("producer", "user"):
            try:
                services.decide_claim(claim=claim, approve=approve, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{claim}: {' '.join(error.messages)}", messages.ERROR)
            else:
                decided += 1
        skipped = queryset.exclude(status=enums.ClaimStatus.PENDING).count()
        if decided:
            self.message_user(request, ngettext("Đã xử lý %(count)d yêu cầu.", "Đã xử lý %(count)d yêu cầu.",
                                                decided) % {"count": decided}, messages.SUCCESS)
        if skipped:
            self.message_user(request, ngettext(
                "Bỏ qua %(count)d yêu cầu đã được xử lý trước đó.",
                "Bỏ qua %(count)d yêu cầu đã được xử lý trước đó.", skipped) % {"count": skipped},
                messages.WARNING)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the admin may list and read but never add, change or delete (logs, ballots, registers)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is append-only (catalog.audit)."""

    list_display = ("seq", "at", "action", "object_type", "object_id", "actor_id", "round_id")
    list_filter = ("action",)
