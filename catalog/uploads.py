"""The upload pipeline for product photos (public) and producers' documents (private).

What a file *is* is decided by decoding it with Pillow, never by its name or the browser's content type.

Photos are re-encoded before they are stored:
- orientation: the EXIF orientation is applied to the pixels, so every viewer shows the photo upright;
- metadata: none survives. EXIF (camera, GPS), XMP, comments and text chunks are dropped. An embedded ICC colour
  profile is converted into sRGB and then dropped too, so the stored file and its thumbnails are plain sRGB and no
  colour data can disagree with the pixels (a CMYK or grey profile on RGB thumbnails would);
- format: JPEG stays JPEG, PNG stays PNG (alpha kept), WebP stays WebP; animated files keep their first frame;
- thumbnails: WebP, one per `ProductPhoto.THUMB_WIDTHS`, never wider than the photo itself.

Documents are kept byte for byte as uploaded (they are evidence, and private), after checking they are a PDF or an
image that passes the same decoding checks as photos.

Every rejection is a plain `ValidationError` (no field key, so a view can attach it to its file field) with a
Vietnamese message and a code: photo_format, photo_too_large, photo_too_many_pixels, photo_corrupt, photo_role,
photo_caption, photo_order, photo_direction; document_format, document_too_large, document_too_many_pixels,
document_corrupt, document_kind, document_product, document_dates, document_field_too_long; spreadsheet_format,
spreadsheet_too_large, spreadsheet_empty, spreadsheet_too_many_rows, spreadsheet_corrupt.

Spreadsheets (imports) are read, never stored by this module: `validate_spreadsheet_upload` decides from the
bytes whether the file is an XLSX (a zip holding the OOXML workbook parts, within a bounded unpacked size, opened
by openpyxl in read-only mode) or a CSV (UTF-8 with or without BOM, else Windows-1258), and returns its rows.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
import uuid
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps
from pypdf import PdfReader

from . import enums, listing
from .models import Document, Producer, Product, ProductPhoto, User
from .numbers import number_text
from .thumbnails import thumbnail_size

logger = logging.getLogger(__name__)

# Pillow's names for what we accept. A JPEG carrying a second picture (many phones) opens as "MPO".
IMAGE_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
IMAGE_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
PDF_CONTENT_TYPE = "application/pdf"
JPEG_QUALITY = 88
WEBP_QUALITY = 82
# Readers accept trailing bytes after %%EOF (Acrobat looks in the last 1024); more than that is not a PDF we trust.
PDF_EOF_WINDOW = 1024
_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class ProcessedPhoto:
    """A decoded, upright, metadata-free photo ready to store, with its WebP thumbnails by nominal width."""

    content: bytes
    extension: str
    width: int
    height: int
    thumbnails: dict[int, bytes] = field(default_factory=dict)

    @property
    def format(self) -> str:
        """Pillow's name for the stored format: JPEG, PNG or WEBP."""
        return {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[self.extension]

    @property
    def content_type(self) -> str:
        return IMAGE_CONTENT_TYPES[self.extension]


# --- Checks ------------------------------------------------------------------------------------------------


def _read_limited(upload, *, limit: int, code: str, message) -> bytes:
    """Reads the whole upload, refusing it before reading when its declared size is over `limit`."""
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise ValidationError(message, code=code, params={"limit": filesizeformat(limit)})
    if hasattr(upload, "seek"):
        upload.seek(0)
    # The declared size can lie (a plain file object, a storage stream): never read more than one byte past it.
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(message, code=code, params={"limit": filesizeformat(limit)})
    return data


def _decode_image(data: bytes, *, prefix: str) -> tuple[Image.Image, str]:
    """Opens and fully decodes an image; returns it with its extension (jpg, png, webp).

    The pixel count is checked from the header before any pixel is decoded, so no upload is decoded past
    settings.PHOTO_MAX_PIXELS (time and memory stay bounded: ~0.3 s and ~100 MB at the default): a bigger JPEG
    is decoded at a reduced scale (a photo is then stored at that size), anything else bigger is refused.
    Pillow's own bomb guard is turned from a warning into a rejection as a second line.
    """
    max_pixels = settings.PHOTO_MAX_PIXELS
    format_error = ValidationError(
        _("Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ.") if prefix == "photo"
        else _("Tệp không phải PDF hoặc ảnh JPEG, PNG, WebP hợp lệ."),
        code=f"{prefix}_format",
    )
    pixels_error = ValidationError(
        _("Ảnh có quá nhiều điểm ảnh (tối đa %(limit)s điểm ảnh). Hãy thu nhỏ ảnh rồi tải lên lại."),
        code=f"{prefix}_too_many_pixels", params={"limit": number_text(max_pixels)},
    )
    corrupt_error = ValidationError(
        _("Tệp ảnh bị hỏng hoặc chưa tải lên hết. Hãy mở thử ảnh trên máy rồi tải lên lại."),
        code=f"{prefix}_corrupt",
    )
    if not data:
        raise format_error
    # catch_warnings changes process-wide filters; harmless here: it only makes this one warning raise.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # MPO has no opener of its own: the JPEG opener returns it.
            image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise pixels_error from None
        except Image.UnidentifiedImageError:
            raise format_error from None
        except Exception:  # Malformed headers surface as many exception types (SyntaxError, struct.error...).
            raise corrupt_error from None
        if image.format not in IMAGE_FORMATS:
            raise format_error
        width, height = image.size
        if width < 1 or height < 1:
            raise corrupt_error
        if width * height > max_pixels:
            # A JPEG can be decoded at 1/2, 1/4 or 1/8 of its size for little more than the cost of the small
            # picture (draft mode); other formats would be decoded whole, so they are refused from the header.
            scale = _draft_scale(width * height, max_pixels) if image.format in {"JPEG", "MPO"} else None
            if scale is None:
                raise pixels_error
            image.draft(image.mode, (-(-width // scale), -(-height // scale)))
            if image.size[0] * image.size[1] > max_pixels:
                raise pixels_error
        # WeasyPrint switches Pillow's process-wide LOAD_TRUNCATED_IMAGES on when it is imported (for PDFs);
        # uploads must never be decoded that way, so the safe value is restored before every decode.
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            # A full decode: a truncated file fails here.
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise pixels_error from None
        except Exception:
            raise corrupt_error from None
    return image, IMAGE_FORMATS[image.format]


def _draft_scale(pixels: int, max_pixels: int) -> int | None:
    """The smallest JPEG decoding scale (2, 4 or 8) that brings `pixels` within `max_pixels`, or None."""
    for scale in (2, 4, 8):
        if pixels <= max_pixels * scale * scale:
            return scale
    return None


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA", "La", "RGBa"} or "transparency" in image.info


def _to_plain_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA pixels in sRGB with an empty `info`, so no metadata can reach an encoder.

    May return `image` itself (with its `info` emptied): callers pass an image they own.
    """
    target = "RGBA" if _has_alpha(image) else "RGB"
    if image.mode in {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}:
        # 16-bit grey (scanners): a plain convert clips everything above 255 to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    icc = image.info.get("icc_profile")
    converted = None
    if icc:
        try:
            source = image if image.mode in {"RGB", "RGBA", "L", "CMYK"} else image.convert(target)
            converted = ImageCms.profileToProfile(
                source, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB, outputMode=target,
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            # A broken or mismatched profile: the pixels are still usable as they are.
            logger.info("Ignoring an unusable ICC profile in an uploaded image")
            converted = None
    if converted is None:
        # No copy when the mode is already right: a 40 Mpx RGBA copy is 160 MB.
        converted = image.convert(target) if image.mode != target else image
    converted.info = {}
    return converted


def _make_thumbnails(image: Image.Image) -> dict[int, bytes]:
    by_size: dict[tuple[int, int], bytes] = {}
    thumbnails = {}
    for nominal in ProductPhoto.THUMB_WIDTHS:
        size = thumbnail_size(image.width, image.height, nominal)
        if size not in by_size:
            resized = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
            buffer = io.BytesIO()
            resized.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
            by_size[size] = buffer.getvalue()
        thumbnails[nominal] = by_size[size]
    return thumbnails


def _encode(image: Image.Image, extension: str) -> bytes:
    buffer = io.BytesIO()
    if extension == "jpg":
        # JPEG has no alpha; _to_plain_srgb only yields RGBA for formats that carry it, but stay safe.
        image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif extension == "png":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def process_photo(upload) -> ProcessedPhoto:
    """Checks an uploaded photo and returns it re-encoded (upright, without metadata) with WebP thumbnails.

    Raises ValidationError (photo_too_large, photo_format, photo_too_many_pixels, photo_corrupt). Stores nothing.
    """
    data = _read_limited(
        upload, limit=settings.PHOTO_MAX_BYTES, code="photo_too_large",
        message=_("Ảnh lớn hơn %(limit)s. Hãy giảm dung lượng ảnh rồi tải lên lại."),
    )
    image, extension = _decode_image(data, prefix="photo")
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception:  # A damaged EXIF block must not cost the photo: keep it as it was stored.
        upright = image
    clean = _to_plain_srgb(upright)
    return ProcessedPhoto(
        content=_encode(clean, extension), extension=extension, width=clean.width, height=clean.height,
        thumbnails=_make_thumbnails(clean),
    )


def validate_document_upload(upload) -> str:
    """Checks an uploaded document and returns its detected content type.

    Accepted: a PDF (starts with "%PDF-1.x"/"%PDF-2.x" and has an "%%EOF" marker in its last 1024 bytes, which
    every complete PDF writer emits; this catches truncated uploads and text files with a PDF-looking first line;
    then pypdf must find its pages), or a JPEG/PNG/WebP image that passes the same decoding checks as photos.
    Raises ValidationError (document_too_large, document_format, document_too_many_pixels, document_corrupt).
    """
    return _check_document(upload)[0]


def _check_document(upload, *, max_bytes: int | None = None) -> tuple[str, bytes]:
    data = _read_limited(
        upload, limit=max_bytes or settings.DOCUMENT_MAX_BYTES, code="document_too_large",
        message=_("Tệp lớn hơn %(limit)s. Hãy chia nhỏ hoặc nén tệp rồi tải lên lại."),
    )
    if data.startswith(b"%PDF-"):
        if not _PDF_HEADER.match(data) or b"%%EOF" not in data[-PDF_EOF_WINDOW:] or not _is_readable_pdf(data):
            raise ValidationError(
                _("Tệp PDF bị hỏng hoặc chưa tải lên hết. Hãy mở thử tệp trên máy rồi tải lên lại."),
                code="document_corrupt",
            )
        return PDF_CONTENT_TYPE, data
    _image, extension = _decode_image(data, prefix="document")
    return IMAGE_CONTENT_TYPES[extension], data


def _is_readable_pdf(data: bytes) -> bool:
    """The file parses as a PDF: a cross-reference table or stream, a catalogue and at least one page. A header
    and an %%EOF marker around anything else (an HTML page, a program) are not enough."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return False  # pages cannot be read without a password nobody gave us
        return len(reader.pages) >= 1 and reader.pages[0].mediabox.width > 0
    except Exception:  # pypdf reports malformed files through many exception types
        return False


def validate_scan_upload(upload, *, max_bytes: int) -> str:
    """A signed scan (a results decision): the same content checks as a document, with its own size limit.
    Returns the detected content type."""
    return _check_document(upload, max_bytes=max_bytes)[0]


# --- Spreadsheets (imports) --------------------------------------------------------------------------------

XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc)
# Reading stops here whatever the file claims: a wider row is cut (no import reads that many columns).
SPREADSHEET_MAX_COLUMNS = 200


@dataclass(frozen=True)
class Spreadsheet:
    """A checked spreadsheet: its rows (header first) as a tablib Dataset, its bytes and what it is (xlsx, csv)."""

    dataset: object  # tablib.Dataset
    content: bytes
    extension: str


def _spreadsheet_error(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _dataset(rows: list[list], *, check_limit: bool) -> object:
    """The rows as a Dataset whose headers are the first row; blank rows at the end dropped, the rest kept (the
    imports number rows by their place under the header, as the person sees them in the file)."""
    import tablib

    while rows and not any(_filled(value) for value in rows[-1]):
        rows.pop()
    if not rows or not any(_filled(value) for value in rows[0]):
        raise _spreadsheet_error(_("Tệp không có dòng tiêu đề (dòng đầu tiên trống)."), "spreadsheet_empty")
    headers = ["" if value is None else str(value).strip() for value in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    body = [(list(row) + [None] * width)[:width] for row in rows[1:]]
    if check_limit and len(body) > settings.SPREADSHEET_MAX_ROWS:
        raise _spreadsheet_error(
            _("Tệp có hơn %(limit)s dòng, quá mức một lần nhập. Hãy chia thành nhiều tệp."),
            "spreadsheet_too_many_rows", limit=number_text(settings.SPREADSHEET_MAX_ROWS))
    return tablib.Dataset(*body, headers=headers)


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def _xlsx_rows(data: bytes, limit: int) -> list[list]:
    from openpyxl import load_workbook

    corrupt = _spreadsheet_error(
        _("Tệp Excel bị hỏng hoặc chưa tải lên hết. Hãy mở thử tệp trên máy, lưu lại dạng .xlsx rồi tải lên lại."),
        "spreadsheet_corrupt")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise corrupt from None
    if not all(part in names for part in XLSX_PARTS):
        raise _spreadsheet_error(_("Tệp nén này không phải bảng tính Excel (.xlsx)."), "spreadsheet_format")
    # A zip bomb: a few kilobytes that unpack to gigabytes. The sizes come from the zip's directory, and
    # Python's reader never unpacks a part past the size its directory declares.
    if unpacked > settings.SPREADSHEET_MAX_UNPACKED_BYTES:
        raise _spreadsheet_error(
            _("Bảng tính giải nén ra lớn hơn %(limit)s. Hãy chia thành nhiều tệp nhỏ hơn."), "spreadsheet_too_large",
            limit=filesizeformat(settings.SPREADSHEET_MAX_UNPACKED_BYTES))
    rows: list[list] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0] if book.worksheets else None
            if sheet is None:
                raise corrupt
            for row in sheet.iter_rows(values_only=True, max_col=SPREADSHEET_MAX_COLUMNS):
                rows.append(list(row))
                if len(rows) > limit:
                    break
        finally:
            book.close()
    except ValidationError:
        raise
    except Exception:  # openpyxl reports malformed parts through many exception types
        raise corrupt from None
    return rows


def _csv_rows(data: bytes, limit: int) -> list[list]:
    if b"\x00" in data:
        raise _spreadsheet_error(_("Tệp không phải bảng tính .xlsx hoặc .csv."), "spreadsheet_format")
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    text = body.decode("utf-8") if _is_utf8(body) else None
    if text is None:
        text = data.decode("cp1258", errors="replace")  # Excel's "CSV" on a Vietnamese Windows
    text = unicodedata.normalize("NFC", text)  # Windows-1258 writes tone marks as combining characters
    if text.lstrip().lower().startswith(("<!doctype", "<html", "<?xml", "<table")):
        raise _spreadsheet_error(
            _("Tệp là trang web (HTML/XML), không phải bảng tính. Hãy mở tệp bằng Excel và lưu lại dạng .xlsx."),
            "spreadsheet_format")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = []
        for row in reader:
            rows.append(row[:SPREADSHEET_MAX_COLUMNS])
            if len(rows) > limit:
                break
    except csv.Error:
        raise _spreadsheet_error(_("Tệp CSV bị hỏng (dấu ngoặc kép không đóng)."), "spreadsheet_corrupt") from None
    return rows


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def validate_spreadsheet_upload(upload, *, header_only: bool = False) -> Spreadsheet:
    """Checks an uploaded spreadsheet and returns its rows; stores nothing.

    What the file is comes from its bytes: a zip must hold an Excel workbook (.xlsx); anything else is read as a
    CSV only when it is named .csv (or .txt) and is text (UTF-8, with or without BOM, else Windows-1258). Refused,
    with a Vietnamese message: an empty file, a file over SPREADSHEET_MAX_BYTES or unpacking past
    SPREADSHEET_MAX_UNPACKED_BYTES (a zip bomb), more than SPREADSHEET_MAX_ROWS rows, an old .xls, an HTML page
    saved as .xlsx, any other zip or file. Codes: spreadsheet_format, spreadsheet_too_large, spreadsheet_empty,
    spreadsheet_too_many_rows, spreadsheet_corrupt.

    `header_only`: every check but the row limit, reading only the header and the first row (the dataset holds
    those): what a request can afford for a 10,000-row file; a background job then reads it whole.
    """
    data = _read_limited(
        upload, limit=settings.SPREADSHEET_MAX_BYTES, code="spreadsheet_too_large",
        message=_("Tệp lớn hơn %(limit)s. Hãy chia thành nhiều tệp nhỏ hơn."),
    )
    if not data.strip():
        raise _spreadsheet_error(_("Tệp trống."), "spreadsheet_empty")
    name = str(getattr(upload, "name", "") or "").lower()
    # Rows read under the header: one past the limit (to tell a file over it), or only the first.
    limit = 1 if header_only else settings.SPREADSHEET_MAX_ROWS + 1
    if data.startswith(_ZIP_MAGIC):
        rows, extension = _xlsx_rows(data, limit), "xlsx"
    elif data.startswith(_OLE_MAGIC):
        raise _spreadsheet_error(
            _("Tệp Excel đời cũ (.xls) chưa đọc được. Hãy mở bằng Excel và lưu lại dạng .xlsx."), "spreadsheet_format")
    elif name.endswith(".xlsx"):
        raise _spreadsheet_error(
            _("Tệp mang tên .xlsx nhưng không phải bảng tính Excel (có thể là trang web được lưu lại). "
              "Hãy mở tệp bằng Excel và lưu lại dạng .xlsx."), "spreadsheet_format")
    elif name.endswith((".csv", ".txt")):
        rows, extension = _csv_rows(data, limit), "csv"
    else:
        raise _spreadsheet_error(_("Chỉ nhận bảng tính .xlsx hoặc .csv."), "spreadsheet_format")
    return Spreadsheet(dataset=_dataset(rows, check_limit=not header_only), content=data, extension=extension)


# --- Storage helpers ---------------------------------------------------------------------------------------


def _photo_storage():
    return ProductPhoto._meta.get_field("image").storage


def _delete_files(storage, names) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # Leaving one stray file is better than hiding the error that brought us here.
            logger.warning("Could not delete %s", name, exc_info=True)


def _save_exact(storage, name: str, content: bytes) -> str:
    saved = storage.save(name, ContentFile(content))
    if saved != name:
        # Thumbnail names are derived from the photo's name; a renamed file would never be found again.
        storage.delete(saved)
        raise OSError(f"Storage stored {name!r} as {saved!r}")
    return saved


def _lock_product(product: Product) -> Product:
    # Serialises position changes of one product's photos (a no-op on SQLite, which locks the database).
    return Product.objects.select_for_update().get(pk=product.pk)


def _renumber(photos: list[ProductPhoto]) -> None:
    changed = []
    for index, photo in enumerate(photos):
        if photo.position != index:
            photo.position = index
            changed.append(photo)
    if changed:
        ProductPhoto.objects.bulk_update(changed, ["position"])


def _ordered_photos(product: Product) -> list[ProductPhoto]:
    return list(ProductPhoto.objects.filter(product=product).order_by("position", "id"))


# --- Photo services ----------------------------------------------------------------------------------------


@transaction.atomic
def add_photo(*, product: Product, upload, role: str, caption: str = "", by: User | None = None) -> ProductPhoto:
    """Adds a photo at the end of the product's photos.

    Side effects: writes the re-encoded image under a random name (photos/<product id>/<uuid>.<ext>) and its
    WebP thumbnails next to it, once; inserts the row. If anything fails after the files were written, they are
    deleted before the error propagates. (If an enclosing transaction rolls back later, Django gives no hook to
    remove them.) `by` is accepted for the callers' audit trail; ProductPhoto has no uploader field yet.
    """
    if role not in enums.PhotoRole.values:
        raise ValidationError(_("Góc chụp không hợp lệ."), code="photo_role")
    caption = (caption or "").strip()
    if len(caption) > ProductPhoto._meta.get_field("caption").max_length:
        raise ValidationError(_("Chú thích dài quá 255 ký tự."), code="photo_caption")
    processed = process_photo(upload)

    product = _lock_product(product)
    last = ProductPhoto.objects.filter(product=product).aggregate(last=Max("position"))["last"]
    position = 0 if last is None else last + 1
    image_field = ProductPhoto._meta.get_field("image")
    storage = _photo_storage()
    name = image_field.generate_filename(ProductPhoto(product=product), f"{uuid.uuid4().hex}.{processed.extension}")
    written: list[str] = []
    try:
        written.append(_save_exact(storage, name, processed.content))
        photo = ProductPhoto(product=product, image=name, width=processed.width, height=processed.height,
                             position=position, caption=caption, role=role)
        for width, content in processed.thumbnails.items():
            written.append(_save_exact(storage, photo.thumbnail_name(width), content))
        photo.save()
    except BaseException:
        _delete_files(storage, written)
        raise
    listing.refresh([product.pk])  # the public card shows the first photo
    return photo


def ensure_thumbnails(photo: ProductPhoto) -> list[str]:
    """(Re)creates the photo's missing WebP thumbnails from the stored image; returns the names it wrote.

    Side effects: writes only the thumbnails that are missing, so a second call writes nothing. The stored image
    was already checked and cleaned by add_photo, so it is only resized here; if it is missing, the storage's
    error (FileNotFoundError on disk) propagates.
    """
    storage = photo.image.storage
    missing = [width for width in ProductPhoto.THUMB_WIDTHS if not storage.exists(photo.thumbnail_name(width))]
    if not missing:
        return []
    with storage.open(photo.image.name, "rb") as stored, Image.open(stored) as image:
        image.load()
        thumbnails = _make_thumbnails(_to_plain_srgb(image))
    return [_save_exact(storage, photo.thumbnail_name(width), thumbnails[width]) for width in missing]


@transaction.atomic
def move_photo(*, photo: ProductPhoto, direction: int) -> ProductPhoto:
    """Swaps the photo with its neighbour: -1 moves it up (towards primary), +1 down.

    Side effects: renumbers the product's photos to 0..n-1. Moving the first photo up or the last one down
    changes nothing. Raises ValidationError (photo_direction) for any other direction.
    """
    if direction not in (-1, 1):
        raise ValidationError(_("Hướng di chuyển ảnh không hợp lệ."), code="photo_direction")
    photos = _ordered_photos(_lock_product(photo.product))
    index = next(i for i, item in enumerate(photos) if item.pk == photo.pk)
    neighbour = index + direction
    if 0 <= neighbour < len(photos):
        photos[index], photos[neighbour] = photos[neighbour], photos[index]
    _renumber(photos)
    listing.refresh([photo.product_id])
    photo.position = next(item.position for item in photos if item.pk == photo.pk)
    return photo


@transaction.atomic
def reorder_photos(*, product: Product, photo_ids: list[int]) -> list[ProductPhoto]:
    """Puts the product's photos in the given order (the first becomes the primary photo); returns them.

    Side effects: rewrites positions to 0..n-1. Raises ValidationError (photo_order) unless `photo_ids` holds
    each of the product's photo ids exactly once.
    """
    photos = {photo.pk: photo for photo in _ordered_photos(_lock_product(product))}
    try:
        ids = [int(pk) for pk in photo_ids]
    except (TypeError, ValueError):
        ids = None
    if ids is None or len(ids) != len(set(ids)) or set(ids) != set(photos):
        raise ValidationError(
            _("Danh sách ảnh không khớp với ảnh hiện có của sản phẩm. Hãy tải lại trang rồi sắp xếp lại."),
            code="photo_order",
        )
    ordered = [photos[pk] for pk in ids]
    _renumber(ordered)
    listing.refresh([product.pk])
    return ordered


@transaction.atomic
def delete_photo(*, photo: ProductPhoto) -> None:
    """Deletes the photo.

    Side effects: deletes the row and renumbers the remaining photos to 0..n-1; once the transaction commits,
    deletes the image file and its thumbnails (a rollback keeps both the row and its files).
    """
    product = _lock_product(photo.product)
    storage = photo.image.storage
    names = [photo.image.name] + [photo.thumbnail_name(width) for width in ProductPhoto.THUMB_WIDTHS]
    photo.delete()
    _renumber(_ordered_photos(product))
    listing.refresh([product.pk])
    transaction.on_commit(lambda: _delete_files(storage, names))


# --- Document services -------------------------------------------------------------------------------------


def _original_name(upload) -> str:
    # Some browsers send a full client path; only the last part is the name the person knows.
    name = PurePosixPath(str(getattr(upload, "name", "") or "").replace("\\", "/")).name
    return name[: Document._meta.get_field("original_name").max_length]


@transaction.atomic
def add_document(
    *, producer: Producer, kind: str, upload, product: Product | None = None, number: str = "", issuer: str = "",
    issued_on=None, expires_on=None, by: User | None = None,
) -> Document:
    """Stores a private document of the producer (optionally about one of its products).

    Side effects: writes the file, unchanged, on the private storage under a random name
    (documents/<producer id>/<uuid>.<ext>) and inserts the row with the original file name, detected content
    type and size. If the row cannot be written the file is deleted before the error propagates.
    """
    if kind not in enums.DocumentKind.values:
        raise ValidationError(_("Loại giấy tờ không hợp lệ."), code="document_kind")
    if product is not None and product.producer_id != producer.pk:
        raise ValidationError(_("Sản phẩm đã chọn không thuộc cơ sở này."), code="document_product")
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError(_("Ngày hết hạn không được trước ngày cấp."), code="document_dates")
    number, issuer = (number or "").strip(), (issuer or "").strip()
    for field_name, value in (("number", number), ("issuer", issuer)):
        model_field = Document._meta.get_field(field_name)
        if len(value) > model_field.max_length:
            raise ValidationError(
                _("%(field)s dài quá %(limit)s ký tự."), code="document_field_too_long",
                params={"field": model_field.verbose_name.capitalize(), "limit": model_field.max_length},
            )
    content_type, data = _check_document(upload)

    document = Document(
        producer=producer, product=product, kind=kind, number=number, issuer=issuer, issued_on=issued_on,
        expires_on=expires_on, original_name=_original_name(upload), content_type=content_type, size=len(data),
        uploaded_by=by,
    )
    file_field = Document._meta.get_field("file")
    extension = "pdf" if content_type == PDF_CONTENT_TYPE else content_type.split("/")[1].replace("jpeg", "jpg")
    name = file_field.generate_filename(document, f"{uuid.uuid4().hex}.{extension}")
    storage = file_field.storage
    written: list[str] = []
    try:
        written.append(_save_exact(storage, name, data))
        document.file = name
        document.save()
    except BaseException:
        _delete_files(storage, written)
        raise
    return document


@transaction.atomic
def delete_document(*, document: Document) -> None:
    """Deletes the document. Side effects: deletes the row; once the transaction commits, deletes its file."""
    storage = document.file.storage
    name = document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: _delete_files(storage, [name]))
