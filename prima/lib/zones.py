"""Indonesia's three time zones (Keputusan Presiden 41/1987) as IANA zones: the base that
dates on pages (prima.lib.formats.moment) and the registry's province rule
(prima.registry.timezones) share. Pure; no Django."""

from __future__ import annotations

from typing import Literal

TimeZoneCode = Literal["WIB", "WITA", "WIT"]

# IANA zones with the same offset and no daylight-saving time.
IANA_ZONE: dict[TimeZoneCode, str] = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
}
