"""Certificate PDFs (A4 landscape, DejaVu fonts for every Vietnamese diacritic) with a QR code to the public
verification page. Rendered without a request: every asset is inline, so the ZIP build and e-mails can use it.

Rendering costs about 0.2 s a certificate, so each rendered PDF is kept in private storage under
`certificate-pdfs/<number>/<content version>.pdf` (`stored_certificate_pdf`). The content version
(`content_version`) is a hash of what the PDF shows — the page's HTML, which carries every text, the QR code and
the styles — with the certificate's status and the PDF engine's version: a changed or revoked certificate gets a
new version and is rendered again, an unchanged one is read back. A certificate batch interrupted half-way thus
resumes where it stopped (awards.services.build_certificate_bundle), and the download view serves the same file.
"""

import hashlib
import re
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from catalog.enums import Level, ProvinceKind
from catalog.models import Certificate
from catalog.pdf import render_pdf
from catalog.text import fold


def verification_url(certificate: Certificate) -> str:
    """The absolute address printed (as text and QR) on the certificate."""
    return settings.SITE_URL + reverse("awards:verify", args=[certificate.number])


def qr_data_uri(url: str) -> str:
    # Level M survives a creased or slightly soiled paper; SVG stays sharp at any print size.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


@dataclass(frozen=True)
class DocumentFormat:
    """The administrative parts of a certificate: "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" at the top left, "Hà Nội,
    ngày 23 tháng 12 năm 2024" above the signature, the authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH") and the signer's name."""

    issuing_body: str
    place: str
    authority: list[str]
    signer: str


def _default_body_and_place(selection_round) -> tuple[str, str]:
    province = selection_round.scope_province
    if selection_round.level in (Level.REGION, Level.NATIONAL) or province is None:
        return "Bộ Công Thương", "Hà Nội"
    kind = "thành phố" if province.kind == ProvinceKind.CITY else "tỉnh"
    if selection_round.level == Level.COMMUNE and selection_round.commune:
        return f"Ủy ban nhân dân {selection_round.commune[:1].lower()}{selection_round.commune[1:]}", province.name
    return f"Ủy ban nhân dân {kind} {province.name}", province.name


def _default_authority(signer_title: str, issuing_body: str) -> list[str]:
    """From the signer's title: a deputy signs on behalf of (KT.) the head, the head for (TM.) a collective body."""
    title = fold(signer_title)
    collective = fold(issuing_body).startswith("uy ban nhan dan")
    head = "CHỦ TỊCH" if collective else "BỘ TRƯỞNG"
    lines = ["TM. ỦY BAN NHÂN DÂN"] if collective else []
    if title.startswith("pho "):
        lines += [f"KT. {head}", f"PHÓ {head}"]
    elif title.startswith("thu truong"):
        lines += ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"]
    elif signer_title:
        lines.append(head)
    return lines


def issuing_body(decision) -> str:
    """The body that issues the decision's certificates (also stored on each certificate as its issuer)."""
    return decision.issuing_body.strip() or _default_body_and_place(decision.round)[0]


def document_format(certificate: Certificate, decision=None) -> DocumentFormat:
    """What the decision stores, and for each blank part the default for its round's scope. A recorded historical
    certificate (no decision) shows only its own issuer."""
    if decision is None:
        return DocumentFormat(issuing_body=certificate.issuer, place="", authority=[], signer="")
    body = issuing_body(decision)
    default_place = _default_body_and_place(decision.round)[1]
    authority = [line.strip() for line in decision.signature_block.splitlines() if line.strip()]
    return DocumentFormat(issuing_body=body, place=decision.signing_place.strip() or default_place,
                          authority=authority or _default_authority(decision.signer_title, body),
                          signer=decision.signer_name)


TEMPLATE = "awards/pdf/certificate.html"
STORE_FOLDER = "certificate-pdfs"


def _context(certificate: Certificate) -> dict:
    url = verification_url(certificate)
    entry = getattr(certificate, "entry", None)  # a recorded historical certificate has no decision entry
    decision = entry.decision if entry else None
    return {"certificate": certificate, "verification_url": url, "qr": qr_data_uri(url),
            "decision": decision, "format": document_format(certificate, decision)}


# A certificate is an administrative document of a Vietnamese authority: always in Vietnamese, whatever language
# the person or the worker that has it made is using (an English page must not issue an English certificate).
CERTIFICATE_LANGUAGE = "vi"


def certificate_pdf(certificate: Certificate) -> bytes:
    """Render the certificate's PDF now (the renderer; `stored_certificate_pdf` reuses what it made)."""
    with translation.override(CERTIFICATE_LANGUAGE):
        return render_pdf(TEMPLATE, _context(certificate))


def _engine_version() -> str:
    import weasyprint  # only its version: the PDF engine's output may change with it

    return weasyprint.__version__


def content_version(certificate: Certificate) -> str:
    """The version of what the certificate's PDF shows: a SHA-256 (first 32 hex digits) over the HTML the PDF is
    made from (every text, the QR code, the styles), the certificate's status and revocation, and the PDF
    engine's version. Equal versions give equal PDFs."""
    with translation.override(CERTIFICATE_LANGUAGE):
        html = render_to_string(TEMPLATE, _context(certificate))
    digest = hashlib.sha256()
    for part in (html, certificate.status, str(certificate.revoked_on or ""), certificate.revocation_reason,
                 certificate.revocation_decision_number, _engine_version()):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _folder(certificate: Certificate) -> str:
    # A recorded historical number may hold "/" or spaces; the version (which hashes the number) keeps two
    # numbers that fold to the same folder apart.
    return f"{STORE_FOLDER}/{re.sub(r'[^0-9A-Za-z._-]+', '_', certificate.number).strip('.') or '_'}"


def stored_pdf_name(certificate: Certificate, version: str | None = None) -> str:
    return f"{_folder(certificate)}/{version or content_version(certificate)}.pdf"


def stored_certificate_pdf(certificate: Certificate) -> tuple[bytes, bool]:
    """The certificate's PDF and whether it was rendered now (False: read back from private storage).

    The stored file of the current content version is reused; otherwise the PDF is rendered, stored under its
    version, and the certificate's older versions are deleted. A file is written whole (storage.save), so a
    worker killed while rendering leaves no partial PDF behind."""
    storage = storages["private"]
    name = stored_pdf_name(certificate)
    if storage.exists(name):
        with storage.open(name, "rb") as handle:
            return handle.read(), False
    content = certificate_pdf(certificate)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # another worker stored the same version a moment ago: keep one
        storage.delete(saved)
    folder = _folder(certificate)
    for old in storage.listdir(folder)[1]:
        if f"{folder}/{old}" != name:
            storage.delete(f"{folder}/{old}")
    return content, True


def certificate_filename(certificate: Certificate) -> str:
    return f"giay-chung-nhan-{certificate.number}.pdf"
