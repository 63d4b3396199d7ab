import pytest
from django.core.exceptions import ValidationError

from catalog.text import fold
from catalog.validators import normalize_tax_code, validate_tax_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0101234567", "0101234567"),
        ("0101234567-001", "0101234567-001"),
        ("0101234567001", "0101234567-001"),
        (" 0101 234 567 ", "0101234567"),
    ],
)
def test_tax_code_valid_forms_normalize(raw, expected):
    validate_tax_code(raw)
    assert normalize_tax_code(raw) == expected


@pytest.mark.parametrize("raw", ["", "123456789", "01012345678", "0101234567-01", "010123456A", "0101234567-0012"])
def test_tax_code_invalid_forms_rejected(raw):
    with pytest.raises(ValidationError) as excinfo:
        validate_tax_code(raw)
    assert excinfo.value.code == "invalid_tax_code"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Gốm Bát Tràng", "gom bat trang"),
        ("Đồng Kỵ", "dong ky"),
        ("  Thừa   Thiên Huế ", "thua thien hue"),
        ("đĐ", "dd"),
    ],
)
def test_fold_strips_vietnamese_diacritics(text, folded):
    assert fold(text) == folded
