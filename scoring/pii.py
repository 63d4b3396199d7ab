"""Where the jury's copy of a dossier names its producer: the scan run when a nomination is accepted.

Pure functions over the frozen snapshot (plain data). A flag says which field, which kinds of identity (name, tax
code, phone, e-mail, address) and the exact spans in the field's text, so the secretariat's page can mark them
and the redaction service can cut them out. Matching folds case and diacritics with catalog.text.fold, applied
character by character so every span points into the original text.
"""

import re

from catalog.text import fold

REDACTED = "[…]"

# Legal-form words a producer's name starts with: "Công ty TNHH Gốm Minh Long" is written "Minh Long" in free text.
_LEGAL_PREFIXES = (
    "cong ty trach nhiem huu han", "cong ty co phan", "cong ty tnhh", "cong ty cp", "cong ty", "hop tac xa",
    "htx", "ho kinh doanh", "hkd", "co so san xuat", "co so", "doanh nghiep tu nhan", "dntn", "to hop tac",
    "mot thanh vien", "mtv",
)


def _folded_with_index(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of the original character it came from."""
    out: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        folded = " " if char.isspace() else fold(char)
        for piece in folded:
            out.append(piece)
            index.append(position)
    return "".join(out), index


def _words_pattern(phrase: str) -> str | None:
    words = re.findall(r"[a-z0-9@._+-]+", fold(phrase))
    words = [w.strip(".-") for w in words if w.strip(".-")]
    if not words:
        return None
    # Whole words only: "Nguyễn Văn An" is not in "Nguyễn Văn Anh".
    return r"(?<![a-z0-9])" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?![a-z0-9])"


def _name_phrases(name: str) -> list[str]:
    phrases = [name]
    rest = fold(name)
    changed = True
    while changed:  # "Công ty TNHH MTV ..." drops several prefixes in turn
        changed = False
        for prefix in _LEGAL_PREFIXES:
            if rest.startswith(prefix + " "):
                rest = rest[len(prefix) + 1:].strip()
                changed = True
    if rest and rest != fold(name) and len(rest) >= 4:
        phrases.append(rest)
    return phrases


def _digits_pattern(value: str, *, phone: bool = False) -> list[str]:
    """Digits in any grouping ("0912 345 678", "0912.345.678"); a phone also as +84 / 84 without the leading 0."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) < 6:  # too short to identify anyone, and would match prices and years
        return []
    variants = [digits]
    if phone and digits.startswith("0"):
        variants += ["84" + digits[1:]]
    sep = r"[\s.\-()]*"
    return [r"(?<!\d)\+?" + sep.join(variant) + r"(?!\d)" for variant in variants]


def identity_patterns(producer: dict) -> list[tuple[str, re.Pattern]]:
    """(kind, compiled pattern over folded text) for each identifying value of the snapshot's producer."""
    patterns: list[tuple[str, str]] = []
    for phrase in _name_phrases(producer.get("name") or ""):
        if (pattern := _words_pattern(phrase)) is not None:
            patterns.append(("name", pattern))
    if (pattern := _words_pattern(producer.get("representative") or "")) is not None:
        patterns.append(("name", pattern))
    patterns += [("tax_code", p) for p in _digits_pattern(producer.get("tax_code") or "")]
    patterns += [("phone", p) for p in _digits_pattern(producer.get("phone") or "", phone=True)]
    if (email := (producer.get("email") or "").strip()):
        patterns.append(("email", re.escape(fold(email))))
    if (pattern := _words_pattern(producer.get("address") or "")) is not None:
        patterns.append(("address", pattern))
    return [(kind, re.compile(pattern)) for kind, pattern in patterns]


def find_spans(text: str, patterns) -> list[dict]:
    """Merged [start, end) spans of the original text that match any pattern, each with the kinds it matched."""
    if not text:
        return []
    folded, index = _folded_with_index(text)
    hits: list[tuple[int, int, str]] = []
    for kind, pattern in patterns:
        for match in pattern.finditer(folded):
            if match.end() > match.start():
                hits.append((index[match.start()], index[match.end() - 1] + 1, kind))
    hits.sort()
    merged: list[dict] = []
    for start, end, kind in hits:
        if merged and start <= merged[-1]["end"]:
            merged[-1]["end"] = max(merged[-1]["end"], end)
            if kind not in merged[-1]["kinds"]:
                merged[-1]["kinds"].append(kind)
        else:
            merged.append({"start": start, "end": end, "kinds": [kind]})
    return merged


PRODUCT_TEXT_FIELDS = ("name", "description", "materials", "specifications", "production_capacity", "price_range",
                       "standards")


def jury_text_fields(dossier: dict) -> list[tuple[str, str]]:
    """(path, text) of every free text the jury's copy holds. A path is "product.description", "round_notes",
    "photos.0.caption", "documents.1.original_name"..."""
    fields = [(f"product.{name}", dossier.get("product", {}).get(name) or "") for name in PRODUCT_TEXT_FIELDS]
    fields += [(key, dossier.get(key) or "") for key in ("round_notes", "sample_delivery")]
    for i, photo in enumerate(dossier.get("photos", [])):
        fields.append((f"photos.{i}.caption", photo.get("caption") or ""))
    for i, document in enumerate(dossier.get("documents", [])):
        for key in ("original_name", "number", "issuer", "text"):
            fields.append((f"documents.{i}.{key}", document.get(key) or ""))
    return [(path, text) for path, text in fields if text]


def get_field(dossier: dict, path: str):
    node = dossier
    *parents, last = path.split(".")
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node, last


def scan_dossier(dossier: dict) -> list[dict]:
    """The open flags of a frozen dossier: one per field whose text names the producer."""
    patterns = identity_patterns(dossier.get("producer", {}))
    flags = []
    for path, text in jury_text_fields(dossier):
        spans = find_spans(text, patterns)
        if spans:
            kinds = sorted({kind for span in spans for kind in span["kinds"]})
            flags.append({"field": path, "spans": spans, "kinds": kinds, "state": "open"})
    return flags


def redact(text: str, spans: list[dict]) -> str:
    """The text with every span replaced by REDACTED (spans are merged and sorted, as find_spans gives them)."""
    out, last = [], 0
    for span in spans:
        out.append(text[last:span["start"]])
        out.append(REDACTED)
        last = span["end"]
    out.append(text[last:])
    return "".join(out)


def highlighted(text: str, spans: list[dict]) -> list[tuple[str, bool]]:
    """The text cut into (piece, marked) parts for the secretariat's page."""
    parts, last = [], 0
    for span in spans:
        if span["start"] > last:
            parts.append((text[last:span["start"]], False))
        parts.append((text[span["start"]:span["end"]], True))
        last = span["end"]
    if last < len(text):
        parts.append((text[last:], False))
    return parts
