"""Writes for certificates. Keyword-only, one transaction each."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import enums
from .models import Certificate
from .permissions import can_record
from .validity import default_valid_until


@transaction.atomic
def record_historical_certificate(*, certificate: Certificate, by) -> Certificate:
    """Record a certificate issued before the system (or outside it). Validity defaults to the legal rule."""
    if not can_record(by, certificate):
        raise ValidationError(_("Bạn chỉ ghi nhận được giấy chứng nhận của sản phẩm và cấp thuộc phạm vi phụ trách."))
    if certificate.issued_on and not certificate.valid_until:
        certificate.valid_until = default_valid_until(certificate.issued_on)
    certificate.source = enums.CertificateSource.HISTORICAL
    certificate.published_on = certificate.issued_on  # a past recognition was public from its issue
    certificate.recorded_by = by
    certificate.full_clean()
    certificate.save()
    return certificate


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, by, revoked_on: datetime.date, reason: str) -> Certificate:
    """Revoke from a date on; the certificate stops counting on that date (see CertificateQuerySet.valid_on)."""
    if not can_record(by, certificate):
        raise ValidationError(_("Giấy chứng nhận này nằm ngoài phạm vi phụ trách của bạn."))
    if certificate.status == enums.CertificateStatus.REVOKED:
        raise ValidationError(_("Giấy chứng nhận đã bị thu hồi."))
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do thu hồi."))
    if revoked_on < certificate.issued_on:
        raise ValidationError(_("Ngày thu hồi không thể trước ngày cấp."))
    certificate.status = enums.CertificateStatus.REVOKED
    certificate.revoked_on = revoked_on
    certificate.revocation_reason = reason.strip()
    certificate.save(update_fields=["status", "revoked_on", "revocation_reason"])
    return certificate
