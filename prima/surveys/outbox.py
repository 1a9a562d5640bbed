"""The offline kiosk's outbox: answers a tablet kept while the connection was down, received in
batches (ADR 0018).

Each queued answer carries the tablet's own identifier for it (a UUID, stored as the answer's
`submission_key`, so a resend stores nothing twice), the moment the tablet captured it (by the
tablet's clock), and the version of the questionnaire it was given on. The batch carries the
tablet's clock at sending, which tells how far that clock is from the server's:

- within PRIMA_KIOSK_CLOCK_SKEW_SECONDS the capture time is believed: it decides the day, the
  period and the hour kept with the answer, and the kiosk's pace is judged on it;
- further off, or an answer captured in the future or more than PRIMA_KIOSK_OUTBOX_MAX_AGE_DAYS
  ago, the answer is stored at the time it arrived and flagged CLOCK_SKEW — never dropped.

Each item is answered on its own (`stored`, `duplicate`, `invalid` or `closed`): one bad item
never stops the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from prima.lib.text import strip_control
from prima.surveys.forms import HONEYPOT, ResponseForm
from prima.surveys.models import ELEMENT_KEYS, ExtraQuestion, Kiosk, SurveyPeriod, SurveyResponse
from prima.surveys.submission import open_period_for, submit_response

if TYPE_CHECKING:
    from prima.registry.models import Service
    from prima.surveys.queries import CitizenForm

MAX_ITEMS = 50
MAX_BODY_BYTES = 512 * 1024  # 50 answers with a 2,000-character suggestion each fit
PROFILE_FIELDS = ("sex", "age", "education", "occupation")


class BatchError(ValueError):
    """The request as a whole cannot be read: nothing in it is looked at."""


def questionnaire_version(found: CitizenForm) -> str:
    """A short, stable digest of what the kiosk's form asks: the periods taking answers, the
    order of the nine elements, the unit's extra questions and the services to choose from.
    The same questions give the same version on every server and in every language."""
    asked = {
        "periods": [period.pk for period in found.periods],
        "order": list(found.order),
        "extra": [(q.pk, q.kind, q.text, list(q.choices)) for q in found.extra_questions],
        "services": [(s.pk, s.name) for s in found.services],
    }
    shown = json.dumps(asked, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(shown.encode()).hexdigest()[:16]


@dataclass
class ItemResult:
    id: str
    status: str  # stored | duplicate | invalid | closed
    errors: dict[str, list[str]] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"id": self.id, "status": self.status}
        if self.errors:
            shown["errors"] = self.errors
        if self.flags:
            shown["flags"] = self.flags
        return shown


def read_batch(body: bytes) -> tuple[dt.datetime | None, list[Any]]:
    """The device's clock at sending and the items of a batch; BatchError when the body is not
    a batch at all (then the client keeps every item and nothing is stored)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise BatchError(_("The request is not valid JSON.")) from error
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise BatchError(_('The request must be an object with a list of "items".'))
    items = data["items"]
    if len(items) > MAX_ITEMS:
        raise BatchError(
            _("A batch holds at most %(count)d answers; send the rest in another batch.")
            % {"count": MAX_ITEMS}
        )
    sent_at = _moment(data.get("sent_at"))
    return sent_at, items


def _moment(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return moment


@dataclass(frozen=True)
class _Questions:
    """The questions an item is read against: the current form's for an item of the current
    version, and every question and service the unit has (retired ones too) for an item given
    on an older one."""

    extra_questions: list[ExtraQuestion]
    services: tuple[Service, ...]


def receive_batch(
    *,
    found: CitizenForm,
    kiosk: Kiosk,
    sent_at: dt.datetime | None,
    items: list[Any],
    received_at: dt.datetime,
) -> list[ItemResult]:
    """Store a batch of a kiosk's queued answers, each on its own; see the module docstring.

    Items are stored in the order they were captured, so that the kiosk's pace is judged
    between neighbours. The kiosk is the enrolled one that sent the batch (its cookie), whatever
    an item says: a tablet's answers belong to the kiosk the tablet is now."""
    skew_allowed = dt.timedelta(seconds=settings.PRIMA_KIOSK_CLOCK_SKEW_SECONDS)
    max_age = dt.timedelta(days=settings.PRIMA_KIOSK_OUTBOX_MAX_AGE_DAYS)
    # How far the tablet's clock is ahead of the server's (unknown: believed to be right).
    skew = (sent_at - received_at) if sent_at is not None else dt.timedelta(0)
    clock_right = abs(skew) <= skew_allowed
    current = questionnaire_version(found)
    now_asked = _Questions(found.extra_questions, found.services)
    every: _Questions | None = None
    periods: dict[tuple[int | None, dt.date], SurveyPeriod | None] = {}

    def period_for(service: Service | None, moment: dt.datetime) -> SurveyPeriod | None:
        day = moment.astimezone(found.unit.region.zoneinfo).date()
        key = (service.pk if service else None, day)
        if key not in periods:
            periods[key] = open_period_for(found.unit, service, now=moment)
        return periods[key]

    readable: list[tuple[dt.datetime, int, dict[str, Any]]] = []
    results: list[ItemResult | None] = [None] * len(items)
    for index, item in enumerate(items):
        problem = _shape_problem(item)
        if problem:
            results[index] = ItemResult(_item_id(item), "invalid", {"item": [problem]})
        else:
            readable.append((_moment(item["captured_at"]) or received_at, index, item))

    for captured_at, index, item in sorted(readable, key=lambda found_item: found_item[:2]):
        item_id = str(uuid.UUID(item["id"]))
        if item.get("version") == current:
            asked = now_asked
        else:
            if every is None:
                every = _Questions(
                    list(ExtraQuestion.objects.filter(unit=found.unit).order_by("pk")),
                    tuple(found.unit.services.order_by("name")),
                )
            asked = every
        form = _form(found, asked, item)
        if not form.is_valid():
            errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            results[index] = ItemResult(item_id, "invalid", errors)
            continue

        flags: list[str] = []
        believed = (
            clock_right and received_at - max_age <= captured_at <= received_at + skew_allowed
        )
        if not believed:
            flags.append(SurveyResponse.Flag.CLOCK_SKEW)
        if form.cleaned_data.get(HONEYPOT):
            flags.append(SurveyResponse.Flag.HONEYPOT)
        fill_seconds = item.get("fill_seconds")
        if fill_seconds < settings.PRIMA_SURVEY_MIN_SECONDS:
            flags.append(SurveyResponse.Flag.TOO_FAST)
        service = form.chosen_service()
        # Believed: the answer goes to the period open on the day it was given (even one whose
        # last day has passed since, while it still takes answers); otherwise, as on the web
        # form, to the period open now.
        when = captured_at if believed else received_at
        period = period_for(service, when)
        if period is None and when != received_at:
            when = received_at
            period = period_for(service, when)
        if period is None:
            results[index] = ItemResult(item_id, "closed")
            continue
        submitted = submit_response(
            period,
            answers=form.answers(),
            channel=SurveyResponse.Channel.KIOSK,
            submission_key=item_id,
            service=service,
            profile=form.profile(),
            suggestion=form.cleaned_data.get("suggestion", ""),
            extra=form.extra_answers(),
            kiosk=kiosk,
            fill_seconds=fill_seconds,
            flags=flags,
            now=when,
            # The pace between answers is judged on when they were given; a wrong clock is
            # corrected by its offset at sending so one batch is not judged as one burst.
            paced_at=captured_at if clock_right else captured_at - skew,
        )
        response = submitted.response
        results[index] = ItemResult(
            item_id,
            "stored" if submitted.created else "duplicate",
            flags=list(response.flags) if submitted.created else [],
        )
    return [result for result in results if result is not None]


def _item_id(item: Any) -> str:
    if isinstance(item, Mapping) and isinstance(item.get("id"), str):
        return item["id"][:64]
    return ""


def _shape_problem(item: Any) -> str:
    """Why an item cannot be read as an answer at all ('' when it can)."""
    if not isinstance(item, Mapping):
        return _("Each item must be an object.")
    raw_id = item.get("id")
    try:
        uuid.UUID(raw_id if isinstance(raw_id, str) and len(raw_id) <= 40 else "")
    except ValueError:
        return _('"id" must be a UUID.')
    if _moment(item.get("captured_at")) is None:
        return _('"captured_at" must be a date and time with its time zone.')
    if not isinstance(item.get("answers"), Mapping):
        return _('"answers" must be an object.')
    for name in ("profile", "extra"):
        if not isinstance(item.get(name) or {}, Mapping):
            return _('"%(name)s" must be an object.') % {"name": name}
    seconds = item.get("fill_seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds < 2**31:
        return _('"fill_seconds" must be a whole number of seconds.')
    if not isinstance(item.get("version", ""), str):
        return _('"version" must be text.')
    return ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, int | float | str):
        return strip_control(str(value))
    return "\x00"  # no choice and no number is spelt so: the form refuses it


def _form(found: CitizenForm, asked: _Questions, item: Mapping[str, Any]) -> ResponseForm:
    """The web form's own validation, fed with the item: the same rules and messages."""
    answers = item["answers"]
    profile = item.get("profile") or {}
    extra = item.get("extra") or {}
    data: dict[str, str] = {key: _text(answers.get(key)) for key in ELEMENT_KEYS}
    data.update({name: _text(profile.get(name)) for name in PROFILE_FIELDS})
    data.update({f"extra_{key}": _text(value) for key, value in extra.items()})
    data["suggestion"] = _text(item.get("suggestion"))
    data["service"] = _text(item.get("service"))
    data[HONEYPOT] = _text(item.get("honeypot"))
    return ResponseForm(
        data,
        service=None,
        order=found.order,
        extra_questions=asked.extra_questions,
        services=asked.services,
    )
