"""`prima backup`: the database and the uploaded files into PRIMA_BACKUP_DIR, with a manifest
the restore drill checks (prima/lib/backups.py; docs/deploy.md, "Backups")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from prima.lib.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump --format=custom; SQLite: the online backup "
        "API) and the uploaded files into a new folder of PRIMA_BACKUP_DIR, with a manifest of "
        "every table's row count and checksum; keep the --keep newest backups."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, help="default: PRIMA_BACKUP_DIR")
        parser.add_argument("--keep", type=int, help="default: PRIMA_BACKUP_KEEP")

    def handle(self, *args: Any, dir: Path | None, keep: int | None, **options: Any) -> None:
        folder = dir or settings.PRIMA_BACKUP_DIR
        keep = settings.PRIMA_BACKUP_KEEP if keep is None else keep
        if keep < 1:
            raise CommandError("--keep must be at least 1", returncode=2)
        try:
            backup = create_backup(folder=folder, keep=keep, now=timezone.now())
        except BackupError as error:
            raise CommandError(f"backup FAILED: {error}") from error
        manifest = backup.manifest
        database, files = manifest["database"], manifest["files"]
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(f"backup {backup.name} written to {backup.path}")
        self.stdout.write(
            f"  {database['file']}: {database['size']} bytes, {len(manifest['tables'])} tables, "
            f"{rows} rows ({database['server_version']})"
        )
        self.stdout.write(
            f"  uploaded files ({files['source']}): {len(files['objects'])}, "
            f"{files['copied']} new copied ({files['copied_bytes']} bytes)"
        )
