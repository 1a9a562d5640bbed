"""`figures rebuild` recomputes the national picture's tables from the records; `figures
refresh` (every 15 minutes from cron, with `readiness refresh`) catches up the SKM answers
and the forums whose day has come; `figures check` lists the rows that differ from a rebuild
(docs/commands.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prima.insights import figures_store


class Command(BaseCommand):
    help = "Keep the national picture's tables current: rebuild them, refresh, or check them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "refresh", "check"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "rebuild":
            figures_store.rebuild()
            figures_store.vacuum()
            self.stdout.write("Rebuilt the national picture's tables.")
        elif action == "check":
            differ = figures_store.check()
            for row in differ[:100]:
                self.stdout.write(f"{row}: stored row differs from the records")
            self.stdout.write(f"{len(differ)} rows differ.")
            if differ:
                raise SystemExit(1)
        else:
            count = figures_store.sweep()
            self.stdout.write(f"Refreshed the national figures of {count} units.")
