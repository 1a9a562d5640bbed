"""Phone numbers as people type them, to E.164 (ITU-T E.164: "+" and up to 15 digits), the
form WhatsApp and SMS gateways use. Pure Python.

Indonesian mobile numbers are written `0812-3456-7890`, `62812…`, `+62 812…`: all become
`+62812…`. A number already in international form stays as it is.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d+")


def normalise(raw: str) -> str | None:
    """`raw` in E.164, or None when it cannot be a phone number."""
    text = raw.strip()
    if not text or re.search(r"[^\d\s()+.\-]", text):
        return None
    plus = text.startswith("+")
    digits = "".join(_DIGITS.findall(text))
    if not plus and digits.startswith("00"):  # 0062… international prefix
        digits, plus = digits[2:], True
    if not plus and digits.startswith("0"):  # 0812… a national Indonesian number
        digits = "62" + digits[1:]
    if digits.startswith("620"):  # +62 0812…: the trunk 0 kept by mistake
        digits = "62" + digits[3:]
    if not 8 <= len(digits) <= 15 or digits.startswith("0"):
        return None
    return "+" + digits


def masked(number: str) -> str:
    """A number for lists where the whole is not needed: `+62812••••7890`."""
    if len(number) <= 8:
        return number
    return number[:6] + "•" * (len(number) - 10) + number[-4:]
