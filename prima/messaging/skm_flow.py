"""The SKM by message (issue 25 §2): the satisfaction survey by SMS or WhatsApp, on the
surveys module's own conversation (prima.surveys.by_message) and links
(prima.surveys.invitations). This module only carries them over the channel:

- a citizen sends `SKM <unit code>` (or SURVEI / NILAI) and answers the nine questions by
  reply, 1–4; BATAL stops; 30 minutes without a reply end it (by_message.TIMEOUT);
- after a service, an officer sends the citizen one message (`invite_after_service`): a
  single-use link to the web questionnaire, or the first question to answer by reply. The
  officer ticks that the citizen agreed; the agreement is recorded on the contact (UU PDP), a
  number that sent STOP gets nothing, and one number gets at most
  PRIMA_MESSAGING_SURVEY_INVITES_PER_DAY invitations a day. By WhatsApp outside the 24-hour
  window the invitation is an approved template, as Meta requires:
  PRIMA_WHATSAPP_TEMPLATE_SURVEY (unit, link) or PRIMA_WHATSAPP_TEMPLATE_SURVEY_REPLY (unit;
  "reply YA to start").

The answers become a response on channel SMS or WhatsApp under the web form's protections
(by_message's docstring): the number is never stored with it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prima.lib import ratelimit
from prima.messaging import outbox
from prima.messaging.complaint_flow import find_unit
from prima.messaging.flows import Flow, Step, Turn, register
from prima.messaging.models import Contact, Conversation, Outbound, TicketInvitation
from prima.surveys import by_message
from prima.surveys.invitations import NoOpenPeriod, invite

if TYPE_CHECKING:
    from prima.accounts.models import User
    from prima.registry.models import Service, ServiceUnit

NAME = "skm"
KEYWORDS = ("SKM", "SURVEI", "NILAI")
MAX_TRIES = 3
YES = {"YA", "Y", "YES", "OK", "MULAI", "1"}


class InviteRefused(Exception):
    """The invitation cannot go to this number (it asked for no messages, or had its share
    today); the message says why, for the officer, and `reason` in a word, for the API."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


# --- the flow -------------------------------------------------------------------------------
def _begin(unit: ServiceUnit, service: Service | None, turn: Turn) -> Step:
    try:
        begun = by_message.begin(unit=unit, service=service, now=turn.at)
    except NoOpenPeriod:
        return Step(
            _("%(unit)s takes no survey answers today. Thank you.") % {"unit": unit.name},
            ended="closed",
        )
    return _carry(turn.contact, begun, key=f"{turn.contact.pk}:{turn.inbound.pk}")


def _carry(contact: Contact, step: by_message.Step, *, key: str) -> Step:
    """by_message's step as the channel's: every message but the last is sent at once, the
    last is the reply; the conversation keeps the survey's state and its key."""
    *first, last = step.replies or [""]
    for text in first:
        outbox.send(contact, text)
    if step.done:
        return Step(last, ended="stored" if step.response is not None else "cancelled")
    return Step(last, state={"survey": step.state, "key": key})


def _ask_unit(unknown: str = "") -> str:
    lines = []
    if unknown:
        lines.append(_("Prima does not know the unit code %(code)s.") % {"code": unknown[:30]})
    lines.append(
        _(
            "Send the code of the unit that served you, for example SKM 8104-DUKCAPIL. The "
            "code is on the unit's page in Prima and on its survey poster."
        )
    )
    return "\n".join(lines)


def start(turn: Turn) -> Step:
    words = turn.rest.split()
    if not words:
        return Step(_ask_unit(), state={"step": "unit", "tries": 0})
    unit = find_unit(words[0])
    if unit is None:
        return Step(_ask_unit(words[0]), state={"step": "unit", "tries": 1})
    turn.inbound.unit = unit
    return _begin(unit, None, turn)


def step(turn: Turn, state: dict[str, Any]) -> Step:
    if state.get("step") == "unit":  # asked for the unit's code
        words = turn.text.split()
        unit = find_unit(words[0]) if words else None
        if unit is None:
            tries = int(state.get("tries", 0)) + 1
            if tries > MAX_TRIES:
                return Step(_ask_unit(words[0] if words else ""), ended="no_unit")
            return Step(_ask_unit(words[0] if words else ""), state={**state, "tries": tries})
        turn.inbound.unit = unit
        return _begin(unit, None, turn)
    if state.get("step") == "invited":  # an officer's invitation, waiting for YA
        return _accepted(turn, state)
    survey = state.get("survey")
    if not isinstance(survey, dict):
        return Step(_("Sorry, this survey cannot continue. Thank you."), ended="broken")
    answered = by_message.reply(
        survey,
        turn.text,
        channel=turn.contact.channel,
        sender=turn.contact.number,
        key=str(state.get("key", "")),
        now=turn.at,
    )
    return _carry(turn.contact, answered, key=str(state.get("key", "")))


def _accepted(turn: Turn, state: dict[str, Any]) -> Step:
    from prima.registry.models import Service, ServiceUnit

    first = turn.text.split()[0].strip(".,!").upper() if turn.text.split() else ""
    if first not in YES:
        return Step(_("No survey then. Thank you."), ended="declined")
    unit_pk, service_pk = state.get("unit"), state.get("service")
    unit = (
        ServiceUnit.objects.select_related("region").filter(pk=unit_pk).first()
        if isinstance(unit_pk, int)
        else None
    )
    if unit is None:
        return Step(_("Sorry, this survey cannot continue. Thank you."), ended="broken")
    service = (
        Service.objects.filter(pk=service_pk, unit=unit).first()
        if isinstance(service_pk, int)
        else None
    )
    return _begin(unit, service, turn)


def expired(state: dict[str, Any]) -> str:
    return _("The survey ended after a while without a reply; your answers were not stored.")


def help_line() -> str:
    return _("SKM <unit code>: rate a service you received (9 questions, reply 1-4)")


def register_flow() -> None:
    register(
        Flow(
            name=NAME,
            keywords=KEYWORDS,
            start=start,
            step=step,
            expired=expired,
            timeout=by_message.TIMEOUT,
            help=help_line,
        )
    )


# --- an officer's invitation after a service ------------------------------------------------
def invite_after_service(
    *,
    unit: ServiceUnit,
    service: Service | None,
    channel: str,
    number: str,
    by_reply: bool,
    actor: User,
    now: dt.datetime | None = None,
) -> Outbound:
    """Send the citizen just served one message inviting them to the survey: a single-use
    link, or (`by_reply`) the first question — by WhatsApp outside the window, a template
    asking to reply YA. Raises NoOpenPeriod when the unit takes no answers today and
    InviteRefused when the number may not get one; `number` is already in E.164."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        contact, _created = Contact.objects.get_or_create(channel=channel, number=number)
        if contact.opted_out:
            raise InviteRefused(
                _("This number asked for no messages from Prima (STOP). Nothing was sent."),
                reason="opted_out",
            )
        if ratelimit.hit(
            "messaging-survey-invite",
            f"{channel}:{number}",
            limit=settings.PRIMA_MESSAGING_SURVEY_INVITES_PER_DAY,
            window=86400,
        ):
            raise InviteRefused(
                _("This number had its survey invitations for today. Nothing was sent."),
                reason="daily_limit",
            )
        contact.opted_in_at = now  # the officer ticked that the citizen agreed
        contact.save(update_fields=["opted_in_at"])
        name = unit.name if service is None else f"{service.name} — {unit.name}"
        if by_reply:
            return _invite_by_reply(contact, unit, service, name, now)
        _invitation, url = invite(unit=unit, service=service, channel=channel, actor=actor, now=now)
        text = _(
            "Thank you for using %(unit)s. Please rate our service (9 questions, no name asked): "
            "%(url)s — the link works once, for 7 days. Reply STOP for no more messages."
        ) % {"unit": name, "url": url}
        sent = _send(
            contact,
            text,
            template=settings.PRIMA_WHATSAPP_TEMPLATE_SURVEY,
            params=[name, url],
            now=now,
            hidden=(url,),
        )
    assert sent is not None  # not opted out: checked above
    return sent


def invite_for_ticket(
    *,
    unit: ServiceUnit,
    ticket: str,
    service: Service | None,
    channel: str,
    number: str,
    by_reply: bool,
    actor: User,
    now: dt.datetime | None = None,
) -> tuple[TicketInvitation, bool]:
    """The invitation after a queue ticket (a queue machine through the API): as
    `invite_after_service`, once per ticket and the unit's day. Returns the ticket's record
    and whether this call sent it; a ticket already served returns its first record and sends
    nothing, so a machine that sends its request again (a time-out, a retry) does no harm.
    A refusal (NoOpenPeriod, InviteRefused) records nothing: the ticket may be tried again."""
    now = now or timezone.now()
    day = timezone.localdate(now, unit.region.zoneinfo)
    served = TicketInvitation.objects.select_related("outbound")
    found = served.filter(unit=unit, day=day, ticket=ticket).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            record = TicketInvitation.objects.create(
                unit=unit, day=day, ticket=ticket, created_by=actor
            )
            record.outbound = invite_after_service(
                unit=unit,
                service=service,
                channel=channel,
                number=number,
                by_reply=by_reply,
                actor=actor,
                now=now,
            )
            record.save(update_fields=["outbound"])
    except IntegrityError:
        # The same ticket sent twice at once: the other request recorded and sent it.
        return served.get(unit=unit, day=day, ticket=ticket), False
    return record, True


def _invite_by_reply(
    contact: Contact, unit: ServiceUnit, service: Service | None, name: str, now: dt.datetime
) -> Outbound:
    if not _takes_answers(unit, service, now):
        raise NoOpenPeriod(unit.code)
    Conversation.objects.filter(contact=contact, ended_at__isnull=True).update(
        ended_at=now, outcome="replaced"
    )
    Conversation.objects.create(
        contact=contact,
        flow=NAME,
        state={
            "step": "invited",
            "unit": unit.pk,
            "service": service.pk if service else None,
        },
        started_at=now,
        last_activity_at=now,
    )
    text = _(
        "Thank you for using %(unit)s. Would you rate our service? 9 questions, reply 1-4, no "
        "name asked. Reply YA to start, or STOP for no more messages."
    ) % {"unit": name}
    sent = _send(
        contact,
        text,
        template=settings.PRIMA_WHATSAPP_TEMPLATE_SURVEY_REPLY,
        params=[name],
        now=now,
    )
    assert sent is not None
    return sent


def _takes_answers(unit: ServiceUnit, service: Service | None, now: dt.datetime) -> bool:
    from prima.surveys.submission import open_period_for

    return open_period_for(unit, service, now=now) is not None


def _send(
    contact: Contact,
    text: str,
    *,
    template: str,
    params: list[str],
    now: dt.datetime,
    hidden: tuple[str, ...] = (),
) -> Outbound | None:
    """Free text by SMS and inside WhatsApp's window; otherwise the approved `template`."""
    if contact.in_window(now):
        return outbox.send(contact, text, hidden=hidden)
    return outbox.send(contact, text, template=template, params=params, hidden=hidden)
