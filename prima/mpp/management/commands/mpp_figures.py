"""`prima mpp_figures import CODE FILE` and `prima mpp_figures rebuild [--mpp CODE]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from prima.mpp import aggregates, figures_actions, importing
from prima.mpp.models import Mpp


class Command(BaseCommand):
    help = (
        "An MPP's daily figures (docs/guide/mpp-figures.md). `import CODE FILE`: import a "
        "queue machine's CSV or XLSX export for the MPP of unit CODE, all or nothing (exit "
        "code 2 names each bad row and column; the same file twice is refused). "
        "`rebuild [--mpp CODE]`: recompute the per-day aggregates from the raw figures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="import daily figures from a CSV or XLSX file")
        load.add_argument("code", help="the MPP's unit code, e.g. 8171-MPP")
        load.add_argument("file")
        again = sub.add_parser("rebuild", help="recompute the per-day aggregates")
        again.add_argument("--mpp", dest="mpp", default=None, help="only this MPP (unit code)")

    def _mpp(self, code: str) -> Mpp:
        mpp = Mpp.objects.select_related("unit").filter(unit__code=code).first()
        if mpp is None:
            raise CommandError(f"No MPP with the unit code {code!r}.")
        return mpp

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            mpp = self._mpp(options["mpp"]) if options["mpp"] else None
            done = aggregates.rebuild(mpp)
            self.stdout.write(
                f"Rebuilt {done.mpp_days} MPP day(s) and {done.tenant_days} tenant day(s) "
                f"of {done.mpps} MPP(s)."
            )
            return
        mpp = self._mpp(options["code"])
        path = Path(options["file"])
        # The command line speaks English, also in the messages the web page shows translated.
        with translation.override("en"):
            parsed = importing.parse_file(mpp, path)
            problems = parsed.problems
            result = None
            if not problems:
                try:
                    result = figures_actions.import_figures(
                        mpp,
                        actor=None,
                        parsed=parsed,
                        filename=path.name,
                        sha256=importing.file_digest(path.read_bytes()),
                    )
                except ValidationError as error:
                    problems = list(error.messages)
        if result is None:
            self.stderr.write("Nothing imported:")
            for problem in problems:
                self.stderr.write(f"  {problem}")
            sys.exit(2)
        self.stdout.write(
            f"Imported {parsed.rows} row(s): {result.services} service day(s), "
            f"{result.counters} counter day(s) from {min(result.days)} to {max(result.days)}"
            f" ({result.replaced} replaced)."
        )
        if parsed.ignored_columns:
            self.stdout.write("Ignored columns: " + ", ".join(parsed.ignored_columns))
