"""`prima ikm FILE`: the IKM of survey responses in a CSV or XLSX file, for analysts."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prima.lib.tables import TableError, read_table
from prima.surveys import ikm
from prima.surveys.importing import answer_cell, element_columns


def _key_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


class Command(BaseCommand):
    help = (
        "Compute the IKM (PermenPANRB 14/2017) of survey responses in a CSV or XLSX file, one "
        "row per respondent. Element columns are named persyaratan, prosedur, waktu, biaya, "
        "produk, kompetensi, perilaku, sarpras, pengaduan — or U1…U9 in the questionnaire's "
        "order (U8 = sarpras, U9 = pengaduan). Blank cells are unanswered. A bad value stops "
        "with exit code 2 naming its row and column."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX, one row per respondent")
        parser.add_argument(
            "--by", default="", help="group by these columns, comma-separated (e.g. unit,period)"
        )
        parser.add_argument(
            "--population", type=int, default=None, help="service users in the period (sample size)"
        )
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        method = ikm.CURRENT
        population = options["population"]
        if population is not None and population < 0:
            raise CommandError("--population cannot be negative", returncode=2)
        try:
            table = read_table(options["file"])
        except TableError as error:
            raise CommandError(str(error), returncode=2) from error

        columns, problems = element_columns(table.header, method)
        if problems:
            raise CommandError(problems[0], returncode=2)
        by = [c.strip() for c in options["by"].split(",") if c.strip()]
        lookup = {name.lower(): name for name in table.header}
        missing = [c for c in by if c.lower() not in lookup]
        if missing:
            raise CommandError(f"--by: no column named {', '.join(missing)}", returncode=2)
        by_columns = [lookup[c.lower()] for c in by]

        groups: dict[tuple[str, ...], list[dict[str, int | None]]] = defaultdict(list)
        try:
            for number, row in table.rows:
                response: dict[str, int | None] = {}
                for key, column in columns.items():
                    try:
                        answer = answer_cell(row.get(column))
                        if answer is not None and not method.lowest <= answer <= method.highest:
                            raise ValueError
                    except ValueError:
                        raise CommandError(
                            f"row {number}, column {column!r}: {row.get(column)!r} is not an "
                            f"answer from {method.lowest} to {method.highest}",
                            returncode=2,
                        ) from None
                    response[key] = answer
                groups[tuple(_key_value(row.get(c)) for c in by_columns)].append(response)
        except TableError as error:
            raise CommandError(str(error), returncode=2) from error

        results = [
            (
                dict(zip(by_columns, key, strict=True)),
                ikm.compute(rows, method=method, population=population),
            )
            for key, rows in sorted(groups.items())
        ]
        if options["json"]:
            payload = {"groups": [self._as_json(group, result) for group, result in results]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for group, result in results:
                self._print_table(group, result)

    @staticmethod
    def _as_json(key: dict[str, str], result: ikm.Result) -> dict[str, Any]:
        return {"key": key, **result.as_json()}

    def _print_table(self, key: dict[str, str], result: ikm.Result) -> None:
        title = ", ".join(f"{k} = {v}" for k, v in key.items()) or "All responses"
        self.stdout.write(f"{title} — {result.respondents} respondents")
        self.stdout.write(f"  {'':<4}{'element':<13}{'n':>7}{'NRR':>9}{'×25':>9}  mutu")
        for position, element in enumerate(result.elements.values(), start=1):
            nrr = f"{float(element.nrr):.4f}" if element.nrr is not None else "—"
            value = f"{element.value_rounded}" if element.value_rounded is not None else "—"
            mutu = element.category.mutu if element.category else "—"
            self.stdout.write(
                f"  U{position:<3}{element.key:<13}{element.n:>7}{nrr:>9}{value:>9}  {mutu}"
            )
        if result.ikm_rounded is None:
            self.stdout.write(f"  IKM: none — no answers for {', '.join(result.missing_elements)}")
        else:
            assert result.category is not None
            line = (
                f"  IKM {result.ikm_rounded} — {result.category.mutu} ({result.category.kinerja})"
            )
            if result.ci95:
                line += f"; 95% CI {result.ci95[0]}–{result.ci95[1]}"
            self.stdout.write(line)
        if result.sample_required is not None:
            state = "met" if result.sample_met else "NOT ENOUGH RESPONSES"
            self.stdout.write(
                f"  Sample: {state} (Krejcie–Morgan needs {result.sample_required} per element)"
            )
        self.stdout.write("")
