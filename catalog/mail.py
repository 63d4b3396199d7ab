"""E-mail rendered from templates, and the one rule for who hears about a producer.

Every message is a pair of templates, `<name>_subject.txt` (one line; line breaks are dropped) and
`<name>_body.txt`, rendered with `site_url` in the context so links in e-mails are absolute.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string


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
    """Render and send one message; nothing is sent (0) when there is no recipient."""
    to = list(to)
    if not to:
        return 0
    return render_message(template, context, to).send()


def send_many(messages: list[EmailMessage]) -> int:
    """Several messages over one connection (a publication notifies every participant at once)."""
    return get_connection().send_messages(messages) or 0
