"""What the SKM records establish about a unit, offered by evidence slot
(prima.lib.evidence): the survey period an evaluation of a year reads, its sample,
publication and follow-up, with the levels they support on the PEKPPP scales
(docs/regulations.md §1.8, §4.4).
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prima.lib.evidence import Finding, Link
from prima.registry.models import ServiceUnit
from prima.surveys import queries
from prima.surveys.models import PeriodResult, SurveyPeriod

SLOTS = {
    "surveys.skm_conducted": "The SKM of the period read: held (its required sample met), "
    "its results published on printed and electronic media, and followed up.",
    "surveys.results_published": "How many distinct media the period's results were "
    "published on (up to 5).",
    "surveys.followup_realised": "The share of the period's follow-up actions done.",
    "surveys.followup_speed": "How soon after the period every follow-up action was done.",
}


def survey_period_for(unit: ServiceUnit, year: int) -> SurveyPeriod | None:
    """The whole-unit survey period an evaluation of `year` reads: the latest with results
    that ended in that year or the one before (units survey the year before they are
    evaluated)."""
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
    """The PEKPPP SKM scale (docs/regulations.md §4.4): 0 no SKM; 1 not per the regulation (here:
    the required sample not met); 2 per the regulation; 3 published; 4 published on both
    printed and electronic media; 5 and followed up. Prima computes every IKM by
    PermenPANRB 14/2017, so the sample is what separates 1 from 2."""
    if result is None or result.respondents == 0:
        return 0
    if result.sample_met is not True:
        return 1
    if not (electronic or printed):
        return 2
    if not (electronic and printed):
        return 3
    return 5 if followed_up else 4


def findings(unit: ServiceUnit, *, year: int, today: dt.date) -> dict[str, Finding]:
    """Every surveys slot for `unit`, from the period survey_period_for(unit, year) finds;
    level 0 everywhere when there is none."""
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
        return {slot: Finding(0, list(none), list(link)) for slot in SLOTS}
    result = period.result
    summary = queries.summary_of(period, result)
    publications = list(period.publications.all())
    electronic = any(p.is_electronic for p in publications)
    printed = any(not p.is_electronic for p in publications)
    follow = queries.followup_score(period, period.followups.all())
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
    media = queries.publication_media_count(period)
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
        "surveys.skm_conducted": Finding(
            skm_level(
                result=result,
                electronic=electronic,
                printed=printed,
                followed_up=follow.done > 0,
            ),
            period_facts + publication_facts[:1],
            link,
        ),
        "surveys.results_published": Finding(min(media, 5), publication_facts, link),
        "surveys.followup_realised": Finding(follow.realisation_score, followup_facts, link),
        "surveys.followup_speed": Finding(follow.speed_score, followup_facts, link),
    }
