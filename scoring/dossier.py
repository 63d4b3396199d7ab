"""The dossier of a nomination: its checklist, and the snapshot frozen on acceptance."""

import copy
import io
import os
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.enums import DocumentKind
from catalog.models import Document, ProductPhoto
from catalog.services import REQUIRED_PHOTO_ROLES

from .models import Nomination, frozen_upload_to
from .pii import get_field, scan_dossier
from .rules import prerequisite_certificates, prerequisite_problem

WITHHELD = _("[Nội dung đang được thư ký kiểm tra]")

OPTIONAL_DOCUMENT_KINDS = (DocumentKind.QUALITY, DocumentKind.FOOD_SAFETY, DocumentKind.AWARD)


def photo_storage():
    return ProductPhoto._meta.get_field("image").storage


def document_storage():
    return Document._meta.get_field("file").storage


def dossier_documents(product):
    """The producer's own papers plus those attached to this product (not those of its other products)."""
    return product.producer.documents.filter(Q(product__isnull=True) | Q(product=product))


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    ok: bool
    required: bool = True
    hint: str = ""


def dossier_checklist(nomination: Nomination) -> list[ChecklistItem]:
    """Every item of the dossier (Phụ lục 1, 2, photos, papers, sample), required or not, with its status.

    The database twin of the required items is `queries.with_completeness`; a test keeps them in step.
    """
    product = nomination.product
    producer = product.producer
    roles = set(product.photos.values_list("role", flat=True))
    kinds = set(dossier_documents(product).values_list("kind", flat=True))
    items = [
        ChecklistItem("registration", str(_("Phiếu đăng ký (Phụ lục 1): địa chỉ, người đại diện, điện thoại")),
                      bool(producer.address.strip() and producer.representative.strip() and producer.phone.strip()),
                      hint=str(_("Bổ sung trong hồ sơ cơ sở."))),
        ChecklistItem("description", str(_("Bản mô tả sản phẩm (Phụ lục 2)")), bool(product.description.strip()),
                      hint=str(_("Bổ sung phần mô tả trong trang sản phẩm."))),
    ]
    for role in REQUIRED_PHOTO_ROLES:
        items.append(ChecklistItem(f"photo_{role}", str(_("Ảnh màu: %(role)s") % {"role": role.label}),
                                   role in roles, hint=str(_("Tải ảnh lên trong trang sản phẩm."))))
    items.append(ChecklistItem(
        "business_registration", str(DocumentKind.BUSINESS_REGISTRATION.label),
        DocumentKind.BUSINESS_REGISTRATION in kinds, hint=str(_("Tải bản sao lên trong mục giấy tờ của cơ sở.")),
    ))
    items.append(ChecklistItem("sample_delivery", str(_("Ghi chú giao sản phẩm mẫu")),
                               bool(nomination.sample_delivery.strip()),
                               hint=str(_("Ghi cách, nơi và thời gian giao mẫu trong hồ sơ đề cử."))))
    if prerequisite_certificates(nomination.round, product) is not None:
        problem = prerequisite_problem(nomination.round, product)
        items.append(ChecklistItem("prerequisite", str(_("Giấy chứng nhận cấp dưới còn hiệu lực")),
                                   not problem, hint=problem))
    for kind in OPTIONAL_DOCUMENT_KINDS:
        items.append(ChecklistItem(f"document_{kind}", str(kind.label), kind in kinds, required=False))
    return items


def missing_items(nomination: Nomination) -> list[ChecklistItem]:
    return [item for item in dossier_checklist(nomination) if item.required and not item.ok]


def _iso(value):
    return value.isoformat() if value else None


def build_dossier(nomination: Nomination) -> dict:
    """The dossier as plain data: what the secretariat checks and, once frozen, what the jury sees."""
    product = nomination.product
    producer = product.producer
    certificates = prerequisite_certificates(nomination.round, product)
    return {
        "product": {
            "id": product.pk, "name": product.name, "group": product.group,
            "group_label": str(product.get_group_display()), "is_set": product.is_set,
            "description": product.description, "materials": product.materials,
            "specifications": product.specifications, "production_capacity": product.production_capacity,
            "price_range": product.price_range, "market": str(product.get_market_display()),
            "standards": product.standards, "year_first_produced": product.year_first_produced,
        },
        "producer": {
            "id": producer.pk, "name": producer.name, "legal_form": str(producer.get_legal_form_display()),
            "tax_code": producer.tax_code, "address": producer.address, "province": producer.province.name,
            "commune": producer.commune, "representative": producer.representative, "phone": producer.phone,
            "email": producer.email, "website": producer.website, "year_founded": producer.year_founded,
            "employees": producer.employees,
        },
        "round_notes": nomination.round_notes,
        "sample_delivery": nomination.sample_delivery,
        "photos": [
            {"id": photo.pk, "name": photo.image.name, "role": photo.role, "role_label": str(photo.get_role_display()),
             "caption": photo.caption}
            for photo in product.photos.all()
        ],
        "documents": [
            {"id": doc.pk, "name": doc.file.name, "kind": doc.kind, "kind_label": str(doc.get_kind_display()),
             "number": doc.number, "issuer": doc.issuer, "issued_on": _iso(doc.issued_on),
             "expires_on": _iso(doc.expires_on), "original_name": doc.original_name,
             "content_type": doc.content_type}
            for doc in dossier_documents(product)
        ],
        "certificates": [
            {"number": c.number, "level": c.level, "level_label": str(c.get_level_display()),
             "issued_on": _iso(c.issued_on), "valid_until": _iso(c.valid_until)}
            for c in (certificates if certificates is not None else [])
        ],
    }


def _copy(storage, name: str, target: str) -> str:
    with storage.open(name, "rb") as source:
        return storage.save(target, source)


def _reencoded_photo(storage, name: str, nomination_id: int, folder: str = "photos") -> str:
    """The jury's copy of a public photo: decoded and encoded again as a new JPEG (never byte-identical to the
    public file, so it cannot be matched with it), without any metadata (EXIF, GPS, ICC, text chunks: Pillow
    writes none unless asked), under a random name that says nothing of the producer or the original file."""
    from PIL import Image, ImageOps

    with storage.open(name, "rb") as source, Image.open(source) as image:
        upright = ImageOps.exif_transpose(image).convert("RGB")
    # Only the pixels go across: a fresh image has no info dictionary to carry.
    clean = Image.frombytes("RGB", upright.size, upright.tobytes())
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=88, optimize=True)
    target = frozen_upload_to(nomination_id, f"{folder}/{uuid.uuid4().hex}.jpg")
    return storage.save(target, ContentFile(buffer.getvalue()))


DOCUMENT_TEXT_LIMIT = 20_000  # enough to find a name on the papers a dossier holds, small enough for the snapshot


def _rewritten_document(storage, document: dict, nomination_id: int) -> tuple[str, str]:
    """The frozen copy of a paper, under a random name, and its extracted text (PDF only; "" otherwise).

    A PDF is rewritten page by page with pypdf: the document information (Author, Creator, Producer, Title...)
    and XMP metadata do not go across and the bytes are new, so the copy matches no public file by bytes or
    metadata. An image is re-encoded like the photos. Anything else (or a PDF pypdf cannot read) is copied as is.
    """
    from pypdf import PdfReader, PdfWriter

    name = document["name"]
    extension = os.path.splitext(name)[1].lower()
    target = frozen_upload_to(nomination_id, f"documents/{uuid.uuid4().hex}{extension}")
    if extension == ".pdf":
        try:
            with storage.open(name, "rb") as source:
                reader = PdfReader(io.BytesIO(source.read()))
                text = "\n".join(page.extract_text() or "" for page in reader.pages)[:DOCUMENT_TEXT_LIMIT]
                writer = PdfWriter()
                for page in reader.pages:
                    writer.add_page(page)
            writer.add_metadata({"/Producer": "", "/Creator": ""})  # pypdf would name itself; say nothing
            buffer = io.BytesIO()
            writer.write(buffer)
        except Exception:  # noqa: BLE001 - pypdf raises many kinds on a damaged file; the plain copy is the fallback
            return _copy(storage, name, target), ""
        return storage.save(target, ContentFile(buffer.getvalue())), text
    if extension in {".jpg", ".jpeg", ".png", ".webp"}:
        try:
            return _reencoded_photo(storage, name, nomination_id, folder="documents"), ""
        except OSError:
            pass
    return _copy(storage, name, target), ""


def freeze_dossier(nomination: Nomination) -> Nomination:
    """Store the snapshot and copy its files under frozen/<id>/, so later edits or deletions change nothing.

    Photos are re-encoded copies under new names in the public storage (_reencoded_photo: what a blind jury
    sees cannot be matched with the public photos), documents rewritten copies under new names in the private one
    (_rewritten_document), their text kept for the identity scan (scoring.pii). Saves it.
    """
    dossier = build_dossier(nomination)
    for photo in dossier["photos"]:
        photo["name"] = _reencoded_photo(photo_storage(), photo["name"], nomination.pk)
        photo.pop("id", None)  # the public photo's id would tie the jury's copy back to the public page
    for document in dossier["documents"]:
        document["name"], document["text"] = _rewritten_document(document_storage(), document, nomination.pk)
        if document["name"].endswith(".jpg"):  # a re-encoded image is a JPEG whatever it was uploaded as
            document["content_type"] = "image/jpeg"
    dossier["pii_flags"] = scan_dossier(dossier)
    nomination.snapshot = dossier
    nomination.frozen_at = timezone.now()
    nomination.save(update_fields=["snapshot", "frozen_at", "updated_at"])
    return nomination


def dossier_for_display(nomination: Nomination) -> dict:
    """The frozen snapshot when there is one, else the live dossier; photo URLs added for templates."""
    dossier = dict(nomination.snapshot) if nomination.is_frozen else build_dossier(nomination)
    public = photo_storage()
    dossier["photos"] = [{**photo, "url": public.url(photo["name"])} for photo in dossier["photos"]]
    dossier["frozen"] = nomination.is_frozen
    return dossier


def dossier_for_jury(nomination: Nomination) -> dict:
    """What a jury member sees. With blind judging the producer's identity goes: name, contacts, tax code and
    every paper (registrations, certificates and awards all carry the producer's name)."""
    dossier = copy.deepcopy(dossier_for_display(nomination))
    flags = dossier.pop("pii_flags", None) or []  # redacted originals live there: never for the jury
    dossier["blind"] = nomination.round.blind_judging
    if dossier["blind"]:
        for flag in flags:
            if flag.get("state") == "open":  # not yet redacted or dismissed: the field is withheld
                node, key = get_field(dossier, flag["field"])
                node[key] = str(WITHHELD)
        producer = dossier["producer"]
        dossier["producer"] = {"legal_form": producer.get("legal_form", ""), "province": producer.get("province", ""),
                               "employees": producer.get("employees")}
        dossier["documents"] = []
        dossier["certificates"] = []
    return dossier


def jury_product_name(nomination: Nomination) -> str:
    """The product's name as the jury's copy has it (dossier_for_jury's rule, without building the whole copy, for
    lists): frozen, redacted, or withheld while a flag on it is open in a blind round."""
    if not nomination.is_frozen:
        return nomination.product.name
    if nomination.round.blind_judging and any(
            flag["field"] == "product.name" and flag.get("state") == "open"
            for flag in nomination.snapshot.get("pii_flags") or []):
        return str(WITHHELD)
    return nomination.snapshot["product"]["name"]
