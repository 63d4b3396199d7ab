import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from catalog import enums
from catalog.models import Document, ProductPhoto
from catalog.uploads import (
    add_document,
    add_photo,
    delete_document,
    delete_photo,
    ensure_thumbnails,
    move_photo,
    process_photo,
    reorder_photos,
    validate_document_upload,
)
from tests import images
from tests.factories import ProductFactory
from tests.media import stored_bytes, stored_names

FRONT = enums.PhotoRole.FRONT


def stored_image(photo: ProductPhoto, name: str | None = None) -> Image.Image:
    with photo.image.storage.open(name or photo.image.name, "rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


@pytest.fixture
def product(producer):
    return ProductFactory(producer=producer)


def add_three(product):
    return [add_photo(product=product, upload=images.jpeg_upload((400, 300)), role=FRONT, caption=f"Ảnh {i}")
            for i in range(3)]


def order_of(product) -> list[tuple[int, int]]:
    return list(product.photos.order_by("position").values_list("id", "position"))


# --- Accepted photos ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_upload", "extension", "image_format", "size", "thumb_sizes"),
    [
        (lambda: images.jpeg_upload((800, 600)), "jpg", "JPEG", (800, 600),
         {320: (320, 240), 640: (640, 480), 1280: (800, 600)}),
        (lambda: images.png_upload((600, 400)), "png", "PNG", (600, 400),
         {320: (320, 213), 640: (600, 400), 1280: (600, 400)}),
        (lambda: images.webp_upload((1600, 1000)), "webp", "WEBP", (1600, 1000),
         {320: (320, 200), 640: (640, 400), 1280: (1280, 800)}),
    ],
    ids=["jpeg", "png", "webp"],
)
def test_add_photo_good_image_is_stored_with_three_webp_thumbnails(
    product, settings, make_upload, extension, image_format, size, thumb_sizes,
):
    photo = add_photo(product=product, upload=make_upload(), role=FRONT, caption="Mặt trước")

    assert (photo.width, photo.height) == size
    assert photo.position == 0
    assert photo.image.name.startswith(f"photos/{product.pk}/")
    assert photo.image.name.endswith(f".{extension}")
    stem = Path(photo.image.name).stem
    assert len(stem) == 32 and "anh" not in stem and "logo" not in stem  # a uuid, never the user's name
    assert stored_image(photo).format == image_format
    assert stored_image(photo).size == size
    thumbnails = {width: stored_image(photo, photo.thumbnail_name(width)) for width in ProductPhoto.THUMB_WIDTHS}
    assert {width: image.format for width, image in thumbnails.items()} == dict.fromkeys(thumb_sizes, "WEBP")
    assert {width: image.size for width, image in thumbnails.items()} == thumb_sizes
    assert stored_names() == sorted(
        [photo.image.name] + [photo.thumbnail_name(width) for width in ProductPhoto.THUMB_WIDTHS]
    )


def test_add_photo_png_keeps_its_transparency(product):
    photo = add_photo(product=product, upload=images.png_upload((600, 400)), role=FRONT)

    stored = stored_image(photo)
    thumbnail = stored_image(photo, photo.thumbnail_name(320))
    assert stored.mode == "RGBA"
    assert stored.getpixel((10, 10)) == (0, 160, 0, 255)
    assert stored.getpixel((590, 10))[3] == 0
    assert thumbnail.getpixel((310, 10))[3] == 0


def test_add_photo_exif_orientation_6_is_rotated_and_metadata_is_gone(product):
    upload = images.jpeg_upload((400, 300), orientation=6, gps=True)
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(0x8825) != {}  # the GPS really is there
    upload.seek(0)

    photo = add_photo(product=product, upload=upload, role=FRONT)

    assert (photo.width, photo.height) == (300, 400)
    stored = stored_image(photo)
    assert stored.size == (300, 400)
    # Orientation 6 means "turn 90° clockwise": the red left half of the sensor image ends up on top.
    red, _green, blue = stored.getpixel((150, 20))
    assert red > 200 and blue < 60
    red, _green, blue = stored.getpixel((150, 380))
    assert red < 60 and blue > 200
    for name in [photo.image.name] + [photo.thumbnail_name(width) for width in ProductPhoto.THUMB_WIDTHS]:
        with photo.image.storage.open(name, "rb") as file:
            raw = file.read()
        image = Image.open(io.BytesIO(raw))
        assert dict(image.getexif()) == {}
        assert {"exif", "xmp", "comment", "icc_profile"} & set(image.info) == set()
        assert b"Exif" not in raw and b"Canon" not in raw and b"chup tai nha rieng" not in raw


def test_process_photo_small_photo_thumbnails_are_never_upscaled(db):
    processed = process_photo(images.jpeg_upload((500, 250)))

    sizes = {width: Image.open(io.BytesIO(data)).size for width, data in processed.thumbnails.items()}
    assert (processed.width, processed.height, processed.format, processed.extension) == (500, 250, "JPEG", "jpg")
    assert sizes == {320: (320, 160), 640: (500, 250), 1280: (500, 250)}


def test_add_photo_positions_follow_the_last_photo(product):
    photos = add_three(product)

    assert [photo.position for photo in photos] == [0, 1, 2]
    assert product.primary_photo == photos[0]


# --- Rejected photos ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_upload", "limits", "code"),
    [
        (images.text_as_jpeg_upload, {}, "photo_format"),
        (lambda: images.upload("tai-lieu.png", images.pdf_bytes(), "image/png"), {}, "photo_format"),
        (images.truncated_jpeg_upload, {}, "photo_corrupt"),
        (lambda: images.jpeg_upload((800, 600)), {"PHOTO_MAX_BYTES": 1000}, "photo_too_large"),
        (lambda: images.png_upload((800, 600)), {"PHOTO_MAX_PIXELS": 100_000}, "photo_too_many_pixels"),
        (images.decompression_bomb_upload, {}, "photo_too_many_pixels"),
    ],
    ids=["text-renamed-jpg", "pdf-renamed-png", "truncated-jpeg", "oversized-file", "too-many-pixels",
         "decompression-bomb"],
)
def test_add_photo_bad_file_is_rejected_and_nothing_is_stored(product, settings, make_upload, limits, code):
    for name, value in limits.items():
        setattr(settings, name, value)

    with pytest.raises(ValidationError) as error:
        add_photo(product=product, upload=make_upload(), role=FRONT)

    assert error.value.code == code
    assert ProductPhoto.objects.count() == 0
    assert stored_names() == []


def test_process_photo_messages_are_vietnamese(db, settings):
    with pytest.raises(ValidationError) as not_image:
        process_photo(images.text_as_jpeg_upload())
    settings.PHOTO_MAX_PIXELS = 100_000
    with pytest.raises(ValidationError) as too_many_pixels:
        process_photo(images.png_upload((800, 600)))
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as too_big:
        process_photo(images.jpeg_upload())

    assert not_image.value.messages == ["Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ."]
    assert too_many_pixels.value.messages == [
        "Ảnh có quá nhiều điểm ảnh (tối đa 100.000 điểm ảnh). Hãy thu nhỏ ảnh rồi tải lên lại."]
    assert too_big.value.messages == ["Ảnh lớn hơn 1000\xa0byte. Hãy giảm dung lượng ảnh rồi tải lên lại."]


def test_process_photo_pixel_limit_is_checked_from_the_header_before_decoding(db):
    # 7000×7000 = 49 Mpx: over our 12 Mpx, under Pillow's own guard. The file has no pixel data at all, so only a
    # check made before decoding can call it too big rather than broken.
    upload = images.upload("lon.png", images.png_header_only(7000, 7000), "image/png")

    with pytest.raises(ValidationError) as error:
        process_photo(upload)

    assert error.value.code == "photo_too_many_pixels"


def test_add_photo_unknown_role_is_rejected_and_nothing_is_stored(product, settings):
    with pytest.raises(ValidationError) as error:
        add_photo(product=product, upload=images.jpeg_upload(), role="selfie")

    assert error.value.code == "photo_role"
    assert stored_names() == []


# --- Thumbnails --------------------------------------------------------------------------------------------


def test_ensure_thumbnails_remakes_only_missing_ones_and_nothing_the_second_time(product):
    photo = add_photo(product=product, upload=images.jpeg_upload((800, 600)), role=FRONT)
    missing = photo.thumbnail_name(640)
    photo.image.storage.delete(missing)

    first = ensure_thumbnails(photo)
    second = ensure_thumbnails(photo)

    assert first == [missing]
    assert second == []
    assert stored_image(photo, missing).size == (640, 480)


def test_ensure_thumbnails_after_add_photo_writes_nothing(product):
    photo = add_photo(product=product, upload=images.webp_upload(), role=FRONT)

    assert ensure_thumbnails(photo) == []


# --- Order -------------------------------------------------------------------------------------------------


def test_move_photo_down_and_up_swaps_with_the_neighbour(product):
    first, second, third = add_three(product)

    moved = move_photo(photo=first, direction=1)
    assert moved.position == 1
    assert order_of(product) == [(second.pk, 0), (first.pk, 1), (third.pk, 2)]

    moved = move_photo(photo=third, direction=-1)
    assert moved.position == 1
    assert order_of(product) == [(second.pk, 0), (third.pk, 1), (first.pk, 2)]
    assert product.primary_photo == second


def test_move_photo_past_either_end_changes_nothing(product):
    first, second, third = add_three(product)

    move_photo(photo=first, direction=-1)
    move_photo(photo=third, direction=1)

    assert order_of(product) == [(first.pk, 0), (second.pk, 1), (third.pk, 2)]


def test_move_photo_closes_gaps_in_positions(product):
    first, second, third = add_three(product)
    ProductPhoto.objects.filter(pk=third.pk).update(position=7)

    move_photo(photo=third, direction=-1)

    assert order_of(product) == [(first.pk, 0), (third.pk, 1), (second.pk, 2)]


def test_move_photo_bad_direction_is_refused(product):
    first, _second, _third = add_three(product)

    with pytest.raises(ValidationError) as error:
        move_photo(photo=first, direction=2)

    assert error.value.code == "photo_direction"


def test_reorder_photos_sets_contiguous_positions_and_primary(product):
    first, second, third = add_three(product)

    result = reorder_photos(product=product, photo_ids=[third.pk, first.pk, second.pk])

    assert [photo.pk for photo in result] == [third.pk, first.pk, second.pk]
    assert order_of(product) == [(third.pk, 0), (first.pk, 1), (second.pk, 2)]
    assert product.primary_photo == third


def test_reorder_photos_ids_not_exactly_the_products_are_refused(product, other_producer):
    first, second, third = add_three(product)
    foreign = add_photo(product=ProductFactory(producer=other_producer), upload=images.jpeg_upload(), role=FRONT)
    before = order_of(product)

    for ids in ([first.pk, second.pk], [first.pk, second.pk, third.pk, foreign.pk], [first.pk, first.pk, second.pk],
                [first.pk, second.pk, foreign.pk]):
        with pytest.raises(ValidationError) as error:
            reorder_photos(product=product, photo_ids=ids)
        assert error.value.code == "photo_order"

    assert order_of(product) == before


def test_delete_photo_removes_files_and_renumbers(product, settings, django_capture_on_commit_callbacks):
    first, second, third = add_three(product)
    names = [first.image.name] + [first.thumbnail_name(width) for width in ProductPhoto.THUMB_WIDTHS]

    with django_capture_on_commit_callbacks(execute=True):
        delete_photo(photo=first)

    assert order_of(product) == [(second.pk, 0), (third.pk, 1)]
    assert product.primary_photo == second
    assert set(names) & set(stored_names()) == set()
    assert len(stored_names()) == 2 * 4


# --- Documents ---------------------------------------------------------------------------------------------


def test_add_document_pdf_is_stored_privately_under_a_random_name(producer, producer_user, settings):
    product = ProductFactory(producer=producer)
    upload = images.pdf_upload("Giấy chứng nhận ATTP.pdf")

    document = add_document(
        producer=producer, product=product, kind=enums.DocumentKind.FOOD_SAFETY, upload=upload,
        number="123/2025/ATTP", issuer="Sở Y tế Hà Nội", issued_on=datetime.date(2025, 3, 1),
        expires_on=datetime.date(2028, 3, 1), by=producer_user,
    )

    document.refresh_from_db()
    assert document.content_type == "application/pdf"
    assert document.original_name == "Giấy chứng nhận ATTP.pdf"
    assert document.size == len(images.pdf_bytes())
    assert document.uploaded_by == producer_user
    assert document.file.name.startswith(f"documents/{producer.pk}/")
    assert document.file.name.endswith(".pdf") and "ATTP" not in document.file.name
    assert stored_names("private") == [document.file.name]
    assert stored_bytes(document.file.name, "private") == images.pdf_bytes()
    assert stored_names() == []


def test_add_document_jpeg_scan_is_accepted(producer, settings):
    document = add_document(producer=producer, kind=enums.DocumentKind.BUSINESS_REGISTRATION,
                            upload=images.jpeg_upload(name="C:\\Scans\\dkkd.jpg"))

    assert document.content_type == "image/jpeg"
    assert document.original_name == "dkkd.jpg"
    assert document.file.name.endswith(".jpg")
    assert stored_names("private") == [document.file.name]


@pytest.mark.parametrize(
    ("make_upload", "limits", "code"),
    [
        (images.exe_upload, {}, "document_format"),
        (lambda: images.upload("ghi-chu.pdf", "Giấy phép số 12".encode(), "application/pdf"), {},
         "document_format"),
        (lambda: images.upload("cat.pdf", images.pdf_bytes()[:300], "application/pdf"), {}, "document_corrupt"),
        (images.truncated_jpeg_upload, {}, "document_corrupt"),
        (images.pdf_upload, {"DOCUMENT_MAX_BYTES": 100}, "document_too_large"),
    ],
    ids=["exe", "text", "truncated-pdf", "truncated-jpeg", "oversized"],
)
def test_add_document_bad_file_is_rejected_and_nothing_is_stored(producer, settings, make_upload, limits, code):
    for name, value in limits.items():
        setattr(settings, name, value)

    with pytest.raises(ValidationError) as error:
        add_document(producer=producer, kind=enums.DocumentKind.OTHER, upload=make_upload())

    assert error.value.code == code
    assert Document.objects.count() == 0
    assert stored_names("private") == []
    assert stored_names() == []


def test_add_document_product_of_another_producer_is_refused(producer, other_producer, settings):
    foreign_product = ProductFactory(producer=other_producer)

    with pytest.raises(ValidationError) as error:
        add_document(producer=producer, product=foreign_product, kind=enums.DocumentKind.QUALITY,
                     upload=images.pdf_upload())

    assert error.value.code == "document_product"
    assert Document.objects.count() == 0
    assert stored_names("private") == []


def test_add_document_expiry_before_issue_is_refused(producer, settings):
    with pytest.raises(ValidationError) as error:
        add_document(producer=producer, kind=enums.DocumentKind.QUALITY, upload=images.pdf_upload(),
                     issued_on=datetime.date(2025, 6, 1), expires_on=datetime.date(2025, 5, 31))

    assert error.value.code == "document_dates"
    assert error.value.messages == ["Ngày hết hạn không được trước ngày cấp."]
    assert Document.objects.count() == 0
    assert stored_names("private") == []


def test_validate_document_upload_returns_detected_type_not_declared(db):
    upload = images.upload("scan.pdf", images.png_with_alpha_bytes(), "application/pdf")

    assert validate_document_upload(upload) == "image/png"


def test_delete_document_removes_its_file(producer, settings, django_capture_on_commit_callbacks):
    document = add_document(producer=producer, kind=enums.DocumentKind.AWARD, upload=images.pdf_upload())

    with django_capture_on_commit_callbacks(execute=True):
        delete_document(document=document)

    assert Document.objects.count() == 0
    assert stored_names("private") == []


def test_truncated_photo_is_rejected_even_after_weasyprint_was_imported(producer):
    product = ProductFactory(producer=producer)
    import weasyprint  # noqa: F401  (its import turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process)
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True
    with pytest.raises(ValidationError) as excinfo:
        add_photo(product=product, upload=images.truncated_jpeg_upload(), role=enums.PhotoRole.FRONT)
    assert excinfo.value.code == "photo_corrupt"
    assert ProductPhoto.objects.count() == 0
