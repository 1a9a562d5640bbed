"""Breach response (UU 27/2022 art. 46; docs/guide/privacy-breach.md): the 3×24-hour notice
clock and the report of which people and which of their fields an incident touched.

**The clock.** Written notice to the data subjects and to the supervisory institution is due
within 3×24 hours of the breach's discovery: 72 calendar hours from `Incident.discovered_at`,
nights, weekends and holidays included (not working days). The deadline itself is still in
time; a second later is late.

**What counts as "touched".** The window is [started_at, ended_at] (ended_at empty: up to
now). A person is in the report when at least one of these holds, and each reason is kept as
evidence beside them:

1. *Identity read by a compromised account*: the security log has an "identity viewed" event
   (accounts.AuditEvent, written by prima.complaints.access.get_identity_for_user) by one of
   the incident's compromised accounts inside the window → the complainant; fields: the
   identity fields they had filled in (name, e-mail, phone, address).
2. *Complaint handled by a compromised account*: one of its steps in a complaint's timeline
   (complaints.Event, other than the identity view already counted) inside the window → the
   complainant; fields: the complaint's title, description and place. Opening a complaint
   is not logged, so a complaint only read leaves no trace here: see point 5.
3. *Changed in the window*: a history row (django-simple-history) of a record holding personal
   data — staff accounts, coaching participants, forum participants — written inside the
   window by a compromised account → that person; fields: those the change set (all filled
   personal fields for a record created).
4. *The compromised accounts themselves*: their holders are staff whose account details
   (user name, name, e-mail, phone, NIP) the attacker held.
5. *Within an affected scope*: for each agency and service unit the incident names, the
   records of the kinds it names (`Incident.record_kinds`) that existed before the window
   ended: complaints addressed to the agency or sent to the unit (identity fields for
   "identities", text fields for "text", attachments for "files"), participants of the
   agency's coaching events and of the unit's forums, and the staff holding roles there.
   Use it when the log cannot show what was read (a stolen database copy, a session of a
   compromised account whose pages are not logged): the report then lists everyone who
   could have been reached. The report shows each compromised account's roles, so that their
   reach can be added to the scope when it cannot be ruled out.

6. *Taken away by a compromised account*: inside the window it exported a person's data from
   a request (security log "a person's data exported") → that person, with every field Prima
   held of them; or it downloaded a list holding personal data (security log "a list with
   personal data downloaded", which keeps the ids of the records in it) → each person in the
   list, with the fields the list holds: a coaching event's participants (name, position,
   e-mail), the complaints queue (each complaint's title).

Exports (jobs.Export) asked for by a compromised account in the window, its downloads and its
sign-ins are listed as evidence of what it did. The background export kinds Prima has hold
aggregate figures, with no person in them, so they add nobody; the security log's own CSV
(staff's user names and addresses) is listed, and its people are the staff in scope (rule 5).
SKM responses are anonymous: their profiles are counted (kind "survey profiles") but there is
nobody to write to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from prima.accounts.audit import DOWNLOADED_LISTS
from prima.accounts.models import AuditEvent, Membership, User
from prima.coaching.models import Participant as CoachingParticipant
from prima.complaints.models import Attachment, Complaint, Event, Identity
from prima.jobs.models import Export
from prima.privacy.models import DataRequest, Incident, RecordKind
from prima.standards.models import Participant as ForumParticipant
from prima.surveys.models import SurveyResponse

if TYPE_CHECKING:
    from django.db import models

# UU 27/2022 art. 46(1): "paling lambat 3 x 24 (tiga kali dua puluh empat) jam".
NOTICE_HOURS = 3 * 24


# --- the clock -------------------------------------------------------------------------------
def notice_deadline(discovered_at: datetime) -> datetime:
    """When the written notices are due: 72 calendar hours after discovery."""
    return discovered_at + timedelta(hours=NOTICE_HOURS)


def is_overdue(incident: Incident, *, now: datetime) -> bool:
    """Past the deadline with a notice still not sent (to the subjects or the institution)."""
    notified = incident.notified_subjects_at is not None and (
        incident.notified_authority_at is not None
    )
    return not notified and now > notice_deadline(incident.discovered_at)


def time_left(incident: Incident, *, now: datetime) -> timedelta:
    """Until the deadline; negative when it has passed."""
    return notice_deadline(incident.discovered_at) - now


def scope_snapshot(
    accounts: Iterable[User], agencies: Iterable[Any], units: Iterable[Any]
) -> dict[str, list[str]]:
    """The incident's scope by name, for its history (Incident.scope_saved)."""
    return {
        "accounts": sorted(user.get_username() for user in accounts),
        "agencies": sorted(str(agency) for agency in agencies),
        "units": sorted(str(unit) for unit in units),
    }


# --- the report ------------------------------------------------------------------------------
class SubjectKind:
    COMPLAINANT = "complainant"
    PARTICIPANT = "participant"
    FORUM_MEMBER = "forum_member"
    STAFF = "staff"


SUBJECT_LABELS: dict[str, Promise] = {
    SubjectKind.COMPLAINANT: gettext_lazy("Complainant"),
    SubjectKind.PARTICIPANT: gettext_lazy("Coaching participant"),
    SubjectKind.FORUM_MEMBER: gettext_lazy("Forum participant"),
    SubjectKind.STAFF: gettext_lazy("Staff member"),
}

IDENTITY_FIELDS = ("name", "email", "phone", "address")
COMPLAINT_TEXT_FIELDS = ("title", "description", "location")
STAFF_FIELDS = ("username", "full_name", "email", "phone", "nip")
COACHING_FIELDS = ("name", "position", "email")
FORUM_FIELDS = ("name", "organisation")


@dataclass
class Evidence:
    at: datetime | None
    # "identity_viewed", "complaint_event", "changed", "compromised", "scope", "downloaded"
    rule: str
    text: str


@dataclass
class Subject:
    kind: str
    pk: int
    reference: str  # what staff call the record: a complaint's number, a user name
    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    fields: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Report:
    incident: Incident
    start: datetime
    end: datetime
    subjects: dict[tuple[str, int], Subject]
    exports: list[Export]
    downloads: list[AuditEvent]
    sign_ins: list[AuditEvent]
    reach: list[Membership]
    survey_profiles: int

    def people(self) -> list[Subject]:
        return sorted(self.subjects.values(), key=lambda s: (s.kind, s.reference, s.pk))

    def per_kind(self) -> list[tuple[str, int]]:
        counts = Counter(subject.kind for subject in self.subjects.values())
        return sorted(counts.items())

    def per_field(self) -> list[tuple[str, str, int]]:
        counts = Counter(
            (subject.kind, name) for subject in self.subjects.values() for name in subject.fields
        )
        return sorted((kind, name, count) for (kind, name), count in counts.items())

    def field_names(self) -> set[str]:
        return {name for subject in self.subjects.values() for name in subject.fields}


def _field_label(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


FIELD_MODELS: dict[str, type[models.Model]] = {
    "identity": Identity,
    "complaint": Complaint,
    "user": User,
    "coaching": CoachingParticipant,
    "forum": ForumParticipant,
}


def field_label(key: str) -> str:
    """ "identity.email" → "e-mail" in the reader's language."""
    if key == "attachment.file":
        return _("attached files")
    prefix, _dot, name = key.partition(".")
    model = FIELD_MODELS.get(prefix)
    return _field_label(model, name) if model is not None else key


class _Builder:
    def __init__(self) -> None:
        self.subjects: dict[tuple[str, int], Subject] = {}
        self._identities: dict[int, Identity | None] = {}

    def load_identities(self, complaint_ids: Iterable[int]) -> None:
        """Read the identities of many complaints at once (not one query per complaint)."""
        wanted = {pk for pk in complaint_ids if pk not in self._identities}
        if not wanted:
            return
        found = {i.complaint_id: i for i in Identity.objects.filter(complaint_id__in=wanted)}
        for pk in wanted:
            self._identities[pk] = found.get(pk)

    def identity(self, complaint: Complaint) -> Identity | None:
        self.load_identities([complaint.pk])
        return self._identities[complaint.pk]

    def identity_fields(self, complaint: Complaint) -> list[str]:
        identity = self.identity(complaint)
        if identity is None:
            return []
        return [f"identity.{name}" for name in _filled(identity, IDENTITY_FIELDS)]

    def fill_contact(self, subject: Subject, complaint: Complaint) -> None:
        identity = self.identity(complaint)
        if identity is not None:
            subject.name = identity.name
            subject.email = identity.email
            subject.phone = identity.phone
            subject.address = identity.address

    def subject(self, kind: str, pk: int, reference: str) -> Subject:
        key = (kind, pk)
        if key not in self.subjects:
            self.subjects[key] = Subject(kind=kind, pk=pk, reference=reference)
        return self.subjects[key]

    def complainant(
        self, complaint: Complaint, fields: Iterable[str], evidence: Evidence
    ) -> Subject:
        subject = self.subject(
            SubjectKind.COMPLAINANT, complaint.pk, complaint.public_id or f"#{complaint.pk}"
        )
        subject.fields.update(fields)
        subject.evidence.append(evidence)
        return subject

    def person(
        self,
        kind: str,
        record: Any,
        prefix: str,
        names: Iterable[str],
        evidence: Evidence,
        reference: str,
    ) -> Subject:
        subject = self.subject(kind, record.pk, reference)
        subject.name = getattr(record, "full_name", "") or getattr(record, "name", "")
        subject.email = getattr(record, "email", "") or ""
        subject.phone = getattr(record, "phone", "") or ""
        subject.fields.update(f"{prefix}.{name}" for name in names)
        subject.evidence.append(evidence)
        return subject

    def participant(self, participant: CoachingParticipant, evidence: Evidence) -> Subject:
        """A coaching participant, with the fields they filled in."""
        return self.person(
            SubjectKind.PARTICIPANT,
            participant,
            "coaching",
            _filled(participant, COACHING_FIELDS),
            evidence,
            f"#{participant.pk}",
        )

    def forum_member(self, member: ForumParticipant, evidence: Evidence) -> Subject:
        """A forum participant, with the fields they filled in."""
        return self.person(
            SubjectKind.FORUM_MEMBER,
            member,
            "forum",
            _filled(member, FORUM_FIELDS),
            evidence,
            f"#{member.pk}",
        )


def _filled(record: Any, names: Iterable[str]) -> list[str]:
    return [name for name in names if getattr(record, name, "")]


def download_label(event: AuditEvent) -> str:
    """ "the complaints queue (12 rows)", "a person's data (request PD-…)" for the evidence."""
    if event.kind == AuditEvent.Kind.PERSONAL_DATA_EXPORTED:
        return _("a person's data (request %(receipt)s)") % {
            "receipt": event.detail.get("receipt", event.target_id)
        }
    name = str(event.detail.get("list", ""))
    label = str(DOWNLOADED_LISTS.get(name, name))
    rows = event.detail.get("rows")
    if isinstance(rows, int):
        return ngettext("%(list)s, %(rows)s row", "%(list)s, %(rows)s rows", rows) % {
            "list": label,
            "rows": rows,
        }
    return label


def _ids(event: AuditEvent) -> list[int]:
    found = event.detail.get("ids", [])
    return [pk for pk in found if isinstance(pk, int)] if isinstance(found, list) else []


def _taken_away(built: _Builder, event: AuditEvent) -> None:
    """Rule 6 for one security-log event: the people in what the account took away."""
    evidence = Evidence(
        event.at,
        "downloaded",
        _("In %(what)s downloaded by %(user)s (security log #%(id)s)")
        % {"what": download_label(event), "user": event.username, "id": event.pk},
    )
    if event.kind == AuditEvent.Kind.PERSONAL_DATA_EXPORTED:
        data_request = (
            DataRequest.objects.filter(pk=event.target_id if event.target_id.isdigit() else 0)
            .select_related("complaint", "coaching_participant", "forum_participant")
            .first()
        )
        if data_request is None:
            return
        if data_request.complaint is not None:
            complaint = data_request.complaint
            fields = built.identity_fields(complaint) + [
                f"complaint.{name}" for name in _filled(complaint, COMPLAINT_TEXT_FIELDS)
            ]
            built.fill_contact(built.complainant(complaint, fields, evidence), complaint)
        elif data_request.coaching_participant is not None:
            participant = data_request.coaching_participant
            built.participant(participant, evidence)
        elif data_request.forum_participant is not None:
            member = data_request.forum_participant
            built.forum_member(member, evidence)
        return
    listed = event.detail.get("list")
    if listed == "coaching_participants":
        for participant in CoachingParticipant.objects.filter(pk__in=_ids(event)).order_by("pk"):
            built.participant(participant, evidence)
    elif listed == "complaints":
        complaints = list(Complaint.objects.filter(pk__in=_ids(event)).order_by("pk"))
        built.load_identities(c.pk for c in complaints)
        for complaint in complaints:
            fields = ["complaint.title"] if complaint.title else []
            built.fill_contact(built.complainant(complaint, fields, evidence), complaint)


def build_report(incident: Incident, *, now: datetime | None = None) -> Report:
    """Everyone the incident touched in its window, with the fields and the evidence (see the
    module's docstring for what counts)."""
    now = now or timezone.now()
    start, end = incident.started_at, incident.ended_at or now
    window = Q(at__gte=start, at__lte=end)
    accounts = list(incident.accounts.all())
    account_ids = [account.pk for account in accounts]
    built = _Builder()
    kinds = set(incident.record_kinds or [])

    # 1. identities viewed by a compromised account
    views = AuditEvent.objects.filter(
        window,
        kind=AuditEvent.Kind.IDENTITY_VIEWED,
        actor_id__in=account_ids,
        target_type="complaints.complaint",
    ).order_by("at", "pk")
    for event in views:
        complaint = Complaint.objects.filter(pk=event.target_id).first()
        if complaint is None:
            continue
        subject = built.complainant(
            complaint,
            built.identity_fields(complaint),
            Evidence(
                event.at,
                "identity_viewed",
                _("Identity viewed by %(user)s (security log #%(id)s)")
                % {"user": event.username, "id": event.pk},
            ),
        )
        built.fill_contact(subject, complaint)

    # 2. complaints handled by a compromised account
    steps = (
        Event.objects.filter(window, actor_id__in=account_ids)
        .exclude(action=Event.Action.IDENTITY_VIEWED)
        .select_related("complaint")
        .order_by("at", "pk")
    )
    for step in steps:
        subject = built.complainant(
            step.complaint,
            [f"complaint.{name}" for name in _filled(step.complaint, COMPLAINT_TEXT_FIELDS)],
            Evidence(
                step.at,
                "complaint_event",
                _("%(action)s by %(user)s in the complaint's timeline")
                % {"action": step.get_action_display(), "user": step.actor_label},
            ),
        )
        built.fill_contact(subject, step.complaint)

    # 3. personal records changed in the window by a compromised account
    histories: tuple[tuple[str, type[models.Model], str, tuple[str, ...]], ...] = (
        (SubjectKind.STAFF, User, "user", STAFF_FIELDS),
        (SubjectKind.PARTICIPANT, CoachingParticipant, "coaching", COACHING_FIELDS),
        (SubjectKind.FORUM_MEMBER, ForumParticipant, "forum", FORUM_FIELDS),
    )
    for kind, model, prefix, names in histories:
        rows = model.history.filter(  # type: ignore[attr-defined]
            history_date__gte=start, history_date__lte=end, history_user_id__in=account_ids
        ).order_by("history_date", "history_id")
        for row in rows:
            # The row before, by id rather than by date: a clock set back must not hide it.
            before = (
                model.history.filter(  # type: ignore[attr-defined]
                    id=row.id, history_id__lt=row.history_id
                )
                .order_by("-history_id")
                .first()
            )
            if row.history_type == "~" and before is not None:
                delta = row.diff_against(before)
                changed = [name for name in names if name in delta.changed_fields]
            else:  # created or deleted: everything it held
                changed = _filled(row, names)
            if not changed:
                continue
            record = model.objects.filter(pk=row.id).first() or row  # type: ignore[attr-defined]
            reference = getattr(record, "username", "") or f"#{row.id}"
            built.person(
                kind,
                record,
                prefix,
                changed,
                Evidence(
                    row.history_date,
                    "changed",
                    _("Changed by %(user)s: %(fields)s")
                    % {
                        "user": row.history_user.get_username() if row.history_user else "",
                        "fields": ", ".join(_field_label(model, name) for name in changed),
                    },
                ),
                reference,
            )

    # 4. the compromised accounts' holders
    for account in accounts:
        built.person(
            SubjectKind.STAFF,
            account,
            "user",
            _filled(account, STAFF_FIELDS),
            Evidence(None, "compromised", _("The account is listed as compromised")),
            account.username,
        )

    # 5. the affected scope
    agency_ids = list(incident.agencies.values_list("pk", flat=True))
    unit_ids = list(incident.units.values_list("pk", flat=True))
    survey_profiles = 0
    if agency_ids or unit_ids:
        in_scope = _("Within the incident's scope (%(kind)s)")
        complaints = Complaint.objects.filter(
            Q(agency_id__in=agency_ids) | Q(unit_id__in=unit_ids), received_at__lte=end
        ).order_by("pk")
        if kinds & {RecordKind.COMPLAINT_IDENTITY, RecordKind.COMPLAINT_TEXT, RecordKind.UPLOADS}:
            built.load_identities(complaints.values_list("pk", flat=True))
        for wanted, label in (
            (RecordKind.COMPLAINT_IDENTITY, RecordKind.COMPLAINT_IDENTITY.label),
            (RecordKind.COMPLAINT_TEXT, RecordKind.COMPLAINT_TEXT.label),
        ):
            if wanted not in kinds:
                continue
            for complaint in complaints:
                if wanted == RecordKind.COMPLAINT_IDENTITY:
                    fields = built.identity_fields(complaint)
                    if not fields:
                        continue  # anonymous: nothing of theirs was held
                else:
                    fields = [
                        f"complaint.{name}" for name in _filled(complaint, COMPLAINT_TEXT_FIELDS)
                    ]
                subject = built.complainant(
                    complaint, fields, Evidence(None, "scope", in_scope % {"kind": label})
                )
                built.fill_contact(subject, complaint)
        if RecordKind.UPLOADS in kinds:
            files = Attachment.objects.filter(
                complaint__in=complaints, created_at__lte=end
            ).select_related("complaint")
            for attachment in files:
                subject = built.complainant(
                    attachment.complaint,
                    ["attachment.file"],
                    Evidence(None, "scope", in_scope % {"kind": RecordKind.UPLOADS.label}),
                )
                built.fill_contact(subject, attachment.complaint)
        if RecordKind.PARTICIPANTS in kinds:
            label = RecordKind.PARTICIPANTS.label
            for participant in CoachingParticipant.objects.filter(
                Q(agency_id__in=agency_ids) | Q(unit_id__in=unit_ids)
            ).order_by("pk"):
                built.participant(participant, Evidence(None, "scope", in_scope % {"kind": label}))
            for member in ForumParticipant.objects.filter(
                Q(forum__unit_id__in=unit_ids) | Q(forum__unit__agency_id__in=agency_ids)
            ).order_by("pk"):
                built.forum_member(member, Evidence(None, "scope", in_scope % {"kind": label}))
        if RecordKind.STAFF_ACCOUNTS in kinds:
            staff = User.objects.filter(
                Q(memberships__agency_id__in=agency_ids)
                | Q(memberships__unit_id__in=unit_ids)
                | Q(memberships__unit__agency_id__in=agency_ids)
            ).distinct()
            for user in staff.order_by("pk"):
                built.person(
                    SubjectKind.STAFF,
                    user,
                    "user",
                    _filled(user, STAFF_FIELDS),
                    Evidence(None, "scope", in_scope % {"kind": RecordKind.STAFF_ACCOUNTS.label}),
                    user.username,
                )
        if RecordKind.SURVEY_PROFILES in kinds:
            survey_profiles = SurveyResponse.objects.filter(
                Q(unit_id__in=unit_ids) | Q(unit__agency_id__in=agency_ids),
                submitted_at__lte=end,
            ).count()

    # 6. what a compromised account took away: a person's data, a list of people
    downloads = list(
        AuditEvent.objects.filter(
            window,
            kind__in=[
                AuditEvent.Kind.PERSONAL_DATA_EXPORTED,
                AuditEvent.Kind.PERSONAL_LIST_DOWNLOADED,
            ],
            actor_id__in=account_ids,
        ).order_by("at", "pk")
    )
    for event in downloads:
        _taken_away(built, event)

    exports = list(
        Export.objects.filter(
            requested_by_id__in=account_ids, created_at__gte=start, created_at__lte=end
        ).select_related("requested_by")
    )
    sign_ins = list(
        AuditEvent.objects.filter(
            window, kind=AuditEvent.Kind.LOGIN_SUCCEEDED, actor_id__in=account_ids
        ).order_by("at", "pk")
    )
    reach = list(
        Membership.objects.filter(user_id__in=account_ids)
        .select_related("user", "agency", "unit", "region")
        .order_by("user__username", "role")
    )
    return Report(
        incident=incident,
        start=start,
        end=end,
        subjects=built.subjects,
        exports=exports,
        downloads=downloads,
        sign_ins=sign_ins,
        reach=reach,
        survey_profiles=survey_profiles,
    )


def csv_rows(report: Report) -> Iterable[list[object]]:
    """One row per person, with the contact details the letter to them needs (not the NIP, not
    the text of a complaint)."""
    for subject in report.people():
        yield [
            str(SUBJECT_LABELS[subject.kind]),
            subject.reference,
            subject.name,
            subject.email,
            subject.phone,
            subject.address,
            "; ".join(sorted(field_label(name) for name in subject.fields)),
            "; ".join(evidence.text for evidence in subject.evidence),
        ]


def csv_header() -> list[str]:
    return [
        _("Kind of person"),
        _("Reference"),
        _("Name"),
        _("E-mail"),
        _("Phone"),
        _("Address"),
        _("Fields touched"),
        _("Why listed"),
    ]
