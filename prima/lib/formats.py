"""Numbers and dates for documents and exports, in the reader's language: in Bahasa Indonesia
a decimal comma and a thousands dot (1,75; 78,79; 12.250) and dates as "1 Juli 2025"; in
English the same figures with a decimal point. The active language decides (the request's, or
Bahasa Indonesia by default), so a PDF, a page and a CSV of the same figure agree."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language

from prima.lib.zones import IANA_ZONE


def decimal(value: float | Decimal | int | None, places: int = 2) -> str:
    """A number with `places` decimals in the active language: 78,79 (id) or 78.79 (en);
    "-" when there is none."""
    if value is None:
        return "-"
    # Rounded half up as people round (Django's own formatting cuts a float's digits off).
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


def integer(value: int | None) -> str:
    """A whole number with the thousands separator of the active language: 12.250 (id)."""
    if value is None:
        return "-"
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def percent(value: float | Decimal | None, places: int = 0) -> str:
    """A share (0–1) as a percentage: 0,875 → "87,5 %" with places=1 (id)."""
    if value is None:
        return "-"
    return f"{decimal(Decimal(str(value)) * 100, places)} %"


def long_date(day: datetime.date | datetime.datetime | None) -> str:
    """A date written out: 1 Juli 2025 (id), 1 July 2025 (en); "-" when there is none."""
    if day is None:
        return "-"
    return date_format(day, "j F Y")


def moment(when: datetime.datetime | None, zone: str = "WIB") -> str:
    """A point in time as people read it, in one of Indonesia's zones: "7 Desember 2026,
    09.00 WIT" (id), "7 December 2026, 09.00 WIT" (en); "-" when there is none. `zone` is
    WIB, WITA or WIT (a region's `timezone`); anything else reads as WIB."""
    if when is None:
        return "-"
    code = zone if zone in IANA_ZONE else "WIB"
    local = when.astimezone(ZoneInfo(IANA_ZONE[code]))  # type: ignore[index]
    return f"{date_format(local, 'j F Y')}, {local:%H.%M} {code}"


def weekday(day: datetime.date) -> str:
    """The day's name in the active language: Selasa (id), Tuesday (en)."""
    return date_format(day, "l")


_ONES = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)


def terbilang(number: int) -> str:
    """A whole number (0 – 999,999,999) in Indonesian words, as berita acara write dates:
    2026 → "dua ribu dua puluh enam", 11 → "sebelas", 1000 → "seribu"."""
    if number < 0 or number >= 1_000_000_000:
        raise ValueError("terbilang covers 0 to 999,999,999")
    if number == 0:
        return "nol"
    return _words(number).strip()


def _words(n: int) -> str:
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        return f"{_ONES[n // 10]} puluh {_words(n % 10)}".strip()
    if n < 200:
        return f"seratus {_words(n - 100)}".strip()
    if n < 1000:
        return f"{_ONES[n // 100]} ratus {_words(n % 100)}".strip()
    if n < 2000:
        return f"seribu {_words(n - 1000)}".strip()
    if n < 1_000_000:
        return f"{_words(n // 1000)} ribu {_words(n % 1000)}".strip()
    return f"{_words(n // 1_000_000)} juta {_words(n % 1_000_000)}".strip()


def date_in_words(day: datetime.date) -> str:
    """The opening of a berita acara: "Pada hari ini Selasa tanggal dua bulan Desember tahun
    dua ribu dua puluh enam" in Bahasa Indonesia; "On Tuesday, 2 December 2026" otherwise."""
    if (get_language() or "id").startswith("id"):
        return (
            f"Pada hari ini {weekday(day)} tanggal {terbilang(day.day)} bulan "
            f"{date_format(day, 'F')} tahun {terbilang(day.year)}"
        )
    return f"On {weekday(day)}, {long_date(day)}"
