"""The size of a photo's thumbnails: one pure rule for the upload pipeline that makes them and the pages that
announce their width and height (no layout shift)."""

# libwebp's limit on a side, in pixels.
WEBP_MAX_SIDE = 16383


def thumbnail_size(width: int, height: int, nominal: int) -> tuple[int, int]:
    """Never upscaled; a very tall photo is narrowed further so the WebP fits libwebp's side limit."""
    scale = min(1.0, nominal / width, WEBP_MAX_SIDE / height)
    return max(1, round(width * scale)), max(1, round(height * scale))
