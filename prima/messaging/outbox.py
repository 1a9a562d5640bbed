"""Sending: every message Prima sends by SMS or WhatsApp goes through `send`, which records
it (`Outbound`, queued) and hands it to the channel's adapter once the transaction commits —
a reply is never sent for something that was rolled back. A provider's failure or time-out is
recorded on the message (failed, with the reason); it never reaches the citizen's webhook
call as an error.

Codes a message carries (a tracking code, a secret code) are sent but not stored: the stored
text has them blanked, as the web form's confirmation page stores none (ADR 0015). On the
demo's console adapter the full text is kept for an hour in the cache, for the simulated
phone page to show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

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
    outbound = Outbound.objects.create(
        contact=contact,
        text=_blanked(text, secret),
        template=template,
        params=[_blanked(p, secret) for p in real],
        purpose=purpose,
        complaint_id=complaint_id,
        adapter=adapter_name(contact.channel),
    )
    after_commit(partial(deliver, outbound.pk, text, real))
    return outbound


def _blanked(text: str, secret: Iterable[str]) -> str:
    for part in secret:
        text = text.replace(part, HIDDEN)
    return text


def deliver(pk: int, text: str, params: list[str] | None = None) -> None:
    """Hand one queued message to its adapter and record what happened."""
    outbound = Outbound.objects.select_related("contact").get(pk=pk)
    adapter = adapter_for(outbound.contact.channel)
    number = outbound.contact.number
    try:
        if outbound.template:
            provider_id = adapter.send_template(
                number,
                outbound.template,
                params if params is not None else [str(p) for p in outbound.params],
                settings.PRIMA_WHATSAPP_TEMPLATE_LANGUAGE,
            )
        else:
            provider_id = adapter.send_text(number, text)
    except SendError as error:
        outbound.status, outbound.error = Outbound.Status.FAILED, str(error)[:300]
    except Exception as error:  # a bug in an adapter must not turn a webhook into a 500
        log.exception("message adapter failed", extra={"outbound": pk})
        outbound.status, outbound.error = Outbound.Status.FAILED, type(error).__name__
    else:
        outbound.status, outbound.provider_id = Outbound.Status.SENT, provider_id
        outbound.sent_at = timezone.now()
        if adapter.name == "console":
            cache.set(CONSOLE_KEY.format(pk=pk), text, CONSOLE_SECONDS)
    outbound.save(update_fields=["status", "error", "provider_id", "sent_at"])


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
