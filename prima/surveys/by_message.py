"""The SKM by reply (issue 25): the nine elements of PermenPANRB 14/2017, asked one message at a
time by SMS or WhatsApp, answered with a number 1–4.

A pure state machine on a JSON-serialisable dict: prima.messaging keeps the conversation, its
state and the sending; this module decides what to say and, after the last reply, stores the
answers with `submission.submit_response` under the web form's protections:

- the submission key is derived from the conversation's key, so a replayed last message finds
  the stored response instead of adding one;
- the sender's number is the "device" of the per-device daily limit at the unit (a second
  answer from one number on one day is stored but flagged). The response keeps only a keyed
  digest of it (`submission.device_digest`), never the number;
- nine replies faster than MIN_SECONDS are flagged as too fast;
- a period closed during the conversation sends the answers to the period open now, or tells
  the citizen they could not be stored.

Messages keep to the GSM 7-bit alphabet and to two SMS (306 characters) each, so that an SMS
costs at most two segments; tests check every message in both languages.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prima.lib.http import absolute_url
from prima.surveys import questionnaire
from prima.surveys.invitations import NoOpenPeriod
from prima.surveys.models import SurveyPeriod, SurveyResponse
from prima.surveys.submission import PeriodClosed, open_period_for, submit_response

if TYPE_CHECKING:
    from prima.registry.models import Service, ServiceUnit

__all__ = ["MIN_SECONDS", "TIMEOUT", "NoOpenPeriod", "Step", "begin", "expired", "reply"]

TIMEOUT = dt.timedelta(minutes=30)  # without a reply, the conversation is over
MAX_WRONG = 3  # replies in a row that are not an answer before the survey stops
# Nine messages read and answered take a person well over half a minute (the web form's
# minimum is 10 seconds for a page read at once); a script replying at once is flagged.
MIN_SECONDS = 30
SUGGESTION_MAX = 2000  # as the web form (SurveyResponse.suggestion)
NAME_MAX = 60  # a unit's or service's name in a message, so that it stays within two SMS

CANCEL_WORDS = frozenset({"BATAL", "STOP", "BERHENTI", "CANCEL"})
SKIP_WORDS = frozenset({"0", "LEWATI", "SKIP", "TIDAK", "TIDAK ADA", "-"})
MESSAGE_CHANNELS = (SurveyResponse.Channel.SMS, SurveyResponse.Channel.WHATSAPP)

# How a conversation ended (state["outcome"]).
STORED, CANCELLED, WRONG, EXPIRED, CLOSED, BROKEN = (
    "stored",
    "cancelled",
    "wrong",
    "expired",
    "closed",
    "broken",
)

# One number 1–4, alone but for spaces and punctuation: "2", " 2 ", "2.", "(2)", "2️⃣".
_ANSWER = re.compile(r"^[\W_]*([1-4])[\W_]*$")


@dataclass(frozen=True)
class Step:
    """What to do after a message: keep `state` as is, send `replies` in order."""

    state: dict[str, Any]
    replies: list[str]
    done: bool  # the conversation is over (answers stored, or ended without them)
    cancelled: bool = False  # ended without storing answers (BATAL, time-out, closed, …)
    response: SurveyResponse | None = field(default=None, compare=False)


def begin(*, unit: ServiceUnit, service: Service | None, now: dt.datetime | None = None) -> Step:
    """Start the survey for a citizen just served by `unit` (for `service`): a short
    explanation, then question 1. Raises NoOpenPeriod when no period takes answers today."""
    from prima.surveys.queries import element_order

    now = now or timezone.now()
    period = open_period_for(unit, service, now=now)
    if period is None:
        raise NoOpenPeriod(unit.code)
    state: dict[str, Any] = {
        "v": 1,
        "unit": unit.pk,
        "service": service.pk if service else None,
        "period": period.pk,
        "order": list(element_order(unit)),
        "answers": {},
        "at": 0,  # the question asked: 0–8, then 9 for the suggestion
        "wrong": 0,  # replies in a row that were not an answer
        "started": now.isoformat(),
        "last": now.isoformat(),
        "lang": translation.get_language() or settings.LANGUAGE_CODE,
        "done": False,
        "outcome": "",
    }
    return Step(state, [_intro(unit, service), _question(state)], done=False)


def reply(
    state: dict[str, Any],
    text: str,
    *,
    channel: str,
    sender: str,
    key: str,
    now: dt.datetime | None = None,
) -> Step:
    """The citizen's reply `text` to the conversation in `state`. `channel` is
    SurveyResponse.Channel.SMS or WHATSAPP; `sender` the citizen's number (only its keyed
    digest is stored, for the daily limit); `key` identifies the conversation, from which the
    response's submission key is derived (a replayed last message stores nothing twice)."""
    if channel not in MESSAGE_CHANNELS:
        raise ValueError(f"not a message channel: {channel!r}")
    now = now or timezone.now()
    try:
        state = _checked(state)
    except (KeyError, TypeError, ValueError):
        return Step(
            {"done": True, "outcome": BROKEN},
            [_("Sorry, this survey cannot continue. Thank you.")],
            done=True,
            cancelled=True,
        )
    with translation.override(state["lang"]):
        return _reply(state, text or "", channel=channel, sender=sender, key=key, now=now)


def expired(state: dict[str, Any], now: dt.datetime | None = None) -> bool:
    """Whether TIMEOUT has passed since the conversation's last message (a state that cannot
    be read counts as expired)."""
    try:
        last = dt.datetime.fromisoformat(state["last"])
    except (KeyError, TypeError, ValueError):
        return True
    return (now or timezone.now()) - last > TIMEOUT


# --- the conversation -----------------------------------------------------------------------
def _reply(
    state: dict[str, Any], text: str, *, channel: str, sender: str, key: str, now: dt.datetime
) -> Step:
    if state["done"]:
        # A message after the end (a late or replayed one): nothing more to say.
        return Step(state, [], done=True, cancelled=state["outcome"] != STORED)
    if expired(state, now):
        minutes = int(TIMEOUT.total_seconds() // 60)
        return _end(
            state,
            EXPIRED,
            _(
                "The survey ended after %(minutes)s minutes without a reply; your answers were "
                "not stored. Thank you."
            )
            % {"minutes": minutes},
        )
    word = " ".join(re.sub(r"[^\w\s-]", " ", text).split()).upper()
    if word in CANCEL_WORDS:
        return _end(
            state, CANCELLED, _("The survey was stopped; your answers were not stored. Thank you.")
        )
    state["last"] = now.isoformat()
    order: list[str] = state["order"]
    if state["at"] < len(order):
        found = _ANSWER.match(text)
        if found is None:
            state["wrong"] += 1
            if state["wrong"] >= MAX_WRONG:
                return _end(
                    state,
                    WRONG,
                    _(
                        "Sorry, we could not read your replies, so the survey has stopped. "
                        "Thank you for your time."
                    ),
                )
            hint = _("Please reply with a number from 1 to 4, or BATAL to stop.")
            return Step(state, [f"{hint}\n{_question(state)}"], done=False)
        state["answers"][order[state["at"]]] = int(found.group(1))
        state["at"] += 1
        state["wrong"] = 0
        if state["at"] < len(order):
            return Step(state, [_question(state)], done=False)
        return Step(state, [_suggestion_prompt()], done=False)
    # The suggestion: any text with a letter in it; "0", a lone number or "lewati" skips it.
    if not text.strip():
        return Step(state, [_suggestion_prompt()], done=False)
    has_words = word not in SKIP_WORDS and any(c.isalpha() for c in text)
    suggestion = text.strip()[:SUGGESTION_MAX] if has_words else ""
    return _store(state, suggestion, channel=channel, sender=sender, key=key, now=now)


def _store(
    state: dict[str, Any],
    suggestion: str,
    *,
    channel: str,
    sender: str,
    key: str,
    now: dt.datetime,
) -> Step:
    from prima.registry.models import Service, ServiceUnit

    unit = ServiceUnit.objects.select_related("region").filter(pk=state["unit"]).first()
    if unit is None:
        return _end(state, BROKEN, _("Sorry, this survey cannot continue. Thank you."))
    service = Service.objects.filter(pk=state["service"]).first() if state["service"] else None
    seconds = max(0, int((now - dt.datetime.fromisoformat(state["started"])).total_seconds()))
    submission: dict[str, Any] = {
        "answers": dict(state["answers"]),
        "channel": channel,
        "submission_key": submission_key(state, key),
        "service": service,
        "suggestion": suggestion,
        "device": device_of(sender),
        "fill_seconds": seconds,
        "flags": [SurveyResponse.Flag.TOO_FAST] if seconds < MIN_SECONDS else [],
        "now": now,
    }
    period = (
        SurveyPeriod.objects.select_related("unit", "unit__region")
        .filter(pk=state["period"], unit=unit)
        .first()
    )
    try:
        if period is None:
            raise PeriodClosed(SurveyPeriod(pk=state["period"]))
        stored = submit_response(period, only_if_open=True, **submission)
    except PeriodClosed:
        # The period closed since the first question: the answers go to the period open now,
        # as the web form's do (the citizen answered about today's service).
        period = open_period_for(unit, service, now=now)
        if period is None:
            return _end(
                state,
                CLOSED,
                _(
                    "Sorry, the survey of %(unit)s has closed, so your answers could not be "
                    "stored. Thank you."
                )
                % {"unit": _short(unit.name)},
            )
        stored = submit_response(period, **submission)
    results = absolute_url(reverse("unit_ikm", args=[unit.code]))
    thanks = _("Thank you! Your answers were received. Results of %(unit)s: %(url)s") % {
        "unit": _short(unit.name),
        "url": results,
    }
    state.update(done=True, outcome=STORED)
    return Step(state, [thanks], done=True, response=stored.response)


def _end(state: dict[str, Any], outcome: str, message: str) -> Step:
    state.update(done=True, outcome=outcome)
    return Step(state, [message], done=True, cancelled=True)


# --- keys and digests -----------------------------------------------------------------------
def submission_key(state: dict[str, Any], key: str) -> str:
    """43 characters like a form token's nonce (tokens.new_nonce): the conversation's start in
    tenths of a second, then 32 characters of a digest of its key. The same conversation
    always gives the same key, so its answers are stored once."""
    started = dt.datetime.fromisoformat(state["started"])
    tenths = int(started.timestamp() * 10)
    digest = hashlib.sha256(f"prima.surveys.by_message:{key}".encode()).digest()
    return f"{tenths:011x}{base64.urlsafe_b64encode(digest).decode()[:32]}"


def device_of(sender: str) -> str:
    """What stands for the sender's phone in the per-device daily limit: its digits, in one
    form whether it came as 0812…, +62 812… or 62812… (SMS gateways and WhatsApp differ), so
    one number is one device across both channels. Hashed with a key before it is stored."""
    digits = re.sub(r"\D", "", sender or "")
    if not digits:
        return ""
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"tel:{digits}"


# --- the messages ---------------------------------------------------------------------------
def _short(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 3].rstrip() + "..."


def _intro(unit: ServiceUnit, service: Service | None) -> str:
    subject = (
        _("%(service)s at %(unit)s") % {"service": _short(service.name), "unit": _short(unit.name)}
        if service
        else _short(unit.name)
    )
    return _(
        "Satisfaction survey of %(subject)s: 9 questions, no name asked. Reply to each with a "
        "number from 1 to 4. Type BATAL to stop."
    ) % {"subject": subject}


def _question(state: dict[str, Any]) -> str:
    order: list[str] = state["order"]
    element = questionnaire.ELEMENTS[order[state["at"]]]
    lines = [f"{state['at'] + 1}/{len(order)} {element.question}"]
    lines += [f"{number}. {label}" for number, label in enumerate(element.labels, start=1)]
    return "\n".join(lines)


def _suggestion_prompt() -> str:
    return _("Last one: what would you suggest to improve this service? Type it, or 0 to skip.")


def _checked(state: dict[str, Any]) -> dict[str, Any]:
    """A copy of a stored state, checked enough that the conversation cannot crash on it."""
    copy = {**state, "answers": dict(state["answers"]), "order": list(state["order"])}
    if tuple(sorted(copy["order"])) != tuple(sorted(questionnaire.DEFAULT_ORDER)):
        raise ValueError("bad question order")
    for name in ("at", "wrong", "unit", "period"):
        if not isinstance(copy[name], int):
            raise TypeError(name)
    if not 0 <= copy["at"] <= len(copy["order"]):
        raise ValueError("bad position")
    dt.datetime.fromisoformat(copy["started"])
    dt.datetime.fromisoformat(copy["last"])
    if copy["lang"] not in dict(settings.LANGUAGES):
        copy["lang"] = settings.LANGUAGE_CODE
    copy["done"] = bool(copy.get("done"))
    return copy
