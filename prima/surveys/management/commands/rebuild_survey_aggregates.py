"""`prima rebuild_survey_aggregates`: recompute the survey counts and results from responses."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
        parser.add_argument(
            "--check",
            action="store_true",
            help="change nothing: recompute each IKM from the responses and report any period "
            "whose stored result differs (exit code 1 if one does)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        periods = SurveyPeriod.objects.select_related("unit").order_by("pk")
        if options["unit"]:
            periods = periods.filter(unit__code=options["unit"])
        if options["period"]:
            periods = periods.filter(pk=options["period"])
        if options["check"]:
            self._check(periods)
            return
        count = aggregates.rebuild(periods)
        if options["verbosity"]:
            self.stdout.write(f"Rebuilt the aggregates of {count} survey period(s).")

    def _check(self, periods: Any) -> None:
        from prima.surveys.models import PeriodResult

        fresh = aggregates.ikm_from_responses(periods)
        stored = dict(
            PeriodResult.objects.filter(period__in=periods).values_list("period_id", "ikm_rounded")
        )

        def recomputed(pk: int) -> Any:
            index = fresh.get(pk)
            return index[1] if index is not None else None

        wrong = [pk for pk in sorted(set(stored) | set(fresh)) if stored.get(pk) != recomputed(pk)]
        for pk in wrong[:50]:
            self.stdout.write(
                f"period {pk}: stored {stored.get(pk)}, from the responses {recomputed(pk)}"
            )
        self.stdout.write(
            f"Checked {len(set(stored) | set(fresh))} survey period(s): "
            f"{len(wrong)} differ{'s' if len(wrong) == 1 else ''}."
        )
        if wrong:
            raise CommandError("Stored results differ; run prima rebuild_survey_aggregates.")
