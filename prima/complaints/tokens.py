"""What a complainant keeps to follow their report (ADR 0015).

- The **tracking code**: 128 random bits or more, shown once, stored only as a digest
  (issue 5 §3; docs/security.md §1.2 row 30). It opens the report on its own.
- The **secret code**: 8 characters in two groups (`K7QM-R2XD`, ≈39 bits) that people can
  write down; it opens the report only together with the report's number, which is not
  secret. Stored as a slow, salted digest; guessing is held off by rate limits per address and
  per report number (prima.complaints.public_views.track).
"""

from __future__ import annotations

import hashlib
import hmac
import re
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
    return _grouped(_symbols(_keyed("prima.complaints.code", nonce), LENGTH))


SECRET_LENGTH = 8  # 8 × log2(30) ≈ 39 bits: enough with the rate limits of ADR 0015
# PBKDF2 makes a leaked database no shortcut to the secret codes: ≈ 6.6 × 10¹¹ codes, each
# try this many SHA-256 rounds, salted with the report's number.
SECRET_ROUNDS = 100_000


def _symbols(number: int, length: int) -> str:
    raw = []
    for _ in range(length):
        number, index = divmod(number, len(ALPHABET))
        raw.append(ALPHABET[index])
    return "".join(raw)


def _keyed(label: str, nonce: str) -> int:
    key = hashlib.sha256(f"{label}:{settings.SECRET_KEY}".encode()).digest()
    return int.from_bytes(hmac.new(key, nonce.encode(), hashlib.sha256).digest(), "big")


def group_secret(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:]}"


def new_secret() -> str:
    return group_secret("".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH)))


def secret_for_submission(nonce: str) -> str:
    """The secret code of the complaint filed by the form carrying `nonce`: like
    `code_for_submission`, the same for every resend of one form and never stored."""
    return group_secret(_symbols(_keyed("prima.complaints.secret", nonce), SECRET_LENGTH))


def secret_digest(secret: str, *, number: str) -> str:
    """What is stored of a secret code: PBKDF2-SHA256 salted with the report's number."""
    salt = f"prima-complaint-secret:{number}".encode()
    return hashlib.pbkdf2_hmac("sha256", normalise(secret).encode(), salt, SECRET_ROUNDS).hex()


def secret_matches(secret: str, *, number: str, stored: str) -> bool:
    if len(normalise(secret)) != SECRET_LENGTH or not stored:
        return False
    return hmac.compare_digest(secret_digest(secret, number=number), stored)


def submission_key(nonce: str) -> str:
    """What is stored of a form's nonce: a digest, unique per complaint. Neither it nor the
    database leads back to the nonce, so neither leads to the tracking code."""
    return hashlib.sha256(f"prima-complaint-submission:{nonce}".encode()).hexdigest()


def normalise(code: str) -> str:
    # Only ASCII letters and digits count: spaces, dashes and anything pasted around are dropped.
    cleaned = "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())
    return cleaned.replace("O", "0").replace("I", "1")  # never in the alphabet: typo → no match


_TYPO = str.maketrans("OIL", "011")


def normalise_number(text: str) -> str | None:
    """A report number as people type it — `prm 2612 123`, `PRM-2612-000123`, `PRM2612000123`,
    with O for 0 — as it is stored (`PRM-2612-000123`); None when it cannot be one. Where the
    groups are separated the separators count: `PRM-26-000123` is not a number."""
    ascii_text = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in text.upper())
    parts = ascii_text.split()
    if parts and parts[0].startswith("PRM"):
        parts[0] = parts[0][3:]
    parts = [part.translate(_TYPO) for part in parts if part]
    if len(parts) == 1 and re.fullmatch(r"\d{5,13}", parts[0]):
        month, serial = parts[0][:4], parts[0][4:]
    elif (
        len(parts) == 2 and re.fullmatch(r"\d{4}", parts[0]) and re.fullmatch(r"\d{1,9}", parts[1])
    ):
        month, serial = parts
    else:
        return None
    return f"PRM-{month}-{int(serial):06d}"


def digest(code: str) -> str:
    return hashlib.sha256(f"prima-complaint:{normalise(code)}".encode()).hexdigest()
