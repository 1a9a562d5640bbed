"""The signed, single-use token every survey form carries.

It says which unit, period and service the form was drawn for and when, and holds a random
nonce that becomes the response's `submission_key`: the same form sent twice (double click,
refresh, a retry on a weak connection) stores one response. The time lets the server tell a
form answered faster than a person can read. It does the job of a CSRF token for the citizen
form, which therefore needs no cookie.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.core import signing

SALT = "prima.surveys.form"
MAX_AGE = 7 * 24 * 60 * 60  # a form left open for a week is drawn again


@dataclass(frozen=True)
class FormToken:
    unit: int
    period: int
    service: int | None
    kiosk: int | None
    issued: float
    nonce: str

    def seconds_since_issued(self, now: float | None = None) -> int:
        return max(0, int((now if now is not None else time.time()) - self.issued))


def new_nonce(now: float | None = None) -> str:
    """43 characters: the issue time in tenths of a second (11 hexadecimal digits), then 32
    random URL-safe characters (192 bits).

    The nonce becomes the response's unique `submission_key`. Leading with the time keeps the
    keys of forms drawn at about the same time together in that unique index, so storing an
    answer writes to the index's few most recent pages instead of a random page of a large
    index (benchmarks/skm.py, 10 million responses); the random part keeps it unguessable.
    """
    tenths = int((now if now is not None else time.time()) * 10)
    return f"{tenths:011x}{secrets.token_urlsafe(24)}"


def issue(*, unit: int, period: int, service: int | None, kiosk: int | None = None) -> str:
    payload: dict[str, Any] = {
        "u": unit,
        "p": period,
        "s": service,
        "k": kiosk,
        "t": round(time.time(), 1),
        "n": new_nonce(),
    }
    return signing.dumps(payload, salt=SALT, compress=False)


def read(token: str) -> FormToken | None:
    """The token's contents, or None if it was altered, is malformed or too old."""
    if not token or len(token) > 400:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        return FormToken(
            unit=int(data["u"]),
            period=int(data["p"]),
            service=int(data["s"]) if data.get("s") is not None else None,
            kiosk=int(data["k"]) if data.get("k") is not None else None,
            issued=float(data["t"]),
            nonce=str(data["n"])[:43],
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
