"""E-mail rendered from templates, the one rule for who hears about a producer, and the outbox.

Every message is a pair of templates, `<name>_subject.txt` (one line; line breaks are dropped) and
`<name>_body.txt`, rendered with `site_url` in the context so links in e-mails are absolute.

Nothing is sent inside a request or a transaction: `send_templated` and `send_many` write `OutboxMessage` rows
in the caller's transaction (so the message exists exactly when the change it reports does) and, after commit,
a task (catalog.tasks.deliver_mail) sends them. A send that fails leaves the row pending with a later
`next_try_at` (backoff, catalog.jobs.backoff); the task queue, or `manage.py jobs --resume` from cron, tries
again, and after MAIL_MAX_ATTEMPTS the row is marked failed with the server's answer.
"""

import functools
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .enums import OutboxState
from .models import OutboxMessage

logger = logging.getLogger(__name__)


def producer_recipients(producer) -> list[str]:
    """Who hears about a producer's dossiers and results: its active accounts; with none, its own e-mail.

    A producer imported by the secretariat may have no account yet: the address in its record still gets
    the news, so nobody misses a result or a returned dossier for want of an account.
    """
    emails = sorted(producer.users.filter(is_active=True).values_list("email", flat=True))
    return emails or ([producer.email] if producer.email else [])


def render_message(template: str, context: dict, to: Iterable[str]) -> EmailMessage:
    context = {"site_url": settings.SITE_URL, **context}
    subject = "".join(render_to_string(f"{template}_subject.txt", context).splitlines())
    body = render_to_string(f"{template}_body.txt", context)
    return EmailMessage(subject, body, None, list(to))


def send_templated(template: str, context: dict, to: Iterable[str]) -> int:
    """Render one message into the outbox; nothing is queued (0) when there is no recipient."""
    to = list(to)
    if not to:
        return 0
    return queue([render_message(template, context, to)])


def send_many(messages: list[EmailMessage]) -> int:
    """Several messages (a publication notifies every participant at once), delivered over one connection."""
    return queue(messages)


def queue(messages: list[EmailMessage]) -> int:
    """Store the messages in the current transaction; deliver them after it commits. Returns how many."""
    messages = [message for message in messages if message.to]
    if not messages:
        return 0
    rows = OutboxMessage.objects.bulk_create(
        [OutboxMessage(to=list(message.to), subject=message.subject[:255], body=message.body) for message in messages])
    ids = [row.pk for row in rows]
    transaction.on_commit(functools.partial(_enqueue_delivery, ids))
    return len(rows)


def _enqueue_delivery(ids: list[int], run_after=None) -> None:
    from .jobs import supports_defer
    from .tasks import deliver_mail

    task = deliver_mail.using(run_after=run_after) if run_after and supports_defer() else deliver_mail
    try:
        task.enqueue(ids)
    except Exception:  # noqa: BLE001 — the rows are stored; `jobs --resume` delivers them later
        logger.exception("could not enqueue delivery of outbox messages %s", ids)


def deliver(ids: list[int] | None = None) -> int:
    """Send the due pending messages (those named, or all). Each is claimed before sending, so two workers
    never send the same message twice. Failures are kept for a later try. Returns the number sent."""
    now = timezone.now()
    due = OutboxMessage.objects.filter(state=OutboxState.PENDING, next_try_at__lte=now).order_by("pk")
    if ids is not None:
        due = due.filter(pk__in=ids)
    sent, retry_at = 0, None
    connection = get_connection()
    try:
        connection.open()
    except Exception:  # noqa: BLE001 — the server is down: each send below fails and is recorded for retry
        logger.warning("mail server unreachable", exc_info=True)
    try:
        for row in due:
            from .jobs import backoff

            lease = now + backoff(row.attempts + 1)
            claimed = OutboxMessage.objects.filter(pk=row.pk, state=OutboxState.PENDING,
                                                   attempts=row.attempts).update(attempts=F("attempts") + 1,
                                                                                 next_try_at=lease)
            if not claimed:
                continue
            row.attempts += 1
            try:
                EmailMessage(row.subject, row.body, None, row.to, connection=connection).send()
            except Exception as exc:  # noqa: BLE001 — any refusal of the mail server is recorded and retried
                logger.warning("e-mail %s failed on try %s", row.pk, row.attempts, exc_info=exc)
                final = row.attempts >= settings.MAIL_MAX_ATTEMPTS
                OutboxMessage.objects.filter(pk=row.pk).update(
                    state=OutboxState.FAILED if final else OutboxState.PENDING, error=f"{type(exc).__name__}: {exc}")
                if not final:
                    retry_at = min(retry_at or lease, lease)
                continue
            OutboxMessage.objects.filter(pk=row.pk).update(state=OutboxState.SENT, sent_at=timezone.now(), error="")
            sent += 1
    finally:
        connection.close()
    if retry_at is not None:
        from .jobs import supports_defer

        if supports_defer():  # a real queue waits and tries again; the immediate backend leaves it to cron
            _enqueue_delivery(None if ids is None else ids, retry_at)
    return sent
