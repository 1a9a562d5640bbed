"""What the complaint records establish about a unit, offered by evidence slot
(prima.lib.evidence): the channels used, how complaints were handled, and the share settled
in Prima (docs/regulations.md §4.4). Abuse reports do not count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils.translation import gettext as _

from prima.complaints.models import Channel, Complaint, Status
from prima.lib.evidence import Finding, Link
from prima.registry.models import ServiceUnit

SLOTS = {
    "complaints.channels": "The channels complaints of the year came in by (facts only; "
    "a person judges the level).",
    "complaints.handling": "How many complaints of the year were answered, settled and led "
    "to an improvement (facts only).",
    "complaints.settled_in_prima": "The share of the year's complaints settled in Prima, "
    "counted as handled outside SP4N-LAPOR! (levels 0–2).",
}

SETTLED = (Status.RESPONDED, Status.CLOSED)


def settled_level(*, received: int, settled: int) -> int:
    """The PEKPPP complaint follow-up scale as far as Prima's own records go
    (docs/regulations.md §4.4): complaints settled in Prima count as handled outside
    SP4N-LAPOR! — 0 none, 1 under 50%, 2 at least 50%. The higher levels need the unit's
    SP4N-LAPOR! records, which the evaluator checks."""
    if received == 0 or settled == 0:
        return 0
    return 2 if settled * 2 >= received else 1


def findings(unit: ServiceUnit, *, year: int, today: dt.date) -> dict[str, Finding]:
    """Every complaints slot for `unit`, from the complaints received in `year`."""
    rows = list(
        Complaint.objects.filter(unit=unit, received_at__year=year, is_abuse=False).values(
            "channel", "status", "first_responded_at", "due_at", "improvement"
        )
    )
    link: list[Link] = [(_("Complaints of the unit"), "complaints", unit.code)]
    if not rows:
        facts = [_("No complaints recorded in Prima for %(year)s.") % {"year": year}]
        return {
            "complaints.channels": Finding(None, facts, link),
            "complaints.handling": Finding(None, list(facts), link),
            "complaints.settled_in_prima": Finding(0, list(facts), link),
        }
    channels = Counter(r["channel"] for r in rows)
    labels = dict(Channel.choices)
    settled = sum(r["status"] in SETTLED for r in rows)
    improved = sum(bool(r["improvement"]) for r in rows)
    answered = sum(r["first_responded_at"] is not None for r in rows)
    channel_facts = [
        _("Channels used in %(year)s: %(list)s.")
        % {
            "year": year,
            "list": ", ".join(f"{labels.get(c, c)} ({n})" for c, n in channels.most_common()),
        }
    ]
    handling_facts = [
        _("%(n)s complaints recorded; %(answered)s answered; %(settled)s settled.")
        % {"n": len(rows), "answered": answered, "settled": settled},
        _("%(n)s led to a recorded improvement of the service.") % {"n": improved},
    ]
    return {
        "complaints.channels": Finding(None, channel_facts, link),
        "complaints.handling": Finding(None, handling_facts, link),
        "complaints.settled_in_prima": Finding(
            settled_level(received=len(rows), settled=settled),
            handling_facts[:1] + [_("Settled in Prima count as handled outside SP4N-LAPOR!.")],
            link,
        ),
    }
