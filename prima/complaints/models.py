"""Complaints the SP4N-LAPOR! way: the complaint, who filed it (kept apart), its timeline,
attachments, the clock's versioned policy and calendar. Rules: docs/regulations.md
§5 and §C1 (which corrects it).

Privacy is in the shape of the data: the complainant's identity lives in its own table
(`Identity`) that only prima.complaints.access reads, for coordinators, with every view
audited. Nothing a unit or the public sees joins it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from prima.complaints import workflow
from prima.lib.fields import LimitedTextField
from prima.registry.models import Agency, Service, ServiceUnit


class Kind(models.TextChoices):
    # SP4N-LAPOR!'s three report types (docs/regulations.md §5.3).
    COMPLAINT = "pengaduan", _("Complaint (pengaduan)")
    ASPIRATION = "aspirasi", _("Suggestion (aspirasi)")
    INFORMATION = "permintaan_informasi", _("Request for information")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting verification")
    POSTPONED = "postponed", _("Postponed: needs information from the complainant")
    DISPATCHED = "dispatched", _("Verified and dispatched to a unit")
    IN_PROGRESS = "in_progress", _("Being followed up")
    RESPONDED = "responded", _("Responded")
    REOPENED = "reopened", _("Reopened after a dispute")
    CLOSED = "closed", pgettext_lazy("complaint", "Closed")
    ARCHIVED = "archived", _("Archived")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    WALK_IN = "walk_in", _("In person")
    PHONE = "phone", _("Telephone")
    LETTER = "letter", _("Letter")
    OPEN311 = "open311", _("Open311 API")
    IMPORT = "import", _("Imported")
    # Filed by message (prima.messaging): the number stays in that app, never on the complaint.
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Category(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")

    def __str__(self) -> str:
        return self.name


class ClockPolicy(models.Model):
    """The deadlines in working days, versioned: the policy in force when a complaint is
    received stays with it (docs/regulations.md §C1.1: 3/5/10 by default, local
    standards differ, and the regulation changed in 2025)."""

    name = models.CharField(_("name"), max_length=120)
    valid_from = models.DateTimeField(_("in force from"))
    verify_days = models.PositiveSmallIntegerField(_("verification, working days"), default=3)
    respond_days = models.PositiveSmallIntegerField(_("unit's response, working days"), default=5)
    close_after_days = models.PositiveSmallIntegerField(
        _("closed after an answer without reply, working days"), default=10
    )
    dispute_days = models.PositiveSmallIntegerField(
        _("complainant may dispute an answer within, working days"), default=10
    )
    skip_cuti_bersama = models.BooleanField(
        _("cuti bersama days are not working days"), default=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("clock policy")
        verbose_name_plural = _("clock policies")

    def __str__(self) -> str:
        return f"{self.name} ({self.verify_days}/{self.respond_days}/{self.close_after_days})"


class CalendarDay(models.Model):
    """A day the clock does not count (or, for `working`, a day it does although the
    holidays package says otherwise — when a holiday moves)."""

    class Kind(models.TextChoices):
        NATIONAL_HOLIDAY = "national_holiday", _("National holiday")
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
        WORKING = "working", _("Working day (overrides the holiday list)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def overdue(self, now: dt.datetime) -> ComplaintQuerySet:
        """Complaints past a deadline of the staff's (verification or the unit's answer) at
        `now` — the rule of Complaint.is_overdue, in SQL."""
        return self.filter(status__in=workflow.STAFF_DEADLINE, due_at__lt=now)


class Complaint(models.Model):
    public_id = models.CharField(_("number"), max_length=20, unique=True, null=True, blank=True)
    tracking_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The digest of the short secret code that opens the report with its number
    # (tokens.secret_digest). Empty for reports filed before there were secret codes: those
    # are tracked with the tracking code alone.
    secret_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    # The digest of the citizen form's one-time nonce (tokens.submission_key). The database
    # refuses a second complaint from one form, so any number of resends — a double tap, Back
    # and send again, concurrent retries — file one complaint. Empty for staff entries.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices, default=Kind.COMPLAINT)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    description = LimitedTextField(_("what happened"), max_length=5000)
    incident_date = models.DateField(_("when it happened"), null=True, blank=True)
    location = models.CharField(_("where it happened"), max_length=300, blank=True)
    # Where, as Open311 (or an import) gives it: both or neither, WGS 84 degrees.
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="complaints"
    )
    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    is_anonymous = models.BooleanField(_("anonymous (who reported is hidden)"), default=False)
    is_secret = models.BooleanField(_("secret (the report is not public)"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    policy = models.ForeignKey(
        ClockPolicy, verbose_name=_("clock policy"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("received"))
    # When the current step's clock started (receipt, new information, rerouting, dispatch,
    # reopening, answer) and when it is due — both from stored timestamps, so a scheduler
    # outage changes nothing.
    step_started_at = models.DateTimeField(_("step started"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    archive_reason = models.CharField(_("reason for archiving"), max_length=300, blank=True)
    is_abuse = models.BooleanField(_("marked as abuse"), default=False)
    # UU 27/2022 art. 11: the complainant asked that their data be processed no further
    # (prima.privacy). The case goes on; it stays out of exports, open data with text and
    # analysis lists; counts keep it.
    processing_restricted = models.BooleanField(_("processing restricted"), default=False)
    rating = models.PositiveSmallIntegerField(
        _("complainant's rating of the answer"), null=True, blank=True
    )
    # Closing the loop: what the complaint led to.
    improvement = LimitedTextField(_("improvement it led to"), max_length=2000, blank=True)
    standard = models.ForeignKey(
        "standards.ServiceStandard",
        verbose_name=_("service standard concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    skm_element = models.CharField(_("SKM element concerned"), max_length=12, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="complaint_queue_idx"),
            models.Index(fields=["unit", "status", "due_at"], name="complaint_unit_queue_idx"),
            models.Index(
                fields=["due_at"],
                condition=Q(
                    status__in=["received", "dispatched", "in_progress", "reopened", "responded"]
                ),
                name="complaint_open_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=4),
                name="complaint_rating_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id or self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.CLOSED, Status.ARCHIVED)

    def is_overdue(self, now: dt.datetime) -> bool:
        """Past a deadline of the staff's at `now`: verification or the unit's answer is due
        and its time has passed (due exactly now is not yet overdue). An answered complaint
        past its due time closes instead; a postponed, closed or archived one has no running
        deadline. ComplaintQuerySet.overdue is the same rule in SQL."""
        return (
            self.status in workflow.STAFF_DEADLINE
            and self.due_at is not None
            and (self.due_at < now)
        )

    @property
    def closes_when_due(self) -> bool:
        """The due time is when an answered complaint closes unless the complainant replies
        (not a deadline of the staff's)."""
        return workflow.CLOCK_OF[self.status] == "close"

    # The clock runs, and times are shown, in the unit's time zone, else the agency's, else WIB.
    @property
    def zone(self) -> ZoneInfo:
        region = self.unit.region if self.unit is not None else self.agency.region
        return region.zoneinfo if region is not None else ZoneInfo("Asia/Jakarta")

    @property
    def zone_label(self) -> str:
        region = self.unit.region if self.unit is not None else self.agency.region
        return region.timezone if region is not None else "WIB"


class Identity(models.Model):
    """Who filed a complaint, if they said. Read only through prima.complaints.access."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, related_name="identity", primary_key=True
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("complainant's identity")
        verbose_name_plural = _("complainants' identities")

    def __str__(self) -> str:
        return f"identity of complaint {self.complaint_id}"

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.email or self.phone or self.address)


class Event(models.Model):
    """One step in a complaint's life: who did what, when, from which state to which. Never
    changed or deleted."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Received")
        VERIFIED = "verified", _("Verified and dispatched")
        POSTPONED = "postponed", _("Postponed for more information")
        INFO_ADDED = "info_added", _("Complainant added information")
        REROUTED = "rerouted", _("Rerouted: not our authority")
        RETURNED = "returned", _("Returned to the coordinator")
        ARCHIVED = "archived", _("Archived")
        STARTED = "started", _("Follow-up started")
        RESPONDED = "responded", _("Answered")
        DISPUTED = "disputed", _("Complainant disputed the answer")
        CLOSED = "closed", pgettext_lazy("complaint", "Closed")
        RATED = "rated", _("Complainant rated the answer")
        ESCALATED = "escalated", _("Escalated: overdue")
        NOTE = "note", _("Internal note")
        IMPROVEMENT = "improvement", _("Closing the loop")
        REFUSED = "refused", _("Refused transition")
        IDENTITY_VIEWED = "identity_viewed", _("Identity viewed")
        # A request about the complainant's personal data (prima.privacy), shown on tracking.
        PRIVACY_REQUEST = "privacy_request", _("Personal-data request")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"))
    action = models.CharField(_("what"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("by"), max_length=150, blank=True)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    message = LimitedTextField(_("message"), max_length=5000, blank=True)
    is_public = models.BooleanField(_("shown to the complainant"), default=False)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


def attachment_path(instance: Any, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"complaints/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=120)
    from_complainant = models.BooleanField(default=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"attachment {self.pk}"


class ResponseTemplate(models.Model):
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="response_templates",
        verbose_name=_("agency"),
    )
    title = models.CharField(_("title"), max_length=120)
    body = LimitedTextField(_("text"), max_length=5000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")

    def __str__(self) -> str:
        return self.title
