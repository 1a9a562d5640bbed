"""`prima worker`: the background worker (django-tasks-db's db_worker with Prima's defaults)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Run the background worker: deliver e-mails and run periodic jobs from the database "
        "queue (PRIMA_TASKS=database). Run one or more on each server under systemd; stop it "
        "with SIGTERM, which lets the current task finish (docs/deploy.md, 'Background jobs')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is waiting, then exit")
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="exit after this many tasks"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument("--worker-id", default=None, help="a name unique in the pool")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRIMA_TASKS != "database":
            raise CommandError(
                "PRIMA_TASKS is not 'database': tasks run inside the process that enqueues "
                "them and there is no queue for a worker to take them from."
            )
        arguments = ["--queue-name", "*", "--interval", str(options["interval"]), "--no-reload"]
        if options["batch"]:
            arguments.append("--batch")
        if options["max_tasks"]:
            arguments += ["--max-tasks", str(options["max_tasks"])]
        if options["worker_id"]:
            arguments += ["--worker-id", options["worker_id"]]
        call_command("db_worker", *arguments, verbosity=options["verbosity"])
