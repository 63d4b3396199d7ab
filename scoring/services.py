"""Writes for rounds, nominations and forwardings. Keyword-only, one transaction each; side effects listed."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import audit, mail
from catalog.models import Product

from . import enums, pii
from .dossier import freeze_dossier, missing_items
from .enums import ForwardingState, NominationState, RoundState
from .models import Forwarding, Nomination, NominationEvent, RoundEvent, SelectionRound
from .permissions import can_manage_round, ensure_manages_round, manages_producer
from .pii import get_field
from .queries import recognised_products
from .rules import entry_problems

# --- Rounds ------------------------------------------------------------------------------------------------


@transaction.atomic
def save_round(*, selection_round: SelectionRound, by) -> SelectionRound:
    """Create or edit a round within the account's scope. Only a draft round's settings may change."""
    ensure_manages_round(by, selection_round)
    if selection_round.pk and selection_round.state != RoundState.DRAFT:
        raise ValidationError(_("Chỉ sửa được đợt bình chọn đang soạn."))
    selection_round.full_clean()
    if not selection_round.pk:
        selection_round.created_by = by
    selection_round.save()
    return selection_round


@transaction.atomic
def set_round_state(*, round: SelectionRound, new_state: str, by, reason: str = "",
                    through_decision: bool = False) -> SelectionRound:
    """Move a round along ROUND_TRANSITIONS and record who moved it, when and why (a RoundEvent).

    Opening registration is refused once the closing date has passed, so dates and state agree. The moves of
    enums.MOVES_THROUGH_DECISION (results published, scoring reopened) are refused unless `through_decision`:
    only awards.services (publishing the decision, reopen_scoring) makes them.
    """
    selection_round = SelectionRound.objects.select_for_update().get(pk=round.pk)
    old = selection_round.state
    ensure_manages_round(by, selection_round)
    if new_state not in enums.ROUND_TRANSITIONS[old]:
        raise ValidationError(
            _("Không thể chuyển đợt bình chọn từ “%(old)s” sang “%(new)s”.")
            % {"old": RoundState(old).label, "new": RoundState(new_state).label}
        )
    if (old, new_state) in enums.MOVES_THROUGH_DECISION and not through_decision:
        if new_state == RoundState.RESULTS_PUBLISHED:
            raise ValidationError(_("Kết quả của đợt chỉ được công bố bằng việc công bố quyết định công nhận."))
        raise ValidationError(_("Mở lại việc chấm điểm phải qua thao tác “Mở lại chấm điểm” (có ghi lý do), "
                                "thao tác này cũng đưa quyết định công nhận về trạng thái đang soạn."))
    if new_state == RoundState.SCORING:
        from .rubric_services import round_rubric_problems  # rubric_services builds on this module

        problems = round_rubric_problems(selection_round)
        if problems:
            raise ValidationError(problems)
    if new_state == RoundState.REGISTRATION_OPEN:
        selection_round.full_clean()
        if timezone.localdate() > selection_round.registration_closes:
            raise ValidationError(_("Hạn nhận hồ sơ đã qua; hãy sửa lịch trước khi mở nhận hồ sơ."))
    selection_round.state = new_state
    selection_round.save(update_fields=["state"])
    RoundEvent.objects.create(round=selection_round, from_state=old, to_state=new_state, by=by, reason=reason)
    audit.record(action="round.state", obj=selection_round, by=by, round_id=selection_round.pk,
                 before={"state": old}, after={"state": new_state, "reason": reason})
    return selection_round


# --- Nominations -------------------------------------------------------------------------------------------


def _check_entry(selection_round: SelectionRound, product: Product) -> None:
    problems = entry_problems(selection_round, product)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def create_nomination(*, round: SelectionRound, product: Product, by, round_notes: str = "",
                      sample_delivery: str = "") -> Nomination:
    """A producer enters a product into a round: a draft nomination, plus its first history line.

    Refused outside the registration window, outside the round's scope or groups, without the lower-level
    certificate, or when the product is already in the round. `by` is one of the producer's accounts, or the
    round's secretariat entering products on their behalf (the nomination list import); the producer still
    completes and submits the dossier.
    """
    if not (manages_producer(by, product.producer) or can_manage_round(by, round)):
        raise ValidationError(_("Bạn không quản lý cơ sở sở hữu sản phẩm này."))
    if not round.is_registration_open(timezone.localdate()):
        raise ValidationError(_("Đợt bình chọn “%(round)s” không trong thời gian nhận hồ sơ.")
                              % {"round": round.title})
    _check_entry(round, product)
    if Nomination.objects.filter(round=round, product=product).exists():
        raise ValidationError(_("Sản phẩm “%(product)s” đã có hồ sơ trong đợt bình chọn này.")
                              % {"product": product.name})
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(round=round, product=product, created_by=by,
                                                   round_notes=round_notes, sample_delivery=sample_delivery)
    except IntegrityError as exc:  # a concurrent request won the race for the same product and round
        raise ValidationError(_("Sản phẩm “%(product)s” đã có hồ sơ trong đợt bình chọn này.")
                              % {"product": product.name}) from exc
    NominationEvent.objects.create(nomination=nomination, from_state="", to_state=nomination.state, by=by)
    audit.record(action="nomination.create", obj=nomination, by=by,
                 round_id=round.pk, after={"state": nomination.state, "product": product.pk})
    return nomination


@transaction.atomic
def update_nomination(*, nomination: Nomination, by, round_notes: str, sample_delivery: str) -> Nomination:
    """The producer edits the round-specific part of a draft or returned dossier."""
    if not manages_producer(by, nomination.product.producer):
        raise ValidationError(_("Bạn không quản lý cơ sở sở hữu sản phẩm này."))
    if not nomination.is_editable_by_producer:
        raise ValidationError(_("Hồ sơ đã nộp; chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung."))
    nomination.round_notes = round_notes
    nomination.sample_delivery = sample_delivery
    nomination.save(update_fields=["round_notes", "sample_delivery", "updated_at"])
    return nomination


def _check_actor(nomination: Nomination, new_state: str, by) -> None:
    if new_state in enums.PRODUCER_MOVES:
        if not manages_producer(by, nomination.product.producer):
            raise ValidationError(_("Chỉ cơ sở sở hữu sản phẩm mới được nộp hoặc rút hồ sơ."))
    elif not can_manage_round(by, nomination.round):
        raise ValidationError(_("Chỉ thư ký phụ trách đợt bình chọn mới được xử lý hồ sơ."))


def _check_move(nomination: Nomination, old: str, new_state: str, reason: str) -> None:
    selection_round = nomination.round
    if new_state in enums.MOVES_NEEDING_REASON and not reason.strip():
        raise ValidationError(_("Hãy ghi lý do để cơ sở biết cần làm gì."))
    if new_state == NominationState.SUBMITTED:
        if old == NominationState.DRAFT and not selection_round.is_registration_open(timezone.localdate()):
            raise ValidationError(_("Đợt bình chọn không trong thời gian nhận hồ sơ."))
        if old == NominationState.RETURNED and not selection_round.is_before_scoring:
            raise ValidationError(_("Đợt bình chọn đã bắt đầu chấm; không nộp lại được."))
        _check_entry(selection_round, nomination.product)
    if new_state in {NominationState.SUBMITTED, NominationState.ACCEPTED}:
        missing = missing_items(nomination)
        if missing:
            raise ValidationError(
                [_("Hồ sơ còn thiếu: %(item)s.") % {"item": item.label} for item in missing]
            )
    if new_state in {NominationState.ACCEPTED, NominationState.WITHDRAWN} and not selection_round.is_before_scoring:
        raise ValidationError(_("Đợt bình chọn đã bắt đầu chấm; không thay đổi được danh sách hồ sơ."))


@transaction.atomic
def set_nomination_state(*, nomination: Nomination, new_state: str, by, reason: str = "") -> Nomination:
    """Move a nomination along NOMINATION_TRANSITIONS: the producer submits and withdraws, the secretariat
    returns, accepts and rejects.

    Side effects: a NominationEvent (who, when, why); on acceptance the dossier is frozen (snapshot + copied
    files); after commit, an e-mail to every account of the producer.
    """
    nomination = Nomination.objects.select_for_update(of=("self",)).select_related(
        "round", "product__producer").get(pk=nomination.pk)
    old = nomination.state
    if new_state not in enums.NOMINATION_TRANSITIONS[old]:
        raise ValidationError(
            _("Không thể chuyển hồ sơ từ “%(old)s” sang “%(new)s”.")
            % {"old": NominationState(old).label, "new": NominationState(new_state).label}
        )
    _check_actor(nomination, new_state, by)
    _check_move(nomination, old, new_state, reason)
    nomination.state = new_state
    fields = ["state", "updated_at"]
    if new_state == NominationState.SUBMITTED:
        nomination.submitted_at = timezone.now()
        fields.append("submitted_at")
    nomination.save(update_fields=fields)
    event = NominationEvent.objects.create(nomination=nomination, from_state=old, to_state=new_state, by=by,
                                           reason=reason.strip())
    audit.record(action="nomination.state", obj=nomination, by=by,
                 round_id=nomination.round_id, before={"state": old},
                 after={"state": new_state, "reason": reason.strip()})
    if new_state == NominationState.ACCEPTED:
        freeze_dossier(nomination)
    transaction.on_commit(lambda: notify_producer(nomination=nomination, event=event))
    return nomination


PII_ACTIONS = ("redact", "dismiss")


@transaction.atomic
def resolve_pii_flag(*, nomination: Nomination, index: int, action: str, by, note: str = "") -> Nomination:
    """The secretariat resolves a flag of the frozen dossier (scoring.pii): "redact" cuts the marked places out of
    the jury's copy (the original text stays in the flag, for the secretariat only), "dismiss" says the text does
    not identify the producer. Until then a blind round's jury sees a placeholder instead of the field."""
    nomination = Nomination.objects.select_for_update(of=("self",)).select_related("round").get(pk=nomination.pk)
    ensure_manages_round(by, nomination.round)
    flags = (nomination.snapshot or {}).get("pii_flags") or []
    if action not in PII_ACTIONS:
        raise ValidationError(_("Thao tác không hợp lệ."))
    if not 0 <= index < len(flags):
        raise ValidationError(_("Không tìm thấy cảnh báo này."))
    flag = flags[index]
    if flag["state"] != "open":
        raise ValidationError(_("Cảnh báo này đã được xử lý."))
    if action == "dismiss" and not note.strip():
        raise ValidationError(_("Ghi lý do khi bỏ qua cảnh báo (vì sao nội dung không lộ danh tính cơ sở)."))
    if action == "redact":
        node, key = get_field(nomination.snapshot, flag["field"])
        flag["original"] = node[key]
        node[key] = pii.redact(node[key], flag["spans"])
    flag.update(state="redacted" if action == "redact" else "dismissed", note=note.strip(),
                resolved_by=getattr(by, "pk", None), resolved_by_name=str(by), resolved_at=timezone.now().isoformat())
    nomination.save(update_fields=["snapshot", "updated_at"])
    return nomination


def notify_producer(*, nomination: Nomination, event: NominationEvent) -> None:
    """E-mail the producer (catalog.mail.producer_recipients) about a state change, with the reason."""
    context = {"nomination": nomination, "event": event, "state_label": NominationState(event.to_state).label}
    recipients = mail.producer_recipients(nomination.product.producer)
    mail.send_templated("scoring/email/nomination_state", context, recipients)


@transaction.atomic
def accept_nominations(*, nominations: Iterable[Nomination], by) -> list[Nomination]:
    """Bulk acceptance: all or nothing, so a half-accepted batch never needs untangling."""
    accepted = []
    for nomination in nominations:
        try:
            accepted.append(set_nomination_state(nomination=nomination, new_state=NominationState.ACCEPTED, by=by))
        except ValidationError as exc:
            raise ValidationError(
                [f"{nomination.product.name}: {message}" for message in exc.messages]
            ) from exc
    return accepted


# --- Forwarding upward -------------------------------------------------------------------------------------


@transaction.atomic
def forward_products(*, from_round: SelectionRound, to_round: SelectionRound, products: Iterable[Product],
                     by) -> list[Forwarding]:
    """Propose recognised products of a round to the next level's open round.

    Side effects: one Forwarding per product; after commit, an e-mail asking the producer to confirm.
    """
    ensure_manages_round(by, from_round)
    if to_round.level != enums.NEXT_LEVEL.get(from_round.level):
        raise ValidationError(_("Chỉ chuyển lên đợt bình chọn của cấp liền trên."))
    if not to_round.is_registration_open(timezone.localdate()):
        raise ValidationError(_("Đợt bình chọn cấp trên không trong thời gian nhận hồ sơ."))
    recognised = {product.pk: product for product in recognised_products(from_round)}
    forwardings = []
    for product in products:
        if product.pk not in recognised:
            raise ValidationError(_("Sản phẩm “%(product)s” chưa được công nhận ở đợt này.")
                                  % {"product": product.name})
        problems = entry_problems(to_round, product)
        if problems:
            raise ValidationError([f"{product.name}: {problem}" for problem in problems])
        if Forwarding.objects.filter(to_round=to_round, product=product).exists():
            raise ValidationError(_("Sản phẩm “%(product)s” đã được chuyển lên đợt này.")
                                  % {"product": product.name})
        source = from_round.nominations.filter(product=product).first()
        forwarding = Forwarding.objects.create(from_round=from_round, to_round=to_round, product=product,
                                               source_nomination=source, created_by=by)
        audit.record(action="nomination.forward", obj=forwarding, by=by, round_id=from_round.pk,
                     after={"product": product.pk, "to_round": to_round.pk})
        forwardings.append(forwarding)
    for forwarding in forwardings:
        transaction.on_commit(lambda f=forwarding: notify_forwarding(forwarding=f))
    return forwardings


def notify_forwarding(*, forwarding: Forwarding) -> None:
    mail.send_templated("scoring/email/forwarding", {"forwarding": forwarding},
                        mail.producer_recipients(forwarding.product.producer))


@transaction.atomic
def decide_forwarding(*, forwarding: Forwarding, by, confirm: bool) -> Forwarding:
    """The producer confirms (a draft nomination in the upper round, carrying the round-specific notes of the
    lower one) or declines a forwarding."""
    forwarding = Forwarding.objects.select_for_update(of=("self",)).select_related(
        "to_round", "product__producer", "source_nomination").get(pk=forwarding.pk)
    if not manages_producer(by, forwarding.product.producer):
        raise ValidationError(_("Bạn không quản lý cơ sở sở hữu sản phẩm này."))
    if forwarding.state != ForwardingState.PROPOSED:
        raise ValidationError(_("Đề nghị chuyển lên này đã được trả lời."))
    if confirm:
        source = forwarding.source_nomination
        forwarding.nomination = create_nomination(
            round=forwarding.to_round, product=forwarding.product, by=by,
            round_notes=source.round_notes if source else "",
            sample_delivery=source.sample_delivery if source else "",
        )
    forwarding.state = ForwardingState.CONFIRMED if confirm else ForwardingState.DECLINED
    forwarding.decided_by = by
    forwarding.decided_at = timezone.now()
    forwarding.save(update_fields=["state", "nomination", "decided_by", "decided_at"])
    audit.record(action="forwarding.decide", obj=forwarding, by=by, round_id=forwarding.from_round_id,
                 before={"state": ForwardingState.PROPOSED}, after={"state": forwarding.state})
    return forwarding
