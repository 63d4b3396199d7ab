from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .models import Certificate
from .resources import CertificateResource


@admin.register(Certificate)
class CertificateAdmin(ImportExportModelAdmin):
    resource_classes = [CertificateResource]
    list_display = ["number", "product", "level", "issued_on", "valid_until", "source", "status"]
    list_filter = ["level", "source", "status"]
    search_fields = ["number", "product__name", "product__producer__name", "product__producer__tax_code"]
    raw_id_fields = ["product", "nomination"]
    readonly_fields = ["recorded_by", "created_at"]
    date_hierarchy = "issued_on"

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}
