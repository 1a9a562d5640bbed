"""Tracking codes: 128 random bits or more, shown once, stored only as a digest
(issue 5 §3; docs/security.md §1.2 row 30)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

# 20 characters of Crockford-like base32 = 100 bits is not enough; 26 characters = 130 bits.
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read aloud
LENGTH = 27  # 27 × log2(30) ≈ 132 bits


def _grouped(raw: str) -> str:
    return "-".join(raw[i : i + 9] for i in range(0, LENGTH, 9))


def new_code() -> str:
    return _grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def code_for_submission(nonce: str) -> str:
    """The tracking code of the complaint filed by the form carrying `nonce` (the random part
    of its signed form token): a keyed digest, so that every resend of that one form — a
    double tap, Back and send again, a retry after a network error — can show the same code
    without the code ever being stored. 256 keyed bits reduced to 27 symbols (≈132 bits);
    the modulo bias is below 2**-120."""
    key = hashlib.sha256(f"prima.complaints.code:{settings.SECRET_KEY}".encode()).digest()
    number = int.from_bytes(hmac.new(key, nonce.encode(), hashlib.sha256).digest(), "big")
    raw = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        raw.append(ALPHABET[index])
    return _grouped("".join(raw))


def submission_key(nonce: str) -> str:
    """What is stored of a form's nonce: a digest, unique per complaint. Neither it nor the
    database leads back to the nonce, so neither leads to the tracking code."""
    return hashlib.sha256(f"prima-complaint-submission:{nonce}".encode()).hexdigest()


def normalise(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.replace("O", "0").replace("I", "1")  # never in the alphabet: typo → no match


def digest(code: str) -> str:
    return hashlib.sha256(f"prima-complaint:{normalise(code)}".encode()).hexdigest()
