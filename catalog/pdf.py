"""PDF from HTML templates with WeasyPrint. DejaVu Sans (fonts-dejavu) carries every Vietnamese diacritic."""

import functools
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


@functools.cache
def _font_config():
    """One font configuration per process: a new one for every PDF (WeasyPrint's default) builds a new Pango font
    map each time, which a worker rendering a thousand certificates in a row never gets back."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def site_file(url: str) -> tuple[str, bytes] | None:
    """The storage name and bytes of one of the site's own files a PDF template points at (a public photo, local
    or in the object store; a static file), or None for any other address.

    Read from storage, never over HTTP: a PDF view fetching /media/… from its own server ties up a worker while
    it waits for another (a one-worker server waits for ever), and an address outside the site is not fetched
    at all (nothing a template shows can make the server call elsewhere)."""
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.files.storage import default_storage

    bare = url.split("?", 1)[0].split("#", 1)[0]
    store_base = default_storage.url("")
    path = unquote(urlsplit(bare).path)
    if store_base.startswith(("http://", "https://")) and bare.startswith(store_base):
        name = unquote(bare[len(store_base):])
    elif path.startswith(settings.MEDIA_URL):
        name = path[len(settings.MEDIA_URL):]
    elif path.startswith(settings.STATIC_URL):
        name = path[len(settings.STATIC_URL):]
        found = finders.find(name)
        if found:
            with open(found, "rb") as handle:
                return name, handle.read()
        with staticfiles_storage.open(name) as handle:
            return name, handle.read()
    else:
        return None
    if ".." in name.split("/"):
        return None
    with default_storage.open(name) as handle:
        return name, handle.read()


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteFilesFetcher(URLFetcher):
        """The site's own files from storage (site_file); data: URIs as WeasyPrint reads them; nothing else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = site_file(url)
            if found is None:
                raise ValueError(f"PDFs load only the site's own files, not {url[:200]}")
            name, body = found
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    return SiteFilesFetcher


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango/Cairo, which only PDF views need

    html = render_to_string(template, context, request=request)
    # A base address only resolves relative paths (/media/…); the fetcher reads them from storage.
    base_url = request.build_absolute_uri("/") if request else (settings.SITE_URL.rstrip("/") + "/")
    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher_class()()).write_pdf(
        font_config=_font_config())


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
