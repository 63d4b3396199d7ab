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


_WORD = re.compile(r"[a-z0-9]+")


def search_words(text: str) -> list[str]:
    """The folded words of a text, punctuation dropped: "Gốm (Bát Tràng)" → ["gom", "bat", "trang"]."""
    return _WORD.findall(fold(text))


def search_document(*texts: str) -> str:
    """Words of the texts as one string with a space before every word, so " word%" matches a word's start."""
    return "".join(f" {word}" for text in texts for word in search_words(text))


# Vietnamese alphabetical order (Bộ Giáo dục): a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, then the
# tones as a second level: none, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot below (nặng).
_LETTER_VARIANTS = {"\u0306": 3, "\u0302": 4, "\u031b": 5}  # breve ă, circumflex â ê ô, horn ơ ư (plain: 2)
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_END, _SPACE = "0", "1"


def sort_key(text: str) -> str:
    """A key whose plain character order is Vietnamese alphabetical order: "Đà Nẵng" after "Dương", "Hà Nội" before
    "Huế", "Ân" after "An", "Mẫu 1" before "Mẫu 10".

    Made of ASCII digits and lower-case letters only, so every database collation sorts it the same way. Each
    letter is its base letter and a variant digit (a2 ă3 â4, d2 đ3, o2 ô4 ơ5...), each digit "2" and itself, a
    word break "1", the end "0" (so a shorter text sorts first); then the tones, one digit per letter, decide
    between texts whose letters are the same.
    """
    primary: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d\u0335")):
        if char == "\u0335" and primary:  # đ: the stroke marks a letter of its own, after d
            primary[-1] = primary[-1][0] + "3"
        elif char in _LETTER_VARIANTS and primary and primary[-1][0].isalpha():
            primary[-1] = primary[-1][0] + str(_LETTER_VARIANTS[char])
        elif char in _TONES and tones:
            tones[-1] = str(_TONES[char])
        elif char.isascii() and char.isalpha():
            primary.append(char + "2")
            tones.append("0")
        elif char.isascii() and char.isdigit():
            primary.append("2" + char)
            tones.append("0")
        elif primary and primary[-1] != _SPACE:  # a space or punctuation ends a word
            primary.append(_SPACE)
    if primary and primary[-1] == _SPACE:
        primary.pop()
    return "".join(primary) + _END + "".join(tones)
