"""Compile Prima's .po catalogues into .mo files with polib (no GNU gettext needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile the translation catalogues under prima/locale into .mo files. Unlike "
        "compilemessages it needs no GNU gettext, so `make demo` works on a bare machine."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail if a catalogue has fuzzy or empty entries."
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        compiled = 0
        problems: list[str] = []
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                if check:
                    language = po_path.parent.parent.name
                    for entry in catalogue:
                        if entry.obsolete:
                            continue
                        if "fuzzy" in entry.flags:
                            problems.append(f"{po_path}: fuzzy: {entry.msgid!r}")
                        elif language != "en" and not (
                            entry.msgstr or any(entry.msgstr_plural.values())
                        ):
                            problems.append(f"{po_path}: untranslated: {entry.msgid!r}")
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"Compiled {compiled} catalogue(s).")
