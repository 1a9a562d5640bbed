"""The privacy app's records (issue 27)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.lib.fields import LimitedTextField
from prima.registry.models import Agency

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
