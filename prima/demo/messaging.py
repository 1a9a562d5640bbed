"""The demo's SMS and WhatsApp (docs/guide/messaging.md): from the demo number, a complaint
filed by WhatsApp to Disdukcapil Kabupaten Buru, and a message too short to file, waiting in
the review queue of Kabupaten Buru's administrator. Both go through the same dispatcher as a
provider's webhook, on the console adapter. Idempotent: nothing is added when the demo number
has written already."""

from __future__ import annotations

from django.conf import settings

from prima.messaging import dispatcher, numbers
from prima.messaging.models import Channel, Contact

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
    return len(messages)
