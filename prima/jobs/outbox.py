"""The e-mail backend Prima sends through (EMAIL_BACKEND): it records each message in the
outbox, in the sender's transaction, and hands its delivery to a task after the commit.

A request that is rolled back leaves no mail and enqueues nothing; a mail server that is down
loses nothing (the worker retries, then shows the failure to administrators). The real
transport is the one EMAIL_URL configures (settings.PRIMA_MAIL_DELIVERY_BACKEND).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from email.mime.base import MIMEBase
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.db import transaction
from django.utils import timezone

from prima.jobs.models import Mail

OUTBOX_BACKEND = "prima.jobs.outbox.OutboxBackend"


def _attachment(item: Any) -> list[str]:
    if isinstance(item, MIMEBase):
        raise ValueError("MIME attachments are not kept in the outbox; pass file content")
    filename, content, mimetype = item
    raw = content.encode() if isinstance(content, str) else bytes(content)
    return [filename or "", base64.b64encode(raw).decode("ascii"), mimetype or ""]


def record(message: EmailMessage) -> Mail:
    """Keep the message in the outbox (to be delivered after the current transaction)."""
    headers = dict(message.extra_headers)
    message_id = headers.pop("Message-ID", None) or make_msgid(domain="prima")
    return Mail.objects.create(
        message_id=message_id,
        subject=str(message.subject),
        body=str(message.body),
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        headers=headers,
        alternatives=[
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        attachments=[_attachment(item) for item in message.attachments],
        next_attempt_at=timezone.now(),
    )


def as_message(mail: Mail) -> EmailMultiAlternatives:
    """The outbox row as a message again, with the Message-ID it was given once (a receiving
    server or mail client that sees a message twice can tell it is the same one)."""
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.to,
        cc=mail.cc,
        bcc=mail.bcc,
        reply_to=mail.reply_to,
        headers={**mail.headers, "Message-ID": mail.message_id},
    )
    for content, mimetype in mail.alternatives:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in mail.attachments:
        message.attach(filename or None, base64.b64decode(content), mimetype or None)
    return message


def delivery_backend() -> str:
    """The transport that really delivers: EMAIL_URL's when Prima sends through the outbox,
    else whatever EMAIL_BACKEND is (the test runner replaces it with its own)."""
    if settings.EMAIL_BACKEND == OUTBOX_BACKEND:
        return str(settings.PRIMA_MAIL_DELIVERY_BACKEND)
    return str(settings.EMAIL_BACKEND)


def send_now(message: EmailMessage) -> int:
    """Deliver one message at once, bypassing the outbox: for what must never be stored (a
    complainant's codes, ADR 0015). Raises what the transport raises."""
    message.connection = get_connection(delivery_backend())
    return message.send()


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from prima.jobs.tasks import enqueue_mail

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            mail = record(message)
            transaction.on_commit(partial(enqueue_mail, mail.pk))
            count += 1
        return count
