"""`prima schedule`: one pass of the scheduler. Run it every minute on every server."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from prima.jobs import actions


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if timezone.is_naive(moment):
        raise CommandError("--now needs a time zone, e.g. 2026-01-31T02:00:00+07:00")
    return moment


class Command(BaseCommand):
    help = (
        "Enqueue the periodic jobs whose time slot has begun (each slot once, however many "
        "servers run this), and put back in line the e-mails, messages and runs whose worker "
        "stopped. "
        "Run it every minute from a timer on every server (docs/deploy.md, 'Background jobs')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", type=_moment, help="act as at this time (ISO 8601 with a time zone)"
        )

    def handle(self, *args: Any, now: datetime | None = None, **options: Any) -> None:
        done = actions.tick(now=now)
        if options["verbosity"] > 1 or any(
            (done.runs_created, done.mails_nudged, done.runs_nudged, done.others_nudged)
        ):
            self.stdout.write(
                f"runs enqueued {done.runs_created}, e-mails put back in line "
                f"{done.mails_nudged}, runs put back in line {done.runs_nudged}, "
                f"messages put back in line {done.others_nudged}"
            )
