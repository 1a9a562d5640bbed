"""The e-mail outbox and the runs of periodic jobs (ADR 0020).

Both tables are the truth about background work; a task in django-tasks' queue is only a
nudge to act on a row. A row is claimed by one conditional UPDATE (state and lease), so two
workers can never act on it at once, and a worker that dies leaves a lease that runs out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
