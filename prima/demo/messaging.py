"""The demo's SMS and WhatsApp (docs/guide/messaging.md): from the demo number, a complaint
filed by WhatsApp to Disdukcapil Kabupaten Buru, and a message too short to file, waiting in
the review queue of Kabupaten Buru's administrator. Both go through the same dispatcher as a
provider's webhook, on the console adapter. Then the unit's queue machine serves ticket A-007
and the demo number gets the survey invitation by SMS, as `POST /api/v1/surveys/invitations/`
sends it (the operator's token). Idempotent: nothing is added when the demo number has written
already."""

from __future__ import annotations

from django.conf import settings

from prima.accounts.models import User
from prima.messaging import dispatcher, numbers, skm_flow
from prima.messaging.models import Channel, Contact
from prima.registry.models import ServiceUnit
from prima.surveys.invitations import NoOpenPeriod

UNIT = "8104-DUKCAPIL"


def seed_messaging() -> int:
    number = numbers.normalise(settings.PRIMA_MESSAGING_DEMO_NUMBER) or "+6281200001708"
    if Contact.objects.filter(number=number).exists():
        return 0
    messages = [
        f"ADUAN {UNIT} Sudah tiga minggu KTP-el saya belum selesai, padahal dijanjikan 14 hari",
        f"ADUAN {UNIT} tes",
    ]
    for n, text in enumerate(messages, start=1):
        dispatcher.receive(
            channel=Channel.WHATSAPP, number=number, text=text, provider_id=f"demo-{n}"
        )
    unit = ServiceUnit.objects.select_related("region").get(code=UNIT)
    operator = User.objects.get(username="operator.dukcapil.buru")
    try:
        skm_flow.invite_for_ticket(
            unit=unit,
            ticket="A-007",
            service=unit.services.filter(name__icontains="KTP").first(),
            channel=Channel.SMS,
            number=number,
            by_reply=False,
            actor=operator,
        )
    except NoOpenPeriod:  # the demo's period is not open on this day: no invitation
        return len(messages)
    return len(messages) + 1
