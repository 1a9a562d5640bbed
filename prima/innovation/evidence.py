"""What the innovation registry establishes about a unit, offered by evidence slot
(prima.lib.evidence): whether it created an innovation that lives, how far along it is and
whether it entered or won a competition; and what anchors it — a rule, a budget, facilities,
a team decree — from the yearly sustainability reports (docs/regulations.md §4.4,
docs/guide/innovation.md).

Only innovations living on the evaluation's day count (running or growing, confirmed within a
year: Innovation.status_on); a dormant, stopped or unconfirmed one is named in the facts but
supports no level. The best innovation gives the level.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from prima.innovation.models import Award, Innovation, SustainabilityReport
from prima.innovation.models.contest import Submission
from prima.innovation.models.registry import LIVING, UNKNOWN, Institutionalisation, Stage, Status
from prima.lib.evidence import Finding, Link
from prima.registry.models import ServiceUnit

SLOTS = {
    "innovation.creation": "The unit's living innovations: at the initiative stage, running "
    "under or over a year, entered in a competition, or a winner at any level.",
    "innovation.sustainability": "What anchors the unit's living innovations, from their "
    "sustainability reports of the cycle year or the year before: a rule drafted or set, and "
    "beside a set rule a budget, facilities and a team decree.",
}

# Submissions that count as "entered in a competition": anything sent, not drafts or
# withdrawn ones.
ENTERED = [
    s
    for s in Submission.State.values
    if s not in (Submission.State.DRAFT, Submission.State.WITHDRAWN)
]
WON = (Award.Tier.WINNER, Award.Tier.SPECIAL)


@dataclass(frozen=True)
class Facts:
    """What creation_level reads of one innovation."""

    stage: str
    months: int | None  # of implementation on the day read
    entered: bool  # entered a competition, or holds any award
    won: bool


def creation_level(item: Facts) -> int:
    """The PEKPPP innovation-creation scale (29.f.B): 1 at the learning (initiative) stage;
    2 running under a year; 3 over a year, never entered in a competition; 4 over a year and
    entered; 5 a winner at any level."""
    if item.won:
        return 5
    if item.stage == Stage.INISIATIF or item.months is None:
        return 1
    if item.months < 12:
        return 2
    return 4 if item.entered else 3


def sustainability_level(report: SustainabilityReport) -> int:
    """The PEKPPP sustainability scale (30.f.B): 0 no rule; 1 a rule being drafted; 2 a rule
    set; 3, 4, 5 a rule set and one, two or three supports beside it (budget, facilities, a
    team decree)."""
    if report.institutionalisation == Institutionalisation.DRAFT:
        return 1
    if report.institutionalisation == Institutionalisation.SET:
        return 2 + report.supports
    return 0


def findings(unit: ServiceUnit, *, year: int, today: dt.date) -> dict[str, Finding]:
    innovations = list(
        Innovation.objects.filter(unit=unit)
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=SustainabilityReport.objects.filter(year__in=[year - 1, year]),
            ),
            "awards",
        )
        .order_by("title", "pk")
    )
    entered = set(
        Submission.objects.filter(innovation__unit=unit, state__in=ENTERED).values_list(
            "innovation_id", flat=True
        )
    )
    links: list[Link] = [(_("Innovations of the unit"), "innovations", unit.code)]
    if not innovations:
        none = [_("No innovation registered in Prima.")]
        return {
            "innovation.creation": Finding(0, none, links),
            "innovation.sustainability": Finding(0, list(none), links),
        }
    living: list[Innovation] = []
    facts: list[str] = []
    for item in innovations:
        shown = item.status_on(today)
        if shown in LIVING:
            living.append(item)
        else:
            facts.append(
                _("%(title)s: %(status)s — not counted.")
                % {"title": item.title, "status": _status_label(shown)}
            )
    if not living:
        facts.insert(0, _("No living innovation."))
        return {
            "innovation.creation": Finding(0, facts, links),
            "innovation.sustainability": Finding(0, list(facts), links),
        }
    creation: list[tuple[int, str]] = []
    sustainability: list[tuple[int, str]] = []
    for item in living:
        awards = list(item.awards.all())
        level = creation_level(
            Facts(
                stage=item.stage,
                months=item.age_on(today),
                entered=item.pk in entered or bool(awards),
                won=any(a.tier in WON for a in awards),
            )
        )
        creation.append((level, _creation_fact(item, today, awards, item.pk in entered)))
        links.append((item.title, "innovation", str(item.pk)))
        reports = sorted(item.reports.all(), key=lambda r: -r.year)
        if reports:
            report = reports[0]
            sustainability.append((sustainability_level(report), _report_fact(item, report)))
        else:
            sustainability.append(
                (
                    -1,
                    _("%(title)s: no sustainability report for %(a)s or %(b)s.")
                    % {"title": item.title, "a": year - 1, "b": year},
                )
            )
    best_report = max(level for level, _fact in sustainability)
    return {
        "innovation.creation": Finding(
            max(level for level, _fact in creation), [f for _l, f in creation] + facts, links
        ),
        # No report at all: the evaluator judges from what the unit uploads.
        "innovation.sustainability": Finding(
            best_report if best_report >= 0 else None,
            [f for _l, f in sustainability] + facts,
            list(links),
        ),
    }


def _status_label(shown: str) -> str:
    if shown == UNKNOWN:
        return _("status not confirmed for over a year")
    return str(dict(Status.choices).get(shown, shown))


def _creation_fact(item: Innovation, today: dt.date, awards: list[Award], entered: bool) -> str:
    parts = [str(item.get_stage_display())]
    months = item.age_on(today)
    if months is not None:
        parts.append(
            _("running %(years)s year(s) %(months)s month(s)")
            % {"years": months // 12, "months": months % 12}
        )
    if awards:
        parts.append(", ".join(f"{a.title} ({a.year})" for a in awards))
    elif entered:
        parts.append(_("entered in a competition"))
    return f"{item.title}: {'; '.join(parts)}."


def _report_fact(item: Innovation, report: SustainabilityReport) -> str:
    supports = [
        label
        for present, label in (
            (report.funded, _("budget")),
            (report.has_facilities, _("facilities")),
            (report.has_team_decree, _("team decree")),
        )
        if present
    ]
    rule = str(report.get_institutionalisation_display())
    if report.legal_basis:
        rule = f"{rule} ({report.legal_basis})"
    return _("%(title)s, report %(year)s: %(rule)s; supports: %(supports)s.") % {
        "title": item.title,
        "year": report.year,
        "rule": rule,
        "supports": ", ".join(supports) or _("none"),
    }
