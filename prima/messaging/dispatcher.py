"""Every message received — through a provider's webhook or the simulated phone page — goes
through `receive`: it is recorded once, limited per number, and answered.

In order: a replay (a provider message id seen before) is ignored; STOP is always honoured;
a blocked number is recorded and not answered; past the per-number limits a message is
recorded, not processed, and one "too many messages" reply goes per hour; then the global
keywords —

- STOP / BERHENTI: no more messages (recorded); only the confirmation is sent;
- MULAI / DAFTAR: messages again (recorded);
- BATAL: ends the open conversation;
- BANTUAN / MENU / HELP: the list of commands;
- STATUS <number> <secret code> (or the tracking code, or the number alone from the phone
  that filed it): the complaint's status;

— then the open conversation, if any (one that has timed out is ended, the citizen told), then
a flow named by the first word (prima.messaging.flows). Anything else is put in the staff's
review queue and answered with the list of commands. Replies are in the site's language
(settings.LANGUAGE_CODE, Bahasa Indonesia).
"""

from __future__ import annotations

import datetime as dt
import logging
import string

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prima.complaints import access as complaints_access
from prima.complaints import tokens
from prima.complaints.models import Complaint
from prima.lib import ratelimit
from prima.lib.http import absolute_url
from prima.messaging import flows, numbers, outbox
from prima.messaging.models import TEXT_LIMIT, ComplaintContact, Contact, Conversation, Inbound

log = logging.getLogger(__name__)

STOP = {"STOP", "BERHENTI", "UNSUBSCRIBE"}
START = {"MULAI", "DAFTAR", "START"}
CANCEL = {"BATAL", "CANCEL"}
HELP = {"BANTUAN", "MENU", "HELP", "INFO"}
STATUS = {"STATUS", "CEK", "LACAK"}

# A provider retries a message for at most a week (Meta: 7 days); a message older than this,
# signed or not, is a replay — its id may have been purged by then (purge_messages keeps
# records longer than this, always).
REPLAY_HORIZON = dt.timedelta(days=7)

# STATUS tries per number, on top of the tracking page's limit per report number (ADR 0015).
STATUS_LIMIT, STATUS_WINDOW = 10, 3600


def receive(
    *,
    channel: str,
    number: str,
    text: str,
    provider_id: str,
    at: dt.datetime | None = None,
    kind: str = "text",
) -> Inbound | None:
    """Record and answer one message; None when it was a replay (an id seen before, or sent
    longer ago than REPLAY_HORIZON) or came from no phone number (nothing is done)."""
    e164 = numbers.normalise(number)
    if e164 is None or not provider_id:
        log.warning("message without a usable number or id", extra={"channel": channel})
        return None
    now = timezone.now()
    if at is not None and now - at > REPLAY_HORIZON:
        log.warning("message older than the replay horizon", extra={"channel": channel})
        return None
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        contact, _created = Contact.objects.get_or_create(channel=channel, number=e164)
        if Inbound.objects.filter(channel=channel, provider_id=provider_id).exists():
            return None
        inbound = Inbound(
            channel=channel,
            provider_id=provider_id[:128],
            contact=contact,
            text=text.strip()[:TEXT_LIMIT],
            received_at=at or now,
            outcome=Inbound.Outcome.HANDLED,
        )
        try:
            with transaction.atomic():
                inbound.save()
        except IntegrityError:  # the same delivery at the same moment: the other one won
            return None
        # WhatsApp's 24-hour window opens with every message the citizen sends.
        Contact.objects.filter(pk=contact.pk).update(last_inbound_at=now)
        contact.last_inbound_at = now
        _handle(contact, inbound, kind, now)
        inbound.save()
    return inbound


def _handle(contact: Contact, inbound: Inbound, kind: str, now: dt.datetime) -> None:
    key = f"{contact.channel}:{contact.number}"
    text = inbound.text
    words = text.split()
    first = words[0].strip(string.punctuation).upper() if words else ""
    if first in STOP:  # always honoured: before blocks and limits (UU PDP: consent withdrawn)
        _stop(contact, now)
        return
    if contact.is_blocked(now):
        inbound.outcome = Inbound.Outcome.BLOCKED
        return
    if ratelimit.hit(
        "messaging-minute", key, limit=settings.PRIMA_MESSAGING_RATE_PER_MINUTE, window=60
    ) or ratelimit.hit(
        "messaging-day", key, limit=settings.PRIMA_MESSAGING_RATE_PER_DAY, window=86400
    ):
        inbound.outcome = Inbound.Outcome.RATE_LIMITED
        if not ratelimit.hit("messaging-slow-down", key, limit=1, window=3600):
            outbox.send(
                contact,
                _("Too many messages from this number. Please wait a while before sending again."),
            )
        return
    if contact.opted_out and first not in START:
        inbound.outcome = Inbound.Outcome.OPTED_OUT  # recorded, nothing sent
        return
    if kind != "text" or not words:
        inbound.outcome = Inbound.Outcome.IGNORED
        outbox.send(contact, _("Only text messages can be read. Send BANTUAN for the menu."))
        return
    rest = " ".join(words[1:])
    if first in START:
        contact.opted_in_at = now
        contact.save(update_fields=["opted_in_at"])
        outbox.send(contact, _("You will receive messages from Prima again.") + "\n\n" + menu())
        return
    if first in CANCEL:
        ended = _end_open(contact, now, outcome="cancelled")
        outbox.send(contact, _("Cancelled.") if ended else _("There is nothing to cancel."))
        return
    if first in HELP:
        outbox.send(contact, menu())
        return
    if first in STATUS:
        outbox.send(contact, status_reply(contact, rest))
        return
    conversation = Conversation.objects.filter(contact=contact, ended_at__isnull=True).first()
    if conversation is not None:
        flow = flows.REGISTRY.get(conversation.flow)
        if flow is not None and not _expired(conversation, flow, now):
            inbound.flow = flow.name
            turn = flows.Turn(contact=contact, inbound=inbound, text=text, rest=text, at=now)
            _apply(contact, inbound, flow, conversation, flow.step(turn, conversation.state), now)
            return
        conversation.ended_at, conversation.outcome = now, "expired"
        conversation.save(update_fields=["ended_at", "outcome"])
        if flow is not None and flow.expired is not None:
            notice = flow.expired(conversation.state)
        else:
            notice = _("Your conversation timed out after a while without messages.")
        if flows.by_keyword(first) is None:
            outbox.send(contact, notice + " " + _("Please start again. Send BANTUAN for the menu."))
            return
        outbox.send(contact, notice)
    flow = flows.by_keyword(first)
    if flow is not None:
        inbound.flow = flow.name
        turn = flows.Turn(contact=contact, inbound=inbound, text=text, rest=rest, at=now)
        _apply(contact, inbound, flow, None, flow.start(turn), now)
        return
    inbound.outcome = Inbound.Outcome.REVIEW
    outbox.send(
        contact,
        _("Sorry, this message was not understood. An officer will read it.") + "\n\n" + menu(),
    )


def _expired(conversation: Conversation, flow: flows.Flow, now: dt.datetime) -> bool:
    timeout = flow.timeout or dt.timedelta(minutes=settings.PRIMA_MESSAGING_CONVERSATION_MINUTES)
    return now - conversation.last_activity_at > timeout


def _apply(
    contact: Contact,
    inbound: Inbound,
    flow: flows.Flow,
    conversation: Conversation | None,
    step: flows.Step,
    now: dt.datetime,
) -> None:
    inbound.outcome = step.outcome
    if step.state is None:
        if conversation is not None:
            conversation.ended_at, conversation.outcome = now, step.ended
            conversation.last_activity_at = now
            conversation.save()
    elif conversation is None:
        Conversation.objects.create(
            contact=contact, flow=flow.name, state=step.state, started_at=now, last_activity_at=now
        )
    else:
        conversation.state, conversation.last_activity_at = step.state, now
        conversation.save(update_fields=["state", "last_activity_at"])
    if step.reply:
        outbox.send(contact, step.reply, purpose=step.purpose, hidden=step.hidden)


def _end_open(contact: Contact, now: dt.datetime, *, outcome: str) -> bool:
    return bool(
        Conversation.objects.filter(contact=contact, ended_at__isnull=True).update(
            ended_at=now, outcome=outcome
        )
    )


def _stop(contact: Contact, now: dt.datetime) -> None:
    _end_open(contact, now, outcome="stopped")
    contact.opted_out_at = now
    contact.save(update_fields=["opted_out_at"])
    outbox.send(
        contact,
        _("You will receive no more messages from Prima. Send MULAI to receive them again."),
        even_opted_out=True,
    )


def menu() -> str:
    """The list of commands (BANTUAN)."""
    lines = [_("Prima: complaints and service quality by message.")]
    lines += [flow.help() for flow in flows.REGISTRY.values() if flow.help is not None]
    lines += [
        _("STATUS <report number> <secret code>: the status of your report"),
        _("BATAL: cancel the conversation"),
        _("STOP: no more messages; MULAI: messages again"),
    ]
    return "\n".join(lines)


def track_url() -> str:
    return absolute_url(reverse("complaints:track"))


def status_reply(contact: Contact, rest: str) -> str:
    """The status of a complaint, by message: its number and stage only — never its text or
    answer, which the tracking page shows to whoever has the codes. The number alone works
    from the phone that filed it; otherwise the number and the secret code, or the tracking
    code, as on the tracking page (with its limits on guessing)."""
    key = f"{contact.channel}:{contact.number}"
    if ratelimit.hit("messaging-status", key, limit=STATUS_LIMIT, window=STATUS_WINDOW):
        return _("Too many status requests. Please try again in an hour.")
    words = rest.split()
    how = _(
        "Send STATUS followed by the report number and the secret code, for example: "
        "STATUS PRM-2607-000123 K7QM-R2XD."
    )
    if not words:
        return how
    complaint: Complaint | None = None
    number = tokens.normalise_number(words[0])
    if number is None and len(tokens.normalise("".join(words))) >= 20:
        complaint = complaints_access.find_by_code("".join(words))
    elif number is not None:
        own = ComplaintContact.objects.filter(complaint__public_id=number, contact=contact)
        if len(words) == 1 and own.exists():
            complaint = Complaint.objects.get(public_id=number)
        elif len(words) > 1:
            if ratelimit.hit(
                "complaint-track-number", number, limit=10, window=3600
            ):  # the tracking page's own budget for this report (ADR 0015)
                return _("Too many tries for this report. Please try again in an hour.")
            complaint, _result = complaints_access.find_by_number(number, "".join(words[1:]))
    if complaint is None:
        return _("No report was found with what you sent.") + " " + how
    return _status_line(complaint)


def _status_line(complaint: Complaint) -> str:
    return _("Report %(number)s: %(status)s. Details: %(url)s") % {
        "number": complaint.public_id,
        "status": complaint.get_status_display(),
        "url": track_url(),
    }
