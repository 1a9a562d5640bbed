"""`search rebuild` recomputes the directory search's index from the records; `search check`
lists the rows that differ (docs/commands.md, ADR 0014)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prima.registry import search_index


class Command(BaseCommand):
    help = "Keep the directory search's index current: rebuild it, or check it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "check"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "rebuild":
            count = search_index.rebuild()
            self.stdout.write(f"Rebuilt the search index: {count} units and services.")
            return
        differ = search_index.check()
        for row in differ[:100]:
            self.stdout.write(f"{row}: stored row differs from the records")
        self.stdout.write(f"{len(differ)} rows differ.")
        if differ:
            raise SystemExit(1)
