"""The privacy app's records (issue 27)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from prima.lib.fields import LimitedTextField


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

    # The scope (accounts, agencies, units) is not in the history: simple_history's m2m
    # history has no translated names for the history pages (prima/lib/tests/test_history.py).
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


# --- end breach response ----------------------------------------------------------------------
