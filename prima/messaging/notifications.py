"""Telling the citizen when a complaint filed by message moves (issue 25 §2): each public step
of its timeline (complaints.Event with is_public), except the citizen's own (filing, adding
information, disputing, rating), sends "Report <number>: <status>" to the number that filed
it — by SMS as text; by WhatsApp as text inside the 24-hour window since the citizen's last
message, otherwise as the approved template PRIMA_WHATSAPP_TEMPLATE_STATUS with the number and
the status as its two parameters. Nothing goes to a number that sent STOP. The message is sent
once the complaint's transaction commits (prima.messaging.outbox)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prima.complaints.models import Event, Status
from prima.messaging import outbox
from prima.messaging.models import ComplaintContact, Outbound

# The complainant's own steps: they know already.
QUIET = {
    Event.Action.RECEIVED,
    Event.Action.INFO_ADDED,
    Event.Action.DISPUTED,
    Event.Action.RATED,
}


def event_saved(sender: Any, instance: Event, created: bool, **kwargs: Any) -> None:
    if not created or not instance.is_public or instance.action in QUIET:
        return
    link = (
        ComplaintContact.objects.select_related("contact", "complaint")
        .filter(complaint_id=instance.complaint_id)
        .first()
    )
    if link is None:
        return
    notify_status(link, status=instance.to_status or link.complaint.status)


def notify_status(link: ComplaintContact, *, status: str) -> Outbound | None:
    contact, complaint = link.contact, link.complaint
    with translation.override(settings.LANGUAGE_CODE):
        label = str(Status(status).label) if status in Status.values else status
        from prima.messaging.dispatcher import track_url

        text = _("Report %(number)s: %(status)s. Details: %(url)s") % {
            "number": complaint.public_id,
            "status": label,
            "url": track_url(),
        }
        if contact.in_window(timezone.now()):
            return outbox.send(
                contact, text, purpose=Outbound.Purpose.STATUS, complaint_id=complaint.pk
            )
        return outbox.send(
            contact,
            text,
            purpose=Outbound.Purpose.STATUS,
            complaint_id=complaint.pk,
            template=settings.PRIMA_WHATSAPP_TEMPLATE_STATUS,
            params=[str(complaint.public_id), label],
        )
