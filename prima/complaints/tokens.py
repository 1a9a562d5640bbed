"""Tracking codes: 128 random bits or more, shown once, stored only as a digest
(issue 5 §3; security-reliability.md §1.2 row 30)."""

from __future__ import annotations

import hashlib
import secrets

# 20 characters of Crockford-like base32 = 100 bits is not enough; 26 characters = 130 bits.
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read aloud
LENGTH = 27  # 27 × log2(30) ≈ 132 bits


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 9] for i in range(0, LENGTH, 9))


def normalise(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.replace("O", "0").replace("I", "1")  # never in the alphabet: typo → no match


def digest(code: str) -> str:
    return hashlib.sha256(f"prima-complaint:{normalise(code)}".encode()).hexdigest()
