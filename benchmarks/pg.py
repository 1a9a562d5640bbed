"""What the PostgreSQL benchmarks share (benchmarks/skm.py, benchmarks/readiness.py): the
throw-away database, Django pointed at it, survey responses written with COPY, and the
machine's description.

The server is PRIMA_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres); each
benchmark names a database of its own on it, dropped and created again on every full run.
"""

from __future__ import annotations

import os
import random
import urllib.parse
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path

ADMIN_URL = os.environ.get("PRIMA_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
KEYS = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "sarpras",
    "pengaduan",
)


def database_url(name: str) -> str:
    parts = urllib.parse.urlsplit(ADMIN_URL)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def postgres_available() -> str:
    """'' when the server answers, else the reason."""
    try:
        import psycopg

        with psycopg.connect(ADMIN_URL, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means "not here"
        return f"{type(error).__name__}: {error}".strip()
    return ""


def fresh_database(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prima.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django as framework

    framework.setup()


def copy_responses(
    count: int,
    *,
    periods: Mapping[int, int],
    pick_unit: Callable[[int, random.Random], int],
    rng: random.Random,
    today: date,
) -> None:
    """Write `count` survey responses with COPY: response n goes to the unit
    `pick_unit(n, rng)` and that unit's period in `periods` (unit id → period id), answered
    around a quality that depends on the unit, on a day of this year up to today."""
    from django.db import connection

    columns = (
        "period_id, unit_id, channel, submitted_at, local_date, fill_seconds, "
        + ", ".join(KEYS)
        + ", sex, age, education, occupation, suggestion, suggestion_masked, extra, "
        "device_digest, is_flagged, flags"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor: COPY
        with raw.copy(f"COPY surveys_surveyresponse ({columns}) FROM STDIN") as copy:
            for n in range(count):
                unit = pick_unit(n, rng)
                quality = 2.2 + (unit % 17) / 10
                answers = [
                    None if rng.random() < 0.01 else min(4, max(1, round(rng.gauss(quality, 0.7))))
                    for _ in KEYS
                ]
                day = today.replace(month=1, day=1).toordinal() + rng.randrange(
                    max(1, today.timetuple().tm_yday)
                )
                answered = datetime.fromordinal(day).date()
                copy.write_row(
                    (
                        periods[unit],
                        unit,
                        "web",
                        f"{answered.isoformat()} {rng.randint(1, 8):02d}:00:00+00",
                        answered,
                        rng.randint(40, 400),
                        *answers,
                        rng.choice("LP"),
                        rng.randint(17, 75),
                        rng.choice(["sd", "smp", "sma", "s1"]),
                        rng.choice(["pns", "swasta", "wirausaha", "lainnya"]),
                        "",
                        "",
                        "{}",
                        "",
                        False,
                        "[]",
                    )
                )
        cursor.execute("ANALYZE surveys_surveyresponse")


def machine() -> dict:
    """The machine, as benchmarks/__main__.py describes it, with PostgreSQL's version and the
    memory."""
    from django.db import connection

    from benchmarks.__main__ import _machine as base

    info = base()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        info["postgresql"] = cursor.fetchone()[0]
    try:
        memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        info["memory_gib"] = round(int(memory) / 1024 / 1024, 1)
    except (OSError, IndexError, ValueError):
        pass
    return info
