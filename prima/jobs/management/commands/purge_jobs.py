"""`prima purge_jobs [--days N]`: the retention of the outbox and the job records, and of the
exports prepared in the background (their own PRIMA_EXPORT_KEEP_DAYS, files with them)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from prima.jobs import exports
from prima.jobs.models import Export, JobRun, Mail


class Command(BaseCommand):
    help = (
        "Delete e-mails sent or failed, periodic runs and finished task records older than "
        "--days (default 30). E-mails still waiting are kept. Exports past their time "
        "(PRIMA_EXPORT_KEEP_DAYS after they were asked for) are deleted with their files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        before = timezone.now() - timedelta(days=max(days, 1))
        mails, _ = Mail.objects.filter(
            state__in=[Mail.State.SENT, Mail.State.FAILED], created_at__lt=before
        ).delete()
        runs, _ = JobRun.objects.filter(
            state__in=[JobRun.State.DONE, JobRun.State.FAILED], created_at__lt=before
        ).delete()
        results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
        exports = purge_exports(now=timezone.now())
        self.stdout.write(
            f"deleted {mails} e-mails, {runs} runs, {results} task records, {exports} exports"
        )


def purge_exports(*, now: datetime) -> int:
    """Expired exports: the file first (from the disk or the object store), then the row; one
    still being built is left to finish (its lease) and goes the next night."""
    count = 0
    expired = Export.objects.filter(expires_at__lt=now).exclude(state=Export.State.RUNNING)
    for export in expired.only("pk", "file", "state", "expires_at").iterator(chunk_size=500):
        count += exports.remove(export, now=now)
    return count
