"""F-01 evidence filled in from Prima's own records, so evaluators verify records instead of
reading scans (issue 6 §3).

Each instrument indicator may name an evidence slot (`evidence:` in the YAML). For a unit and
a cycle year this module reads the modules that exist — standards, surveys, complaints — and
returns, per indicator, the facts found, links to the records, and where the records decide
the level unambiguously, the level they support. Levels come from the same functions the
modules' own pages use (standards.queries.unit_compliance for 1.a.Ak–5.a.K and 18.c.K,
surveys.queries.followup_score for 8.a.Ak/9.a.Ak); scales in docs/regulations.md §1.8,
§2.3–2.4, §4.4. A slot with no records stays an upload.

Links name the record (a target and its key), not a URL: which page a reader may open — the
staff page, a read-only one, the public page of a listed unit, or none — depends on who reads
(record_url, with access.unit_record_rights), and is decided when the page is shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prima.complaints.models import Channel, Complaint, Status
from prima.registry.models import ServiceUnit
from prima.standards import queries as standards
from prima.surveys import queries as surveys
from prima.surveys.models import PeriodResult, Publication, SurveyPeriod

if TYPE_CHECKING:
    from prima.evaluation.access import UnitRecordRights

Link = tuple[str, str, str]  # label, target (a key of record_url's table), the record's key


@dataclass
class Prefill:
    indicator: str
    source: str  # "standards", "surveys", "complaints"
    level: int | None  # what the records support, or None where the evaluator must judge
    facts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


STANDARD_SLOTS = {
    "standards": "1.a.Ak",
    "community": "2.a.P",
    "standard_publication": "3.a.T",
    "review": "4.a.K",
    "maklumat": "5.a.K",
    "facilities": "18.c.K",
}


def _reference_day(year: int, today: dt.date) -> dt.date:
    """Records are read as they stood at the end of the cycle year, or today if earlier."""
    return min(today, dt.date(year, 12, 31))


def _standards(unit: ServiceUnit, day: dt.date) -> dict[str, Prefill]:
    compliance = standards.unit_compliance(unit, day)
    code = unit.code
    links: dict[str, list[Link]] = {
        "1.a.Ak": [(_("Service standards of the unit"), "standards", code)],
        "2.a.P": [(_("Forums (FKP) and their minutes"), "standards", code)],
        "3.a.T": [(_("Where the standards are published"), "standards", code)],
        "4.a.K": [(_("Reviews of each standard"), "standards", code)],
        "5.a.K": [(_("Maklumat Pelayanan"), "maklumat", code)],
        "18.c.K": [(_("Facilities checklist"), "facilities", code)],
    }
    found: dict[str, Prefill] = {}
    for indicator in compliance.indicators:
        facts = [indicator.explanation]
        if indicator.code == "1.a.Ak":
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
        found[indicator.code] = Prefill(
            indicator=indicator.code,
            source="standards",
            level=indicator.score,
            facts=facts,
            links=links.get(indicator.code, []),
        )
    return found


def survey_period_for(unit: ServiceUnit, year: int) -> SurveyPeriod | None:
    """The whole-unit survey period a cycle of `year` reads: the latest with results that
    ended in that year or the one before (units survey the year before they are evaluated)."""
    return (
        SurveyPeriod.objects.filter(
            unit=unit,
            service__isnull=True,
            ends_on__year__in=[year - 1, year],
            result__respondents__gt=0,
        )
        .select_related("result")
        .order_by("-ends_on", "-pk")
        .first()
    )


def skm_level(
    *, result: PeriodResult | None, electronic: bool, printed: bool, followed_up: bool
) -> int:
    """6.a.B (docs/regulations.md §4.4): 0 no SKM; 1 not per the regulation (here: the required
    sample not met); 2 per the regulation; 3 published; 4 published on both printed and
    electronic media; 5 and followed up. Prima computes every IKM by PermenPANRB 14/2017, so
    the sample is what separates 1 from 2."""
    if result is None or result.respondents == 0:
        return 0
    if result.sample_met is not True:
        return 1
    if not (electronic or printed):
        return 2
    if not (electronic and printed):
        return 3
    return 5 if followed_up else 4


def _surveys(unit: ServiceUnit, year: int) -> dict[str, Prefill]:
    period = survey_period_for(unit, year)
    if period is None:
        none = [
            _("No survey period with results ended in %(a)s or %(b)s.")
            % {
                "a": year - 1,
                "b": year,
            }
        ]
        link: list[Link] = [(_("Surveys of the unit"), "surveys", unit.code)]
        return {
            code: Prefill(code, "surveys", 0, list(none), list(link))
            for code in ("6.a.B", "7.a.T", "8.a.Ak", "9.a.Ak")
        }
    result = period.result
    summary = surveys.summary_of(period, result)
    publications = list(period.publications.all())
    electronic = any(p.medium in Publication.ELECTRONIC for p in publications)
    printed = any(p.medium not in Publication.ELECTRONIC for p in publications)
    follow = surveys.followup_score(period, period.followups.all())
    period_facts = [
        _("%(name)s (%(start)s – %(end)s): %(n)s respondents, IKM %(ikm)s (%(mutu)s).")
        % {
            "name": period.name,
            "start": period.starts_on,
            "end": period.ends_on,
            "n": summary.respondents,
            "ikm": summary.ikm_rounded,
            "mutu": summary.mutu,
        },
        _("Required sample %(req)s: %(met)s.")
        % {
            "req": summary.sample_required if summary.sample_required is not None else "—",
            "met": _("met")
            if summary.sample_met
            else _("not met")
            if summary.sample_met is False
            else _("population not given"),
        },
    ]
    media = surveys.publication_media_count(period)
    publication_facts = [
        _("Published on %(medium)s, %(date)s")
        % {"medium": p.get_medium_display(), "date": date_format(p.published_on)}
        + (f" — {p.url}" if p.url else "")
        for p in publications
    ] or [_("The results have not been recorded as published.")]
    followup_facts = [
        _("%(done)s of %(planned)s follow-up actions done.")
        % {"done": follow.done, "planned": follow.planned}
    ]
    if follow.days_to_complete is not None:
        followup_facts.append(
            _("All done %(days)s days after the period ended.") % {"days": follow.days_to_complete}
        )
    link = [(_("Survey period and its report"), "survey_period", str(period.pk))]
    return {
        "6.a.B": Prefill(
            "6.a.B",
            "surveys",
            skm_level(
                result=result,
                electronic=electronic,
                printed=printed,
                followed_up=follow.done > 0,
            ),
            period_facts + publication_facts[:1],
            link,
        ),
        "7.a.T": Prefill("7.a.T", "surveys", min(media, 5), publication_facts, link),
        "8.a.Ak": Prefill("8.a.Ak", "surveys", follow.realisation_score, followup_facts, link),
        "9.a.Ak": Prefill("9.a.Ak", "surveys", follow.speed_score, followup_facts, link),
    }


SETTLED = (Status.RESPONDED, Status.CLOSED)


def complaint_level(*, received: int, settled: int) -> int:
    """28.e.Ak as far as Prima's own records go (docs/regulations.md §4.4): complaints settled
    in Prima count as handled outside SP4N-LAPOR! — 0 none, 1 under 50%, 2 at least 50%.
    The higher levels need the unit's SP4N-LAPOR! records, which the evaluator checks."""
    if received == 0 or settled == 0:
        return 0
    return 2 if settled * 2 >= received else 1


def _complaints(unit: ServiceUnit, year: int) -> dict[str, Prefill]:
    rows = list(
        Complaint.objects.filter(unit=unit, received_at__year=year, is_abuse=False).values(
            "channel", "status", "first_responded_at", "due_at", "improvement"
        )
    )
    link: list[Link] = [(_("Complaints of the unit"), "complaints", unit.code)]
    if not rows:
        facts = [_("No complaints recorded in Prima for %(year)s.") % {"year": year}]
        return {
            "complaint_channels": Prefill("", "complaints", None, facts, link),
            "complaint_handling": Prefill("", "complaints", None, list(facts), link),
            "complaint_followup": Prefill("", "complaints", 0, list(facts), link),
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
        "complaint_channels": Prefill("", "complaints", None, channel_facts, link),
        "complaint_handling": Prefill("", "complaints", None, handling_facts, link),
        "complaint_followup": Prefill(
            "",
            "complaints",
            complaint_level(received=len(rows), settled=settled),
            handling_facts[:1] + [_("Settled in Prima count as handled outside SP4N-LAPOR!.")],
            link,
        ),
    }


SURVEY_SLOTS = {
    "skm": "6.a.B",
    "skm_publication": "7.a.T",
    "skm_followup": "8.a.Ak",
    "skm_followup_speed": "9.a.Ak",
}
COMPLAINT_SLOTS = ("complaint_channels", "complaint_handling", "complaint_followup")


def prefill_for(
    unit: ServiceUnit, *, year: int, slots: dict[str, str], today: dt.date
) -> dict[str, Prefill]:
    """Indicator code → what Prima's records say, for the indicators whose evidence slot
    (`slots`: indicator code → slot name from the instrument) a built module can fill."""
    wanted = set(slots.values())
    by_slot: dict[str, Prefill] = {}
    if wanted & set(STANDARD_SLOTS):
        found = _standards(unit, _reference_day(year, today))
        by_slot.update({slot: found[code] for slot, code in STANDARD_SLOTS.items()})
    if wanted & set(SURVEY_SLOTS):
        found = _surveys(unit, year)
        by_slot.update({slot: found[code] for slot, code in SURVEY_SLOTS.items()})
    if wanted & set(COMPLAINT_SLOTS):
        by_slot.update(_complaints(unit, year))
    return {
        code: Prefill(
            code,
            by_slot[slot].source,
            by_slot[slot].level,
            by_slot[slot].facts,
            by_slot[slot].links,
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
