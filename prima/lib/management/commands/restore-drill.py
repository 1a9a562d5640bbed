"""`prima restore-drill [BACKUP]`: prove a backup restores (prima/lib/backups.py;
docs/deploy.md, "Backups")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from prima.lib.backups import BackupError, report_lines, restore_drill


class Command(BaseCommand):
    help = (
        "Restore the latest backup (or the one named) into a scratch database, dropped "
        "afterwards, and check it: the dump's sha256, no unapplied migration, every table's row "
        "count and checksum, every uploaded file's size and sha256. Exits 1, naming each "
        "difference, when anything does not match."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", nargs="?", help="a backup's folder name (default: latest)")
        parser.add_argument("--dir", type=Path, help="default: PRIMA_BACKUP_DIR")
        parser.add_argument(
            "--server",
            metavar="URL",
            help="a PostgreSQL address (postgres://user@host:5432/postgres) whose server holds "
            "the scratch database; default: DATABASE_URL's server",
        )

    def handle(
        self, *args: Any, backup: str | None, dir: Path | None, server: str | None, **options: Any
    ) -> None:
        folder = dir or settings.PRIMA_BACKUP_DIR
        server_settings = None
        if server:
            try:
                server_settings = environ.Env.db_url_config(server)
            except Exception as error:  # noqa: BLE001 - the address is never quoted back
                raise CommandError("--server: not a database address", returncode=2) from error
        try:
            drill = restore_drill(
                folder=folder, name=backup, server=server_settings, now=timezone.now()
            )
        except BackupError as error:
            raise CommandError(f"RESTORE DRILL FAILED: {error}") from error
        for line in report_lines(drill):
            if line.lstrip().startswith("FAILED"):
                self.stderr.write(self.style.ERROR(line))
            else:
                self.stdout.write(line)
        if not drill.ok:
            raise CommandError(
                f"RESTORE DRILL FAILED for backup {drill.backup.name}: "
                f"{len(drill.problems)} problem(s); first: {drill.problems[0]}"
            )
        self.stdout.write(self.style.SUCCESS(f"restore drill passed: {drill.backup.name}"))
