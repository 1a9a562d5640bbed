"""The e-mail outbox, the runs of periodic jobs and the exports prepared in the background
(ADR 0020).

Both tables are the truth about background work; a task in django-tasks' queue is only a
nudge to act on a row. A row is claimed by one conditional UPDATE (state and lease), so two
workers can never act on it at once, and a worker that dies leaves a lease that runs out.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Mail(models.Model):
    """One e-mail message, recorded when it is sent (in the sender's transaction) and
    delivered by a worker through the backend EMAIL_URL configures."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    # The message, as Django's EmailMessage has it; an attachment is kept base64-encoded.
    # Only code writes these (the mail backend): no form offers them.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True, editable=False)
    subject = models.TextField(_("subject"), editable=False)
    body = models.TextField(_("body"), editable=False)
    from_email = models.TextField(_("from"), editable=False)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(default=list)
    bcc = models.JSONField(default=list)
    reply_to = models.JSONField(default=list)
    headers = models.JSONField(default=dict)
    alternatives = models.JSONField(default=list)  # [[content, mimetype]], e.g. an HTML part
    attachments = models.JSONField(default=list)  # [[filename, base64 content, mimetype]]

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Every failed attempt: [{"at": ISO time, "error": "SMTPServerDisconnected: …"}].
    errors = models.JSONField(_("errors"), default=list)
    requeued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requeued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="jobs_mail_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False),
                name="jobs_mail_sent_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def last_error(self) -> str:
        return self.errors[-1]["error"] if self.errors else ""


class JobRun(models.Model):
    """One run of a periodic job for one time slot. The (job, slot) pair is unique: however
    many schedulers run on however many servers, a slot's run is created once."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    job = models.CharField(_("job"), max_length=60, editable=False)
    slot = models.DateTimeField(_("time slot"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a worker should have picked it up; the sweep nudges it again once this is old.
    due_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The end of what the command wrote.
    output = models.TextField(_("output"), blank=True, editable=False)

    class Meta:
        ordering = ["-slot", "job"]
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="jobs_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"


def export_path(export: Export, filename: str) -> str:
    """exports/<year>/<uuid>.<ext> in the uploads storage: never a name the user chose."""
    return f"exports/{timezone.now():%Y}/{export.uuid}.{filename.rsplit('.', 1)[-1]}"


class Export(models.Model):
    """A file someone asked Prima to prepare in the background (a long PDF or workbook of the
    national picture or of an evaluation's results), kept for PRIMA_EXPORT_KEEP_DAYS and
    downloaded only by whoever asked, while they still may read what it holds (ADR 0020,
    "Exports"). Like the outbox, the row is the truth and the task a nudge: it is claimed by
    one conditional UPDATE."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", pgettext_lazy("export state", "Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Kept when the account is removed, so that the purge still finds the file.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="exports",
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)
    # What: a kind registered in prima.jobs.exports and its parameters (checked by the kind).
    kind = models.CharField(_("kind"), max_length=40, editable=False)
    params = models.JSONField(_("parameters"), default=dict, editable=False)
    # What the access rule granted when it was asked (e.g. staff or public figures): the
    # download is refused unless the same rule still grants the same.
    granted = models.JSONField(default=dict, editable=False)
    title = models.CharField(_("title"), max_length=200, editable=False)
    language = models.CharField(max_length=10, editable=False)

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    due_at = models.DateTimeField(default=timezone.now)  # as JobRun: the sweep nudges it after
    lease_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True, editable=False)
    file = models.FileField(_("file"), upload_to=export_path, max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    expires_at = models.DateTimeField(_("removed after"), db_index=True)
    downloaded_at = models.DateTimeField(_("last downloaded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["state", "due_at"], name="jobs_export_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="ready") | ~models.Q(file=""),
                name="jobs_export_ready_has_file",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def error_summary(self) -> str:
        """The error's last line (the exception and its message), for the one who asked."""
        lines = [line for line in self.error.splitlines() if line.strip()]
        return lines[-1][:300] if lines else ""
