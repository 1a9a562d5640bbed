"""Sending: every message Prima sends by SMS or WhatsApp goes through `send`, which records
it (`Outbound`) in the sender's transaction; nothing goes out for something rolled back.

- **Most messages go through the queue** (ADR 0020's machinery, prima.jobs.lines): the row is
  `queued` and, once the transaction commits, a django-tasks task (prima.messaging.tasks) takes
  it with one conditional UPDATE, hands it to the channel's adapter and records what happened.
  A provider's failure or time-out waits 1 and 5 minutes, …, 12 hours before the next try,
  then the message is `failed`; each attempt's error is kept and shown on /manage/jobs/. The
  webhook that caused a reply answers without waiting for the provider.
- **A message carrying codes** (a report's secret code, a one-time survey link: `hidden`)
  cannot be sent from the row, which keeps them blanked (ADR 0015): it is sent at once after
  the commit, once, by the process that wrote it, as the e-mail with a complainant's codes is
  (prima.jobs.outbox.send_now). Its row is `sending` until then, so no worker ever takes it;
  a failure is recorded on it and not retried (the citizen asks again with STATUS).

A provider's failure never reaches the citizen's webhook call as an error. On the demo's
console adapter the full text is kept for an hour in the cache, for the simulated phone page
to show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.jobs.lines import Line, Outcome, register
from prima.messaging.adapters import SendError, StatusReport, adapter_for, adapter_name
from prima.messaging.models import Contact, Outbound

log = logging.getLogger(__name__)

HIDDEN = "[…]"
CONSOLE_KEY = "prima-messaging-console:{pk}"
CONSOLE_SECONDS = 3600


def after_commit(callback: Callable[[], None]) -> None:
    transaction.on_commit(callback)


def send(
    contact: Contact,
    text: str,
    *,
    purpose: str = Outbound.Purpose.REPLY,
    complaint_id: int | None = None,
    template: str = "",
    params: Iterable[str] = (),
    hidden: Iterable[str] = (),
    even_opted_out: bool = False,
) -> Outbound | None:
    """Queue `text` (or, with `template`, an approved template and its parameters) to
    `contact`; None when the contact asked for no more messages (only the confirmation of
    that request goes, `even_opted_out`)."""
    if contact.opted_out and not even_opted_out:
        return None
    secret = [part for part in hidden if part]
    real = [str(p) for p in params]
    now = timezone.now()
    outbound = Outbound.objects.create(
        contact=contact,
        text=_blanked(text, secret),
        template=template,
        params=[_blanked(p, secret) for p in real],
        purpose=purpose,
        complaint_id=complaint_id,
        adapter=adapter_name(contact.channel),
        # With codes: held by this process (no lease, so the sweep never takes it either).
        status=Outbound.Status.SENDING if secret else Outbound.Status.QUEUED,
        attempts=1 if secret else 0,
        next_attempt_at=None if secret else now,
    )
    if secret:
        after_commit(partial(send_directly, outbound.pk, text, real))
    else:
        after_commit(partial(enqueue, outbound.pk))
    return outbound


def _blanked(text: str, secret: Iterable[str]) -> str:
    for part in secret:
        text = text.replace(part, HIDDEN)
    return text


def lease() -> timedelta:
    """How long a worker's claim holds: well over the adapters' time-out."""
    return timedelta(seconds=max(60, 6 * int(settings.PRIMA_MESSAGING_TIMEOUT_SECONDS)))


def enqueue(pk: int) -> None:
    from prima.messaging.tasks import send_message

    send_message.enqueue(pk)


def _hand_over(outbound: Outbound, text: str, params: list[str]) -> str:
    """Give one message to its channel's adapter; the provider's id, or SendError."""
    adapter = adapter_for(outbound.contact.channel)
    number = outbound.contact.number
    try:
        if outbound.template:
            provider_id = adapter.send_template(
                number, outbound.template, params, settings.PRIMA_WHATSAPP_TEMPLATE_LANGUAGE
            )
        else:
            provider_id = adapter.send_text(number, text)
    except SendError:
        raise
    except Exception as error:  # a bug in an adapter is recorded like a provider's failure
        log.exception("message adapter failed", extra={"outbound": outbound.pk})
        raise SendError(type(error).__name__) from error
    if adapter.name == "console":
        cache.set(CONSOLE_KEY.format(pk=outbound.pk), text, CONSOLE_SECONDS)
    return provider_id


def deliver(pk: int) -> Outcome:
    """A worker's attempt at the queued message `pk`: claim it, send it, record the outcome
    ("" when it was not ours: taken, sent, or not due)."""
    if not LINE.claim(pk, now=timezone.now()):
        return Outcome("")
    outbound = Outbound.objects.select_related("contact").get(pk=pk)
    try:
        provider_id = _hand_over(outbound, outbound.text, [str(p) for p in outbound.params])
    except SendError as error:
        reason = str(error)[:300]
        return LINE.record_failure(outbound, reason, now=timezone.now(), error=reason)
    LINE.finish(pk, provider_id=provider_id, sent_at=timezone.now(), error="")
    return Outcome(Outbound.Status.SENT)


def send_directly(pk: int, text: str, params: list[str] | None = None) -> None:
    """Send a message that carries codes, once, with its real text (the row has them
    blanked), and record what happened. Never retried: the codes are not kept anywhere."""
    outbound = Outbound.objects.select_related("contact").get(pk=pk)
    now = timezone.now()
    try:
        provider_id = _hand_over(outbound, text, params if params is not None else [])
    except SendError as error:
        reason = str(error)[:300]
        outbound.status, outbound.error = Outbound.Status.FAILED, reason
        outbound.errors = [{"at": now.isoformat(), "error": reason}]
    else:
        outbound.status, outbound.provider_id = Outbound.Status.SENT, provider_id
        outbound.sent_at = now
    outbound.save(update_fields=["status", "error", "errors", "provider_id", "sent_at"])


LINE = Line(
    name="message",
    label=_("SMS and WhatsApp messages"),
    model=Outbound,
    state_field="status",
    waiting=Outbound.Status.QUEUED,
    sending=Outbound.Status.SENDING,
    sent=Outbound.Status.SENT,
    failed=Outbound.Status.FAILED,
    lease=lease,
    enqueue=enqueue,
    template="messaging/jobs_section.html",
    page_rows=lambda: waiting_or_failed(),
)
PAGE_ROWS = 50


def register_line() -> None:
    """Hand the scheduler's sweep and the background jobs page this table (MessagingConfig)."""
    register(LINE)


def waiting_or_failed(limit: int = PAGE_ROWS) -> list[dict[str, Any]]:
    """For /manage/jobs/: messages not sent yet or failed, failures first, newest first;
    the number masked, the text never shown."""
    rank = Case(
        When(status=Outbound.Status.FAILED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    rows = (
        Outbound.objects.filter(
            status__in=[Outbound.Status.QUEUED, Outbound.Status.SENDING, Outbound.Status.FAILED]
        )
        .select_related("contact")
        .defer("text", "params")
        .order_by(rank, "-created_at", "-pk")[:limit]
    )
    return [{"message": row, "number": masked_number(row.contact.number)} for row in rows]


def masked_number(number: str) -> str:
    """+62812•••••90: the operator's prefix and the last two digits, not whose phone."""
    if len(number) < 8:
        return "•••"
    return f"{number[:6]}{'•' * (len(number) - 8)}{number[-2:]}"


# A status never goes back: a late "sent" after "delivered" changes nothing (providers do not
# promise the order of their callbacks).
_RANK: dict[str, int] = {
    Outbound.Status.QUEUED: 0,
    Outbound.Status.SENT: 1,
    Outbound.Status.DELIVERED: 2,
    Outbound.Status.READ: 3,
}


def record_status(channel: str, report: StatusReport) -> bool:
    """A delivery status from the provider; False when it names no message of ours."""
    outbound = Outbound.objects.filter(
        contact__channel=channel, provider_id=report.provider_id
    ).first()
    if outbound is None or report.status not in Outbound.Status.values:
        return False
    if report.status == Outbound.Status.FAILED:
        outbound.status, outbound.error = Outbound.Status.FAILED, report.error or "failed"
    elif outbound.status != Outbound.Status.FAILED and _RANK[report.status] > _RANK.get(
        outbound.status, 0
    ):
        outbound.status = report.status
        if report.status in (Outbound.Status.DELIVERED, Outbound.Status.READ):
            outbound.delivered_at = outbound.delivered_at or timezone.now()
    outbound.save(update_fields=["status", "error", "delivered_at"])
    return True


def shown_text(outbound: Outbound) -> str:
    """What the simulated phone shows of a message: the full text the console kept, else the
    stored one (codes blanked)."""
    kept = cache.get(CONSOLE_KEY.format(pk=outbound.pk))
    return str(kept) if kept is not None else outbound.text
