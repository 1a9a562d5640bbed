"""The privacy app's records (issue 27)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from prima.lib.fields import LimitedTextField
from prima.registry.models import Agency


class PurgeReport(models.Model):
    """One run of the retention purge (prima.privacy.retention): when, whether it only
    counted (dry run), and per kind of record the cutoff and how many records it erased.
    Counts and dates only: nothing personal, so reports are kept."""

    started_at = models.DateTimeField(_("started"), db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run (nothing changed)"), default=False)
    # {kind key: {"days": int, "cutoff": ISO time, "records": int, "changed": int}}
    kinds = models.JSONField(_("per kind"), default=dict)
    # [{"kind": key, "error": "ExceptionName: message"}]
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("purge report")
        verbose_name_plural = _("purge reports")

    def __str__(self) -> str:
        return f"purge {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def total(self) -> int:
        return sum(int(entry.get("records", 0)) for entry in self.kinds.values())


# --- breach response (item 5; prima/privacy/breach.py, docs/guide/privacy-breach.md) ---------


class RecordKind(models.TextChoices):
    """The kinds of personal record an incident may cover (UU PDP art. 46: "what data")."""

    COMPLAINT_IDENTITY = "complaint_identity", _("Complainants' identities")
    COMPLAINT_TEXT = "complaint_text", _("Complaints' text")
    SURVEY_PROFILES = "survey_profiles", _("SKM respondents' profiles")
    PARTICIPANTS = "participants", _("Participants of coaching events and forums")
    STAFF_ACCOUNTS = "staff_accounts", _("Staff accounts")
    UPLOADS = "uploads", _("Files attached to complaints")


class Incident(models.Model):
    """A personal-data breach and what was done about it (UU 27/2022 art. 46): written notice
    to the data subjects and the supervisory institution within 3×24 hours of its discovery.

    The scope — compromised accounts, agencies and units, kinds of records — and the window
    [started_at, ended_at] feed the report generator (prima.privacy.breach)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ASSESSED = "assessed", _("Assessed")
        NOTIFIED = "notified", _("Notified")
        CLOSED = "closed", pgettext_lazy("incident", "Closed")

    title = models.CharField(_("title"), max_length=200)
    what_happened = LimitedTextField(_("what happened"), max_length=5000)
    how_discovered = LimitedTextField(_("how it was discovered"), max_length=2000)
    discovered_at = models.DateTimeField(
        _("discovered"), help_text=_("The 3×24-hour notice period starts here.")
    )
    started_at = models.DateTimeField(
        _("window start"), help_text=_("The earliest moment the breach may have begun.")
    )
    ended_at = models.DateTimeField(
        _("window end"),
        null=True,
        blank=True,
        help_text=_("When the breach was contained; leave empty while it may still go on."),
    )
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compromised accounts"),
        blank=True,
        related_name="+",
    )
    agencies = models.ManyToManyField(
        "registry.Agency", verbose_name=_("affected agencies"), blank=True, related_name="+"
    )
    units = models.ManyToManyField(
        "registry.ServiceUnit",
        verbose_name=_("affected service units"),
        blank=True,
        related_name="+",
    )
    # RecordKind values; a list rather than a table: six fixed kinds, chosen on one form.
    record_kinds = models.JSONField(_("kinds of records"), default=list, blank=True)
    measures = LimitedTextField(_("measures taken and recovery steps"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    notified_subjects_at = models.DateTimeField(_("data subjects notified"), null=True, blank=True)
    notified_authority_at = models.DateTimeField(
        _("supervisory institution notified"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    # The scope (accounts, agencies, units) as it was saved, by name, so that the history
    # shows how it changed (simple_history keeps no many-to-many changes of its own):
    # {"accounts": [user names], "agencies": [names], "units": [names]}; set on every save of
    # the form (prima.privacy.breach.scope_snapshot), shown by history_display.
    scope_saved = models.JSONField(_("scope"), default=dict, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-discovered_at", "-pk"]
        verbose_name = _("personal-data incident")
        verbose_name_plural = _("personal-data incidents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gt=models.F("started_at")),
                name="privacy_incident_window_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def history_display(cls, field_name: str, value: Any) -> str | dict[str, str] | None:
        """The kinds of records by their names, and the saved scope part by part, in the
        reader's language (prima.lib.history)."""
        if field_name == "record_kinds" and isinstance(value, list):
            labels = dict(RecordKind.choices)
            return "; ".join(str(labels.get(kind, kind)) for kind in value) or "—"
        if field_name != "scope_saved" or not isinstance(value, dict):
            return None
        parts = (
            ("accounts", _("compromised accounts")),
            ("agencies", _("affected agencies")),
            ("units", _("affected service units")),
        )
        return {
            str(label).capitalize(): ", ".join(str(v) for v in value.get(key) or [])
            for key, label in parts
        }


# --- end breach response ----------------------------------------------------------------------


# --- people's requests (item 2; prima/privacy/datarequests.py, docs/guide/privacy-requests.md) ---

# UU 27/2022 arts. 32–34 and 44: the controller acts on a request within 3 × 24 hours; Prima
# counts them as 3 working days on the complaint clock's calendar (docs/guide/privacy-requests.md).
ANSWER_WORKING_DAYS = 3


def _receipt() -> str:
    # 10 characters without the look-alikes 0 O 1 I L: said over the phone, typed on a phone.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "PDP-" + "".join(secrets.choice(alphabet) for _ in range(10))


class DataRequest(models.Model):
    """A person's request about the personal data Prima holds about them (UU 27/2022 arts.
    5–13): to see it, correct it, restrict its processing, erase it or object. It belongs to
    the agency that holds the record: that agency's administrators answer it, national
    administrators see all."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("See my data (access)")
        CORRECTION = "correction", _("Correct my data")
        RESTRICTION = "restriction", _("Restrict the processing of my data")
        ERASURE = "erasure", _("Erase my data")
        OBJECTION = "objection", _("Object to, or withdraw consent for, the processing")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("Being handled")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    receipt = models.CharField(
        _("receipt number"), max_length=14, unique=True, default=_receipt, editable=False
    )
    kind = models.CharField(_("request"), max_length=12, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency holding the data"),
        on_delete=models.PROTECT,
        related_name="data_requests",
    )
    # Whose data: exactly one of these.
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    coaching_participant = models.ForeignKey(
        "coaching.Participant",
        verbose_name=_("coaching participant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    forum_participant = models.ForeignKey(
        "standards.Participant",
        verbose_name=_("forum participant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who it is about, in words that name no one ("complainant of report X").
    subject_label = models.CharField(_("about"), max_length=200)
    details = LimitedTextField(_("what was asked"), max_length=2000, blank=True)
    # A correction's new values, by field name.
    corrections = models.JSONField(_("corrected values"), default=dict, blank=True)
    received_at = models.DateTimeField(_("received"))
    due_at = models.DateTimeField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = LimitedTextField(_("answer"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("personal-data request")
        verbose_name_plural = _("personal-data requests")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        complaint__isnull=False,
                        coaching_participant__isnull=True,
                        forum_participant__isnull=True,
                    )
                    | Q(
                        complaint__isnull=True,
                        coaching_participant__isnull=False,
                        forum_participant__isnull=True,
                    )
                    | Q(
                        complaint__isnull=True,
                        coaching_participant__isnull=True,
                        forum_participant__isnull=False,
                    )
                    # The record itself was deleted later (retention): the request stays.
                    | Q(
                        complaint__isnull=True,
                        coaching_participant__isnull=True,
                        forum_participant__isnull=True,
                    )
                ),
                name="datarequest_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.receipt} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.IN_PROGRESS)

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.is_open and self.due_at < now
