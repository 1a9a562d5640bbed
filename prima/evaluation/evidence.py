"""F-01 evidence filled in from Prima's own records, so evaluators verify records instead of
reading scans (issue 6 §3).

The modules below evaluation offer findings by evidence slot (prima.lib.evidence): each
module's `evidence` module names its slots and reads them for a unit and a year, knowing
nothing of any instrument. An instrument indicator names the slot it reads (`evidence:` in
the YAML); this module resolves indicator → slot → finding, so a new instrument year is a data
file. Levels come from the same functions the modules' own pages use; a slot with no records
stays an upload. The slots and their meaning: docs/evaluation-instruments.md.

Links name the record (a target and its key), not a URL: which page a reader may open — the
staff page, a read-only one, the public page of a listed unit, or none — depends on who reads
(record_url, with access.unit_record_rights), and is decided when the page is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from prima.complaints import evidence as complaints
from prima.evaluation import instrument
from prima.innovation import evidence as innovation
from prima.lib.evidence import Finding, Link, Provider, cite
from prima.mpp import evidence as mpp
from prima.recognition import evidence as recognition
from prima.registry.models import ServiceUnit
from prima.standards import evidence as standards
from prima.surveys import evidence as surveys

if TYPE_CHECKING:
    from prima.evaluation.access import UnitRecordRights

# The modules offering evidence slots. A new module adds its `evidence` module here; its slot
# names start with its app label. The MPP's slots feed the Monev MPP instrument (mpp-2022).
PROVIDERS: tuple[Provider, ...] = (standards, surveys, complaints, innovation, recognition, mpp)
SLOTS: dict[str, str] = {
    slot: meaning for provider in PROVIDERS for slot, meaning in provider.SLOTS.items()
}


@dataclass
class Prefill:
    indicator: str
    source: str  # the app offering the slot: "standards", "surveys", "complaints"
    level: int | None  # what the records support, or None where the evaluator must judge
    facts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def connect() -> None:
    """Tell the instrument loader which slots exist, so that a file naming another is
    refused, and the modules which indicator of the newest instrument each slot feeds
    (prima.lib.evidence.citation). Run once when Django starts (EvaluationConfig.ready)."""
    instrument.offer_slots(SLOTS)
    codes: dict[str, list[str]] = {}
    # The newest instrument of each family, PEKPPP first: a slot both bind (innovation.creation)
    # cites the PEKPPP indicator; the MPP's own slots cite the Monev MPP ones.
    for family in instrument.FAMILIES:
        found = instrument.built_in_codes(family=family)
        cited: dict[str, list[str]] = {}
        for indicator in instrument.built_in(found[0]).indicators.values() if found else ():
            if indicator.evidence and indicator.evidence not in codes:
                cited.setdefault(indicator.evidence, []).append(indicator.code)
        codes.update(cited)
    cite({slot: ", ".join(found) for slot, found in codes.items()})


def prefill_for(
    unit: ServiceUnit, *, year: int, slots: dict[str, str], today: dt.date
) -> dict[str, Prefill]:
    """Indicator code → what Prima's records say, for the indicators whose evidence slot
    (`slots`: indicator code → slot name, from the instrument) a module offers."""
    wanted = set(slots.values())
    by_slot: dict[str, Finding] = {}
    for provider in PROVIDERS:
        if wanted & provider.SLOTS.keys():
            by_slot.update(provider.findings(unit, year=year, today=today))
    return {
        code: Prefill(
            code,
            slot.partition(".")[0],
            by_slot[slot].level,
            list(by_slot[slot].facts),
            list(by_slot[slot].links),
        )
        for code, slot in slots.items()
        if slot in by_slot
    }


def record_url(target: str, key: str, *, unit_code: str, rights: UnitRecordRights) -> str | None:
    """The page of a linked record that a reader with `rights` on the lokus's unit can open:
    the staff page when their scope reads the unit (the maklumat's editing page only for those
    who change the unit, the read-only standards page for the others), else the public page of
    a listed unit (the service passport, the published IKM, the complaint statistics), else
    None — shown as text."""
    staff: str | None = None
    public: str | None = None
    if target in ("standards", "maklumat", "facilities"):
        public = reverse("standards:passport", args=[unit_code])
        if target == "maklumat" and rights.change:
            staff = reverse("manage:maklumat_edit", args=[unit_code])
        elif target == "facilities":
            staff = reverse("manage:unit_facilities", args=[unit_code])
        else:
            staff = reverse("manage:unit_standards", args=[unit_code])
    elif target in ("surveys", "survey_period"):
        public = reverse("unit_ikm", args=[unit_code])
        staff = (
            reverse("manage:survey_period", args=[int(key)])
            if target == "survey_period" and key.isdigit()
            else reverse("manage:unit_surveys", args=[unit_code])
        )
    elif target == "complaints":
        public = reverse("complaints:unit", args=[unit_code])
        staff = reverse("manage:complaint_queue") + f"?unit={unit_code}"
    elif target == "innovations":
        public = reverse("innovation:catalogue") + f"?unit={unit_code}"
        staff = reverse("manage:innovation_list") + f"?unit={unit_code}"
    elif target == "mpp":
        public = reverse("mpp:detail", args=[unit_code])
        staff = reverse("manage:mpp_detail", args=[unit_code])
    elif target == "mpp_figures":
        staff = reverse("manage:mpp_figures", args=[unit_code])
    elif target == "mpp_digital":
        staff = reverse("manage:mpp_digital", args=[unit_code])
    elif target == "recognition_programme" and key.isdigit():
        public = reverse("recognition:programmes")
        staff = reverse("manage:recognition_programme", args=[int(key)])
    elif target == "innovation" and key.isdigit():
        # Whether the entry is published is not known here: the public reader gets the
        # catalogue of the unit, which lists it if it is.
        public = reverse("innovation:catalogue") + f"?unit={unit_code}"
        staff = reverse("manage:innovation_detail", args=[int(key)])
    if rights.read and staff is not None:
        return staff
    return public if rights.public else None


def resolve_links(
    links: list[Any], *, unit_code: str, rights: UnitRecordRights
) -> list[tuple[str, str | None]]:
    """Stored links as (label, URL or None) for one reader. Links stored before targets were
    kept (a label and a URL) are shown as text: the URL was a guess at who would read it."""
    resolved: list[tuple[str, str | None]] = []
    for link in links:
        if len(link) == 3:
            label, target, key = link
            resolved.append(
                (str(label), record_url(target, str(key), unit_code=unit_code, rights=rights))
            )
        elif link:
            resolved.append((str(link[0]), None))
    return resolved
