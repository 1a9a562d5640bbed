"""One interface for every message provider (ADR 0019). An adapter sends a text or an
approved template to a number, and reads — after checking its signature — what the provider's
webhook delivers: messages and delivery statuses. Which adapter serves a channel is a setting:

- PRIMA_SMS_ADAPTER: `console` (default) or `sms_gateway` (prima.messaging.adapters.sms_gateway)
- PRIMA_WHATSAPP_ADAPTER: `console` (default) or `whatsapp_cloud` (the WhatsApp Business Cloud
  API, prima.messaging.adapters.whatsapp_cloud)

The console adapter sends nothing anywhere: its messages are seen on the simulated phone page.
"""

from __future__ import annotations

from django.conf import settings

from prima.messaging.adapters.base import (
    Adapter,
    Batch,
    Malformed,
    Message,
    Refused,
    Replayed,
    SendError,
    StatusReport,
    TooLarge,
)
from prima.messaging.models import Channel

__all__ = [
    "Adapter",
    "Batch",
    "Malformed",
    "Message",
    "Refused",
    "Replayed",
    "SendError",
    "StatusReport",
    "TooLarge",
    "adapter_for",
    "is_console",
]


def adapter_name(channel: str) -> str:
    if channel == Channel.WHATSAPP:
        return str(settings.PRIMA_WHATSAPP_ADAPTER)
    return str(settings.PRIMA_SMS_ADAPTER)


def is_console(channel: str) -> bool:
    return adapter_name(channel) == "console"


def adapter_for(channel: str) -> Adapter:
    """The adapter the settings choose for `channel`."""
    name = adapter_name(channel)
    if name == "whatsapp_cloud" and channel == Channel.WHATSAPP:
        from prima.messaging.adapters.whatsapp_cloud import WhatsAppCloud

        return WhatsAppCloud()
    if name == "sms_gateway" and channel == Channel.SMS:
        from prima.messaging.adapters.sms_gateway import SmsGateway

        return SmsGateway()
    from prima.messaging.adapters.console import Console

    return Console(channel)
