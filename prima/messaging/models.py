"""SMS and WhatsApp: who wrote (`Contact`), what came in (`Inbound`), what went out
(`Outbound`), a guided conversation in progress (`Conversation`) and which number to tell
about a complaint (`ComplaintContact`). ADR 0019.

Privacy is in the shape of the data, as for complaints: the phone number lives only in
`Contact`. A complaint filed by message gets no `complaints.Identity`; the link from a
complaint to the number that filed it is `ComplaintContact`, in this app, which no page of
the complaints app reads — the unit never sees who complained. What each table keeps and for
how long: docs/security.md, "What SMS and WhatsApp keep".
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from prima.lib.fields import LimitedTextField

# WhatsApp's customer-service window: free-form messages only this long after the citizen's
# last message; outside it, templates approved by Meta (docs/deploy.md).
WHATSAPP_WINDOW = dt.timedelta(hours=24)
TEXT_LIMIT = 1600  # ten SMS parts; WhatsApp allows 4096


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Contact(models.Model):
    """One phone number on one channel, with its consent (UU PDP) and WhatsApp's window."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    number = models.CharField(_("number"), max_length=16)  # E.164 (prima.messaging.numbers)
    created_at = models.DateTimeField(_("first message"), auto_now_add=True)
    opted_in_at = models.DateTimeField(_("agreed to messages"), null=True, blank=True)
    opted_out_at = models.DateTimeField(_("asked for no more messages"), null=True, blank=True)
    last_inbound_at = models.DateTimeField(_("last message received"), null=True, blank=True)
    blocked_until = models.DateTimeField(_("blocked until"), null=True, blank=True)

    class Meta:
        ordering = ["channel", "number"]
        verbose_name = _("message contact")
        verbose_name_plural = _("message contacts")
        constraints = [
            models.UniqueConstraint(fields=["channel", "number"], name="contact_one_per_number"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.pk}"  # never the number: __str__ reaches logs and lists

    @property
    def opted_out(self) -> bool:
        return self.opted_out_at is not None and (
            self.opted_in_at is None or self.opted_in_at < self.opted_out_at
        )

    def is_blocked(self, now: dt.datetime) -> bool:
        return self.blocked_until is not None and self.blocked_until > now

    def in_window(self, now: dt.datetime) -> bool:
        """May a free-form message go now? Always by SMS; by WhatsApp only within 24 hours
        of the citizen's last message."""
        if self.channel == Channel.SMS:
            return True
        return self.last_inbound_at is not None and now - self.last_inbound_at < WHATSAPP_WINDOW


class Inbound(models.Model):
    """One message received. The provider's message id is unique per channel: a delivery
    sent again (a provider's retry, a replay) is refused by the database."""

    class Outcome(models.TextChoices):
        HANDLED = "handled", _("Answered")
        RATE_LIMITED = "rate_limited", _("Too many messages")
        REVIEW = "review", _("To review")
        OPTED_OUT = "opted_out", _("Sender asked for no more messages")
        BLOCKED = "blocked", _("Sender blocked")
        IGNORED = "ignored", _("Not text")

    class Decision(models.TextChoices):
        FILED = "filed", _("Filed as a complaint")
        DISMISSED = "dismissed", _("Dismissed")
        PRANK = "prank", _("Prank")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    provider_id = models.CharField(_("provider's message id"), max_length=128)
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="inbound"
    )
    text = LimitedTextField(_("text"), max_length=TEXT_LIMIT, blank=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    flow = models.CharField(_("conversation"), max_length=30, blank=True)
    # The unit the message named, when it named one: who may review it.
    unit = models.ForeignKey(
        "registry.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("message received")
        verbose_name_plural = _("messages received")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "provider_id"], name="inbound_once_per_provider_id"
            ),
        ]
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=Q(outcome="review", decision=""),
                name="inbound_review_queue_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.pk}"


class Outbound(models.Model):
    """One message sent (or tried). Codes a message carries are not kept: `text` stores them
    blanked (prima.messaging.outbox.send), and such a message is sent at once, once. Any
    other is sent by a worker from this row, with the e-mail outbox's claim, retries and
    sweep (prima.jobs.lines; ADR 0020)."""

    class Purpose(models.TextChoices):
        REPLY = "reply", _("Reply")
        STATUS = "status", _("Status of a complaint")
        CODES = "codes", _("Report number and codes")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        READ = "read", _("Read")
        FAILED = "failed", _("Failed")

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="outbound"
    )
    text = LimitedTextField(_("text"), max_length=TEXT_LIMIT * 2, blank=True)
    template = models.CharField(_("template"), max_length=100, blank=True)
    params = models.JSONField(_("template parameters"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    adapter = models.CharField(_("sent through"), max_length=20, blank=True)
    provider_id = models.CharField(_("provider's message id"), max_length=128, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # The worker's bookkeeping (prima.jobs.lines): tries so far, when the next may start, the
    # claim's lease, and every failed attempt [{"at": ISO time, "error": "…"}].
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message sent")
        verbose_name_plural = _("messages sent")
        indexes = [
            models.Index(fields=["provider_id"], name="outbound_provider_id_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="outbound_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.pk}"


class Conversation(models.Model):
    """A guided conversation (a flow of prima.messaging.flows) with one contact: at most one
    open at a time; its state is the flow's own JSON."""

    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    flow = models.CharField(_("conversation"), max_length=30)
    state = models.JSONField(_("state"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started"))
    last_activity_at = models.DateTimeField(_("last message"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(ended_at__isnull=True),
                name="conversation_one_open_per_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.flow} {self.pk}"


class ComplaintContact(models.Model):
    """The number to tell when a complaint filed by message moves. Read by this app only."""

    complaint = models.OneToOneField(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="message_contact",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.CASCADE,
        related_name="complaints",
    )
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint filed by message")
        verbose_name_plural = _("complaints filed by message")

    def __str__(self) -> str:
        return f"complaint {self.complaint_id}"


class TicketInvitation(models.Model):
    """A queue ticket that asked for a survey invitation through the API (issue 25 §2: "after
    a service … or a ticket"): the queue machine names the ticket, so a request it sends
    again — a time-out, a retry — sends the citizen nothing twice. Keeps no phone number: the
    message sent is `outbound` (its number lives in `Contact`, as for every message)."""

    unit = models.ForeignKey(
        "registry.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    ticket = models.CharField(_("queue ticket"), max_length=40)
    # The unit's local day: queue machines start their numbers again every morning.
    day = models.DateField(_("day"))
    outbound = models.ForeignKey(
        Outbound,
        verbose_name=_("message sent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey invitation from a queue ticket")
        verbose_name_plural = _("survey invitations from queue tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day", "ticket"], name="ticket_invitation_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket} {self.day}"
