"""The coaching programme (pembinaan): technical guidance events (bimtek, lokakarya, rakor, talk
sessions, pendampingan), who was invited and who took part, the Q&A and the event's own
evaluation, and the follow-up tasks each participating agency owes afterwards with its
progress reports (docs/guide/coaching.md).

An event is organised either by one of the ministry's coordination regions (Wilayah I/II/III)
or by a province. Tasks link their evidence to the records Prima already keeps (a service
standard set, a survey period whose results were published, a follow-up action done), so a
report can be checked instead of believed.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.lib.fields import LimitedTextField
from prima.lib.officials import validate_nip
from prima.lib.uploads import stored_name
from prima.registry.models import Agency, CoordinationRegion, Region, ServiceUnit
from prima.registry.timezones import TimeZoneCode, zoneinfo_for

if TYPE_CHECKING:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.db.models.fields.related_descriptors import RelatedManager


# A participant may check in from an hour before an event until an hour after it ends.
CHECK_IN_MARGIN = timedelta(hours=1)

# The longest text each free-text field takes (docs/guide/coaching.md, "Limits"). Names,
# titles and positions are CharFields of their own length; the longer texts below are
# TextFields, limited the same way, so every form, serializer and action refuses more.
AGENDA_MAX = 4000
DESCRIPTION_MAX = 5000
QUESTION_MAX = 2000
ANSWER_MAX = 5000
COMMENT_MAX = 2000
TASK_DETAILS_MAX = 2000
NOTE_MAX = 2000
REPORT_MAX = 5000
LINK_MAX = 200  # web addresses: meeting links, material and report links
EMAIL_MAX = 254


def _token() -> str:
    return secrets.token_urlsafe(12)


def _participant_code() -> str:
    """Eight characters a participant can type on a phone: no 0/O, 1/I/L."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def _material_path(instance: Material, filename: str) -> str:
    return stored_name(f"coaching/{instance.event_id}", "material", filename)


def _report_path(instance: ProgressReport, filename: str) -> str:
    return stored_name(f"coaching/{instance.task.event_id}", "report", filename)


class Topic(models.TextChoices):
    STANDARDS = "standar_pelayanan", _("Service standards")
    FKP = "fkp", _("Public consultation forum (FKP)")
    SKM = "skm", _("Community satisfaction survey (SKM)")
    VULNERABLE = "kelompok_rentan", _("Services for vulnerable groups and special needs")
    COMPLAINTS = "pengaduan", _("Complaint handling")
    INNOVATION = "inovasi", _("Public-service innovation")
    DIGITAL = "transformasi_digital", _("Digital transformation")
    MPP = "mpp", _("Mall Pelayanan Publik")


class Event(models.Model):
    """One coaching event: a bimtek, a workshop, a coordination meeting, a talk session or a
    mentoring visit, with its schedule, invited agencies and materials."""

    class Kind(models.TextChoices):
        BIMTEK = "bimtek", _("Technical guidance (bimtek)")
        LOKAKARYA = "lokakarya", _("Workshop (lokakarya)")
        RAKOR = "rakor", _("Coordination meeting (rakor)")
        TALK = "talk", _("Talk session")
        PENDAMPINGAN = "pendampingan", _("Mentoring (pendampingan)")

    # Kinds merged into another (migration 0004): old links and API filters still find them.
    FORMER_KINDS = {"workshop": Kind.LOKAKARYA}

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        FACE_TO_FACE = "luring", _("Face to face")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    meeting_link = models.URLField(
        _("meeting link"),
        max_length=LINK_MAX,
        blank=True,
        help_text=_("For online and hybrid events: the link participants join with."),
    )
    location = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("For face-to-face and hybrid events.")
    )
    coordination_region = models.ForeignKey(
        CoordinationRegion,
        verbose_name=_("organised by the ministry's coordination region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coaching_events",
    )
    province = models.ForeignKey(
        Region,
        verbose_name=_("organised by the province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coaching_events",
        limit_choices_to={"level": Region.Level.PROVINCE},
    )
    # Where the event's clock is: its times are kept, typed and shown in this province's time
    # zone (WIB, WITA or WIT), else in the organising province's.
    venue_province = models.ForeignKey(
        Region,
        verbose_name=_("held in the province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coaching_events_held",
        limit_choices_to={"level": Region.Level.PROVINCE},
        help_text=_(
            "For an online event, the province of its participants. The event's times are "
            "in the time zone of this province."
        ),
    )
    # Who issues and signs the attendance certificates (prima.coaching.documents): empty
    # means the organiser's office — the provincial government for a province's event, the
    # ministry (its Deputy for Public Service runs Wilayah I–III) for a coordination region's.
    issuing_agency = models.ForeignKey(
        Agency,
        verbose_name=_("issuing agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coaching_events_issued",
        help_text=_(
            "Whose letterhead and numbering the certificates bear. Empty: the organising "
            "province's government, or the ministry for a coordination region's event."
        ),
    )
    signatory_name = models.CharField(
        _("signatory's name"),
        max_length=150,
        blank=True,
        help_text=_(
            "The official who signs the certificates, with academic titles, e.g. Drs. La Ode "
            "Abdul Rahman, M.Si. Empty: a dotted line is left for the name."
        ),
    )
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)
    signatory_nip = models.CharField(
        _("signatory's NIP"), max_length=18, blank=True, validators=[validate_nip]
    )
    signing_place = models.CharField(
        _("place of signing"),
        max_length=100,
        blank=True,
        help_text=_("The town written before the date, e.g. Jakarta. Empty: the agency's seat."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    agenda = LimitedTextField(
        _("agenda"),
        blank=True,
        help_text=_("One line per item, e.g. 09.00 Opening."),
        max_length=AGENDA_MAX,
    )
    description = LimitedTextField(_("description"), blank=True, max_length=DESCRIPTION_MAX)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # The secret in the check-in QR code and the participants' page (/pembinaan/<token>/).
    token = models.CharField(max_length=24, unique=True, default=_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    # The check-in secret means nothing to a reader of the history (prima.lib.history).
    history_hidden_fields = ("token",)

    if TYPE_CHECKING:
        topics: RelatedManager[EventTopic]
        invitations: RelatedManager[Invitation]
        participants: RelatedManager[Participant]
        materials: RelatedManager[Material]
        tasks: RelatedManager[FollowUpTask]

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("coaching event")
        verbose_name_plural = _("coaching events")
        constraints = [
            models.CheckConstraint(
                condition=Q(coordination_region__isnull=False, province__isnull=True)
                | Q(coordination_region__isnull=True, province__isnull=False),
                name="coaching_event_one_organiser",
                violation_error_message=_(
                    "An event is organised by a coordination region or by a province."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="coaching_event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(province__isnull=False) | Q(venue_province__isnull=False),
                name="coaching_event_has_a_time_zone",
                violation_error_message=_(
                    "Choose the province where the event is held: its times are in that "
                    "province's time zone."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser(self) -> str:
        if self.coordination_region_id:
            return str(self.coordination_region)
        return str(self.province)

    @property
    def zone_region(self) -> Region | None:
        """The province whose clock the event keeps: where it is held, else its organiser."""
        return self.venue_province if self.venue_province_id else self.province

    @property
    def zone(self) -> TimeZoneCode:
        """WIB, WITA or WIT (prima.registry.timezones, Keppres 41/1987)."""
        region = self.zone_region
        if region is None:
            raise ValueError("An event needs a province for its time zone.")
        return region.timezone  # type: ignore[return-value]

    @property
    def zoneinfo(self) -> ZoneInfo:
        return zoneinfo_for(self.zone)

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zoneinfo)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(self.zoneinfo)

    @property
    def topic_codes(self) -> list[str]:
        """The event's topics in the order of Topic (prefetch `topics` to avoid a query)."""
        chosen = {t.topic for t in self.topics.all()}
        return [code for code in Topic.values if code in chosen]

    def topic_labels(self) -> list[str]:
        return [str(Topic(code).label) for code in self.topic_codes]

    def is_over(self, now: dt.datetime) -> bool:
        return self.ends_at < now

    def participant_with_code(self, code: str) -> Participant | None:
        """The participant holding a code typed on the participants' page (any case)."""
        return (
            self.participants.filter(code=code.strip().upper())
            .select_related("event", "agency", "unit")
            .first()
        )

    @property
    def has_participants_page(self) -> bool:
        """Its participants' page (/pembinaan/<token>/) is open: the event is published."""
        return self.status == self.Status.PUBLISHED

    def registration_open(self, now: dt.datetime) -> bool:
        """Invited agencies register participants once it is published, until it ends."""
        return self.has_participants_page and not self.is_over(now)

    def check_in_open(self, now: dt.datetime) -> bool:
        """The QR check-in: from an hour before the start until an hour after the end."""
        return self.starts_at - CHECK_IN_MARGIN <= now <= self.ends_at + CHECK_IN_MARGIN


class EventTopic(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("coaching event"), on_delete=models.CASCADE, related_name="topics"
    )
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event topic")
        verbose_name_plural = _("event topics")
        constraints = [
            models.UniqueConstraint(fields=["event", "topic"], name="coaching_topic_once")
        ]
        indexes = [models.Index(fields=["topic"])]

    def __str__(self) -> str:
        return self.get_topic_display()


class Invitation(models.Model):
    """An agency invited to an event: its staff may register participants."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("coaching event"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="coaching_invitations",
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "agency"], name="coaching_invite_once")
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.event}"


class Material(models.Model):
    """A file (slides, guidance, a decree) or a link (a recording) shared with participants."""

    event = models.ForeignKey(
        Event, verbose_name=_("coaching event"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_material_path, blank=True)
    link = models.URLField(_("link"), max_length=LINK_MAX, blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""),
                name="coaching_material_file_or_link",
                violation_error_message=_("Add a file or a link."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A person registered by an invited agency; attendance comes from the meeting tool's join
    list, the QR check-in or the organiser's hand."""

    class Source(models.TextChoices):
        IMPORT = "import", _("Join list")
        QR = "qr", _("QR check-in")
        MANUAL = "manual", _("Marked by the organiser")

    event = models.ForeignKey(
        Event,
        verbose_name=_("coaching event"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="coaching_participants",
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150)
    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_participants",
    )
    unit_name = models.CharField(
        _("work unit"),
        max_length=200,
        blank=True,
        help_text=_(
            "When the person's unit is not a service unit in Prima, e.g. Bagian Organisasi."
        ),
    )
    email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX, blank=True)
    code = models.CharField(
        _("participant code"), max_length=8, unique=True, default=_participant_code, editable=False
    )
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    attendance_source = models.CharField(
        _("attendance from"), max_length=8, choices=Source.choices, blank=True
    )
    certificate_number = models.CharField(
        _("certificate number"), max_length=40, blank=True, editable=False
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # UU 27/2022 art. 11: the person asked that their data be processed no further
    # (prima.privacy): left out of participant exports; counts keep them.
    processing_restricted = models.BooleanField(_("processing restricted"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "agency", "name"], name="coaching_participant_once"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def attended(self) -> bool:
        return self.attended_at is not None

    @property
    def work_unit(self) -> str:
        return self.unit.name if self.unit_id and self.unit else self.unit_name


class Question(models.Model):
    """A question asked during the event, and the answer given (the Q&A log)."""

    event = models.ForeignKey(
        Event, verbose_name=_("coaching event"), on_delete=models.CASCADE, related_name="questions"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    asked_by = models.CharField(_("asked by"), max_length=150, blank=True)
    question = LimitedTextField(_("question"), max_length=QUESTION_MAX)
    answer = LimitedTextField(_("answer"), blank=True, max_length=ANSWER_MAX)
    answered_by = models.CharField(_("answered by"), max_length=150, blank=True)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.question[:60]


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(models.Model):
    """A participant's evaluation of the event itself: four ratings from 1 to 5 and a
    comment. One per participant; anonymous in every report."""

    event = models.ForeignKey(
        Event, verbose_name=_("coaching event"), on_delete=models.CASCADE, related_name="feedback"
    )
    participant = models.OneToOneField(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness of the content"), validators=RATING_VALIDATORS
    )
    speakers = models.PositiveSmallIntegerField(_("speakers"), validators=RATING_VALIDATORS)
    organisation = models.PositiveSmallIntegerField(
        _("organisation and platform"), validators=RATING_VALIDATORS
    )
    applicability = models.PositiveSmallIntegerField(
        _("what I can apply at work"), validators=RATING_VALIDATORS
    )
    comment = LimitedTextField(_("comment"), blank=True, max_length=COMMENT_MAX)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    RATINGS = ("usefulness", "speakers", "organisation", "applicability")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation of the event")
        verbose_name_plural = _("evaluations of the event")
        constraints = [
            models.CheckConstraint(
                condition=Q(usefulness__range=(1, 5))
                & Q(speakers__range=(1, 5))
                & Q(organisation__range=(1, 5))
                & Q(applicability__range=(1, 5)),
                name="coaching_feedback_ratings_1_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"


class FollowUpTask(models.Model):
    """What one participating agency must do after the event, by a deadline.

    open → in progress (a report) → reported done (the agency) → verified (the organiser), or
    sent back to in progress with the organiser's note. Overdue is not a state: a task not yet
    reported done whose deadline has passed.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Reported done")
        VERIFIED = "verified", _("Verified")
        CANCELLED = "cancelled", _("Cancelled")

    class Evidence(models.TextChoices):
        STANDARD_SET = "standard_set", _("A service standard set")
        SURVEY_PUBLISHED = "survey_published", _("A survey period with published results")
        FOLLOW_UP_DONE = "follow_up_done", _("An SKM follow-up action done")
        DOCUMENT = "document", _("A document")

    FINISHED = (Status.DONE, Status.VERIFIED)
    CLOSED = (Status.DONE, Status.VERIFIED, Status.CANCELLED)

    event = models.ForeignKey(
        Event, verbose_name=_("coaching event"), on_delete=models.CASCADE, related_name="tasks"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="coaching_tasks"
    )
    title = models.CharField(_("task"), max_length=200)
    description = LimitedTextField(_("details"), blank=True, max_length=TASK_DETAILS_MAX)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices, blank=True)
    evidence = models.CharField(
        _("evidence expected"),
        max_length=20,
        choices=Evidence.choices,
        default=Evidence.DOCUMENT,
        help_text=_("The record in Prima that shows the task is done."),
    )
    target = models.PositiveSmallIntegerField(
        _("how many"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("E.g. 5 for “set the service standard of five services”."),
    )
    due_on = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    done_on = models.DateField(_("reported done on"), null=True, blank=True)
    review_note = LimitedTextField(_("organiser's note"), blank=True, max_length=NOTE_MAX)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        reports: RelatedManager[ProgressReport]

    class Meta:
        ordering = ["due_on", "agency__name", "pk"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="coaching_task_progress_max_100"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.agency})"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status not in self.CLOSED and self.due_on < today

    @property
    def takes_reports(self) -> bool:
        """Progress can be reported until the organiser verifies or the task is cancelled."""
        return self.status not in (self.Status.VERIFIED, self.Status.CANCELLED)


class ProgressReport(models.Model):
    """An agency's report on a task: how far it is, what was done, and the evidence — a
    record in Prima where one exists, otherwise a file or a link."""

    task = models.ForeignKey(
        FollowUpTask,
        verbose_name=_("follow-up task"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    note = LimitedTextField(_("what was done"), max_length=REPORT_MAX)
    standard = models.ForeignKey(
        "standards.ServiceStandard",
        verbose_name=_("service standard"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    survey_period = models.ForeignKey(
        "surveys.SurveyPeriod",
        verbose_name=_("survey period"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    follow_up_action = models.ForeignKey(
        "surveys.FollowUpAction",
        verbose_name=_("SKM follow-up action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("document"), upload_to=_report_path, blank=True)
    link = models.URLField(_("link"), max_length=LINK_MAX, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="coaching_report_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.progress}%"

    @property
    def linked_records(self) -> list[Any]:
        return [r for r in (self.standard, self.survey_period, self.follow_up_action) if r]


class Reminder(models.Model):
    """A reminder sent for a task, so a daily run never sends the same one twice."""

    task = models.ForeignKey(
        FollowUpTask,
        verbose_name=_("follow-up task"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    days_left = models.SmallIntegerField(_("days before the deadline"))
    recipients = models.PositiveSmallIntegerField(_("recipients"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["task", "days_left"], name="coaching_remind_once")
        ]

    def __str__(self) -> str:
        return f"{self.task} ({self.days_left:+d})"
