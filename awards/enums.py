from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateSource(models.TextChoices):
    HISTORICAL = "historical", _("Ghi nhận từ hồ sơ cũ")
    ISSUED = "issued", _("Cấp qua hệ thống")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
