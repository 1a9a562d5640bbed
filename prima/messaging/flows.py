"""Guided conversations by message, and how a flow joins them.

The dispatcher (prima.messaging.dispatcher) hands a message to a flow in two ways: the first
word of a message names a flow's keyword (`ADUAN …` starts the complaint flow), or the contact
has an open conversation, whose flow gets every message until it ends, the citizen sends
BATAL, or it times out.

A flow registers itself, once, from an AppConfig.ready (this app's registers the complaint
flow in MessagingConfig.ready):

    from prima.messaging.flows import Flow, Step, Turn, register

    def start(turn: Turn) -> Step:          # the message that named the keyword
        return Step(_("Question 1 …"), state={"q": 1})   # state: the conversation goes on

    def step(turn: Turn, state: dict) -> Step:  # every later message while it is open
        return Step(_("Thank you."))          # state None: the conversation ends

    register(Flow(name="skm", keywords=("SKM", "SURVEI", "NILAI"), start=start, step=step,
                  expired=lambda state: _("The survey timed out.")))

`Turn` carries the contact, the message received and its words after the keyword. A `Step`
is the reply (sent in Indonesian: the dispatcher has the language switched on), the state to
keep (any JSON; None ends the conversation) and the message's outcome (`review` puts it in the
staff's review queue). A flow may send more than one message through prima.messaging.outbox.
Flows must be quick: everything runs inside the webhook's request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prima.messaging.models import Contact, Inbound


@dataclass(frozen=True)
class Turn:
    contact: Contact
    inbound: Inbound
    text: str  # the whole message
    rest: str  # after the keyword (start) or the whole message (step)
    at: dt.datetime


@dataclass
class Step:
    reply: str = ""
    state: dict[str, Any] | None = None  # None: the conversation ends
    outcome: str = Inbound.Outcome.HANDLED
    ended: str = "done"  # the conversation's outcome when it ends
    purpose: str = "reply"  # prima.messaging.models.Outbound.Purpose
    hidden: tuple[str, ...] = field(default_factory=tuple)  # sent, never stored (codes)


@dataclass(frozen=True)
class Flow:
    name: str
    keywords: tuple[str, ...]
    start: Callable[[Turn], Step]
    step: Callable[[Turn, dict[str, Any]], Step]
    # The message sent when the conversation timed out; the citizen then starts over.
    expired: Callable[[dict[str, Any]], str] | None = None
    timeout: dt.timedelta | None = None  # None: PRIMA_MESSAGING_CONVERSATION_MINUTES
    help: Callable[[], str] | None = None  # one line of the BANTUAN menu


REGISTRY: dict[str, Flow] = {}


def register(flow: Flow) -> None:
    """Add `flow`; a second registration of the same name replaces the first (reloads)."""
    taken = {k for f in REGISTRY.values() if f.name != flow.name for k in f.keywords}
    clash = taken & {k.upper() for k in flow.keywords}
    if clash:
        raise ValueError(f"keywords already taken: {sorted(clash)}")
    REGISTRY[flow.name] = Flow(
        name=flow.name,
        keywords=tuple(k.upper() for k in flow.keywords),
        start=flow.start,
        step=flow.step,
        expired=flow.expired,
        timeout=flow.timeout,
        help=flow.help,
    )


def by_keyword(word: str) -> Flow | None:
    word = word.upper()
    return next((f for f in REGISTRY.values() if word in f.keywords), None)
