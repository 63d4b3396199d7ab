import datetime
import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PRODUCER = "producer", _("Cơ sở sản xuất")
    JURY = "jury", _("Thành viên ban giám khảo")
    SECRETARIAT = "secretariat", _("Thư ký / tổ chức")
    ADMIN = "admin", _("Quản trị")


class ScopeLevel(models.TextChoices):
    """Where a secretariat account may act."""

    PROVINCE = "province", _("Cấp tỉnh")
    REGION = "region", _("Cấp khu vực")
    NATIONAL = "national", _("Toàn quốc")


class Level(models.TextChoices):
    """Levels of selection and of recognition (a certificate carries the level of the round that gave it).

    `district` only exists for history and imports (replaced by commune on 1 July 2025).
    """

    COMMUNE = "commune", _("Cấp xã")
    DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
    PROVINCE = "province", _("Cấp tỉnh")
    REGION = "region", _("Cấp khu vực")
    NATIONAL = "national", _("Cấp quốc gia")


# How people write the levels in published lists and registers, besides the code and the label: folded, without
# the word "cấp" (`level_from_text` drops it). Before the 2025 reform the lowest level was the district's.
LEVEL_WORDS = {
    Level.COMMUNE: ("xa", "phuong", "xa phuong"),
    Level.DISTRICT: ("huyen", "quan", "quan huyen", "huyen thi xa", "huyen thi xa thanh pho"),
    Level.PROVINCE: ("tinh", "tinh thanh pho", "thanh pho truc thuoc trung uong"),
    Level.REGION: ("khu vuc", "kv", "vung"),
    Level.NATIONAL: ("quoc gia", "toan quoc", "trung uong", "qg"),
}


def level_from_text(text) -> str | None:
    """The level a person wrote, or None: "Cấp huyện", "cấp tỉnh", "Khu vực", "Quốc gia", "CẤP QUỐC GIA",
    "cap khu vuc phia Bac", "district"... with or without "cấp", any case, with or without diacritics. The one
    reading of a written level (spreadsheet imports of certificates and of published lists)."""
    from .text import fold

    key = re.sub(r"\([^)]*\)", " ", fold(str(text or "")))  # "Cấp huyện (trước 01/7/2025)"
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", key).split())
    key = key.removeprefix("cap ") if key != "cap" else ""
    if not key:
        return None
    words = {value: value for value in Level.values}
    for level, label in Level.choices:
        label_key = " ".join(re.sub(r"[^a-z0-9]+", " ", re.sub(r"\([^)]*\)", " ", fold(str(label)))).split())
        words[label_key.removeprefix("cap ")] = level
    for level, spellings in LEVEL_WORDS.items():
        words.update(dict.fromkeys(spellings, level))
    if key in words:
        return words[key]
    # "khu vuc phia bac", "tinh bac ninh": the longest spelling that starts the text, as whole words.
    starts = [spelling for spelling in words if key.startswith(spelling + " ")]
    return words[max(starts, key=len)] if starts else None


# District certificates issued before the reform still count where a commune certificate is asked for.
DISTRICT_ABOLISHED_ON = datetime.date(2025, 7, 1)

# The level whose certificate a product must hold to enter a round of the key level.
PREREQUISITE_LEVEL = {
    Level.PROVINCE: Level.COMMUNE,
    Level.REGION: Level.PROVINCE,
    Level.NATIONAL: Level.REGION,
}

# Higher is more: the public list shows a product's highest recognition (district sits with commune).
LEVEL_RANK = {Level.COMMUNE: 1, Level.DISTRICT: 1, Level.PROVINCE: 2, Level.REGION: 3, Level.NATIONAL: 4}


class CertificateSource(models.TextChoices):
    HISTORICAL = "historical", _("Ghi nhận từ hồ sơ cũ")
    ISSUED = "issued", _("Cấp qua hệ thống")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")


class CertificateDisplayStatus(models.TextChoices):
    """What a reader of a certificate needs to know on a given day (derived, never stored)."""

    VALID = "valid", _("Còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")


class ProvinceKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc trung ương")


class LegalForm(models.TextChoices):
    SME = "sme", _("Doanh nghiệp nhỏ và vừa")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_GROUP = "coop_group", _("Tổ hợp tác")
    HOUSEHOLD = "household", _("Hộ kinh doanh")


class ProductGroup(models.TextChoices):
    """The four groups of Thông tư 26/2014/TT-BCT; the value is the official group number."""

    HANDICRAFT = "1", _("Thủ công mỹ nghệ")
    FOOD = "2", _("Chế biến nông, lâm, thủy sản và thực phẩm")
    MACHINERY = "3", _("Thiết bị, máy móc, dụng cụ và phụ tùng cơ khí")
    OTHER = "4", _("Sản phẩm khác")


class Market(models.TextChoices):
    DOMESTIC = "domestic", _("Trong nước")
    EXPORT = "export", _("Xuất khẩu")
    BOTH = "both", _("Trong nước và xuất khẩu")


class PhotoRole(models.TextChoices):
    FRONT = "front", _("Mặt trước")
    SIDE = "side", _("Mặt bên")
    TOP = "top", _("Mặt trên")
    PACKAGING = "packaging", _("Bao bì")
    OTHER = "other", _("Khác")


class DocumentKind(models.TextChoices):
    BUSINESS_REGISTRATION = "business_registration", _("Giấy chứng nhận đăng ký kinh doanh")
    QUALITY = "quality", _("Chứng nhận chất lượng / tiêu chuẩn")
    FOOD_SAFETY = "food_safety", _("Chứng nhận an toàn thực phẩm")
    AWARD = "award", _("Giải thưởng")
    OTHER = "other", _("Khác")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Từ chối")


class JobState(models.TextChoices):
    """A background job (catalog.jobs): queued → running → done, or retrying (with backoff) → … → failed."""

    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    RETRYING = "retrying", _("Sẽ thử lại")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class OutboxState(models.TextChoices):
    """An e-mail written in the transaction of the change it reports (catalog.mail), then delivered."""

    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")
