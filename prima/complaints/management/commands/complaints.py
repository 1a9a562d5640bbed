"""`prima complaints import FILE [--json]` and `prima complaints clock`."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from prima.complaints import actions
from prima.complaints.importing import ImportRefused, import_file


class Command(BaseCommand):
    help = (
        "Complaints from the command line. `import FILE [--json]`: import legacy or exported "
        "complaints from CSV or XLSX, all or nothing (exit code 2 names the bad rows). "
        "`clock`: close answered complaints whose reply window has passed and escalate overdue "
        "ones; run it every few minutes from a timer (a late run catches up)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help="import complaints from a CSV or XLSX file")
        importing.add_argument("file")
        importing.add_argument("--json", action="store_true", help="print the result as JSON")
        sub.add_parser("clock", help="auto-close and escalate")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "clock":
            report = actions.run_clock(actor=None)
            self.stdout.write(f"{report.closed} closed, {report.escalated} escalated.")
            return
        try:
            # The command line speaks English, also in the messages of the web form's checks
            # that each row goes through.
            with translation.override("en"):
                imported = import_file(options["file"])
        except ImportRefused as refused:
            self.stderr.write("Nothing imported:")
            for problem in refused.problems:
                self.stderr.write(f"  {problem}")
            sys.exit(2)
        if options["json"]:
            rows = [{"row": number, "id": public_id} for number, public_id in imported]
            self.stdout.write(json.dumps({"imported": rows}))
        else:
            self.stdout.write(f"Imported {len(imported)} complaint(s).")
