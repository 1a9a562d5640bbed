"""Complaints by message (issue 25 §2): `ADUAN <unit code> <what happened>` files at once;
`ADUAN` alone, or with a code Prima does not know, starts a guided conversation — the unit's
code, what happened, then YA to send (BATAL cancels; it times out after
PRIMA_MESSAGING_CONVERSATION_MINUTES). The citizen gets the report's number, secret code and
tracking code back, as the web form's confirmation page gives them.

A text too short to be a complaint (fewer than MIN_LETTERS letters) goes to the staff's
review queue instead of being filed. At most PRIMA_MESSAGING_COMPLAINTS_PER_DAY complaints are
filed from one number in 24 hours.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from prima.messaging import actions
from prima.messaging.flows import Flow, Step, Turn, register
from prima.messaging.models import Inbound
from prima.registry.access import public_units
from prima.registry.models import ServiceUnit

MIN_LETTERS = 10
MAX_TRIES = 3
YES = {"YA", "Y", "YES", "OK", "KIRIM"}


def find_unit(word: str) -> ServiceUnit | None:
    code = word.strip(".,;:!?()[]\"'")
    if not code or len(code) > 30:
        return None
    return public_units().select_related("agency").filter(code__iexact=code).first()


def looks_real(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) >= MIN_LETTERS


def _looks_like_code(word: str) -> bool:
    return any(ch.isdigit() for ch in word) or "-" in word


def _ask_unit(unknown: str = "") -> str:
    lines = []
    if unknown:
        lines.append(_("Prima does not know the unit code %(code)s.") % {"code": unknown[:30]})
    lines.append(
        _(
            "Send the code of the service unit you are complaining about, for example "
            "8104-DUKCAPIL. The code is on the unit's page in Prima and on its complaint "
            "poster and QR code."
        )
    )
    return "\n".join(lines)


def _ask_text(unit: ServiceUnit) -> str:
    return _("Unit: %(unit)s. What happened? Describe it in one message.") % {"unit": unit.name}


def _confirm(unit: ServiceUnit, text: str) -> str:
    return "\n".join(
        [
            _("Your complaint to %(unit)s:") % {"unit": unit.name},
            f'"{actions.title_of(text)}"',
            _("Send YA to send it, or BATAL to cancel."),
        ]
    )


def _file(turn: Turn, unit: ServiceUnit, text: str) -> Step:
    if actions.filed_today(turn.contact, turn.at) >= settings.PRIMA_MESSAGING_COMPLAINTS_PER_DAY:
        return Step(
            _(
                "This number has sent the most complaints Prima takes by message in a day. "
                "Please try again tomorrow, or use the form on the website."
            ),
            ended="limited",
        )
    actions.file_by_message(turn.inbound, unit=unit, description=text, actor=None)
    return Step(ended="filed")  # the codes went with the filing


def _to_review(turn: Turn, unit: ServiceUnit | None) -> Step:
    turn.inbound.unit = unit
    return Step(
        _(
            "Thank you. Your message is too short to be filed as it is: an officer will read "
            "it first. To file a complaint at once, send: ADUAN <unit code> <what happened>."
        ),
        outcome=Inbound.Outcome.REVIEW,
        ended="review",
    )


def start(turn: Turn) -> Step:
    words = turn.rest.split()
    if not words:
        return Step(_ask_unit(), state={"step": "unit", "tries": 0})
    unit = find_unit(words[0])
    if unit is None:
        code = words[0] if _looks_like_code(words[0]) else ""
        draft = " ".join(words[1:] if code else words)
        return Step(_ask_unit(code), state={"step": "unit", "tries": 1, "draft": draft})
    turn.inbound.unit = unit
    text = " ".join(words[1:])
    if not text:
        return Step(_ask_text(unit), state={"step": "text", "unit": unit.code, "tries": 0})
    if not looks_real(text):
        return _to_review(turn, unit)
    return _file(turn, unit, text)


def step(turn: Turn, state: dict[str, Any]) -> Step:
    tries = int(state.get("tries", 0)) + 1
    if state.get("step") == "unit":
        words = turn.text.split()
        unit = find_unit(words[0]) if words else None
        if unit is None:
            if tries > MAX_TRIES:
                return Step(_give_up(), ended="no_unit")
            return Step(_ask_unit(words[0] if words else ""), state={**state, "tries": tries})
        turn.inbound.unit = unit
        draft = str(state.get("draft", ""))
        if looks_real(draft):
            return Step(
                _confirm(unit, draft),
                state={"step": "confirm", "unit": unit.code, "text": draft},
            )
        return Step(_ask_text(unit), state={"step": "text", "unit": unit.code, "tries": 0})
    unit = find_unit(str(state.get("unit", "")))
    if unit is None:  # the unit left the directory meanwhile
        return Step(_ask_unit(), state={"step": "unit", "tries": 0})
    turn.inbound.unit = unit
    if state.get("step") == "text":
        if not looks_real(turn.text):
            if tries > MAX_TRIES:
                return _to_review(turn, unit)
            return Step(
                _("Please describe what happened in a few more words."),
                state={**state, "tries": tries},
            )
        return Step(
            _confirm(unit, turn.text),
            state={"step": "confirm", "unit": unit.code, "text": turn.text},
        )
    first = turn.text.split()[0].strip(".,!").upper() if turn.text.split() else ""
    if first in YES:
        return _file(turn, unit, str(state.get("text", "")))
    return Step(_confirm(unit, str(state.get("text", ""))), state=state)


def _give_up() -> str:
    return _(
        "The unit could not be found. Look up its code on the unit's page in Prima, then send "
        "ADUAN again."
    )


def expired(state: dict[str, Any]) -> str:
    return _("Your complaint was not sent: the conversation timed out.")


def help_lines() -> str:
    return "\n".join(
        [
            _("ADUAN <unit code> <what happened>: file a complaint"),
            _("ADUAN: file a complaint step by step"),
        ]
    )


def register_flow() -> None:
    register(
        Flow(
            name="complaint",
            keywords=("ADUAN", "LAPOR", "PENGADUAN"),
            start=start,
            step=step,
            expired=expired,
            help=help_lines,
        )
    )
