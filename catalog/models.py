from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import enums, validity
from .collation import vietnamese
from .validators import normalize_tax_code, validate_tax_code


def private_storage():
    return storages["private"]


# --- Geography ---------------------------------------------------------------------------------------------


class Region(models.Model):
    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("khu vực")
        verbose_name_plural = _("khu vực")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ProvinceQuerySet(models.QuerySet):
    def current(self, on=None):
        """Provinces in force on a date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))


class Province(models.Model):
    """A province or centrally-run city, with the dates it existed.

    The 63 units before 1 July 2025 end on 30 June 2025 and point to the unit they merged into (`successor`);
    the 34 units since then have no end date. History and imports use both.
    """

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    name_ascii = models.CharField(_("tên không dấu"), max_length=100, db_index=True, editable=False)
    kind = models.CharField(_("loại"), max_length=10, choices=enums.ProvinceKind.choices,
                            default=enums.ProvinceKind.PROVINCE)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("sáp nhập vào"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")
        ordering = [vietnamese("name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A derived search key, not business logic: keeps the lookup index in step with the name.
        from .text import fold

        self.name_ascii = fold(self.name)
        super().save(*args, **kwargs)

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class RegionMembership(models.Model):
    """A province belongs to a region for a period; the three-region split is data, not code."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships")
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="region_memberships")
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên khu vực")
        verbose_name_plural = _("thành viên khu vực")
        ordering = ["region", vietnamese("province__name")]

    def __str__(self):
        return f"{self.province} → {self.region}"


# --- Users -------------------------------------------------------------------------------------------------


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=enums.Role.ADMIN)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone logs in by e-mail. The role decides which part of the site the person works in."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=enums.Role.choices, default=enums.Role.PRODUCER)
    scope_level = models.CharField(_("phạm vi"), max_length=10, choices=enums.ScopeLevel.choices, blank=True)
    scope_province = models.ForeignKey(Province, verbose_name=_("tỉnh phụ trách"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    scope_region = models.ForeignKey(Region, verbose_name=_("khu vực phụ trách"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_staff = models.BooleanField(_("vào trang quản trị"), default=False)
    date_joined = models.DateTimeField(_("ngày tham gia"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def is_secretariat(self):
        return self.role == enums.Role.SECRETARIAT

    @property
    def is_jury(self):
        return self.role == enums.Role.JURY

    @property
    def is_producer(self):
        return self.role == enums.Role.PRODUCER

    @property
    def is_administrator(self):
        return self.is_superuser or self.role == enums.Role.ADMIN


# --- Producers and products --------------------------------------------------------------------------------


class Producer(models.Model):
    """A cơ sở CNNT: the legal entity that makes and enters products.

    An unverified producer (`is_unverified`) was recorded from a published list of recognised products, which
    names a producer and its province but gives no tax code, legal form, address or representative: those stay
    blank (nothing is made up) until the real producer claims it (catalog.services.claim_producer with the
    producer) and the secretariat approves the claim, which sets the tax code the claimant gave. Every other
    producer must have all four (`clean`); a tax code, when there is one, is unique.
    """

    name = models.CharField(_("tên cơ sở"), max_length=255)
    legal_form = models.CharField(_("loại hình"), max_length=20, choices=enums.LegalForm.choices, blank=True)
    tax_code = models.CharField(
        _("mã số thuế / mã số đăng ký kinh doanh"), max_length=14, blank=True, validators=[validate_tax_code],
        help_text=_("10 chữ số, hoặc 10 chữ số kèm 3 chữ số đơn vị phụ thuộc (ví dụ 0101234567-001)."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    province = models.ForeignKey(Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT,
                                 related_name="producers")
    commune = models.CharField(_("xã/phường"), max_length=120, blank=True)
    representative = models.CharField(_("người đại diện"), max_length=150, blank=True)
    is_unverified = models.BooleanField(
        _("chưa xác minh"), default=False,
        help_text=_("Cơ sở ghi từ danh sách công bố, chưa có mã số thuế; được xác minh khi cơ sở nhận quản lý."),
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    year_founded = models.PositiveSmallIntegerField(_("năm thành lập"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    description = models.TextField(_("giới thiệu ngắn"), blank=True)
    publish_contacts = models.BooleanField(
        _("công khai thông tin liên hệ"), default=False,
        help_text=_("Nếu chọn, điện thoại, e-mail và website hiện trên trang công khai."),
    )
    # Folded copy of the name ("Đồng Kỵ" → "dong ky") for the public search: see `set_search_fields`.
    search_name = models.CharField(max_length=255, blank=True, editable=False)
    users = models.ManyToManyField("User", verbose_name=_("tài khoản quản lý"), related_name="producers",
                                   blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("cơ sở sản xuất")
        verbose_name_plural = _("cơ sở sản xuất")
        ordering = [vietnamese("name")]
        constraints = [
            # Unique when there is one: the producers of published lists have none yet.
            models.UniqueConstraint(fields=["tax_code"], condition=~models.Q(tax_code=""),
                                    name="producer_tax_code_unique",
                                    violation_error_message=_("Đã có cơ sở sản xuất với mã số thuế này.")),
            models.CheckConstraint(condition=models.Q(is_unverified=True) | ~models.Q(tax_code=""),
                                   name="producer_verified_has_tax_code"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A derived search key, not business logic (as Province.name_ascii): every write path that saves the
        # row (forms, admin, spreadsheet import, demo) keeps it in step; bulk writers call set_search_fields.
        set_search_fields(self)
        _add_search_update_fields(kwargs, ["search_name"])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:producer_detail", args=[self.pk])

    # What every producer but an unverified one must have (see the class docstring).
    REQUIRED_UNLESS_UNVERIFIED = ("legal_form", "tax_code", "address", "representative")

    def clean_fields(self, exclude=None):
        # As a required field reports a blank one (and not for a field whose cell already failed, `exclude`).
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not self.is_unverified:
            for name in self.REQUIRED_UNLESS_UNVERIFIED:
                if name not in (exclude or ()) and name not in errors and not getattr(self, name):
                    errors[name] = [self._meta.get_field(name).error_messages["blank"]]
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        if self.tax_code:
            self.tax_code = normalize_tax_code(self.tax_code)


class Product(models.Model):
    """One product, or a product set (bộ sản phẩm) from the same producer, as entered for selection."""

    producer = models.ForeignKey(Producer, verbose_name=_("cơ sở"), on_delete=models.CASCADE,
                                 related_name="products")
    # Blank only for a product of a published list that did not say its group (see Producer.is_unverified).
    group = models.CharField(_("nhóm sản phẩm"), max_length=1, choices=enums.ProductGroup.choices, blank=True)
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    is_set = models.BooleanField(_("là bộ sản phẩm"), default=False)
    description = models.TextField(_("mô tả"), blank=True)
    materials = models.TextField(_("nguyên liệu"), blank=True)
    specifications = models.TextField(_("quy cách, thông số kỹ thuật"), blank=True)
    production_capacity = models.CharField(_("năng lực sản xuất"), max_length=255, blank=True)
    price_range = models.CharField(_("khoảng giá"), max_length=120, blank=True)
    market = models.CharField(_("thị trường"), max_length=10, choices=enums.Market.choices,
                              default=enums.Market.DOMESTIC)
    standards = models.TextField(_("tiêu chuẩn, chứng nhận đã có"), blank=True)
    year_first_produced = models.PositiveSmallIntegerField(_("năm bắt đầu sản xuất"), null=True, blank=True)
    # Folded copies for the public search, identical on SQLite and PostgreSQL: see `search_fields_of`.
    search_name = models.CharField(max_length=255, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = [vietnamese("name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        set_search_fields(self)  # see Producer.save
        _add_search_update_fields(kwargs, ["search_name", "search_text"])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:product_detail", args=[self.pk])

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # The producer is in memory wherever a product is cleaned (forms, imports): no query.
        unverified = self.producer_id is not None and self.producer.is_unverified
        if not self.group and not unverified and "group" not in (exclude or ()) and "group" not in errors:
            errors["group"] = [self._meta.get_field("group").error_messages["blank"]]
        if errors:
            raise ValidationError(errors)

    @property
    def primary_photo(self):
        """The first photo by position; uses the prefetched list when there is one."""
        photos = list(self.photos.all())
        return photos[0] if photos else None


def set_search_fields(obj: "Producer | Product") -> None:
    """Fill the folded search columns of a producer or product from the texts people search in.

    Why stored columns and not a database function: SQLite has no unaccent and PostgreSQL's unaccent does not
    map đ→d the way `catalog.text.fold` does; one Python rule written to plain columns searches the same on
    both. Bulk writers (bulk_create, the benchmark) call this on each object before writing.
    """
    from .text import fold

    obj.search_name = fold(obj.name)
    if isinstance(obj, Product):
        obj.search_text = fold(f"{obj.materials} {obj.description}")


def _add_search_update_fields(kwargs: dict, fields: list[str]) -> None:
    # save(update_fields=["name"]) must also write the folded copy, or the search would go stale.
    if kwargs.get("update_fields") is not None:
        kwargs["update_fields"] = {*kwargs["update_fields"], *fields}


def photo_upload_to(instance, filename):
    return f"photos/{instance.product_id}/{filename}"


class ProductPhoto(models.Model):
    """A product photo, stored re-encoded (orientation applied, metadata stripped) with WebP thumbnails."""

    THUMB_WIDTHS = (320, 640, 1280)

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to=photo_upload_to, width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    role = models.CharField(_("góc chụp"), max_length=10, choices=enums.PhotoRole.choices,
                            default=enums.PhotoRole.OTHER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption or self.image.name

    def thumbnail_name(self, width: int) -> str:
        stem = self.image.name.rsplit(".", 1)[0]
        return f"{stem}.w{width}.webp"

    def thumbnail_url(self, width: int = 320) -> str:
        return self.image.storage.url(self.thumbnail_name(width))


def document_upload_to(instance, filename):
    return f"documents/{instance.producer_id}/{filename}"


class Document(models.Model):
    """A supporting paper (registration, certificate, award). Private: served only through a checked view."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="documents")
    product = models.ForeignKey(Product, verbose_name=_("sản phẩm"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại giấy tờ"), max_length=30, choices=enums.DocumentKind.choices)
    number = models.CharField(_("số hiệu"), max_length=100, blank=True)
    issuer = models.CharField(_("cơ quan cấp"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hạn"), null=True, blank=True)
    file = models.FileField(_("tệp"), storage=private_storage, upload_to=document_upload_to)
    original_name = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("giấy tờ")
        verbose_name_plural = _("giấy tờ")
        ordering = ["kind", "-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()

    def get_download_url(self):
        return reverse("catalog:document_download", args=[self.pk])


class ProducerClaim(models.Model):
    """A user asks to manage a producer that already exists (for instance one imported by the secretariat)."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="producer_claims")
    # For an unverified producer (no tax code yet): the code the claimant gives, set on the producer when the
    # claim is approved. Blank for a claim made by tax code.
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=enums.ClaimStatus.choices,
                              default=enums.ClaimStatus.PENDING)
    message = models.TextField(_("lời nhắn"), blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu nhận quản lý cơ sở")
        verbose_name_plural = _("yêu cầu nhận quản lý cơ sở")
        constraints = [
            models.UniqueConstraint(fields=["producer", "user"], condition=models.Q(status="pending"),
                                    name="one_pending_claim_per_user_and_producer"),
        ]

    def __str__(self):
        return f"{self.user} → {self.producer}"


# --- Recognitions ------------------------------------------------------------------------------------------


class CertificateQuerySet(models.QuerySet):
    """Which certificates count, in one vocabulary. `on` is a date (today when omitted).

    The prerequisite chain of rounds, the public catalogue and its listing rows, the verification page, the open
    data and the statistics all ask through these methods; nothing else spells the rule.
    """

    def not_revoked(self, on=None):
        """Not revoked by `on`: a revocation takes effect on its date."""
        on = on or timezone.localdate()
        return self.filter(models.Q(status=enums.CertificateStatus.VALID) | models.Q(revoked_on__gt=on))

    def in_force(self, on=None):
        """Valid on `on`: issued on or before it, not expired, not revoked by then."""
        on = on or timezone.localdate()
        return self.not_revoked(on).filter(issued_on__lte=on, valid_until__gte=on)

    def revoked(self, on=None):
        """Revoked by `on` (the rest are `not_revoked`): `status_on` says "revoked"."""
        on = on or timezone.localdate()
        return self.filter(status=enums.CertificateStatus.REVOKED, revoked_on__lte=on)

    def expired(self, on=None):
        """Not revoked by `on` and valid only until before it: `status_on` says "expired"."""
        on = on or timezone.localdate()
        return self.not_revoked(on).filter(valid_until__lt=on)

    def public(self, on=None):
        """Made public by `on` (never a certificate of an unpublished decision), revoked and expired included."""
        on = on or timezone.localdate()
        return self.filter(published_on__lte=on)

    def recognising(self, on=None):
        """Public and not revoked by `on`: the certificates that make a product a recognised product (in force or
        expired, then "historical")."""
        on = on or timezone.localdate()
        return self.public(on).not_revoked(on)

    def qualifying_for(self, level: str, on=None):
        """Certificates in force on `on` that let their product enter a round of `level`: the level just below
        (a district certificate issued before the reform counts as a commune one). None for a commune round."""
        below = enums.PREREQUISITE_LEVEL.get(level)
        if below is None:
            return self.none()
        accepted = models.Q(level=below)
        if below == enums.Level.COMMUNE:
            accepted |= models.Q(level=enums.Level.DISTRICT, issued_on__lt=enums.DISTRICT_ABOLISHED_ON)
        return self.in_force(on).filter(accepted)


class Certificate(models.Model):
    """A recognition of a product (giấy chứng nhận): recorded from history or issued by a results decision.

    The record belongs to the product; the processes that create and change it (decisions, numbering, issuing,
    revocation, PDFs, complaints) are in awards. An issued certificate is linked from its decision entry
    (`entry`, awards.DecisionEntry.certificate) and carries the jury average copied when it was issued.
    """

    product = models.ForeignKey(Product, verbose_name=_("sản phẩm"), on_delete=models.PROTECT,
                                related_name="certificates")
    # Blank only for a recognition recorded from a published list, which names its decision, not certificate
    # numbers (see `clean`): a number is never made up.
    number = models.CharField(_("số giấy chứng nhận"), max_length=60, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=enums.Level.choices)
    scope_province = models.ForeignKey(Province, verbose_name=_("tỉnh/thành phố"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    scope_region = models.ForeignKey(Region, verbose_name=_("khu vực"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(_("ngày cấp"))
    # A published list may give only the year: issued_on is then 1 January of it, and pages show the year alone.
    issued_year_only = models.BooleanField(_("chỉ biết năm cấp"), default=False)
    valid_until = models.DateField(_("hiệu lực đến"))
    issuer = models.CharField(_("cơ quan cấp"), max_length=255, blank=True)
    source = models.CharField(_("nguồn"), max_length=12, choices=enums.CertificateSource.choices,
                              default=enums.CertificateSource.HISTORICAL)
    status = models.CharField(_("tình trạng"), max_length=10, choices=enums.CertificateStatus.choices,
                              default=enums.CertificateStatus.VALID)
    # The date the recognition became public. Historical records: their issue date. Certificates issued here:
    # the day their results decision is published. The public pages show only rows dated today or earlier.
    published_on = models.DateField(_("ngày công bố"), null=True, blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revocation_decision_number = models.CharField(_("số quyết định thu hồi"), max_length=60, blank=True)
    # The official jury average of the recognised nomination, as its decision recorded it (None for history).
    average = models.DecimalField(_("điểm trung bình"), max_digits=5, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["product", "-issued_on"], name="cert_product_issued")]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~models.Q(number=""), name="certificate_number_unique",
                                    violation_error_message=_("Số giấy chứng nhận này đã có.")),
            models.CheckConstraint(condition=~models.Q(number="") | ~models.Q(decision_number=""),
                                   name="cert_number_or_decision"),
            models.CheckConstraint(condition=models.Q(issued_on__lte=models.F("valid_until")),
                                   name="cert_validity_after_issue"),
            models.CheckConstraint(
                condition=models.Q(status="valid", revoked_on__isnull=True)
                | models.Q(status="revoked", revoked_on__isnull=False),
                name="cert_revocation_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.number or self.decision_number} – {self.product}"

    def clean(self):
        super().clean()
        if not self.number and not self.decision_number:
            raise ValidationError({"number": _("Hãy ghi số giấy chứng nhận (hoặc số quyết định công nhận nếu danh sách "
                                               "không ghi số giấy).")})

    def status_on(self, on=None) -> str:
        """valid / expired / revoked on a date (today when omitted), by the rule of CertificateQuerySet."""
        revoked_on = self.revoked_on if self.status == enums.CertificateStatus.REVOKED else None
        return validity.status_on(valid_until=self.valid_until, revoked_on=revoked_on, on=on or timezone.localdate())

    @property
    def is_issued(self) -> bool:
        return self.source == enums.CertificateSource.ISSUED


class Listing(models.Model):
    """The public catalogue's row for one recognised product: what the list shows, filters on, sorts and counts.

    Derived facts, stored once where they are decided and read through indexes: written only by
    `catalog.listing` (called by the services that publish, revoke or record a recognition and that change a
    product or producer) and rebuilt or checked by `manage.py listings`. A product without a recognising
    certificate has no row. The facts hold on `computed_on`; `changes_on` is the first later day on which one of
    them changes by itself (a recognition expires, a revocation or a publication takes effect): the list refreshes
    rows that are due before it reads them (`catalog.listing.refresh_due`).
    """

    product = models.OneToOneField(Product, primary_key=True, on_delete=models.CASCADE, related_name="listing")
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="listings")
    group = models.CharField(max_length=1, choices=enums.ProductGroup.choices)
    # The producer's province as it is today (a unit merged in 2025 is filed under its successor), and its region.
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", db_index=False)
    region = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    # The highest level among recognitions in force; with none in force, the highest ever (a historical product).
    level = models.CharField(max_length=10, choices=enums.Level.choices)
    # The latest recognition: its year (the year filter) and date of issue (the "newest" sort).
    year = models.PositiveSmallIntegerField()
    recognised_on = models.DateField()
    best_average = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    # The score sort's key: best_average in cents, -1 without one (paper records last), never NULL, so one index
    # serves the sort on both databases (SQLite indexes cannot say NULLS LAST).
    score_key = models.IntegerField()
    valid_until = models.DateField()
    is_current = models.BooleanField()
    sort_name = models.CharField(max_length=600)  # catalog.text.sort_key of the product name
    # What the card shows, copied here so a page of the list is one query on one table: the names, and the
    # first photo's 320-pixel thumbnail (file name in the public media storage, pixel size, alt text).
    name = models.CharField(max_length=255)
    producer_name = models.CharField(max_length=255)
    # The folded name and producer name (catalog.text.search_document: a space before every word), for ranking
    # the rows a search found: LIKE '% word%' is a word-start test on these short columns.
    name_words = models.CharField(max_length=600)
    producer_words = models.CharField(max_length=600)
    province_name = models.CharField(max_length=100)
    thumbnail = models.CharField(max_length=255, blank=True)
    thumbnail_width = models.PositiveIntegerField(null=True)
    thumbnail_height = models.PositiveIntegerField(null=True)
    thumbnail_alt = models.CharField(max_length=255, blank=True)
    computed_on = models.DateField()
    changes_on = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(models.F("recognised_on").desc(), "sort_name", "product", name="listing_newest"),
            models.Index("sort_name", "product", name="listing_name"),
            models.Index(models.F("score_key").desc(), "sort_name", "product", name="listing_score"),
            # Each filter with the default sort ("newest"), so a filtered page walks exactly its own rows, deep
            # pages included; the other sorts filter while walking their own index.
            *[models.Index(field, models.F("recognised_on").desc(), "sort_name", "product", name=f"listing_{field}")
              for field in ("group", "level", "year", "province", "region")],
            # A province is browsed by every sort (its producers look for themselves by name): its 1,000–4,000
            # rows would otherwise be found by walking the whole name or score index (3–7 ms on PostgreSQL).
            models.Index("province", "sort_name", "product", name="listing_province_name"),
            models.Index("province", models.F("score_key").desc(), "sort_name", "product",
                         name="listing_province_score"),
            models.Index("year", "level", name="listing_year_level"),  # the home page's counts
            models.Index(fields=["changes_on"], name="listing_changes_on"),
        ]

    def __str__(self):
        return f"{self.product_id}: {self.level} {self.year}"


class ListingPage(models.Model):
    """What a listed product's public page shows, in one row read by primary key: the product's public texts, the
    producer's public facts (contacts only when published), the photos' thumbnails and the public certificates
    (their state on a day is computed when shown, by catalog.validity.status_on). Derived like Listing, by
    `catalog.listing` only; apart from Listing so the list's rows stay narrow."""

    listing = models.OneToOneField(Listing, primary_key=True, on_delete=models.CASCADE, related_name="page")
    data = models.JSONField()

    def __str__(self):
        return str(self.listing_id)


class ListingText(models.Model):
    """The folded words of a listed product (name, producer, materials, description, province) for the public
    search, apart so the Listing row stays narrow. Indexed for word-start matches: PostgreSQL with a full-text GIN
    index on to_tsvector('simple', words), SQLite with an FTS5 table kept in step by triggers (catalog 0004)."""

    listing = models.OneToOneField(Listing, primary_key=True, on_delete=models.CASCADE, related_name="text")
    words = models.TextField()

    def __str__(self):
        return self.words[:80]


# --- Background work and e-mail outbox ----------------------------------------------------------------------


def job_result_upload_to(instance, filename):
    return f"jobs/{instance.pk}/{filename}"


class Job(models.Model):
    """One piece of background work (catalog.jobs): what it is, its progress, its tries and its result.

    The task queue (django-tasks) only carries the job's id; everything a user sees — the progress bar, the
    reason of a failure, the file when ready — is read from this row, so it works across app servers and
    workers. `key` names what the job is about (e.g. `certificate-bundle:12`): one active job per key.
    """

    kind = models.CharField(max_length=50)
    key = models.CharField(max_length=100, db_index=True)
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=enums.JobState.choices, default=enums.JobState.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    error = models.TextField(blank=True)
    result = models.FileField(storage=private_storage, upload_to=job_result_upload_to, blank=True, max_length=255)
    result_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey("User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    next_try_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When `manage.py prune_uploads` deleted the files kept for the job (its uploaded file, or a result that can be
    # made again); the row, its counts and its summary stay.
    files_pruned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="job_state_heartbeat")]
        constraints = [
            # One active job per subject, even when two app servers are asked at the same moment.
            models.UniqueConstraint(fields=["key"], name="job_one_active_per_key",
                                    condition=models.Q(state__in=["queued", "running", "retrying"])),
        ]

    def __str__(self):
        return f"{self.kind} {self.key}: {self.state} {self.done}/{self.total}"

    @property
    def is_active(self) -> bool:
        return self.state in (enums.JobState.QUEUED, enums.JobState.RUNNING, enums.JobState.RETRYING)


class OutboxMessage(models.Model):
    """An e-mail, stored in the same transaction as the change it reports and delivered after commit.

    If the mail server is down the row stays pending and is tried again with backoff (catalog.mail.deliver,
    `manage.py jobs --resume`); the state change it reports is never lost and never waits for the mail server.
    """

    to = models.JSONField(default=list)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=enums.OutboxState.choices, default=enums.OutboxState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_try_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_try_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)} ({self.state})"


class AuditRefused(Exception):
    """An audit entry is history: it is never changed or removed through the application."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditRefused("audit entries are append-only")

    def delete(self):
        raise AuditRefused("audit entries are append-only")


class AuditEntry(models.Model):
    """One change of a score, a sheet, a nomination, a conflict, a decision or a certificate (catalog.audit).

    Each entry carries the SHA-256 of its canonical content plus the previous entry's hash, so an edit or a
    removal made behind the application's back breaks the chain at that entry (`manage.py verify_audit`).
    The actor and the round are plain numbers, not foreign keys: deleting an account must not rewrite history.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    round_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    action = models.CharField(max_length=40)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("Mục nhật ký kiểm toán")
        verbose_name_plural = _("Nhật ký kiểm toán")

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditRefused("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditRefused("audit entries are append-only")


class AuditHead(models.Model):
    """The single row every audit writer locks first: the chain's last sequence number and hash, so two
    writers cannot both append after the same entry (and a removed last entry is detected)."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"audit head #{self.seq}"
