"""`opendata build` writes the open-data packages (docs/commands.md, docs/guide/open-data.md):
into a new build that the site then serves (under PRIMA_OPENDATA_DIR, or in the object store
when PRIMA_STORAGE_URL is set), or with `--out DIR` into a folder of your own (to check or copy
them; the site's build is not touched)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from prima.lib.dbrouter import reading_from_replica
from prima.lib.http import absolute_url
from prima.opendata import build


class Command(BaseCommand):
    help = "Build the open-data packages (Frictionless Data Packages) the /data/ page serves."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["build"])
        parser.add_argument(
            "--year",
            type=int,
            help="Rebuild only this year's packages and the all-years ones; the site's other "
            "years are kept from its current build.",
        )
        parser.add_argument(
            "--out",
            type=Path,
            help="Write into this folder (new or empty) instead of the site's build.",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        year: int | None = options.get("year")
        out: Path | None = options.get("out")
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError(f"--year {year}: give a year such as 2026.")
        home = absolute_url(reverse("opendata")).removesuffix(reverse("opendata"))
        verbose = options.get("verbosity", 1) > 1
        log = self.stdout.write if verbose else None
        # Every row the packages hold is read from the read replica when there is one (a
        # full read of the published figures, nobody's fresh write); the files only change
        # on disk.
        with reading_from_replica() as alias:
            if verbose:
                self.stdout.write(f"Reading from the database '{alias}'.")
            manifest, where = self._build(year=year, out=out, home=home, log=log)
        packages = sum(len(editions) for editions in manifest["datasets"].values())
        self.stdout.write(f"Wrote {packages} packages to {where}.")

    def _build(self, *, year: int | None, out: Path | None, home: str, log: Any) -> tuple:
        if out is not None:
            if out.exists() and any(out.iterdir()):
                raise CommandError(f"--out {out}: the folder is not empty.")
            manifest = build.build(out, year=year, home=home, log=log)
            where: build.Root = out
        else:
            where = build.publish(year=year, home=home, log=log)
            manifest = build.current()[1]  # type: ignore[index]
        return manifest, where
