"""Province → time zone, per Keppres 41/1987 (prima/registry/timezones.py)."""

from __future__ import annotations

import pytest

from prima.registry.regions_source import read_regions
from prima.registry.timezones import province_time_zone

# Every province of Kepmendagri 300.2.2-2138/2025, with the zone a traveller would confirm.
EXPECTED = {
    "11": "WIB",
    "12": "WIB",
    "13": "WIB",
    "14": "WIB",
    "15": "WIB",
    "16": "WIB",
    "17": "WIB",
    "18": "WIB",
    "19": "WIB",
    "21": "WIB",
    "31": "WIB",
    "32": "WIB",
    "33": "WIB",
    "34": "WIB",
    "35": "WIB",
    "36": "WIB",
    "51": "WITA",
    "52": "WITA",
    "53": "WITA",
    "61": "WIB",
    "62": "WIB",  # Kalimantan Barat and Tengah keep western time
    "63": "WITA",
    "64": "WITA",
    "65": "WITA",
    "71": "WITA",
    "72": "WITA",
    "73": "WITA",
    "74": "WITA",
    "75": "WITA",
    "76": "WITA",
    "81": "WIT",
    "82": "WIT",
    "91": "WIT",
    "92": "WIT",
    "93": "WIT",
    "94": "WIT",
    "95": "WIT",
    "96": "WIT",
}


@pytest.mark.parametrize(("code", "zone"), sorted(EXPECTED.items()))
def test_each_province_keeps_its_legal_time_zone(code, zone):
    assert province_time_zone(code) == zone


def test_the_table_covers_every_province_in_the_package():
    provinces = {r.code for r in read_regions() if r.level == 1}
    assert provinces == set(EXPECTED)


@pytest.mark.parametrize(
    ("code", "zone"),
    [("62.01", "WIB"), ("63.04", "WITA"), ("81.04", "WIT"), ("96.01", "WIT"), ("51.71", "WITA")],
)
def test_a_regency_takes_the_zone_of_its_province(code, zone):
    assert province_time_zone(code) == zone


@pytest.mark.parametrize("code", ["", "8", "4x", "41", "00", "x1"])
def test_an_unknown_province_code_is_refused_not_guessed(code):
    with pytest.raises(ValueError):
        province_time_zone(code)
