"""What the standards records establish about a unit, offered by evidence slot
(prima.lib.evidence): the levels of the compliance status (queries.unit_compliance, the
figures the unit's standards page shows), with the facts behind them and the records to open.
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prima.lib.evidence import Finding, Link
from prima.registry.models import ServiceUnit
from prima.standards import queries

SLOTS = {
    "standards.service_standards": "The level every offered service's standard reaches: "
    "all 14 components, formally set, drafted with the community, monitored and evaluated.",
    "standards.community_involvement": "How many distinct community elements attended the "
    "unit's forums on its standards.",
    "standards.published_media": "Where the standards' service-delivery components are "
    "published: the media, and SIPP Nasional apart.",
    "standards.periodic_review": "How often each service's standard is reviewed.",
    "standards.maklumat": "The maklumat pelayanan: drafted, set, complete, published on "
    "electronic and printed media.",
    "standards.vulnerable_group_facilities": "How many usable facilities for vulnerable "
    "groups the unit's checklist holds.",
}


def _links(slot: str, code: str) -> list[Link]:
    label, target = {
        "standards.service_standards": (_("Service standards of the unit"), "standards"),
        "standards.community_involvement": (_("Forums (FKP) and their minutes"), "standards"),
        "standards.published_media": (_("Where the standards are published"), "standards"),
        "standards.periodic_review": (_("Reviews of each standard"), "standards"),
        "standards.maklumat": (_("Maklumat Pelayanan"), "maklumat"),
        "standards.vulnerable_group_facilities": (_("Facilities checklist"), "facilities"),
    }[slot]
    return [(label, target, code)]


def findings(unit: ServiceUnit, *, year: int, today: dt.date) -> dict[str, Finding]:
    """Every standards slot for `unit`, its records read as they stood at the end of `year`
    (or today, if earlier)."""
    compliance = queries.unit_compliance(unit, min(today, dt.date(year, 12, 31)))
    found: dict[str, Finding] = {}
    for indicator in compliance.indicators:
        facts = [indicator.explanation]
        if indicator.slot == "standards.service_standards":
            for row in compliance.rows[:10]:
                counted = row.counted
                facts.append(
                    _("%(service)s: level %(score)s%(set)s")
                    % {
                        "service": row.service.name,
                        "score": row.score,
                        "set": _(", set on %(date)s") % {"date": date_format(counted.decree_date)}
                        if counted is not None and counted.decree_date
                        else "",
                    }
                )
        found[indicator.slot] = Finding(
            level=indicator.score, facts=facts, links=_links(indicator.slot, unit.code)
        )
    return found
