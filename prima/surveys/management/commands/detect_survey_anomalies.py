"""`prima detect_survey_anomalies`: look for ballot stuffing in recent survey periods."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from prima.surveys import actions
from prima.surveys.models import SurveyPeriod


class Command(BaseCommand):
    help = (
        "Look for bursts against a unit's own baseline, identical responses and straight-lining "
        "in survey periods, and replace their anomaly findings (shown to reviewers on each "
        "period's anomaly page). By default: periods that were open in the last DAYS days. Run "
        "it nightly from a timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=7, help="periods open in the last DAYS days"
        )
        parser.add_argument("--period", type=int, help="only this period id")
        parser.add_argument("--unit", help="only the periods of this unit code")

    def handle(self, *args: Any, **options: Any) -> None:
        periods = SurveyPeriod.objects.select_related("unit").order_by("pk")
        if options["period"]:
            periods = periods.filter(pk=options["period"])
        elif options["unit"]:
            periods = periods.filter(unit__code=options["unit"])
        else:
            since = timezone.localdate() - dt.timedelta(days=options["days"])
            periods = periods.filter(ends_on__gte=since)
        found = checked = 0
        for period in periods:
            found += len(actions.detect_anomalies(period))
            checked += 1
        if options["verbosity"]:
            self.stdout.write(f"Checked {checked} survey period(s); {found} finding(s).")
