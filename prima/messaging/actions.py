"""Writes of the messaging app that have consequences beyond a message: filing a complaint
from a message (the citizen's own, or a reviewer's from the review queue), and the review
queue's decisions. The dispatcher (prima.messaging.dispatcher) records what comes in.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prima.complaints import actions as complaints_actions
from prima.messaging import outbox
from prima.messaging.models import (
    ComplaintContact,
    Contact,
    Conversation,
    Inbound,
    Outbound,
    TicketInvitation,
)

if TYPE_CHECKING:
    from prima.accounts.models import User
    from prima.registry.models import ServiceUnit

TITLE_WORDS = 8


def title_of(text: str) -> str:
    """A complaint's title from the first words of the message."""
    words = text.split()
    title = " ".join(words[:TITLE_WORDS])
    if len(words) > TITLE_WORDS:
        title += " …"
    return title[:120]


def submission_of(inbound: Inbound) -> str:
    """The filing nonce of a message: one complaint per provider message, however often the
    provider delivers it (complaints.actions.file_complaint is idempotent on it)."""
    return f"messaging:{inbound.channel}:{inbound.provider_id}"


def filed_today(contact: Contact, now: dt.datetime) -> int:
    return ComplaintContact.objects.filter(
        contact=contact, created_at__gte=now - dt.timedelta(days=1)
    ).count()


def file_by_message(
    inbound: Inbound,
    *,
    unit: ServiceUnit,
    description: str,
    actor: User | None,
) -> complaints_actions.Filed:
    """File the complaint a message carries, to `unit`, and send its number and codes back
    to the number that sent it. The complaint gets no identity: the number stays in this app
    (`ComplaintContact`), to tell the citizen when the complaint moves. `actor` is the
    reviewer who filed it from the review queue, or None when the citizen's message filed it."""
    contact = inbound.contact
    with transaction.atomic():
        filed = complaints_actions.file_complaint(
            agency=unit.agency,
            unit=unit,
            title=title_of(description),
            description=description,
            channel=contact.channel,
            actor=actor,
            submission=submission_of(inbound),
        )
        ComplaintContact.objects.get_or_create(
            complaint=filed.complaint, defaults={"contact": contact}
        )
        if contact.opted_in_at is None:
            # Filing asks to hear about the report: that is the consent recorded.
            contact.opted_in_at = timezone.now()
            contact.save(update_fields=["opted_in_at"])
        inbound.complaint, inbound.unit = filed.complaint, unit
        if inbound.pk:
            inbound.save(update_fields=["complaint", "unit"])
        if not filed.resent:
            with translation.override(settings.LANGUAGE_CODE):
                outbox.send(
                    contact,
                    codes_message(filed),
                    purpose=Outbound.Purpose.CODES,
                    complaint_id=filed.complaint.pk,
                    hidden=(filed.tracking_code, filed.secret),
                )
    return filed


def codes_message(filed: complaints_actions.Filed) -> str:
    from prima.messaging.dispatcher import track_url

    number = filed.complaint.public_id
    return "\n".join(
        [
            _("Your report has been received: %(unit)s.") % {"unit": filed.complaint.unit},
            _("Report number: %(number)s") % {"number": number},
            _("Secret code: %(secret)s") % {"secret": filed.secret},
            _("Tracking code: %(code)s") % {"code": filed.tracking_code},
            _("Track it: %(url)s") % {"url": track_url()},
            _("Or send: STATUS %(number)s") % {"number": number},
            _("Do not share the codes: whoever has them can act on your report."),
        ]
    )


# --- the review queue -----------------------------------------------------------------------
def _decide(inbound: Inbound, decision: str, *, actor: User) -> None:
    if inbound.outcome != Inbound.Outcome.REVIEW or inbound.decision:
        raise ValidationError(_("This message has been reviewed already."))
    inbound.decision, inbound.decided_by, inbound.decided_at = decision, actor, timezone.now()
    inbound.save(update_fields=["decision", "decided_by", "decided_at"])


@transaction.atomic
def review_file(
    inbound: Inbound, *, actor: User, unit: ServiceUnit, description: str
) -> complaints_actions.Filed:
    """A reviewer files a message of the queue as a complaint to `unit`."""
    inbound = Inbound.objects.select_for_update().select_related("contact").get(pk=inbound.pk)
    _decide(inbound, Inbound.Decision.FILED, actor=actor)
    return file_by_message(inbound, unit=unit, description=description, actor=actor)


@transaction.atomic
def review_dismiss(inbound: Inbound, *, actor: User, prank: bool) -> Contact:
    """A reviewer dismisses a message; a prank counts against its number, and after
    PRIMA_MESSAGING_PRANKS_TO_BLOCK pranks in 30 days the number is blocked for
    PRIMA_MESSAGING_BLOCK_DAYS days (its messages recorded, not answered)."""
    inbound = Inbound.objects.select_for_update().select_related("contact").get(pk=inbound.pk)
    _decide(inbound, Inbound.Decision.PRANK if prank else Inbound.Decision.DISMISSED, actor=actor)
    contact = inbound.contact
    if prank:
        now = timezone.now()
        pranks = Inbound.objects.filter(
            contact=contact,
            decision=Inbound.Decision.PRANK,
            decided_at__gte=now - dt.timedelta(days=30),
        ).count()
        if pranks >= settings.PRIMA_MESSAGING_PRANKS_TO_BLOCK:
            contact.blocked_until = now + dt.timedelta(days=settings.PRIMA_MESSAGING_BLOCK_DAYS)
            contact.save(update_fields=["blocked_until"])
    return contact


# --- retention ------------------------------------------------------------------------------
def purge(*, days: int, dry_run: bool = False) -> dict[str, int]:
    """Delete the records older than `days` (docs/security.md, "What SMS and WhatsApp keep"):
    messages received (except those still waiting for a review decision) and sent, ended
    conversations, then the numbers left with nothing — no message, no complaint to tell
    about, no block still running. The complaints filed keep their own text. Run from a
    timer (`prima purge_messages`)."""
    now = timezone.now()
    before = now - dt.timedelta(days=days)
    inbound = Inbound.objects.filter(received_at__lt=before).exclude(
        outcome=Inbound.Outcome.REVIEW, decision=""
    )
    outbound = Outbound.objects.filter(created_at__lt=before)
    conversations = Conversation.objects.filter(ended_at__lt=before)
    tickets = TicketInvitation.objects.filter(created_at__lt=before)
    with transaction.atomic():
        counts = {
            "messages received": inbound.count(),
            "messages sent": outbound.count(),
            "conversations": conversations.count(),
            "queue tickets": tickets.count(),
        }
        if not dry_run:
            inbound.delete()
            outbound.delete()
            conversations.delete()
            tickets.delete()
        idle = (
            Contact.objects.filter(inbound=None, outbound=None, complaints=None, conversations=None)
            .exclude(blocked_until__gt=now)
            .filter(created_at__lt=before)
        )
        counts["numbers"] = idle.count()
        if not dry_run:
            idle.delete()
    return counts
