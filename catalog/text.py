"""Vietnamese text folding: the one rule every diacritics-insensitive match uses."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip diacritics, map đ→d and squeeze spaces: "Đồng Kỵ" → "dong ky".

    NFD splits most marks off their letters; đ/Đ is a letter of its own, so it is mapped by hand.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", stripped).strip().lower()
