"""The tamper-evident audit log: one append-only entry per change of a score, a sheet's state, a nomination's
state, a conflict, a results decision or a certificate, chained by SHA-256 to the entry before it.

Services call `record(...)` inside their own transaction (one line per change site). The chain head
(AuditHead, one row) is locked first, so concurrent writers append one after the other: on PostgreSQL with
SELECT ... FOR UPDATE, on SQLite because the IMMEDIATE transactions of config/settings.py already serialise
writers. `verify()` recomputes the chain and names the first broken link.
"""
import datetime
import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, AuditHead


def _plain(value) -> dict:
    """JSON-native form (Decimal and dates become strings) so the stored value hashes as it was hashed."""
    return json.loads(json.dumps(value or {}, cls=DjangoJSONEncoder))


# What each action means, as the secretariat's log page names it.
ACTION_LABELS = {
    "round.state": _("Chuyển trạng thái đợt"),
    "nomination.create": _("Tạo hồ sơ đề cử"),
    "nomination.state": _("Chuyển trạng thái hồ sơ"),
    "nomination.forward": _("Chuyển sản phẩm lên cấp trên"),
    "forwarding.decide": _("Cơ sở trả lời việc chuyển lên cấp trên"),
    "conflict.declare": _("Khai báo xung đột lợi ích"),
    "conflict.recuse": _("Rút khỏi chấm (xung đột lợi ích)"),
    "score.save": _("Lưu điểm"),
    "sheet.submit": _("Nộp phiếu chấm"),
    "sheet.reopen": _("Mở lại phiếu chấm"),
    "decision.entry": _("Sửa dòng quyết định"),
    "decision.state": _("Chuyển trạng thái quyết định"),
    "certificate.record": _("Ghi nhận giấy chứng nhận"),
    "certificate.issue": _("Cấp giấy chứng nhận"),
    "certificate.publish": _("Công bố giấy chứng nhận"),
    "certificate.revoke": _("Thu hồi giấy chứng nhận"),
    "complaint.file": _("Gửi khiếu nại"),
    "complaint.answer": _("Trả lời khiếu nại"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def entry_hash(*, seq: int, at, actor_id, round_id, object_type: str, object_id: str, action: str,
               before: dict, after: dict, prev_hash: str) -> str:
    """SHA-256 over the canonical serialisation (sorted keys, no spaces, UTF-8) of the entry and its predecessor's
    hash. The time is hashed in UTC with microseconds, as both databases store it."""
    content = {
        "seq": seq, "at": at.astimezone(datetime.UTC).isoformat(timespec="microseconds"), "actor": actor_id,
        "round": round_id, "type": object_type, "id": str(object_id), "action": action,
        "before": before, "after": after, "prev": prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # the migration creates it; a flushed test database may not have it
        AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


@transaction.atomic
def record(*, action: str, obj, by=None, before: dict | None = None, after: dict | None = None,
           round_id: int | None = None) -> AuditEntry:
    """Append one entry for `obj` (a model instance) changed by `by`, in the caller's transaction."""
    head = _head()
    fields = {
        "seq": head.seq + 1, "at": timezone.now(), "actor_id": getattr(by, "pk", None), "round_id": round_id,
        "object_type": obj._meta.label_lower, "object_id": str(obj.pk), "action": action,
        "before": _plain(before), "after": _plain(after), "prev_hash": head.hash,
    }
    entry = AuditEntry(**fields, hash=entry_hash(**fields))
    entry.save()
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    seq: int
    problem: str


def intact(entry: AuditEntry) -> bool:
    """Whether the entry's stored content still gives its stored hash (an edit made behind the application's
    back does not). The chain's links and order are checked by `verify`."""
    fields = {f: getattr(entry, f) for f in ("seq", "at", "actor_id", "round_id", "object_type", "object_id",
                                             "action", "before", "after", "prev_hash")}
    return entry_hash(**fields) == entry.hash


def verify() -> tuple[int, Break | None]:
    """Walk the chain in order; return (entries checked, first broken link or None)."""
    prev, expected_seq, checked = "", 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return checked, Break(entry.pk, entry.seq, f"entries {expected_seq}–{entry.seq - 1} are missing "
                                                       f"before this one")
        if entry.prev_hash != prev:
            return checked, Break(entry.pk, entry.seq, "previous-hash link does not match the entry before")
        if not intact(entry):
            return checked, Break(entry.pk, entry.seq, "content does not match its hash (a field was edited)")
        prev, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (expected_seq - 1, prev):
        return checked, Break(None, head.seq, f"the chain head expects entry {head.seq} but the log ends at "
                                              f"{expected_seq - 1} (last entries removed)")
    return checked, None
