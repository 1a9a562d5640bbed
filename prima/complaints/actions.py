"""Writes to complaints. Every change of state goes through `transition`: it locks the row,
asks the state machine (prima.complaints.workflow), moves the clock and appends an event
naming who did it. A refused transition is recorded as an event too, then refused.

The clock (docs/regulations.md §C1.1): verification is due 3 working days after
receipt (or after new information, or after rerouting); the unit's answer 5 working days after
dispatch (or reopening); an answered complaint closes 10 working days after the answer unless
the complainant replies. Durations come from the complaint's `ClockPolicy`.

Every action takes the acting user as `actor`. A complaint's own record of who did what is its
timeline (`Event`, append-only: every change of a complaint, its attachments included, adds
one); the clock's settings and the response templates keep a history (django-simple-history).
The complainant's `Identity` deliberately has none: a history table would copy who complained
out of the one table that access reads. `actor` is None only where no person of Prima acts:
the citizen's own filing and replies (web form, tracking page, Open311), the importer and the
clock, run from a command or an anonymous page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from prima.accounts.audit import record_event
from prima.accounts.models import AuditEvent
from prima.complaints import notify, queries, tokens, workflow
from prima.complaints.calendar import closed_days
from prima.complaints.models import (
    Attachment,
    CalendarDay,
    Category,
    ClockPolicy,
    Complaint,
    Event,
    Identity,
    ResponseTemplate,
    Status,
)
from prima.lib import workdays
from prima.lib.history import delete_recorded, save_recorded

if TYPE_CHECKING:
    from django.core.files.base import File

    from prima.accounts.models import User
    from prima.registry.models import Agency, Service, ServiceUnit
    from prima.standards.models import ServiceStandard


def current_policy(at: dt.datetime | None = None) -> ClockPolicy:
    """The policy in force at `at`; the first use creates the platform default (3/5/10) —
    Prima's own write, recorded in the policy's history without a user."""
    at = at or timezone.now()
    policy = ClockPolicy.objects.filter(valid_from__lte=at).order_by("-valid_from").first()
    if policy is None:
        policy = ClockPolicy.objects.order_by("valid_from").first() or ClockPolicy.objects.create(
            name="SP4N-LAPOR! 3/5/10",
            valid_from=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        )
    return policy


def working_days_after(complaint: Complaint, start: dt.datetime, days: int) -> dt.datetime:
    """The end of the `days`-th working day after `start`, on the complaint's calendar and in
    its time zone (the unit's, else the agency's, else WIB)."""
    return workdays.due_at(
        start,
        days,
        zone=complaint.zone,
        closed=closed_days(
            around=start.date(), skip_cuti_bersama=complaint.policy.skip_cuti_bersama
        ),
    )


def compute_due(complaint: Complaint) -> dt.datetime | None:
    step = workflow.CLOCK_OF[complaint.status]
    if step is None:
        return None
    policy = complaint.policy
    days = {
        "verify": policy.verify_days,
        "respond": policy.respond_days,
        "close": policy.close_after_days,
    }[step]
    return working_days_after(complaint, complaint.step_started_at, days)


def dispute_deadline(complaint: Complaint) -> dt.datetime | None:
    if complaint.status != Status.RESPONDED or complaint.responded_at is None:
        return None
    return working_days_after(complaint, complaint.responded_at, complaint.policy.dispute_days)


def _event(
    complaint: Complaint,
    action: str,
    *,
    actor: User | None,
    actor_label: str = "",
    at: dt.datetime | None = None,
    before: str = "",
    message: str = "",
    public: bool = False,
    detail: dict[str, Any] | None = None,
) -> Event:
    return Event.objects.create(
        complaint=complaint,
        at=at or timezone.now(),
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label or (actor.get_full_name() or actor.get_username() if actor else ""),
        from_status=before,
        to_status=complaint.status,
        message=message,
        is_public=public,
        detail=detail or {},
    )


# --- intake ---------------------------------------------------------------------------------
@dataclass
class Filed:
    complaint: Complaint
    tracking_code: str  # shown once; only its digest is stored
    secret: str  # the short secret code, with the number; shown once, only its digest stored
    resent: bool = False  # the same form again: the complaint it filed before


@transaction.atomic
def file_complaint(
    *,
    agency: Agency,
    title: str,
    description: str,
    channel: str,
    kind: str = "pengaduan",
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    category: Category | None = None,
    incident_date: dt.date | None = None,
    location: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    is_anonymous: bool = False,
    is_secret: bool = False,
    identity: Mapping[str, str] | None = None,
    attachments: Iterable[File[Any]] = (),
    received_at: dt.datetime | None = None,
    actor: User | None,
    submission: str | None = None,
) -> Filed:
    """Receive a complaint from any channel. "No wrong door": a complaint may name only the
    agency, and its coordinator routes it. Intake never closes.

    `actor` is the staff member who enters it (walk-in, phone, letter), or None when the
    complainant files it themselves (web form, Open311) or it is imported.

    `submission` is the one-time nonce of the citizen's form. Filing is idempotent on it in
    the database: the same form sent again, even at the same moment from several
    connections, returns the complaint filed the first time (`Filed.resent`) with the same
    tracking code and secret code (tokens.code_for_submission, tokens.secret_for_submission),
    and files nothing."""
    if unit is not None and unit.agency_id != agency.pk:
        raise ValidationError(_("The unit belongs to another agency."))
    if service is not None and (unit is None or service.unit_id != unit.pk):
        raise ValidationError(_("The service belongs to another unit."))
    if submission and (earlier := filed_earlier(submission)) is not None:
        return earlier
    received_at = received_at or timezone.now()
    code = tokens.code_for_submission(submission) if submission else tokens.new_code()
    secret = tokens.secret_for_submission(submission) if submission else tokens.new_secret()
    complaint = Complaint(
        submission_key=tokens.submission_key(submission) if submission else None,
        tracking_hash=tokens.digest(code),
        kind=kind,
        category=category,
        title=title.strip(),
        description=description.strip(),
        incident_date=incident_date,
        location=location.strip(),
        latitude=latitude,
        longitude=longitude,
        agency=agency,
        unit=unit,
        service=service,
        channel=channel,
        is_anonymous=is_anonymous,
        is_secret=is_secret,
        policy=current_policy(received_at),
        received_at=received_at,
        step_started_at=received_at,
        created_by=actor if actor is not None and actor.pk else None,
    )
    complaint.full_clean(exclude=["public_id", "tracking_hash", "secret_hash", "submission_key"])
    try:
        with transaction.atomic():  # a savepoint: a concurrent resend may have won the race
            complaint.save()
    except IntegrityError:
        earlier = filed_earlier(submission) if submission else None
        if earlier is None:
            raise
        return earlier
    complaint.public_id = f"PRM-{received_at:%y%m}-{complaint.pk:06d}"
    complaint.secret_hash = tokens.secret_digest(secret, number=complaint.public_id)
    complaint.due_at = compute_due(complaint)
    complaint.save(update_fields=["public_id", "secret_hash", "due_at"])
    values = {k: (v or "").strip() for k, v in (identity or {}).items()}
    if any(values.values()):
        Identity.objects.create(complaint=complaint, **values)
    for upload in attachments:
        _add_attachment(complaint, upload, from_complainant=actor is None)
    label = "" if actor else _("complainant")
    _event(
        complaint,
        Event.Action.RECEIVED,
        actor=actor,
        actor_label=label,
        at=received_at,
        detail={"channel": channel},
        public=True,
    )
    return Filed(complaint, code, secret)


def filed_earlier(submission: str) -> Filed | None:
    """The complaint the form with this nonce filed already, with its codes."""
    earlier = queries.filed_by_form(submission)
    if earlier is None:
        return None
    return Filed(
        earlier,
        tokens.code_for_submission(submission),
        tokens.secret_for_submission(submission),
        resent=True,
    )


def _add_attachment(
    complaint: Complaint, upload: File[Any], *, from_complainant: bool
) -> Attachment:
    # Part of filing or adding information: the timeline's event names who sent it.
    attachment = Attachment(complaint=complaint, from_complainant=from_complainant)
    attachment.file.save(upload.name or "file", upload, save=False)
    attachment.size = attachment.file.size
    attachment.save()
    return attachment


# --- the state machine ----------------------------------------------------------------------
# The workflow's steps (prima.complaints.workflow) by the names people know them by.
STEP_NAMES = {
    "verify": pgettext_lazy("complaint step", "Verify and dispatch"),
    "postpone": pgettext_lazy("complaint step", "Postpone for more information"),
    "add_info": pgettext_lazy("complaint step", "Add information"),
    "reroute": pgettext_lazy("complaint step", "Reroute to the agency responsible"),
    "archive": pgettext_lazy("complaint step", "Archive"),
    "start": pgettext_lazy("complaint step", "Start the follow-up"),
    "return": pgettext_lazy("complaint step", "Return to the coordinator"),
    "respond": pgettext_lazy("complaint step", "Answer"),
    "dispute": pgettext_lazy("complaint step", "Dispute the answer"),
    "close": pgettext_lazy("complaint step", "Close"),
}


def transition(
    complaint: Complaint,
    action: str,
    *,
    actor: User | None,
    role: str,
    message: str = "",
    public: bool = False,
    at: dt.datetime | None = None,
    actor_label: str = "",
    detail: dict[str, Any] | None = None,
    **changes: Any,
) -> Complaint:
    """Apply `action`; refuse and log anything the state machine or the role does not allow."""
    with transaction.atomic():
        current = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("policy", "unit__region", "agency__region")
            .get(pk=complaint.pk)
        )
        before = current.status
        allowed = (action, before) in workflow.TRANSITIONS and role in workflow.ACTORS.get(
            action, frozenset()
        )
        if allowed:
            return _apply(
                current,
                action,
                workflow.next_status(action, before),
                actor=actor,
                message=message,
                public=public,
                at=at,
                actor_label=actor_label,
                detail=detail,
                **changes,
            )
    # Logged in its own transaction, so the refusal is kept (docs/security.md §1.2
    # row 17: an illegal transition is refused and logged).
    _refused(current, action, actor=actor, role=role)
    raise ValidationError(
        _("“%(action)s” is not possible while the complaint is “%(status)s”.")
        % {"action": STEP_NAMES.get(action, action), "status": current.get_status_display()},
        code="illegal",
    )


def _apply(
    current: Complaint,
    action: str,
    after: str,
    *,
    actor: User | None,
    message: str,
    public: bool,
    at: dt.datetime | None,
    actor_label: str,
    detail: dict[str, Any] | None,
    **changes: Any,
) -> Complaint:
    before = current.status
    at = at or timezone.now()
    if action == "respond" and current.first_responded_at is None:
        # Was the first answer within the unit's deadline? (public statistics)
        detail = {**(detail or {}), "in_time": current.due_at is None or at <= current.due_at}
    for name, value in changes.items():
        setattr(current, name, value)
    current.status = after
    # A new step starts a new clock; following up (dispatched → in progress) does not: the
    # answer stays due 5 working days after dispatch.
    if workflow.CLOCK_OF[after] != workflow.CLOCK_OF[before] or action in ("reroute", "dispute"):
        current.step_started_at = at
        current.escalation = 0
    if action == "verify":
        current.dispatched_at = at
    if action == "respond":
        current.responded_at = at
        current.first_responded_at = current.first_responded_at or at
    if after == Status.CLOSED:
        current.closed_at = at
    if after == Status.ARCHIVED:
        current.closed_at = at
    current.due_at = compute_due(current)
    current.save()
    _event(
        current,
        EVENT_OF[action],
        actor=actor,
        actor_label=actor_label,
        at=at,
        before=before,
        message=message,
        public=public,
        detail=detail,
    )
    return current


# The timeline's name for each workflow action.
EVENT_OF = {
    "verify": Event.Action.VERIFIED,
    "postpone": Event.Action.POSTPONED,
    "add_info": Event.Action.INFO_ADDED,
    "reroute": Event.Action.REROUTED,
    "archive": Event.Action.ARCHIVED,
    "start": Event.Action.STARTED,
    "return": Event.Action.RETURNED,
    "respond": Event.Action.RESPONDED,
    "dispute": Event.Action.DISPUTED,
    "close": Event.Action.CLOSED,
}


def _refused(complaint: Complaint, action: str, *, actor: User | None, role: str) -> None:
    Event.objects.create(
        complaint_id=complaint.pk,
        at=timezone.now(),
        action=Event.Action.REFUSED,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.get_username() if actor else role),
        from_status=complaint.status,
        to_status=complaint.status,
        detail={"action": action, "role": role},
    )
    if actor is not None and actor.pk:
        record_event(
            AuditEvent.Kind.ACCESS_DENIED,
            actor=actor,
            target=complaint,
            detail={
                "object_type": "complaint_transition",
                "action": action,
                "status": complaint.status,
            },
        )


# --- the coordinator's actions --------------------------------------------------------------
def verify(
    complaint: Complaint,
    *,
    actor: User,
    unit: ServiceUnit,
    category: Category | None = None,
    note: str = "",
    role: str = workflow.COORDINATOR,
    service: Service | None = None,
) -> Complaint:
    """Verifikasi: the complaint is valid and goes to `unit` (of the same agency) — about
    `service` of that unit when given (a complaint filed at an MPP about a tenant's service
    goes to the same service at the tenant's own office)."""
    if unit.agency_id != complaint.agency_id:
        raise ValidationError(_("Dispatch to a unit of this agency, or reroute the complaint."))
    if service is not None and service.unit_id != unit.pk:
        raise ValidationError(_("Choose a service of the unit the complaint goes to."))
    changes: dict[str, Any] = {"unit": unit}
    if category is not None:
        changes["category"] = category
    if service is not None:
        changes["service"] = service
    elif complaint.service_id and (
        complaint.service is None or complaint.service.unit_id != unit.pk
    ):
        changes["service"] = None
    done = transition(
        complaint,
        "verify",
        actor=actor,
        role=role,
        message=note,
        public=True,
        detail={"unit": unit.code},
        **changes,
    )
    transaction.on_commit(lambda: notify.dispatched(done))
    return done


def postpone(
    complaint: Complaint, *, actor: User, question: str, role: str = workflow.COORDINATOR
) -> Complaint:
    """Tunda: ask the complainant for what is missing; the clock stops until they answer."""
    if not question.strip():
        raise ValidationError(_("Say what information is needed."))
    done = transition(complaint, "postpone", actor=actor, role=role, message=question, public=True)
    transaction.on_commit(lambda: notify.to_complainant(done, question))
    return done


def reroute(
    complaint: Complaint,
    *,
    actor: User,
    agency: Agency,
    note: str = "",
    role: str = workflow.COORDINATOR,
) -> Complaint:
    """Bukan wewenang: the complaint belongs to another agency; its coordinator verifies it."""
    if agency.pk == complaint.agency_id:
        raise ValidationError(_("Choose another agency."))
    return transition(
        complaint,
        "reroute",
        actor=actor,
        role=role,
        message=note,
        public=True,
        detail={"from": complaint.agency.code, "to": agency.code},
        agency=agency,
        unit=None,
        service=None,
    )


def archive(
    complaint: Complaint,
    *,
    actor: User,
    reason: str,
    abuse: bool = False,
    role: str = workflow.COORDINATOR,
) -> Complaint:
    """Arsipkan: not a complaint that can be followed up (wrong format, too general, irrelevant,
    or abuse), with the reason."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for archiving."))
    return transition(
        complaint,
        "archive",
        actor=actor,
        role=role,
        message=reason,
        public=True,
        archive_reason=reason.strip()[:300],
        is_abuse=abuse,
    )


# --- the unit's actions ---------------------------------------------------------------------
def start(complaint: Complaint, *, actor: User, role: str) -> Complaint:
    return transition(complaint, "start", actor=actor, role=role, public=True)


def return_to_coordinator(
    complaint: Complaint, *, actor: User, role: str, reason: str
) -> Complaint:
    if not reason.strip():
        raise ValidationError(_("Say why the complaint is not for this unit."))
    return transition(complaint, "return", actor=actor, role=role, message=reason)


def respond(complaint: Complaint, *, actor: User, role: str, answer: str) -> Complaint:
    """The unit's answer, shown to the complainant (and on the public page unless secret)."""
    if len(answer.strip()) < 10:
        raise ValidationError(_("Write the answer to the complainant."))
    done = transition(
        complaint, "respond", actor=actor, role=role, message=answer.strip(), public=True
    )
    transaction.on_commit(lambda: notify.to_complainant(done, answer))
    return done


def add_note(complaint: Complaint, *, actor: User, note: str) -> Event:
    return _event(complaint, Event.Action.NOTE, actor=actor, message=note, before=complaint.status)


# --- the complainant's actions --------------------------------------------------------------
# The complainant has no account: `actor` is None, and the timeline names "complainant".
def add_information(
    complaint: Complaint,
    *,
    actor: User | None,
    message: str,
    attachments: Iterable[File[Any]] = (),
) -> Complaint:
    """The information the coordinator asked for; verification is due again from now."""
    if not message.strip():
        raise ValidationError(_("Write the information that was asked for."))
    done = transition(
        complaint,
        "add_info",
        actor=actor,
        role=workflow.COMPLAINANT,
        actor_label=_("complainant"),
        message=message.strip(),
        public=True,
    )
    for upload in attachments:
        _add_attachment(done, upload, from_complainant=True)
    return done


def dispute(
    complaint: Complaint, *, actor: User | None, message: str, now: dt.datetime | None = None
) -> Complaint:
    """The complainant is not satisfied with the answer, within the dispute period."""
    now = now or timezone.now()
    deadline = dispute_deadline(complaint)
    if deadline is not None and now > deadline:
        raise ValidationError(_("The time to dispute this answer has passed."))
    if not message.strip():
        raise ValidationError(_("Say what is still not resolved."))
    return transition(
        complaint,
        "dispute",
        actor=actor,
        role=workflow.COMPLAINANT,
        actor_label=_("complainant"),
        message=message.strip(),
        public=True,
        at=now,
    )


def accept(complaint: Complaint, *, actor: User | None, rating: int | None = None) -> Complaint:
    """The complainant accepts the answer (closing the complaint), with a 1–4 rating."""
    if rating is not None and rating not in (1, 2, 3, 4):
        raise ValidationError(_("Rate the answer from 1 to 4."))
    done = transition(
        complaint,
        "close",
        actor=actor,
        role=workflow.COMPLAINANT,
        actor_label=_("complainant"),
        public=True,
        rating=rating,
    )
    return done


# --- the clock ------------------------------------------------------------------------------
@dataclass
class ClockReport:
    closed: int = 0
    escalated: int = 0


def run_clock(*, actor: User | None, now: dt.datetime | None = None) -> ClockReport:
    """Close answered complaints whose reply window has passed (at the moment it passed, so a
    late run changes nothing) and escalate overdue ones: first to the agency's coordinators,
    then, one more step later, to the ministry. `actor` is None when the timer runs it (the
    timeline names "system")."""
    now = now or timezone.now()
    report = ClockReport()
    lapsed = Complaint.objects.filter(status=Status.RESPONDED, due_at__lt=now)
    for complaint in lapsed.iterator():
        transition(
            complaint,
            "close",
            actor=actor,
            role=workflow.CLOCK,
            actor_label=_("system") if actor is None else "",
            at=complaint.due_at,
            public=True,
            message=_("Closed: no reply within the period after the answer."),
        )
        report.closed += 1
    overdue = (
        Complaint.objects.overdue(now)
        .filter(escalation__lt=2)
        .select_related("policy", "unit__region", "agency__region")
    )
    for complaint in overdue.iterator():
        level = 1 if complaint.escalation == 0 else 2
        if level == 2:
            # The second step waits as long again as the step itself allowed.
            assert complaint.due_at is not None
            second = working_days_after(complaint, complaint.due_at, complaint.policy.verify_days)
            if now <= second:
                continue
        with transaction.atomic():
            Complaint.objects.filter(pk=complaint.pk).update(escalation=level)
            complaint.escalation = level
            _event(
                complaint,
                Event.Action.ESCALATED,
                actor=actor,
                actor_label=_("system") if actor is None else "",
                at=now,
                before=complaint.status,
                detail={"level": level},
            )
            transaction.on_commit(partial(notify.escalated, complaint, level))
        report.escalated += 1
    return report


# --- closing the loop -----------------------------------------------------------------------
@transaction.atomic
def record_improvement(
    complaint: Complaint,
    *,
    actor: User,
    improvement: str,
    standard: ServiceStandard | None,
    skm_element: str,
) -> Complaint:
    """What the complaint led to, and the service standard or SKM element it concerns; an
    internal event in the timeline names who recorded it."""
    complaint.improvement = improvement
    complaint.standard = standard
    complaint.skm_element = skm_element
    complaint.full_clean(exclude=["tracking_hash"])
    complaint.save(update_fields=["improvement", "standard", "skm_element", "updated_at"])
    _event(
        complaint,
        Event.Action.IMPROVEMENT,
        actor=actor,
        before=complaint.status,
        message=improvement,
        detail={
            "standard": standard.pk if standard is not None else None,
            "skm_element": skm_element,
        },
    )
    return complaint


# --- settings: the clock, the calendar, response templates ----------------------------------
@transaction.atomic
def save_record(record: ClockPolicy | CalendarDay | ResponseTemplate, *, actor: User) -> None:
    """Save a clock policy, a calendar day or a response template, checked; its history
    names `actor` (a calendar day moves every deadline around it)."""
    save_recorded(record, actor)


@transaction.atomic
def remove_record(record: CalendarDay | ResponseTemplate, *, actor: User) -> None:
    """Remove a calendar day or a response template, recorded with `actor` (policies are
    never removed: complaints keep the one they were received under)."""
    delete_recorded(record, actor)
