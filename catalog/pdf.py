"""PDF from HTML templates with WeasyPrint. DejaVu Sans (fonts-dejavu) carries every Vietnamese diacritic."""

import functools

from django.http import HttpResponse
from django.template.loader import render_to_string


@functools.cache
def _font_config():
    """One font configuration per process: a new one for every PDF (WeasyPrint's default) builds a new Pango font
    map each time, which a worker rendering a thousand certificates in a row never gets back."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango/Cairo, which only PDF views need

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request else None
    return HTML(string=html, base_url=base_url).write_pdf(font_config=_font_config())


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
