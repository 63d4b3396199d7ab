from django import template
from django.core.files.storage import FileSystemStorage, storages
from django.template.loader import get_template
from django.utils.encoding import filepath_to_uri
from django.utils.safestring import mark_safe

from ..enums import Level
from ..thumbnails import thumbnail_size

register = template.Library()


@register.simple_tag
def thumbnail(photo, width: int) -> dict:
    """URL and pixel size of a photo's WebP thumbnail, so every <img> carries width and height (no layout shift).

    The size follows the rule the upload pipeline used to make the file (never upscaled).
    """
    thumb_width, thumb_height = thumbnail_size(photo.width or width, photo.height or width, width)
    return {"url": photo.thumbnail_url(width), "width": thumb_width, "height": thumb_height}


@register.simple_tag
def media_url(name: str) -> str:
    """The public address of a file in the public media storage (a listing row's thumbnail)."""
    # The storage itself, not default_storage: every look-up through that lazy proxy costs a few microseconds,
    # a tenth of a page's cards.
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        # What FileSystemStorage.url does, without parsing the base address again for every card of a page.
        return storage.base_url + filepath_to_uri(name).lstrip("/")
    return storage.url(name)


@register.filter
def level_label(level: str) -> str:
    """The label of a level code, without a model instance (a listing card)."""
    return str(Level(level).label)


def level_labels() -> dict[str, str]:
    """Every level's label in the active language: a page of cards looks each one up instead of translating it."""
    return {value: str(label) for value, label in Level.choices}


@register.simple_tag
def cards(rows) -> str:
    """The product cards of listing rows, rendered by the Jinja2 template public/cards.html (config/jinja2.py)."""
    return mark_safe(get_template("public/cards.html", using="jinja2").render({"rows": rows}))
