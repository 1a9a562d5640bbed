"""`privacy purge [--dry-run]` applies the retention periods (prima.privacy.retention; nightly
from prima.jobs.schedule) and prints the report (docs/commands.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prima.privacy import retention


class Command(BaseCommand):
    help = "Personal data: apply the retention periods (purge)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["purge"])
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what has expired and change nothing.",
        )

    def handle(self, *args: Any, action: str, dry_run: bool = False, **options: Any) -> None:
        report = retention.purge(dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        for key, entry in report.kinds.items():
            self.stdout.write(
                f"{key}: {verb} {entry['records']} (kept {entry['days']} days, "
                f"up to {entry['cutoff']})"
            )
        for error in report.errors:
            self.stderr.write(f"{error['kind']}: {error['error']}")
        self.stdout.write(f"Purge report {report.pk}.")
        if report.errors:
            raise SystemExit(1)
