"""Certificate PDFs (A4 landscape, DejaVu fonts for every Vietnamese diacritic) with a QR code to the public
verification page. Rendered without a request: every asset is inline, so the ZIP build and e-mails can use it."""

import segno
from django.conf import settings
from django.urls import reverse

from catalog.models import Certificate
from catalog.pdf import render_pdf


def verification_url(certificate: Certificate) -> str:
    """The absolute address printed (as text and QR) on the certificate."""
    return settings.SITE_URL + reverse("awards:verify", args=[certificate.number])


def qr_data_uri(url: str) -> str:
    # Level M survives a creased or slightly soiled paper; SVG stays sharp at any print size.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


def certificate_pdf(certificate: Certificate) -> bytes:
    url = verification_url(certificate)
    entry = getattr(certificate, "entry", None)  # a recorded historical certificate has no decision entry
    context = {"certificate": certificate, "verification_url": url, "qr": qr_data_uri(url),
               "decision": entry.decision if entry else None}
    return render_pdf("awards/pdf/certificate.html", context)


def certificate_filename(certificate: Certificate) -> str:
    return f"giay-chung-nhan-{certificate.number}.pdf"
