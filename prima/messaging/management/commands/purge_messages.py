"""`prima purge_messages [--days N] [--dry-run]`: the retention of SMS and WhatsApp records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prima.messaging import actions, dispatcher


class Command(BaseCommand):
    help = (
        "Delete SMS and WhatsApp records older than --days (default 90; docs/security.md, "
        "'What SMS and WhatsApp keep'): messages received and sent, ended conversations, and "
        "the numbers left with no message, no complaint and no block. Messages still waiting "
        "in the review queue are kept. --dry-run counts without deleting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        # Never shorter than the replay horizon: an id forgotten sooner could be replayed.
        shortest = dispatcher.REPLAY_HORIZON.days + 1
        counts = actions.purge(days=max(options["days"], shortest), dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(", ".join(f"{verb} {n} {name}" for name, n in counts.items()))
