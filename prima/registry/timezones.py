"""Which of Indonesia's three time zones a province keeps. Pure; no Django.

Keputusan Presiden 41/1987 (Pembagian Wilayah Republik Indonesia menjadi 3 (tiga) Wilayah
Waktu), in force since 1 January 1988:

- WIB (UTC+7): the provinces of Sumatera and Java, West and Central Kalimantan;
- WITA (UTC+8): Bali, Nusa Tenggara, South and East Kalimantan, all of Sulawesi;
- WIT (UTC+9): Maluku and Papua.

Provinces formed later keep the zone of the province they were split from (Bangka
Belitung and Kepulauan Riau from Sumatera, Banten from Java: WIB; Gorontalo and Sulawesi
Barat: WITA; Kalimantan Utara from Kalimantan Timur: WITA; Maluku Utara and the six Papua
provinces: WIT). Kemendagri province codes encode the island group in their first digit,
so the rule is written once per island group, and a province code the rule has never seen
is refused instead of guessed.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from prima.lib.zones import IANA_ZONE, TimeZoneCode

__all__ = ["IANA_ZONE", "TimeZoneCode", "province_time_zone", "zoneinfo_for"]

UTC_OFFSET_HOURS: dict[TimeZoneCode, int] = {"WIB": 7, "WITA": 8, "WIT": 9}

# Kemendagri province codes are two digits: 1x Sumatera (and 21 Kepulauan Riau),
# 3x Java, 5x Bali and Nusa Tenggara, 6x Kalimantan, 7x Sulawesi, 8x Maluku, 9x Papua.
_KALIMANTAN_WIB = {"61", "62"}  # Kalimantan Barat, Kalimantan Tengah


def province_time_zone(province_code: str) -> TimeZoneCode:
    """The time zone of the province with this two-digit Kemendagri code (or a regency in it)."""
    code = province_code[:2]
    if len(code) != 2 or not code.isdigit():
        raise ValueError(f"Not a Kemendagri province code: {province_code!r}")
    group = code[0]
    if group in {"1", "2", "3"}:
        return "WIB"
    if group == "5":
        return "WITA"
    if group == "6":
        return "WIB" if code in _KALIMANTAN_WIB else "WITA"
    if group == "7":
        return "WITA"
    if group in {"8", "9"}:
        return "WIT"
    raise ValueError(f"No time zone rule for province code {province_code!r}")


def zoneinfo_for(zone: TimeZoneCode) -> ZoneInfo:
    return ZoneInfo(IANA_ZONE[zone])
