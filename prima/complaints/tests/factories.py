from __future__ import annotations

import datetime as dt
import re
from typing import Any

from prima.complaints import actions


def file(world: Any, *, at: dt.datetime | None = None, **values: Any) -> actions.Filed:
    defaults: dict[str, Any] = {
        "agency": world.buru,
        "unit": world.buru_dukcapil,
        "title": "KTP-el belum jadi",
        "description": "Sudah tiga minggu KTP-el saya belum selesai.",
        "channel": "web",
        "identity": {"name": "Ibu Rahma", "email": "rahma@example.test", "phone": "0812345678"},
        "actor": None,  # the complainant's own
    }
    defaults.update(values)
    return actions.file_complaint(received_at=at, **defaults)


def receipt(response: Any) -> dict[str, str]:
    """The number and codes a confirmation page shows (the values its copy buttons copy)."""
    page = response.content.decode()
    values = re.findall(r'data-copy="([^"]*)"', page)
    return dict(zip(("number", "secret", "code"), values, strict=False))
