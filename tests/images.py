"""Real files made in memory for upload tests: genuine encoders, no fixtures on disk, no mocks.

Each helper returns a SimpleUploadedFile named and typed like what a browser would send, so the name and the
declared content type can be made to lie (a text file called .jpg) while the bytes tell the truth.
"""

import io
import random
import struct
import time
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

# Where the GPS tag puts the photographer: the Temple of Literature, Hà Nội.
GPS_LATITUDE = (21.0, 1.0, 42.0)
GPS_LONGITUDE = (105.0, 50.0, 8.0)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def noise(size: tuple[int, int], mode: str = "RGB", seed: int = 1) -> Image.Image:
    """Incompressible pixels, so a cut through the encoded data really loses image rows."""
    channels = len(mode)
    return Image.frombytes(mode, size, random.Random(seed).randbytes(size[0] * size[1] * channels))


def two_halves(size: tuple[int, int]) -> Image.Image:
    """Left half red, right half blue: shows which way a rotation went."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    return image


def jpeg_bytes(size=(800, 600), *, orientation: int | None = None, gps: bool = False, image=None) -> bytes:
    """A JPEG, optionally with an EXIF orientation tag, camera make/model, GPS position and a comment."""
    image = image or two_halves(size)
    exif = Image.Exif()
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.Base.Make] = "Canon"
        exif[ExifTags.Base.Model] = "EOS 80D"
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E"
        gps_ifd[ExifTags.GPS.GPSLongitude] = GPS_LONGITUDE
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes(), comment=b"chup tai nha rieng")
    return buffer.getvalue()


def jpeg_upload(size=(800, 600), *, orientation=None, gps=False, name="anh-san-pham.jpg") -> SimpleUploadedFile:
    return upload(name, jpeg_bytes(size, orientation=orientation, gps=gps), "image/jpeg")


def png_with_alpha_bytes(size=(600, 400)) -> bytes:
    """An RGBA PNG: opaque green on the left, fully transparent on the right."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste((0, 160, 0, 255), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(size=(600, 400), name="logo.png") -> SimpleUploadedFile:
    return upload(name, png_with_alpha_bytes(size), "image/png")


def webp_bytes(size=(1600, 1000)) -> bytes:
    buffer = io.BytesIO()
    two_halves(size).save(buffer, "WEBP", quality=80)
    return buffer.getvalue()


def webp_upload(size=(1600, 1000), name="anh.webp") -> SimpleUploadedFile:
    return upload(name, webp_bytes(size), "image/webp")


def truncated_jpeg_upload(name="bi-cat.jpg") -> SimpleUploadedFile:
    """A real JPEG of noise cut in the middle of its pixel data, as an interrupted upload leaves it."""
    data = jpeg_bytes(image=noise((640, 480)))
    return upload(name, data[: len(data) // 2], "image/jpeg")


def text_as_jpeg_upload(name="anh.jpg") -> SimpleUploadedFile:
    return upload(name, "Đây là một tệp văn bản, không phải ảnh.\n".encode(), "image/jpeg")


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def decompression_bomb_png(width: int = 20_000, height: int = 10_000) -> bytes:
    """A complete, valid 1-bit PNG of 200,000,000 white pixels that compresses to a few dozen kilobytes.

    Written chunk by chunk so the test never holds the decoded image in memory itself.
    """
    row = b"\x00" + b"\xff" * ((width + 7) // 8)  # filter byte "none", then the packed bits
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def decompression_bomb_upload(name="bom.png") -> SimpleUploadedFile:
    return upload(name, decompression_bomb_png(), "image/png")


def pdf_bytes() -> bytes:
    """A tiny real PDF (one page), written by Pillow's PDF encoder; the same bytes on every call."""
    # Fixed dates: Pillow would stamp the current second, and tests compare two calls byte for byte.
    stamp = time.strptime("2025-07-01", "%Y-%m-%d")
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(buffer, "PDF", resolution=72, creationDate=stamp, modDate=stamp)
    return buffer.getvalue()


def pdf_upload(name="giay-chung-nhan.pdf") -> SimpleUploadedFile:
    return upload(name, pdf_bytes(), "application/pdf")


def exe_upload(name="giay-chung-nhan.pdf") -> SimpleUploadedFile:
    """The first bytes of a Windows program (MZ header and DOS stub), dressed as a PDF."""
    stub = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
    return upload(name, stub + b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 400, "application/pdf")


def png_header_only(width: int, height: int) -> bytes:
    """The start of a PNG that declares `width`×`height` and stops: only a check on the header can judge it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
