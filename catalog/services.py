"""Writes for accounts, producers and claims. Keyword-only, one transaction each; side effects in the docstring."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from . import enums, listing, mail, uploads
from .models import Producer, ProducerClaim, Product, User
from .tokens import account_activation_token
from .validators import normalize_tax_code, validate_tax_code


def _send(*, to: str, template: str, context: dict) -> None:
    mail.send_templated(f"catalog/email/{template}", context, [to])


# --- Accounts ----------------------------------------------------------------------------------------------


def activation_url(user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = account_activation_token.make_token(user)
    return settings.SITE_URL + reverse("activate", kwargs={"uidb64": uidb64, "token": token})


def send_activation_email(*, user: User) -> User:
    """E-mails the confirmation link to an account that is not active yet."""
    _send(to=user.email, template="activation", context={"user": user, "activation_url": activation_url(user)})
    return user


@transaction.atomic
def register_producer_account(*, user: User) -> User:
    """Stores a new producer account, inactive until its e-mail is confirmed, and sends the confirmation link.

    The e-mail goes out inside the transaction: if it cannot be sent, no account is stored and the person can retry.
    """
    user.email = User.objects.normalize_email(user.email).lower()
    user.role = enums.Role.PRODUCER
    user.is_active = False
    user.save()
    send_activation_email(user=user)
    return user


def warn_existing_account(*, user: User) -> None:
    """Someone signed up with the address of an existing account: its owner hears of it by e-mail (with the way
    to sign in or reset the password; an inactive account gets a new activation link), and the page says only
    what it says for a new account."""
    if not user.is_active:
        send_activation_email(user=user)
        return
    _send(to=user.email, template="signup_existing", context={
        "user": user, "login_url": settings.SITE_URL + reverse("login"),
        "reset_url": settings.SITE_URL + reverse("password_reset")})


def user_from_uidb64(uidb64: str) -> User | None:
    try:
        return User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None


@transaction.atomic
def activate_account(*, uidb64: str, token: str) -> User:
    """Turns on the account the link belongs to. Raises ValidationError for a tampered, used or expired link."""
    user = user_from_uidb64(uidb64)
    if user is None or user.is_active or not account_activation_token.check_token(user, token):
        raise ValidationError(
            _("Liên kết xác nhận không hợp lệ hoặc đã hết hạn. Hãy nhập e-mail để nhận liên kết mới."),
            code="invalid_activation_link",
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


def resend_activation(*, email: str) -> None:
    """Sends a new link if an inactive account has this e-mail; says nothing either way, so addresses stay private."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=False).first()
    if user is not None:
        send_activation_email(user=user)


# --- Producers ---------------------------------------------------------------------------------------------


@transaction.atomic
def create_producer(*, producer: Producer, by: User) -> Producer:
    """Stores a new producer profile and makes its creator one of the accounts that manage it."""
    producer.full_clean()
    producer.save()
    producer.users.add(by)
    return producer


@transaction.atomic
def save_producer(*, producer: Producer) -> Producer:
    """Stores edits of a producer profile (form or admin). Side effect: its products' public listing rows follow
    its name and province."""
    producer.full_clean()
    producer.save()
    listing.refresh_producers([producer.pk])
    return producer


@transaction.atomic
def save_product(*, product: Product) -> Product:
    """Stores a new or edited product (form or admin). Side effect: its public listing row, if any, follows."""
    product.full_clean()
    product.save()
    listing.refresh([product.pk])
    return product


@transaction.atomic
def delete_product(*, product: Product) -> None:
    """Deletes a product with its photos (and thumbnails) and its documents' files.

    A product that was nominated or holds a certificate stays: those records are the rounds' and the register's
    history (protected foreign keys). Checked before any file is removed, so a refused deletion loses no photo.
    """
    try:
        Collector(using=router.db_for_write(Product)).collect([product])
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(_("Không thể xoá sản phẩm này: sản phẩm đã được đề cử hoặc đã có giấy chứng nhận, "
                                "nên hồ sơ được giữ lại.")) from error
    for photo in list(product.photos.all()):
        uploads.delete_photo(photo=photo)
    for document in list(product.documents.all()):
        uploads.delete_document(document=document)
    product.delete()


@transaction.atomic
def claim_producer(*, user: User, tax_code: str, message: str = "", producer_id: int | None = None) -> ProducerClaim:
    """Asks to manage an existing producer: the one with this tax code, or (`producer_id`) an unverified producer
    recorded from a published list, which has no tax code yet (`tax_code` is then the code the claimant gives).

    A claim by tax code is approved at once when nobody manages the producer yet and its e-mail is the claimant's
    own (the claimant has proved that address by confirming the account); otherwise, and always for an unverified
    producer, the claim waits for the secretariat, whose approval sets the code (`decide_claim`).
    """
    code = normalize_tax_code(tax_code)
    if producer_id is not None:
        producer = Producer.objects.select_for_update().filter(pk=producer_id, is_unverified=True).first()
        if producer is None:
            raise ValidationError(_("Không tìm thấy cơ sở chưa xác minh này; hãy nhận quản lý bằng mã số thuế."),
                                  code="producer_not_found")
        validate_tax_code(code)
        _ensure_tax_code_free(code, producer)
    else:
        producer = Producer.objects.select_for_update().filter(tax_code=code).first() if code else None
        if producer is None:
            raise ValidationError(
                _("Không tìm thấy cơ sở có mã số thuế %(code)s. Nếu cơ sở chưa có trên hệ thống, hãy tạo hồ sơ mới."),
                code="producer_not_found", params={"code": code},
            )
    if producer.users.filter(pk=user.pk).exists():
        raise ValidationError(_("Bạn đã là người quản lý cơ sở này."), code="already_manager")
    if ProducerClaim.objects.filter(producer=producer, user=user, status=enums.ClaimStatus.PENDING).exists():
        raise ValidationError(
            _("Bạn đã gửi yêu cầu nhận quản lý cơ sở này; yêu cầu đang chờ ban thư ký duyệt."),
            code="claim_pending",
        )
    auto = (not producer.is_unverified and not producer.users.exists() and bool(producer.email)
            and producer.email.lower() == user.email.lower())
    claim = ProducerClaim.objects.create(producer=producer, user=user, message=message,
                                         tax_code=code if producer.is_unverified else "")
    if auto:
        claim.status = enums.ClaimStatus.APPROVED
        claim.decided_at = timezone.now()
        claim.save(update_fields=["status", "decided_at"])
        producer.users.add(user)
    return claim


def _ensure_tax_code_free(code: str, producer: Producer) -> None:
    if Producer.objects.filter(tax_code=code).exclude(pk=producer.pk).exists():
        raise ValidationError(
            _("Mã số thuế %(code)s đã thuộc một cơ sở khác trên hệ thống; hãy nhận quản lý cơ sở đó bằng mã số thuế."),
            code="duplicate_tax_code", params={"code": code},
        )


@transaction.atomic
def decide_claim(*, claim: ProducerClaim, approve: bool, by: User) -> ProducerClaim:
    """Approves or rejects a pending claim. On approval the claimant becomes a manager of the producer; an
    unverified producer gets the tax code the claim gives (checked again: still free) and is verified from then on
    (its public pages no longer say "chưa xác minh"; its manager completes the profile).

    E-mails the claimant the decision (inside the transaction: a failed send stores no decision).
    """
    claim = ProducerClaim.objects.select_for_update().select_related("producer", "user").get(pk=claim.pk)
    if claim.status != enums.ClaimStatus.PENDING:
        raise ValidationError(_("Yêu cầu này đã được xử lý trước đó."), code="claim_decided")
    producer = Producer.objects.select_for_update().get(pk=claim.producer_id)
    if approve and claim.tax_code:
        if not producer.is_unverified and producer.tax_code != claim.tax_code:
            raise ValidationError(_("Cơ sở đã được xác minh với mã số thuế khác; không duyệt được yêu cầu này."),
                                  code="claim_other_tax_code")
        if producer.is_unverified:
            _ensure_tax_code_free(claim.tax_code, producer)
            producer.tax_code, producer.is_unverified = claim.tax_code, False
            producer.save(update_fields=["tax_code", "is_unverified", "updated_at"])
            listing.refresh_producers([producer.pk])
    claim.status = enums.ClaimStatus.APPROVED if approve else enums.ClaimStatus.REJECTED
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        producer.users.add(claim.user)
    _send(to=claim.user.email, template="claim_decided", context={
        "claim": claim, "approved": approve, "dashboard_url": settings.SITE_URL + reverse("catalog:dashboard"),
    })
    return claim


# --- Photos ------------------------------------------------------------------------------------------------

# A nomination dossier needs these three views of the product (Phụ lục 2: front, side, top).
REQUIRED_PHOTO_ROLES = (enums.PhotoRole.FRONT, enums.PhotoRole.SIDE, enums.PhotoRole.TOP)


def missing_photo_roles(photos) -> list[enums.PhotoRole]:
    """Required roles absent from the given photos (pass the prefetched list to avoid a query)."""
    present = {photo.role for photo in photos}
    return [role for role in REQUIRED_PHOTO_ROLES if role not in present]
