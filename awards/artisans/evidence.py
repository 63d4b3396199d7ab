"""Files of an artisan dossier: evidence (private, checked like product documents) and the portrait.

- Photos, decision scans, signed declarations: `catalog.uploads.validate_document_upload` decides what the file is
  (a PDF or a decodable JPEG/PNG/WebP), and the bytes are kept as uploaded, in private storage.
- Videos: MP4/MOV (an ISO media file: "ftyp" at byte 4) or WebM (the EBML magic number), up to
  ARTISAN_VIDEO_MAX_BYTES, streamed to private storage. A link (a video on a public site) is stored as a URL.
- The portrait is re-encoded by `catalog.uploads.process_photo` (upright, no metadata) and kept private until a
  title is awarded: then `publish_portrait` writes a resized copy to public media for the register.
Downloads only go through the permission-checked views (views.evidence_download, views.portrait and the API's
`portrait/`, both answering with `portrait_response`).
"""

import io
import mimetypes
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from catalog.uploads import process_photo, validate_document_upload

from .enums import EvidenceKind
from .models import ArtisanNomination, Evidence
from .permissions import may_edit

VIDEO_MAX_BYTES = getattr(settings, "ARTISAN_VIDEO_MAX_BYTES", 200 * 1024 * 1024)
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
PUBLIC_PORTRAIT_SIZE = (800, 800)


def _ensure_editable(nomination: ArtisanNomination, by) -> None:
    if not may_edit(by, nomination):
        raise ValidationError(_("Bạn không được sửa hồ sơ này."))
    if not nomination.is_editable:
        raise ValidationError(_("Hồ sơ đã nộp; chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung."))


def _original_name(upload) -> str:
    name = PurePosixPath(str(getattr(upload, "name", "") or "").replace("\\", "/")).name
    return name[:255]


def video_type(upload) -> str:
    """The extension of an uploaded video (mp4 or webm), from its first bytes; ValidationError otherwise."""
    size = getattr(upload, "size", None)
    if size is not None and size > VIDEO_MAX_BYTES:
        raise ValidationError(_("Video lớn hơn %(limit)s. Hãy cắt ngắn hoặc gửi đường dẫn video."),
                              code="video_too_large", params={"limit": filesizeformat(VIDEO_MAX_BYTES)})
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if len(head) == 12 and head[4:8] == b"ftyp":
        return "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    raise ValidationError(_("Tệp không phải video MP4, MOV hoặc WebM."), code="video_format")


@transaction.atomic
def add_evidence(*, nomination: ArtisanNomination, kind: str, by, upload=None, url: str = "",
                 caption: str = "") -> Evidence:
    """Adds a file or a link to the dossier. Only while it is editable, by the candidate or the secretariat.

    Side effects: writes the file, unchanged, to private storage under a random name
    (artisans/<nomination id>/<uuid>.<ext>); if the row cannot be written the file is deleted again.
    """
    _ensure_editable(nomination, by)
    if kind not in EvidenceKind.values:
        raise ValidationError(_("Loại minh chứng không hợp lệ."))
    caption = (caption or "").strip()[:255]
    url = (url or "").strip()
    evidence = Evidence(nomination=nomination, kind=kind, caption=caption, uploaded_by=by)
    if kind == EvidenceKind.VIDEO_LINK:
        if upload is not None or not url:
            raise ValidationError(_("Hãy dán đường dẫn video (không tải tệp lên)."))
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(_("Đường dẫn không hợp lệ; hãy dán địa chỉ bắt đầu bằng https://.")) from None
        evidence.url = url[:500]
        evidence.save()
        return evidence
    if upload is None:
        raise ValidationError(_("Hãy chọn tệp để tải lên."))
    if kind == EvidenceKind.VIDEO:
        extension = video_type(upload)
        evidence.content_type = VIDEO_TYPES[extension]
    else:
        evidence.content_type = validate_document_upload(upload)
        extension = "pdf" if evidence.content_type == "application/pdf" else evidence.content_type.split("/")[1]
        extension = extension.replace("jpeg", "jpg")
    upload.seek(0)
    evidence.original_name = _original_name(upload)
    evidence.size = getattr(upload, "size", 0) or 0
    field = Evidence._meta.get_field("file")
    name = field.generate_filename(evidence, f"{uuid.uuid4().hex}.{extension}")
    stored = field.storage.save(name, upload)
    try:
        evidence.file = stored
        evidence.save()
    except BaseException:
        field.storage.delete(stored)
        raise
    return evidence


@transaction.atomic
def delete_evidence(*, evidence: Evidence, by) -> None:
    """Removes a proof from an editable dossier; its file goes once the transaction commits."""
    _ensure_editable(evidence.nomination, by)
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def set_portrait(*, nomination: ArtisanNomination, upload, by) -> ArtisanNomination:
    """Stores the re-encoded portrait privately (replacing any earlier one, deleted after commit)."""
    _ensure_editable(nomination, by)
    processed = process_photo(upload)
    field = ArtisanNomination._meta.get_field("portrait")
    old = nomination.portrait.name
    name = field.storage.save(field.generate_filename(nomination, f"chan-dung-{uuid.uuid4().hex}."
                                                                  f"{processed.extension}"),
                              ContentFile(processed.content))
    nomination.portrait = name
    nomination.save(update_fields=["portrait", "updated_at"])
    if old:
        transaction.on_commit(lambda: field.storage.delete(old))
    return nomination


def portrait_response(nomination: ArtisanNomination) -> FileResponse:
    """The private portrait as a file for a reader the caller has let through (permissions.nominations_for_reader):
    never cached, never sniffed. Http404 without one."""
    if not nomination.portrait:
        raise Http404
    response = FileResponse(nomination.portrait.open("rb"),
                            content_type=mimetypes.guess_type(nomination.portrait.name)[0] or "image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def publish_portrait(nomination: ArtisanNomination) -> str:
    """A public copy of the portrait for the register, at most 800 px (it was re-encoded when uploaded, so no
    metadata is left to strip). Returns its name in public media, or "" without a portrait."""
    if not nomination.portrait:
        return ""
    with nomination.portrait.open("rb") as stored, Image.open(stored) as image:
        image.load()
        image.thumbnail(PUBLIC_PORTRAIT_SIZE, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    return default_storage.save(f"artisans/{uuid.uuid4().hex}.jpg", ContentFile(buffer.getvalue()))
