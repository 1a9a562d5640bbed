"""What the recognition records establish about a unit, offered by evidence slot
(prima.lib.evidence): the criteria of the recognition programmes covering it, on the PEKPPP
13.b.K scale, and the awards given, as one kind of work-motivation mechanism (12.b.AK).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from prima.lib.evidence import Finding, Link
from prima.recognition import queries, rules
from prima.recognition.models import Element
from prima.registry.models import ServiceUnit

SLOTS = {
    "recognition.award_criteria": "How many of the six award-criteria elements (kehadiran, "
    "kinerja, kerja sama, inovasi, penampilan, tanpa pengaduan) the published criteria of the "
    "unit's recognition programme cover (levels 1–5; 5 needs five or six including kinerja).",
    "recognition.motivation": "The unit's recognition programme and the awards it gave in "
    "the year: one kind (penghargaan) of work-motivation mechanism (facts only; the other "
    "kinds are not kept in Prima).",
}


def findings(unit: ServiceUnit, *, year: int, today: dt.date) -> dict[str, Finding]:
    """Every recognition slot for `unit`: no level where no programme covers it (the unit
    may keep its criteria on paper), else the best-covering programme's level."""
    programmes = list(queries.programmes_covering(unit, year=year))
    if not programmes:
        facts = [_("No recognition programme with published criteria in Prima.")]
        return {slot: Finding(None, list(facts), []) for slot in SLOTS}
    labels = dict(Element.choices)
    criteria_facts: list[str] = []
    motivation_facts: list[str] = []
    links: list[Link] = []
    best = 0
    for programme in programmes:
        elements = [c.element for c in programme.criteria.all()]
        level = rules.criteria_level(elements)
        best = max(best, level)
        covered = [str(labels[e]) for e in Element.values if e in elements]
        criteria_facts.append(
            _("%(name)s (%(scope)s): criteria cover %(n)s of 6 elements — %(list)s.")
            % {
                "name": programme.name,
                "scope": programme.scope_name,
                "n": len(covered),
                "list": ", ".join(covered) or "—",
            }
        )
        awards = list(queries.awards_in(programme, year=year))
        motivation_facts.append(
            _("%(name)s: %(n)s awards given in %(year)s (%(kinds)s).")
            % {
                "name": programme.name,
                "n": len(awards),
                "year": year,
                "kinds": ", ".join(sorted({a.get_kind_display() for a in awards})) or "—",
            }
        )
        if programme.legal_basis:
            criteria_facts.append(_("Legal basis: %(sk)s.") % {"sk": programme.legal_basis})
        links.append((_("Recognition programme"), "recognition_programme", str(programme.pk)))
    motivation_facts.append(
        _(
            "Recognition counts as one kind of mechanism (penghargaan); the evaluator adds "
            "training, scholarships, counselling and team building from the unit's documents."
        )
    )
    return {
        "recognition.award_criteria": Finding(best, criteria_facts, links),
        "recognition.motivation": Finding(None, motivation_facts, list(links)),
    }
