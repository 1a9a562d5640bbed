"""Reads for the staff pages of SMS and WhatsApp."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prima.messaging import outbox
from prima.messaging.models import Contact, Inbound, Outbound

THREAD_LENGTH = 40


@dataclass(frozen=True)
class Bubble:
    at: dt.datetime
    inbound: bool
    text: str
    note: str  # the outcome of a message received, the status of one sent


def thread(contact: Contact | None) -> list[Bubble]:
    """The last messages both ways with one contact, oldest first (newest last, as a phone
    shows them)."""
    if contact is None:
        return []
    received = [
        Bubble(m.received_at, True, m.text, m.get_outcome_display())
        for m in Inbound.objects.filter(contact=contact).order_by("-received_at", "-pk")[
            :THREAD_LENGTH
        ]
    ]
    sent = [
        Bubble(
            m.created_at,
            False,
            outbox.shown_text(m),
            f"{m.get_status_display()}{' · ' + m.template if m.template else ''}",
        )
        for m in Outbound.objects.filter(contact=contact).order_by("-created_at", "-pk")[
            :THREAD_LENGTH
        ]
    ]
    return sorted(received + sent, key=lambda b: (b.at, not b.inbound))[-THREAD_LENGTH:]


def earlier_from(item: Inbound) -> dict[str, int]:
    """What the reviewer should know of the sender: their messages and pranks so far."""
    mine = Inbound.objects.filter(contact_id=item.contact_id)
    return {
        "messages": mine.count(),
        "pranks": mine.filter(decision=Inbound.Decision.PRANK).count(),
        "complaints": mine.exclude(complaint=None).count(),
    }
