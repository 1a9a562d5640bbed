"""Characters no person types: the one definition of what Prima refuses or strips at its doors.

A NUL byte cannot be stored by PostgreSQL (SQLite keeps it, so a suite on SQLite alone never
notices), and the other C0 control characters are not allowed in XML 1.0, so one stored in a
title would make every XML feed that lists it unreadable. Tab, line feed and carriage return
are ordinary text. DEL and the two non-characters U+FFFE and U+FFFF are refused as well.

Pure Python (no Django): the middleware (prima.lib.middleware.InputBoundaryMiddleware), the
API's parsers (prima.lib.api), the table reader (prima.lib.tables) and every output writer
that must stay well-formed use these functions.
"""

from __future__ import annotations

import re

# C0 controls except \t (09), \n (0A), \r (0D); DEL; the non-characters XML 1.0 forbids.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# The same, as a regular expression for a whole value that has none of them (JSON Schema's
# `pattern`, in the API's and Open311's schemas).
WITHOUT_CONTROL = f"^[^{_CONTROL.pattern[1:-1]}]*$"
# Lone surrogates cannot be encoded as UTF-8 and are not characters at all.
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_control(value: str) -> bool:
    """True when `value` holds a character that no input may carry."""
    return _CONTROL.search(value) is not None or _SURROGATE.search(value) is not None


def strip_control(value: str) -> str:
    """`value` without the characters `has_control` finds; everything else kept as it was."""
    if not has_control(value):  # the common case costs one scan and no copy
        return value
    return _SURROGATE.sub("", _CONTROL.sub("", value))
