"""`prima rebuild_survey_aggregates`: recompute the survey counts and results from responses."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prima.surveys import aggregates
from prima.surveys.models import SurveyPeriod


class Command(BaseCommand):
    help = (
        "Recompute the pre-aggregated survey tables (answer counts per period, element and "
        "answer; each period's IKM, interval and respondent profile) from the stored responses, "
        "replacing what is there. Flagged responses stay out. Safe to run at any time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="only the periods of this unit code")
        parser.add_argument("--period", type=int, help="only this period id")

    def handle(self, *args: Any, **options: Any) -> None:
        periods = SurveyPeriod.objects.select_related("unit").order_by("pk")
        if options["unit"]:
            periods = periods.filter(unit__code=options["unit"])
        if options["period"]:
            periods = periods.filter(pk=options["period"])
        count = aggregates.rebuild(periods)
        if options["verbosity"]:
            self.stdout.write(f"Rebuilt the aggregates of {count} survey period(s).")
