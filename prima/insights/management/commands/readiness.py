"""`readiness rebuild` recomputes every unit's readiness row from the records;
`readiness refresh` (every 15 minutes from cron) recomputes the rows time has changed;
`readiness check` lists the units whose stored row differs (docs/commands.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prima.insights import store


class Command(BaseCommand):
    help = "Keep the readiness board's tables current: rebuild them, or refresh what time changed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "refresh", "check"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "rebuild":
            count = store.rebuild(
                progress=lambda done: (
                    self.stdout.write(f"{done} units", ending="\r")
                    if options["verbosity"] > 1
                    else None
                )
            )
            self.stdout.write(f"Rebuilt the readiness of {count} units.")
        elif action == "check":
            differ = store.check()
            for unit_id in differ:
                self.stdout.write(f"unit {unit_id}: stored row differs from its records")
            self.stdout.write(f"{len(differ)} units differ.")
            if differ:
                raise SystemExit(1)
        else:
            count = store.refresh_due()
            self.stdout.write(f"Refreshed the readiness of {count} units.")
