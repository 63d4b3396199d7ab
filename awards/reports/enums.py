"""Choices of the reporting side: audiences, holders' annual reports, periodic reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AudienceKind(models.TextChoices):
    """Who a statistic is computed for: the same queries, three scopes."""

    MINISTRY = "ministry", _("Bộ Công Thương (toàn quốc)")
    SECRETARIAT = "secretariat", _("Cơ quan thường trực (phạm vi phụ trách)")
    PUBLIC = "public", _("Công khai")


class AnnualReportState(models.TextChoices):
    """What is stored: a holder's report is a draft until it is submitted (then it no longer changes)."""

    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")


class HolderStatus(models.TextChoices):
    """A holder's status in a cycle on a given day (derived, never stored)."""

    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    LATE = "late", _("Quá hạn")


class LogoUse(models.TextChoices):
    ALL = "all", _("Trên tất cả sản phẩm được công nhận")
    SOME = "some", _("Trên một phần sản phẩm")
    NONE = "none", _("Chưa sử dụng")


class SupportKind(models.TextChoices):
    """Kinds of support a holder may have received during the year (several may apply)."""

    EXTENSION_FUNDING = "extension", _("Kinh phí khuyến công")
    TRADE_PROMOTION = "promotion", _("Xúc tiến thương mại, hội chợ")
    TRAINING = "training", _("Đào tạo, tập huấn")
    CREDIT = "credit", _("Vay vốn ưu đãi")
    REWARD = "reward", _("Thưởng theo quyết định công nhận")
    OTHER = "other", _("Khác")


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Trước hạn nộp")
    AFTER = "after", _("Sau hạn nộp")


class PeriodicReportKind(models.TextChoices):
    PROVINCIAL = "provincial", _("Báo cáo của tỉnh gửi Bộ Công Thương")
    NATIONAL = "national", _("Báo cáo tổng hợp toàn quốc")


class Half(models.IntegerChoices):
    """The period of a periodic report: a whole year or one of its halves."""

    YEAR = 0, _("Cả năm")
    FIRST = 1, _("6 tháng đầu năm")
    SECOND = 2, _("6 tháng cuối năm")
