from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "prima.messaging"
    label = "messaging"
    verbose_name = _("SMS and WhatsApp")

    def ready(self) -> None:
        # The complaints app sits below this one and knows nothing of phones: a public step of
        # a complaint filed by message is sent to the number that filed it from here.
        from django.db.models.signals import post_save

        from prima.messaging import complaint_flow, notifications, outbox, skm_flow

        complaint_flow.register_flow()
        skm_flow.register_flow()
        # Queued messages are swept, retried and shown by the jobs app, below this one.
        outbox.register_line()
        post_save.connect(
            notifications.event_saved,
            sender="complaints.Event",
            dispatch_uid="messaging-complaint-status",
        )
