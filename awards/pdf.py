"""Certificate PDFs (A4 landscape, DejaVu fonts for every Vietnamese diacritic) with a QR code to the public
verification page. Rendered without a request: every asset is inline, so the ZIP build and e-mails can use it."""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse

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


def certificate_pdf(certificate: Certificate) -> bytes:
    url = verification_url(certificate)
    entry = getattr(certificate, "entry", None)  # a recorded historical certificate has no decision entry
    decision = entry.decision if entry else None
    context = {"certificate": certificate, "verification_url": url, "qr": qr_data_uri(url),
               "decision": decision, "format": document_format(certificate, decision)}
    return render_pdf("awards/pdf/certificate.html", context)


def certificate_filename(certificate: Certificate) -> str:
    return f"giay-chung-nhan-{certificate.number}.pdf"
