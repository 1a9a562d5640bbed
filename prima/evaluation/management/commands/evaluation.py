"""`prima evaluation score --instrument FILE --scores FILE [--json]` and
`prima evaluation validate FILE`."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prima.evaluation.instrument import InstrumentError, load
from prima.evaluation.scoring import ScoreError, score
from prima.lib.tables import TableError, read_table


class Command(BaseCommand):
    help = (
        "PEKPPP from the command line. `score --instrument FILE --scores FILE [--json]`: the "
        "IPP and category of every unit lokus in a CSV/XLSX with columns lokus, indicator, "
        "score. `validate FILE`: check an instrument file. Errors exit with code 2 and a "
        "message on standard error, printing nothing on standard output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scoring = sub.add_parser("score", help="compute the IPP of each lokus")
        scoring.add_argument("--instrument", required=True, help="an instrument YAML file")
        scoring.add_argument("--scores", required=True, help="CSV or XLSX: lokus, indicator, score")
        scoring.add_argument("--json", action="store_true", help="print the results as JSON")
        validate = sub.add_parser("validate", help="check an instrument file")
        validate.add_argument("file")

    def fail(self, problems: list[str]) -> None:
        for problem in problems:
            self.stderr.write(problem)
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "validate":
            try:
                instrument = load(options["file"])
            except InstrumentError as error:
                self.fail(error.problems)
                return
            self.stdout.write(
                f"{instrument.code}: valid — {len(instrument.aspects)} aspects, "
                f"{len(instrument.indicators)} indicators, {len(instrument.categories)} categories."
            )
            return
        try:
            instrument = load(options["instrument"])
        except InstrumentError as error:
            self.fail([f"instrument: {p}" for p in error.problems])
            return
        try:
            table = read_table(options["scores"])
        except TableError as error:
            self.fail([str(error)])
            return
        missing = [c for c in ("lokus", "indicator", "score") if c not in table.header]
        if missing:
            self.fail([f"scores: missing columns: {', '.join(missing)}"])
        by_lokus: dict[str, dict[str, int]] = defaultdict(dict)
        problems: list[str] = []
        for number, row in table.rows:
            lokus = str(row.get("lokus") or "").strip()
            code = str(row.get("indicator") or "").strip()
            raw = str(row.get("score") if row.get("score") is not None else "").strip()
            if not lokus or not code:
                problems.append(f"row {number}: lokus and indicator are required")
                continue
            if raw.endswith(".0"):
                raw = raw[:-2]
            if not raw.isdigit() or int(raw) > 5:
                problems.append(f"row {number}: score {raw!r} is outside the scale 0–5")
                continue
            if code in by_lokus[lokus]:
                problems.append(f"row {number}: {lokus} has {code} twice")
            by_lokus[lokus][code] = int(raw)
        if not by_lokus and not problems:
            problems.append("scores: the file has no rows")
        results = []
        for lokus, scores in by_lokus.items():
            try:
                results.append(score(instrument, scores).as_json(lokus))
            except ScoreError as error:
                problems.append(f"lokus {lokus}: {error}")
        if problems:
            self.fail(problems)
        if options["json"]:
            self.stdout.write(json.dumps({"results": results}, ensure_ascii=False))
            return
        for row in results:
            self.stdout.write(
                f"{row['lokus']}: IPP {row['ipp_rounded']:.2f} {row['category']} ({row['label']})"
            )
