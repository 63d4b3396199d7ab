"""Reusable querysets for certificates, decisions and complaints."""

from django.db.models import QuerySet

from catalog.models import Certificate


def public_certificate(number: str) -> Certificate | None:
    """The published certificate with this number (case and surrounding spaces ignored), or None."""
    number = (number or "").strip()
    if not number:
        return None
    return (Certificate.objects.public()
            .select_related("product__producer__province", "scope_province", "scope_region",
                            "entry__decision")
            .filter(number__iexact=number).first())


def certificate_list_rows(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """Everything the certificate list (screen, XLSX, PDF) shows, in one query."""
    return certificates.select_related("product__producer__province", "entry").order_by("number")
