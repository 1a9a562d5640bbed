"""What the open-data tests share: the demo seeded in a transaction that is rolled back, and
reading a package back (valid to Frictionless, its rows, every text it holds)."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from frictionless import validate


@contextmanager
def seeded_demo(django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[None]:
    """The demo, seeded inside a transaction rolled back on leaving (for a module- or
    class-scoped fixture: the small cases after it make their own world)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def assert_valid(folder: Path) -> None:
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def every_text(folder: Path) -> str:
    """The text of every file under `folder`, the zips' members included."""
    texts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                texts += [bundle.read(name).decode("utf-8") for name in bundle.namelist()]
        elif path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)
