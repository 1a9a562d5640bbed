"""People's requests about their personal data (UU 27/2022 arts. 5–13, 32–34, 44; issue 27
item 2): filing one, who may handle it, and each answer — see, correct, restrict, erase,
refuse, done. The answer is due within 3 × 24 hours, which Prima counts as 3 working days on
the complaint clock's calendar (prima.complaints.calendar), so a request made on Friday
afternoon or before a holiday is not due on a day the office is closed.

A request belongs to the agency that holds the record: its administrators handle it, national
administrators see every one. Erasure goes through prima.privacy.erasure, which keeps a
complaint's public statistics (counts, state, unit, IKM) as they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from prima.accounts.access import deny
from prima.accounts.audit import record_event
from prima.accounts.models import AuditEvent
from prima.accounts.scope import scope_for
from prima.coaching.models import Participant as CoachingParticipant
from prima.complaints.calendar import closed_days
from prima.complaints.models import Complaint, Event, Identity
from prima.lib import workdays
from prima.privacy.models import ANSWER_WORKING_DAYS, DataRequest
from prima.registry.models import Agency
from prima.standards.models import Participant as ForumParticipant

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser

Subject = Complaint | CoachingParticipant | ForumParticipant

# What a correction may change, per record (the fields the person gave).
CORRECTABLE: dict[str, tuple[str, ...]] = {
    "complaint": ("name", "email", "phone", "address"),
    "coaching": ("name", "position", "email", "unit_name"),
    "forum": ("name", "organisation"),
}

WIB = ZoneInfo("Asia/Jakarta")


# --- the deadline ------------------------------------------------------------------------------
def answer_due(received_at: dt.datetime, *, zone: ZoneInfo) -> dt.datetime:
    """The end of the 3rd working day after the day the request came in, local time; cuti
    bersama days do not count (offices are closed)."""
    local_day = received_at.astimezone(zone).date()
    return workdays.due_at(
        received_at,
        ANSWER_WORKING_DAYS,
        zone=zone,
        closed=closed_days(around=local_day, skip_cuti_bersama=True),
    )


def working_days_left(
    request: DataRequest, now: dt.datetime, *, closed: frozenset[dt.date] | None = None
) -> int:
    """Working days from today to the due day: 0 on the due day, negative once it is past.
    `closed`: the non-working days (`closed_days` around today), read once for a whole page."""
    zone = zone_of(request.agency)
    today, due = now.astimezone(zone), request.due_at.astimezone(zone)
    if closed is None:
        closed = closed_days(around=today.date(), skip_cuti_bersama=True)
    if due >= today:
        return workdays.working_days_between(today, due, zone=zone, closed=closed)
    return -workdays.working_days_between(due, today, zone=zone, closed=closed)


def zone_of(agency: Agency) -> ZoneInfo:
    return agency.region.zoneinfo if agency.region is not None else WIB


# --- whose data ------------------------------------------------------------------------------
def subject_of(request: DataRequest) -> Subject | None:
    return request.complaint or request.coaching_participant or request.forum_participant


def _holder(subject: Subject) -> tuple[Agency, str]:
    """The agency holding the record and the words naming it without naming the person."""
    if isinstance(subject, Complaint):
        return subject.agency, _("The complainant of report %(number)s") % {
            "number": subject.public_id or subject.pk
        }
    if isinstance(subject, CoachingParticipant):
        return subject.agency, _("A participant of %(event)s") % {"event": subject.event}
    agency = subject.forum.unit.agency
    return agency, _("A participant of the forum %(forum)s") % {"forum": subject.forum}


def _subject_fields(subject: Subject) -> dict[str, Any]:
    if isinstance(subject, Complaint):
        return {"complaint": subject}
    if isinstance(subject, CoachingParticipant):
        return {"coaching_participant": subject}
    return {"forum_participant": subject}


def correctable_of(subject: Subject) -> tuple[str, ...]:
    if isinstance(subject, Complaint):
        return CORRECTABLE["complaint"]
    if isinstance(subject, CoachingParticipant):
        return CORRECTABLE["coaching"]
    return CORRECTABLE["forum"]


# --- access ----------------------------------------------------------------------------------
def requests_visible_to(user: AnyUser) -> QuerySet[DataRequest]:
    """National administrators: every request; agency administrators: their agencies'."""
    scope = scope_for(user)
    if scope.national_admin:
        return DataRequest.objects.all()
    if not scope.admin_agency_ids:
        return DataRequest.objects.none()
    return DataRequest.objects.filter(agency_id__in=scope.admin_agency_ids)


def get_request_for_user(user: AnyUser, pk: int) -> DataRequest:
    """The request, for those who handle it; 404 (recorded) for anyone else."""
    request = (
        requests_visible_to(user)
        .select_related(
            "agency",
            "agency__region",
            "complaint",
            "complaint__agency",
            "complaint__unit",
            "coaching_participant",
            "coaching_participant__event",
            "forum_participant",
            "forum_participant__forum",
            "handled_by",
        )
        .filter(pk=pk)
        .first()
    )
    if request is None:
        deny(user, "privacy.datarequest", pk, write=False)
    return request


def can_handle_requests(user: AnyUser) -> bool:
    scope = scope_for(user)
    return scope.national_admin or bool(scope.admin_agency_ids)


# --- filing ----------------------------------------------------------------------------------
def subjects_for_staff(
    user: AnyUser,
    *,
    complaint_number: str = "",
    participant_email: str = "",
    forum_participant_name: str = "",
    forum_participant_organisation: str = "",
) -> list[Subject]:
    """The records a request entered by staff is about, among those the user's agencies hold:
    the complaint with that number, every bimtek participation under that e-mail address, or
    every forum participation under that name (and organisation, when given) — one request
    is filed for each, since each is held and answered on its own."""
    from prima.complaints.access import complaints_visible_to

    scope = scope_for(user)

    def held(agency_id: int | None) -> bool:
        return scope.national_admin or agency_id in scope.admin_agency_ids

    if complaint_number:
        complaint = (
            complaints_visible_to(user)
            .select_related("agency")
            .filter(public_id=complaint_number)
            .first()
        )
        return [complaint] if complaint is not None and held(complaint.agency_id) else []
    if forum_participant_name:
        members = ForumParticipant.objects.select_related("forum", "forum__unit").filter(
            name__iexact=forum_participant_name
        )
        if forum_participant_organisation:
            members = members.filter(organisation__iexact=forum_participant_organisation)
        return [m for m in members.order_by("pk") if held(m.forum.unit.agency_id)]
    participants = CoachingParticipant.objects.select_related("event", "agency").filter(
        email__iexact=participant_email
    )
    return [p for p in participants.order_by("pk") if held(p.agency_id)]


@transaction.atomic
def file_request(
    subject: Subject,
    *,
    kind: str,
    details: str = "",
    corrections: dict[str, str] | None = None,
    actor: User | None = None,
    now: dt.datetime | None = None,
) -> DataRequest:
    """Record a person's request (filed by them on the public pages, actor None, or entered
    by staff for a request made by letter or in person). Due in 3 working days."""
    if kind not in DataRequest.Kind.values:
        raise ValidationError(_("Choose what you ask for."))
    now = now or timezone.now()
    agency, label = _holder(subject)
    allowed = correctable_of(subject)
    clean = {k: str(v).strip()[:300] for k, v in (corrections or {}).items() if k in allowed}
    if kind == DataRequest.Kind.CORRECTION and not any(clean.values()) and not details.strip():
        raise ValidationError(_("Say what should be corrected, and how."))
    request = DataRequest.objects.create(
        kind=kind,
        agency=agency,
        subject_label=label[:200],
        details=details.strip()[:2000],
        corrections=clean if kind == DataRequest.Kind.CORRECTION else {},
        received_at=now,
        due_at=answer_due(now, zone=zone_of(agency)),
        **_subject_fields(subject),
    )
    if isinstance(subject, Complaint):
        _complaint_note(subject, request, _("Personal-data request %(receipt)s received: %(kind)s"))
    return request


def _complaint_note(complaint: Complaint, request: DataRequest, text: str) -> None:
    """A public step on the complaint's timeline, so the complainant sees the request on the
    tracking page (never its content)."""
    Event.objects.create(
        complaint=complaint,
        at=timezone.now(),
        action=Event.Action.PRIVACY_REQUEST,
        actor_label="",
        from_status=complaint.status,
        to_status=complaint.status,
        message=text % {"receipt": request.receipt, "kind": request.get_kind_display()},
        is_public=True,
    )


# --- handling --------------------------------------------------------------------------------
def _check_open(request: DataRequest) -> None:
    if not request.is_open:
        raise ValidationError(_("This request has already been answered."))


@transaction.atomic
def start(request: DataRequest, *, actor: User) -> DataRequest:
    _check_open(request)
    request.status = DataRequest.Status.IN_PROGRESS
    request.handled_by = actor
    request.save(update_fields=["status", "handled_by"])
    return request


def _finish(request: DataRequest, *, actor: User, status: str, answer: str) -> DataRequest:
    request.status = status
    request.handled_by = actor
    request.answer = answer.strip()[:2000]
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "handled_by", "answer", "answered_at"])
    if request.complaint is not None:
        _complaint_note(
            request.complaint,
            request,
            _("Personal-data request %(receipt)s answered: %(kind)s")
            if status == DataRequest.Status.DONE
            else _("Personal-data request %(receipt)s refused: %(kind)s"),
        )
    return request


@transaction.atomic
def complete(request: DataRequest, *, actor: User, answer: str) -> DataRequest:
    """Mark the request done with the answer the person will read."""
    _check_open(request)
    if not answer.strip():
        raise ValidationError(_("Write the answer the person will read."))
    return _finish(request, actor=actor, status=DataRequest.Status.DONE, answer=answer)


@transaction.atomic
def refuse(request: DataRequest, *, actor: User, reason: str) -> DataRequest:
    """Refuse, with the reason the law allows (UU 27/2022 art. 15), shown to the person."""
    _check_open(request)
    if not reason.strip():
        raise ValidationError(_("Give the reason for refusing."))
    return _finish(request, actor=actor, status=DataRequest.Status.REFUSED, answer=reason)


@transaction.atomic
def correct(
    request: DataRequest, *, actor: User, values: dict[str, str], answer: str = ""
) -> DataRequest:
    """Write the corrected values into the record (the participant models keep history; a
    complainant's identity change is recorded on the request, field names only) and close
    the request."""
    _check_open(request)
    subject = subject_of(request)
    if subject is None:
        raise ValidationError(_("The record no longer exists."))
    allowed = correctable_of(subject)
    values = {k: str(v).strip() for k, v in values.items() if k in allowed}
    target: Any = subject
    if isinstance(subject, Complaint):
        target, _created = Identity.objects.get_or_create(complaint=subject)
    changed = [k for k, v in values.items() if getattr(target, k) != v]
    for name in changed:
        setattr(target, name, values[name])
    if changed:
        target.full_clean(exclude=["complaint", "event", "agency", "unit", "forum"])
        target.save(update_fields=changed)
    text = answer.strip() or _("Your data has been corrected.")
    request.corrections = {**request.corrections, "_applied": changed}
    request.save(update_fields=["corrections"])
    return _finish(request, actor=actor, status=DataRequest.Status.DONE, answer=text)


@transaction.atomic
def restrict(request: DataRequest, *, actor: User, answer: str = "") -> DataRequest:
    """Stop further processing: the record is flagged and stays out of exports, open data
    with text and analysis lists; counts keep it (UU 27/2022 art. 11)."""
    _check_open(request)
    subject = subject_of(request)
    if subject is None:
        raise ValidationError(_("The record no longer exists."))
    type(subject).objects.filter(pk=subject.pk).update(processing_restricted=True)
    text = answer.strip() or _(
        "Processing of your data has been restricted: it is kept, but no longer exported or "
        "analysed."
    )
    return _finish(request, actor=actor, status=DataRequest.Status.DONE, answer=text)


@transaction.atomic
def erase(request: DataRequest, *, actor: User, answer: str = "") -> DataRequest:
    """Erase the person's data through prima.privacy.erasure (the complaint stays, with its
    state, unit and dates, so its public statistics do not move)."""
    from prima.privacy import erasure

    _check_open(request)
    subject = subject_of(request)
    if subject is None:
        raise ValidationError(_("The record no longer exists."))
    reason = f"request {request.receipt}"
    if isinstance(subject, Complaint):
        erasure.erase_complainant_identity(subject, reason=reason)
        erasure.redact_complaint_text(subject, reason=reason)
        erasure.delete_complaint_uploads(subject, reason=reason)
    else:
        erasure.erase_participant(subject, reason=reason)
    text = answer.strip() or _("Your personal data has been erased.")
    return _finish(request, actor=actor, status=DataRequest.Status.DONE, answer=text)


# --- what is held ----------------------------------------------------------------------------
@dataclass
class Held:
    """The personal data held about one person, and its processing record."""

    title: str
    fields: list[tuple[str, str, str]]  # (field, label, value)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    files: list[str] = field(default_factory=list)
    purpose: str = ""
    legal_basis: str = ""
    retention: list[tuple[str, int, str]] = field(default_factory=list)  # (what, days, from)
    seen_by: list[tuple[dt.datetime, str]] = field(default_factory=list)
    restricted: bool = False


def _retention(*keys: str) -> list[tuple[str, int, str]]:
    from prima.lib.privacy import retention_days, retention_kind

    return [
        (str(retention_kind(k).label), retention_days(k), str(retention_kind(k).starts))
        for k in keys
    ]


def _label(model: type[Model], name: str) -> str:
    """A concrete field's verbose name."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def held_about(subject: Subject) -> Held:
    """What Prima holds about the person a record names: the fields, the texts, the files'
    names, why and on what basis it is processed, how long it is kept, and — for a
    complainant — when staff looked at the identity (the security log)."""
    if isinstance(subject, Complaint):
        identity = Identity.objects.filter(complaint=subject).first()
        fields = [
            (name, _label(Identity, name), getattr(identity, name, ""))
            for name in CORRECTABLE["complaint"]
        ]
        looks = AuditEvent.objects.filter(
            kind=AuditEvent.Kind.IDENTITY_VIEWED,
            target_type="complaints.complaint",
            target_id=str(subject.pk),
        ).order_by("at")
        return Held(
            title=_("Report %(number)s") % {"number": subject.public_id},
            fields=fields,
            texts=[
                (str(Complaint._meta.get_field("title").verbose_name), subject.title),
                (str(Complaint._meta.get_field("description").verbose_name), subject.description),
                (str(Complaint._meta.get_field("location").verbose_name), subject.location),
            ],
            files=[(a.file.name or "").rsplit("/", 1)[-1] for a in subject.attachments.all()],
            purpose=_(
                "Handling your complaint: verifying it, passing it to the unit concerned, "
                "answering you and following it up (UU 25/2009 art. 36; Perpres 76/2013)."
            ),
            legal_basis=_(
                "Carrying out a public service duty under the law (UU 27/2022 art. 20(2)(e))."
            ),
            retention=_retention("complainant_identity", "closed_complaints", "uploads"),
            seen_by=[
                (e.at, _("an administrator of %(agency)s") % {"agency": e.agency or "Prima"})
                for e in looks.select_related("agency")
            ],
            restricted=subject.processing_restricted,
        )
    if isinstance(subject, CoachingParticipant):
        fields = [
            (
                name,
                _label(CoachingParticipant, name),
                getattr(subject, name),
            )
            for name in CORRECTABLE["coaching"]
        ]
        title = str(subject.event)
    else:
        fields = [
            (name, _label(ForumParticipant, name), getattr(subject, name))
            for name in CORRECTABLE["forum"]
        ]
        title = str(subject.forum)
    return Held(
        title=title,
        fields=fields,
        purpose=_(
            "Organising the activity, recording attendance and issuing certificates "
            "(PermenPANRB 16/2017 for consultation forums)."
        ),
        legal_basis=_(
            "Carrying out a public service duty under the law (UU 27/2022 art. 20(2)(e))."
        ),
        retention=_retention("participants"),
        restricted=subject.processing_restricted,
    )


def participant_records(email: str) -> list[CoachingParticipant]:
    """The coaching participants registered with this address (case ignored)."""
    email = email.strip()
    if not email:
        return []
    return list(
        CoachingParticipant.objects.select_related("event", "agency")
        .filter(email__iexact=email)
        .order_by("-registered_at", "pk")
    )


def requests_about(subject: Subject) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(**_subject_fields(subject)).order_by("-received_at", "-pk")


# --- export ----------------------------------------------------------------------------------
def export_rows(request: DataRequest) -> list[tuple[str, str]]:
    """The person's data as (what, value) rows, for the JSON and CSV export."""
    subject = subject_of(request)
    if subject is None:
        return []
    held = held_about(subject)
    rows = [(label, value) for _name, label, value in held.fields]
    rows += held.texts
    rows += [(_("attachment"), name) for name in held.files]
    return rows


def record_export(request: DataRequest, *, actor: User, fmt: str) -> None:
    """Every export of a person's data is a security event."""
    record_event(
        AuditEvent.Kind.PERSONAL_DATA_EXPORTED,
        actor=actor,
        target=request,
        agency=request.agency,
        detail={"format": fmt, "receipt": request.receipt},
    )


def overdue_filter(now: dt.datetime) -> Q:
    return Q(
        status__in=[DataRequest.Status.RECEIVED, DataRequest.Status.IN_PROGRESS], due_at__lt=now
    )
