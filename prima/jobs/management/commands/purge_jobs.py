"""`prima purge_jobs [--days N]`: the retention of the outbox and the job records."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from prima.jobs.models import JobRun, Mail


class Command(BaseCommand):
    help = (
        "Delete e-mails sent or failed, periodic runs and finished task records older than "
        "--days (default 30). E-mails still waiting are kept."
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
        self.stdout.write(f"deleted {mails} e-mails, {runs} runs, {results} task records")
