"""The open-data build at national scale (issue 21): rows per second and peak memory of
`prima opendata build`.

`python -m benchmarks.opendata [--save] [--year Y]` (run by `make bench` after the national
benchmark, whose database it reads) builds every package of every dataset from
PRIMA_BENCH_NATIONAL_DB (default prima_bench_national: 100,000 units in 552 regional
governments, 10,000,000 SKM responses in 70,000 periods, 1,000,000 complaints, five published
PEKPPP cycles of 2,000 lokus, coaching; the benchmark publishes every period's SKM result
first, since only published results are open data) into a temporary folder with the real
`prima.opendata.build.build`, and reports for each package its rows, bytes, seconds, rows per
second and the process's peak resident memory while it was written (sampled every 20 ms from
/proc/self/statm), and for the whole build the same. Memory is flat when the peak does not grow
with the rows: the biggest package should peak near the smallest. Without the database it says
which benchmark to run first. A benchmark is not a test: nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import pg

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("PRIMA_BENCH_NATIONAL_DB", "prima_bench_national")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _log(message: str) -> None:
    print(message, flush=True)


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE


class Sampler:
    """The peak resident memory since `reset`, sampled on a thread."""

    def __init__(self) -> None:
        self.peak = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _rss())

    def reset(self) -> int:
        self.peak = _rss()
        return self.peak

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _exists() -> bool:
    import psycopg

    with psycopg.connect(pg.ADMIN_URL, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
    return found is not None


def _counts() -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for label, table in (
            ("units", "registry_serviceunit"),
            ("period_results", "surveys_periodresult"),
            ("complaints", "complaints_complaint"),
            ("lokus", "evaluation_lokus"),
            ("coaching_events", "coaching_event"),
            ("standards", "standards_servicestandard"),
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[label] = cursor.fetchone()[0]
    return counts


def _publish_results() -> int:
    """Publish every survey period's result (the readiness dataset leaves them unpublished,
    and only published results are open data): 70,000 SKM rows to write. Idempotent."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE surveys_surveyperiod SET results_published_at = now() "
            "WHERE results_published_at IS NULL "
            "AND id IN (SELECT period_id FROM surveys_periodresult)"
        )
        return cursor.rowcount


def _mb(value: int) -> float:
    return round(value / (1 << 20), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--save", action="store_true")
    parser.add_argument("--year", type=int, help="build one year and the all-years packages")
    args, _others = parser.parse_known_args()  # make bench passes every benchmark's options
    reason = pg.postgres_available()
    if reason:
        _log(f"Open-data benchmark skipped: no PostgreSQL at {pg.ADMIN_URL} ({reason}).")
        return 0
    if not _exists():
        _log(
            f"Open-data benchmark skipped: no database {DB_NAME}. Run "
            "`python -m benchmarks.readiness` and then `python -m benchmarks.national` first."
        )
        return 0
    pg.django(pg.database_url(DB_NAME))
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from prima.opendata import build
    from prima.opendata.datasets import datasets

    published = _publish_results()
    if published:
        _log(f"  published the results of {published:,} survey periods")
    results: dict = {"database": DB_NAME, "counts": _counts(), "machine": pg.machine()}
    _log(
        f"Open-data benchmark on {DB_NAME}: "
        + ", ".join(f"{k} {v:,}" for k, v in results["counts"].items())
    )
    out = Path(tempfile.mkdtemp(prefix="prima-opendata-"))
    sampler = Sampler()
    baseline = sampler.reset()
    results["rss_before_mb"] = _mb(baseline)
    packages = []
    started = time.perf_counter()
    try:
        for found in datasets():
            for edition in build.editions(found, args.year):
                sampler.reset()
                began = time.perf_counter()
                entry = build.build_package(
                    edition,
                    out / found.name / edition.label,
                    datetime.now(UTC).replace(microsecond=0),
                    f"https://prima.example.go.id/data/{found.name}/",
                )
                seconds = time.perf_counter() - began
                own = [
                    r for r in entry["resources"] if r["name"] in {x.name for x in found.resources}
                ]
                rows = sum(r["rows"] for r in entry["resources"])
                row = {
                    "package": edition.package_name,
                    "rows": rows,
                    "dataset_rows": sum(r["rows"] for r in own),
                    "bytes": sum(r["bytes"] for r in entry["resources"]),
                    "zip_bytes": entry["zip"]["bytes"],
                    "seconds": round(seconds, 2),
                    "rows_per_second": round(rows / seconds) if seconds else None,
                    "peak_rss_mb": _mb(sampler.peak),
                }
                packages.append(row)
                _log(
                    f"  {row['package']:<22} {row['dataset_rows']:>10,} rows "
                    f"(+{row['rows'] - row['dataset_rows']:,} in code lists) "
                    f"{_mb(row['bytes']):>8} MB in {row['seconds']:>7.2f} s "
                    f"= {row['rows_per_second'] or 0:>9,} rows/s, peak {row['peak_rss_mb']} MB"
                )
        total = time.perf_counter() - started
    finally:
        sampler.stop()
        shutil.rmtree(out, ignore_errors=True)
    rows = sum(p["rows"] for p in packages)
    peaks = [p["peak_rss_mb"] for p in packages]
    results.update(
        {
            "year": args.year,
            "packages": packages,
            "total_rows": rows,
            "total_bytes": sum(p["bytes"] for p in packages),
            "total_seconds": round(total, 1),
            "rows_per_second": round(rows / total) if total else None,
            "peak_rss_mb": max(peaks),
            "lowest_package_peak_rss_mb": min(peaks),
            "max_rss_mb_of_process": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024),
        }
    )
    biggest = max(packages, key=lambda p: p["rows"])
    smallest = min(packages, key=lambda p: p["rows"])
    _log(
        f"Whole build: {rows:,} rows, {_mb(results['total_bytes'])} MB in {total:.1f} s "
        f"({results['rows_per_second']:,} rows/s); peak resident memory {max(peaks)} MB "
        f"(before the build {results['rss_before_mb']} MB). Biggest package {biggest['package']} "
        f"({biggest['rows']:,} rows) peaked at {biggest['peak_rss_mb']} MB, smallest "
        f"{smallest['package']} ({smallest['rows']:,} rows) at {smallest['peak_rss_mb']} MB."
    )
    if args.save:
        target = (
            ROOT
            / "benchmarks"
            / "results"
            / f"{datetime.now(UTC):%Y-%m-%d}-opendata-postgresql.json"
        )
        target.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
        _log(f"saved {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
