"""Every write in the coaching programme, each in one transaction, naming who acted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from prima.coaching import joinlist
from prima.coaching.models import (
    Event,
    EventTopic,
    Feedback,
    FollowUpTask,
    Invitation,
    Material,
    Participant,
    ProgressReport,
    Question,
    Reminder,
)
from prima.lib.history import Reason
from prima.lib.history import delete_recorded as _delete
from prima.lib.history import save_recorded as _save
from prima.registry.models import Agency, ServiceUnit

if TYPE_CHECKING:
    from prima.accounts.models import User
    from prima.standards.models import ServiceStandard
    from prima.surveys.models import FollowUpAction, SurveyPeriod

# Why each action saved (prima.lib.history): English here, in the reader's language when shown.
EDITED = Reason(gettext_noop("event details edited"), aliases=("edited",))
PUBLISHED = Reason(gettext_noop("published"))
CANCELLED = Reason(gettext_noop("cancelled: %(reason)s"))
REGISTERED = Reason(gettext_noop("registered"))
ATTENDED = Reason(
    gettext_noop("attended (%(source)s)"),
    shows={"source": lambda v: str(Participant.Source(v).label)},
)
ATTENDANCE_REMOVED = Reason(gettext_noop("attendance removed"))
ANSWERED = Reason(gettext_noop("answered"))
TASK_SET = Reason(gettext_noop("set"))
REPORTED = Reason(gettext_noop("reported"))
VERIFIED = Reason(gettext_noop("verified"))
SENT_BACK = Reason(gettext_noop("sent back"))
DEADLINE_CHANGED = Reason(gettext_noop("deadline: %(reason)s"))


# --- events ---------------------------------------------------------------------------------
def _set_topics(event: Event, topics: Iterable[str], *, actor: User) -> None:
    chosen = set(topics)
    if not chosen:
        raise ValidationError(_("Choose at least one topic."))
    for dropped in event.topics.exclude(topic__in=chosen):
        _delete(dropped, actor)
    have = set(event.topics.values_list("topic", flat=True))
    for topic in sorted(chosen - have):
        _save(EventTopic(event=event, topic=topic), actor)


def _check_mode(event: Event) -> None:
    if event.mode in (Event.Mode.ONLINE, Event.Mode.HYBRID) and not event.meeting_link:
        raise ValidationError(_("An online or hybrid event needs its meeting link."))
    if event.mode in (Event.Mode.FACE_TO_FACE, Event.Mode.HYBRID) and not event.location:
        raise ValidationError(_("A face-to-face or hybrid event needs its venue."))


@transaction.atomic
def create_event(*, actor: User, topics: Iterable[str], **fields: Any) -> Event:
    """A new event as a draft. `fields` are Event fields."""
    event = Event(created_by=actor, **fields)
    _check_mode(event)
    _save(event, actor)
    _set_topics(event, topics, actor=actor)
    return event


@transaction.atomic
def update_event(
    event: Event, *, actor: User, topics: Iterable[str] | None = None, **fields: Any
) -> Event:
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be changed."))
    for name, value in fields.items():
        setattr(event, name, value)
    _check_mode(event)
    _save(event, actor, EDITED)
    if topics is not None:
        _set_topics(event, topics, actor=actor)
    return event


@transaction.atomic
def publish_event(event: Event, *, actor: User) -> None:
    """Publish a draft: its invited agencies see it and register participants."""
    if event.status != Event.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if not event.invitations.exists():
        raise ValidationError(_("Invite at least one agency before publishing."))
    event.status = Event.Status.PUBLISHED
    _save(event, actor, PUBLISHED)


@transaction.atomic
def cancel_event(event: Event, *, actor: User, reason: str) -> None:
    """Cancel the event and its tasks not yet reported done, for the same reason."""
    if event.status == Event.Status.CANCELLED:
        return
    if not reason.strip():
        raise ValidationError(_("Say why the event is cancelled."))
    event.status = Event.Status.CANCELLED
    because = CANCELLED(reason=reason.strip())
    _save(event, actor, because)
    for task in event.tasks.exclude(status__in=FollowUpTask.FINISHED):
        task.status = FollowUpTask.Status.CANCELLED
        _save(task, actor, because)


# --- invitations and materials ----------------------------------------------------------------
@transaction.atomic
def invite(event: Event, *, actor: User, agencies: Iterable[Agency]) -> int:
    """Invite agencies (already invited ones are skipped). Returns how many were added."""
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be changed."))
    have = set(event.invitations.values_list("agency_id", flat=True))
    new = []
    for agency in agencies:  # a region and one of its agencies may both be chosen
        if agency.pk not in have:
            have.add(agency.pk)
            new.append(Invitation(event=event, agency=agency))
    # A whole coordination region is hundreds of agencies: one insert, and one for the history.
    bulk_create_with_history(new, Invitation, default_user=actor)
    return len(new)


@transaction.atomic
def withdraw_invitation(event: Event, *, actor: User, agency: Agency) -> None:
    if event.participants.filter(agency=agency).exists():
        raise ValidationError(
            _("%(agency)s has registered participants: remove them first.") % {"agency": agency}
        )
    for invitation in event.invitations.filter(agency=agency):
        _delete(invitation, actor)


def add_material(
    event: Event, *, actor: User, title: str, file: Any = None, link: str = ""
) -> Material:
    material = Material(event=event, title=title, link=link)
    if file:
        material.file.save(file.name, file, save=False)
    _save(material, actor)
    return material


def remove_material(material: Material, *, actor: User) -> None:
    if material.file:
        material.file.delete(save=False)
    _delete(material, actor)


# --- participants and attendance ----------------------------------------------------------------
@transaction.atomic
def register(
    event: Event,
    *,
    actor: User,
    agency: Agency,
    name: str,
    position: str,
    unit: ServiceUnit | None = None,
    unit_name: str = "",
    email: str = "",
) -> Participant:
    """Register a participant for an invited agency, until the event ends."""
    if not event.registration_open(timezone.now()):
        if event.status != Event.Status.PUBLISHED:
            raise ValidationError(_("Participants can be registered once the event is published."))
        raise ValidationError(_("The event is over: registration has closed."))
    if not event.invitations.filter(agency=agency).exists():
        raise ValidationError(_("%(agency)s is not invited to this event.") % {"agency": agency})
    if unit is not None and unit.agency_id != agency.pk:
        raise ValidationError(_("That service unit belongs to another agency."))
    name = " ".join(name.split())
    if event.participants.filter(agency=agency, name__iexact=name).exists():
        raise ValidationError(
            _("%(name)s is already registered for %(agency)s.") % {"name": name, "agency": agency}
        )
    participant = Participant(
        event=event,
        agency=agency,
        name=name,
        position=position.strip(),
        unit=unit,
        unit_name=unit_name.strip(),
        email=email.strip().lower(),
        registered_by=actor,
    )
    _save(participant, actor, REGISTERED)
    return participant


@transaction.atomic
def unregister(participant: Participant, *, actor: User) -> None:
    if participant.attended:
        raise ValidationError(_("A participant who attended cannot be removed."))
    _delete(participant, actor)


def _next_certificate_number(event: Event) -> str:
    """PRIMA/<kind>/<event>/<nnn>/<year>, numbered in the order people attended; the year
    the event started in by its own clock."""
    Event.objects.select_for_update().filter(pk=event.pk).first()  # one numbering at a time
    taken = event.participants.exclude(certificate_number="").count()
    return f"PRIMA/{event.kind.upper()}/{event.pk}/{taken + 1:03d}/{event.local_start.year}"


def _mark(participant: Participant, *, actor: User | None, source: str, at: dt.datetime) -> bool:
    if participant.attended_at is not None:
        return False
    participant.attended_at = at
    participant.attendance_source = source
    participant.certificate_number = _next_certificate_number(participant.event)
    _save(participant, actor, ATTENDED(source=source))
    return True


@transaction.atomic
def mark_attendance(participant: Participant, *, actor: User, attended: bool = True) -> None:
    """The organiser marks (or unmarks) a participant by hand."""
    if attended:
        _mark(participant, actor=actor, source=Participant.Source.MANUAL, at=timezone.now())
    elif participant.attended_at is not None:
        if hasattr(participant, "feedback"):
            raise ValidationError(_("This participant has evaluated the event: keep them."))
        participant.attended_at = None
        participant.attendance_source = ""
        participant.certificate_number = ""
        _save(participant, actor, ATTENDANCE_REMOVED)


def check_in(
    event: Event, *, actor: User | None, code: str, now: dt.datetime | None = None
) -> Participant:
    """A participant checks in with the code they were given at registration (the QR code
    at the venue or on the screen opens the page). The participant has no account: `actor`
    is None from the participants' page."""
    now = now or timezone.now()
    if not event.check_in_open(now):
        raise ValidationError(
            _("Check-in is open from an hour before the event until an hour after it ends.")
        )
    participant = event.participant_with_code(code)
    if participant is None:
        raise ValidationError(_("No participant of this event has that code."))
    with transaction.atomic():
        _mark(participant, actor=actor, source=Participant.Source.QR, at=now)
    return participant


def import_join_list(
    event: Event,
    *,
    actor: User,
    header: list[str],
    rows: Iterable[tuple[int, dict[str, Any]]],
    min_minutes: int = 0,
) -> joinlist.Match:
    """Mark as attended everyone the meeting tool's join list names. Returns the match, so
    the page can list the rows that matched nobody. Raises ValidationError when the file has
    no name column."""
    try:
        joined = joinlist.read(header, rows)
    except joinlist.JoinListError as error:
        raise ValidationError(str(error)) from error
    people = {p.pk: p for p in event.participants.select_related("event")}
    result = joinlist.match(
        joined, {pk: (p.name, p.email) for pk, p in people.items()}, min_minutes=min_minutes
    )
    at = event.starts_at
    with transaction.atomic():
        for pk in result.matched:
            _mark(people[pk], actor=actor, source=Participant.Source.IMPORT, at=at)
    return result


# --- Q&A and the event's evaluation -------------------------------------------------------------
def record_question(
    event: Event,
    *,
    actor: User,
    question: str,
    asked_by: str = "",
    agency: Agency | None = None,
    answer: str = "",
    answered_by: str = "",
    topic: str = "",
) -> Question:
    entry = Question(
        event=event,
        question=question.strip(),
        asked_by=asked_by.strip(),
        agency=agency,
        answer=answer.strip(),
        answered_by=answered_by.strip(),
        topic=topic,
    )
    _save(entry, actor)
    return entry


def answer_question(entry: Question, *, actor: User, answer: str, answered_by: str) -> None:
    entry.answer = answer.strip()
    entry.answered_by = answered_by.strip()
    _save(entry, actor, ANSWERED)


@transaction.atomic
def give_feedback(participant: Participant, *, actor: User | None, **ratings: Any) -> Feedback:
    """A participant who attended evaluates the event, once. The participant has no account:
    `actor` is None from the participants' page."""
    if not participant.attended:
        raise ValidationError(_("Only participants who attended can evaluate the event."))
    if Feedback.objects.filter(participant=participant).exists():
        raise ValidationError(_("You have already evaluated this event. Thank you!"))
    feedback = Feedback(event_id=participant.event_id, participant=participant, **ratings)
    _save(feedback, actor)
    return feedback


# --- follow-up tasks --------------------------------------------------------------------------
@transaction.atomic
def set_tasks(
    event: Event,
    *,
    actor: User,
    agencies: Iterable[Agency],
    title: str,
    due_on: dt.date,
    description: str = "",
    topic: str = "",
    evidence: str = FollowUpTask.Evidence.DOCUMENT,
    target: int = 1,
) -> list[FollowUpTask]:
    """One task for each of `agencies` (agencies that already have a task with this title
    are skipped)."""
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("Follow-up tasks are set for a published event."))
    if due_on < event.local_end.date():
        raise ValidationError(_("The deadline must be after the event."))
    invited = set(event.invitations.values_list("agency_id", flat=True))
    chosen = list(agencies)
    outside = [a for a in chosen if a.pk not in invited]
    if outside:
        raise ValidationError(
            _("Not invited to this event: %(names)s.")
            % {"names": ", ".join(a.name for a in outside)}
        )
    if not chosen:
        raise ValidationError(_("Choose the agencies the task is for."))
    have = set(event.tasks.filter(title__iexact=title.strip()).values_list("agency_id", flat=True))
    created = []
    for agency in chosen:
        if agency.pk in have:
            continue
        task = FollowUpTask(
            event=event,
            agency=agency,
            title=title.strip(),
            description=description.strip(),
            topic=topic,
            evidence=evidence,
            target=target,
            due_on=due_on,
        )
        _save(task, actor, TASK_SET)
        created.append(task)
    return created


def _record_date(record: Any) -> dt.date | None:
    """The day a linked record shows the work done."""
    from prima.standards.models import ServiceStandard
    from prima.surveys.models import FollowUpAction, SurveyPeriod

    if isinstance(record, ServiceStandard):
        return record.decree_date
    if isinstance(record, SurveyPeriod):
        published = record.results_published_at
        return timezone.localdate(published) if published else None
    if isinstance(record, FollowUpAction):
        return record.completed_on
    return None


def check_evidence(
    task: FollowUpTask,
    *,
    standard: ServiceStandard | None = None,
    survey_period: SurveyPeriod | None = None,
    follow_up_action: FollowUpAction | None = None,
) -> None:
    """A linked record must belong to the task's agency, be in the state that shows the
    work done, and date from the event on."""
    from prima.standards.models import ServiceStandard
    from prima.surveys.models import FollowUpAction as Action

    since = task.event.local_start.date()
    if standard is not None:
        if standard.service.unit.agency_id != task.agency_id:
            raise ValidationError(_("That service standard belongs to another agency."))
        if standard.status not in ServiceStandard.FORMALLY_SET or not standard.decree_date:
            raise ValidationError(_("That service standard has not been set by a decree yet."))
    if survey_period is not None:
        if survey_period.unit.agency_id != task.agency_id:
            raise ValidationError(_("That survey period belongs to another agency."))
        if survey_period.results_published_at is None:
            raise ValidationError(_("That survey period's results have not been published."))
    if follow_up_action is not None:
        if follow_up_action.period.unit.agency_id != task.agency_id:
            raise ValidationError(_("That follow-up action belongs to another agency."))
        if follow_up_action.status != Action.Status.DONE:
            raise ValidationError(_("That follow-up action is not done yet."))
    for record in (standard, survey_period, follow_up_action):
        when = _record_date(record) if record is not None else None
        if when is not None and when < since:
            raise ValidationError(
                _("%(record)s dates from %(date)s, before the event: link work done after it.")
                % {"record": record, "date": when.strftime("%d-%m-%Y")}
            )


LINK_FIELD = {
    FollowUpTask.Evidence.STANDARD_SET: "standard",
    FollowUpTask.Evidence.SURVEY_PUBLISHED: "survey_period",
    FollowUpTask.Evidence.FOLLOW_UP_DONE: "follow_up_action",
}


def linked_count(task: FollowUpTask) -> int:
    """Distinct records of the expected kind linked in the task's reports (for a document
    task: reports with a file or a link)."""
    return _linked_after(task, None, None, None, False)


def _linked_after(
    task: FollowUpTask,
    standard: ServiceStandard | None,
    survey_period: SurveyPeriod | None,
    follow_up_action: FollowUpAction | None,
    document: bool,
) -> int:
    """linked_count() once a report with these links is added."""
    field = LINK_FIELD.get(FollowUpTask.Evidence(task.evidence))
    if field is None:
        return task.reports.exclude(file="", link="").count() + int(document)
    linked = set(
        task.reports.filter(**{f"{field}__isnull": False}).values_list(f"{field}_id", flat=True)
    )
    new = {
        "standard": standard,
        "survey_period": survey_period,
        "follow_up_action": follow_up_action,
    }
    record = new[field]
    if record is not None:
        linked.add(record.pk)
    return len(linked)


@transaction.atomic
def report_progress(
    task: FollowUpTask,
    *,
    actor: User,
    progress: int,
    note: str,
    done: bool = False,
    standard: ServiceStandard | None = None,
    survey_period: SurveyPeriod | None = None,
    follow_up_action: FollowUpAction | None = None,
    file: Any = None,
    link: str = "",
    today: dt.date | None = None,
) -> ProgressReport:
    """The agency reports how far a task is, with evidence. Reporting it done needs the
    evidence the task expects: `target` distinct linked records of its kind, or a document."""
    today = today or timezone.localdate()
    FollowUpTask.objects.select_for_update().filter(pk=task.pk).first()  # reports queue
    task.refresh_from_db()
    if not task.takes_reports:
        raise ValidationError(_("This task is closed."))
    if not note.strip():
        raise ValidationError(_("Say what was done."))
    check_evidence(
        task, standard=standard, survey_period=survey_period, follow_up_action=follow_up_action
    )
    if done:
        have = _linked_after(task, standard, survey_period, follow_up_action, bool(file or link))
        needed = task.target if task.evidence in LINK_FIELD else 1
        if have < needed:
            raise ValidationError(
                _(
                    "To report this task done, link %(needed)s × “%(kind)s” in its reports "
                    "(%(have)s with this one)."
                )
                % {
                    "needed": needed,
                    "kind": FollowUpTask.Evidence(task.evidence).label,
                    "have": have,
                }
            )
    report = ProgressReport(
        task=task,
        progress=100 if done else progress,
        note=note.strip(),
        standard=standard,
        survey_period=survey_period,
        follow_up_action=follow_up_action,
        link=link,
        reported_by=actor,
    )
    if file:
        report.file.save(file.name, file, save=False)
    _save(report, actor)
    task.progress = report.progress
    if done:
        task.status = FollowUpTask.Status.DONE
        task.done_on = today
        task.review_note = ""
    else:
        task.status = FollowUpTask.Status.IN_PROGRESS
    _save(task, actor, REPORTED)
    return report


@transaction.atomic
def verify(task: FollowUpTask, *, actor: User) -> None:
    if task.status != FollowUpTask.Status.DONE:
        raise ValidationError(_("Only a task reported done can be verified."))
    task.status = FollowUpTask.Status.VERIFIED
    _save(task, actor, VERIFIED)


@transaction.atomic
def send_back(task: FollowUpTask, *, actor: User, note: str) -> None:
    """The organiser finds the evidence wanting: back to in progress, with the reason."""
    if task.status not in FollowUpTask.FINISHED:
        raise ValidationError(_("Only a task reported done can be sent back."))
    if not note.strip():
        raise ValidationError(_("Say what is missing."))
    task.status = FollowUpTask.Status.IN_PROGRESS
    task.done_on = None
    task.review_note = note.strip()
    _save(task, actor, SENT_BACK)


@transaction.atomic
def change_deadline(task: FollowUpTask, *, actor: User, due_on: dt.date, reason: str) -> None:
    if task.status in FollowUpTask.CLOSED:
        raise ValidationError(_("This task is closed."))
    if not reason.strip():
        raise ValidationError(_("Say why the deadline moves."))
    task.due_on = due_on
    because = DEADLINE_CHANGED(reason=reason.strip())
    for reminder in task.reminders.all():  # the reminders start again for the new date
        _delete(reminder, actor, because)
    _save(task, actor, because)


@transaction.atomic
def record_reminder(
    task: FollowUpTask, *, actor: User | None, days_left: int, recipients: int
) -> bool:
    """Note that a reminder went out; False if this one was already sent. The reminders are
    sent by a command on a timer: `actor` is None there."""
    if task.reminders.filter(days_left=days_left).exists():
        return False
    try:
        with transaction.atomic():
            _save(Reminder(task=task, days_left=days_left, recipients=recipients), actor)
    except (IntegrityError, ValidationError):
        if task.reminders.filter(days_left=days_left).exists():
            return False  # another run recorded it between the check and the save
        raise
    return True
