import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def normalize_tax_code(value: str) -> str:
    """Spaces and dots removed; a 13-digit branch code gets its dash (0101234567001 → 0101234567-001)."""
    cleaned = re.sub(r"[\s.]", "", value or "")
    if re.fullmatch(r"\d{13}", cleaned):
        cleaned = f"{cleaned[:10]}-{cleaned[10:]}"
    return cleaned


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE.match(normalize_tax_code(value)):
        raise ValidationError(
            _("Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số và 3 chữ số đơn vị phụ thuộc (0101234567-001)."),
            code="invalid_tax_code",
        )
