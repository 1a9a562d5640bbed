"""Masking personal identifiers in free text before it is published.

Citizens write their ID number (NIK), phone number or e-mail address into suggestion boxes to
be called back. Staff see the text as written; anything public shows it masked (UU 27/2022
data minimisation, docs/security.md §1.5). Pure: no Django.

Masked: e-mail addresses; 16-digit national ID numbers (NIK, also written in groups); phone
numbers starting with +62, 62 or 0 (mobile and landline, with spaces, dots, dashes or an area
code in brackets). Digits become "•"; an e-mail address becomes "•••@•••".
"""

from __future__ import annotations

import re

BULLET = "•"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# 16 digits, optionally separated by single spaces, dots or dashes: 3171 0101 0101 0001.
_NIK = re.compile(r"(?<![\w])\d(?:[ .-]?\d){15}(?![\w])")
# +62 / 62 / 0, then at least eight more digits: 0812-3456-7890, +62 812 3456 789, (0911) 21234.
_PHONE = re.compile(r"(?<![\w+])(?:\+62|62|\(0\d{1,3}\)|0)(?:[ .-]?\(?\d\)?){7,13}(?![\w])")


def _digits_to_bullets(match: re.Match[str]) -> str:
    return re.sub(r"\d", BULLET, match.group(0))


def mask_identifiers(text: str) -> str:
    """The text with e-mail addresses, NIK and phone numbers masked; nothing else changes."""
    if not text:
        return text
    text = _EMAIL.sub(f"{BULLET * 3}@{BULLET * 3}", text)
    text = _NIK.sub(_digits_to_bullets, text)
    return _PHONE.sub(_digits_to_bullets, text)
