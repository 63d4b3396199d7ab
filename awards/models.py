from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scoring.enums import Level

from . import enums


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, on=None):
        """Certificates in force on a date: issued on or before it, not expired, not yet revoked.

        The one rule every "valid certificate" question uses. A revocation takes effect on its date.
        """
        on = on or timezone.localdate()
        not_revoked = Q(status=enums.CertificateStatus.VALID) | Q(revoked_on__gt=on)
        return self.filter(issued_on__lte=on, valid_until__gte=on).filter(not_revoked)

    def public(self):
        """Certificates whose recognition has been made public (never those of an unpublished decision)."""
        return self.filter(published_on__isnull=False)


class Certificate(models.Model):
    """A recognition certificate (giấy chứng nhận): recorded from history or, later, issued by the system."""

    product = models.ForeignKey("catalog.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT,
                                related_name="certificates")
    number = models.CharField(_("số giấy chứng nhận"), max_length=60, unique=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    scope_province = models.ForeignKey("catalog.Province", verbose_name=_("tỉnh/thành phố"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    scope_region = models.ForeignKey("catalog.Region", verbose_name=_("khu vực"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("hiệu lực đến"))
    issuer = models.CharField(_("cơ quan cấp"), max_length=255, blank=True)
    source = models.CharField(_("nguồn"), max_length=12, choices=enums.CertificateSource.choices,
                              default=enums.CertificateSource.HISTORICAL)
    status = models.CharField(_("tình trạng"), max_length=10, choices=enums.CertificateStatus.choices,
                              default=enums.CertificateStatus.VALID)
    # The date the recognition became public. Historical records: their issue date. Certificates issued here:
    # the day their results decision is published. The public catalogue shows only rows that have one.
    published_on = models.DateField(_("ngày công bố"), null=True, blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    nomination = models.ForeignKey("scoring.Nomination", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="certificates")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(issued_on__lte=models.F("valid_until")),
                                   name="certificate_validity_after_issue"),
            models.CheckConstraint(
                condition=Q(status="valid", revoked_on__isnull=True) | Q(status="revoked", revoked_on__isnull=False),
                name="certificate_revocation_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.number} – {self.product}"
