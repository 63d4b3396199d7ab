from django import template

from ..uploads import _thumbnail_size

register = template.Library()


@register.simple_tag
def thumbnail(photo, width: int) -> dict:
    """URL and pixel size of a photo's WebP thumbnail, so every <img> carries width and height (no layout shift).

    The size follows the rule the upload pipeline used to make the file (never upscaled).
    """
    thumb_width, thumb_height = _thumbnail_size(photo.width or width, photo.height or width, width)
    return {"url": photo.thumbnail_url(width), "width": thumb_width, "height": thumb_height}
