"""Run the benchmarks: `make bench` (or `python -m benchmarks [--save]`).

A throw-away SQLite database (or DATABASE_URL, if set) is migrated and filled with the demo
data plus a synthetic national-scale registry (one agency per regency, ten units each: 5,140
units and about 20,000 services). Each scenario is requested through Django's test client
many times; the median and 95th percentile latency, the number of SQL queries and the response
size are reported. Page weight sums the HTML with the CSS and JavaScript it loads, gzipped as
they are sent. With --save the results go to benchmarks/results/ with a description of the
machine. A benchmark is not a test: nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 30


def _setup() -> None:
    if "DATABASE_URL" not in os.environ:
        db = Path(tempfile.mkdtemp(prefix="prima-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prima.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("compile_translations", verbosity=0)
    from prima.demo.seed import seed

    seed()
    _scale_up()
    # The units and services above are bulk-created, past the search index's receivers.
    from prima.registry import search_index

    search_index.rebuild()
    from django.db import connection

    if connection.vendor == "postgresql":
        # Statistics for the bulk-loaded tables, as autovacuum would gather them after a load
        # (without them the planner expects 12 agencies, not 526, and joins row by row).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _scale_up() -> None:
    """One agency per regency with ten units and four services each (named as the demo's
    units of the kind name theirs, so that the directory search has something to find)."""
    from prima.demo.data import SERVICES
    from prima.registry.models import Agency, Region, Service, ServiceUnit

    if ServiceUnit.objects.count() > 1000:
        return
    kinds = [
        "disdukcapil",
        "dpmptsp",
        "rsud",
        "puskesmas",
        "kecamatan",
        "puskesmas",
        "kecamatan",
        "samsat",
        "mpp",
        "other",
    ]
    agencies, units, services = [], [], []
    for region in Region.objects.filter(level=2):
        slug = "bench-" + region.code.replace(".", "-")
        agencies.append(
            Agency(
                code=slug,
                name=f"Pemerintah {region.name}",
                kind="pemerintah_kota" if region.kind == "kota" else "pemerintah_kabupaten",
                region=region,
            )
        )
    Agency.objects.bulk_create(agencies, batch_size=500)
    by_code = {a.code: a for a in Agency.objects.filter(code__startswith="bench-")}
    hours = [{"day": d, "opens": "08:00", "closes": "15:00"} for d in range(5)]
    for region in Region.objects.filter(level=2):
        agency = by_code["bench-" + region.code.replace(".", "-")]
        for i, kind in enumerate(kinds):
            units.append(
                ServiceUnit(
                    code=f"B{region.code.replace('.', '')}-{i:02d}",
                    agency=agency,
                    name=f"Unit {kind} {i} {region.name}",
                    kind=kind,
                    region=region,
                    opening_hours=hours,
                )
            )
    ServiceUnit.objects.bulk_create(units, batch_size=1000)
    for unit in ServiceUnit.objects.filter(code__startswith="B"):
        names = [name for name, _kind in SERVICES.get(unit.kind, [])][:4]
        names += [f"Layanan {n}" for n in range(4 - len(names))]
        services.extend(Service(unit=unit, name=name) for name in names)
    Service.objects.bulk_create(services, batch_size=2000)


def _measure(client, path: str, *, runs: int = RUNS, **headers) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path, **headers)  # warm up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, **headers)
    timings.sort()
    return {
        "path": path,
        "status": response.status_code,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "queries": len(queries),
        "bytes": len(body),
        "gzip_bytes": len(gzip.compress(body)),
    }


def _page_weight(client, path: str) -> dict:
    """HTML plus the CSS and JS it references, gzipped, as a browser would fetch them."""
    import re

    from django.contrib.staticfiles import finders

    html = client.get(path).content
    total = len(gzip.compress(html))
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    for asset in assets:
        found = finders.find(asset.decode())
        total += len(gzip.compress(Path(found).read_bytes()))
    return {"path": path, "assets": [a.decode() for a in assets], "gzip_bytes_total": total}


def _machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from django.db import connection

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "os": platform.platform(),
        "database": connection.vendor,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--save", action="store_true", help="write benchmarks/results/<date>.json")
    args = parser.parse_args()
    _setup()
    from django.test import Client

    from prima.registry.models import ServiceUnit

    client = Client()
    scenarios = [
        ("home page", "/", {}),
        ("directory, first page", "/units/", {}),
        ("directory search 'dukcapil buru'", "/units/?q=dukcapil+buru", {}),
        (
            "directory search, htmx fragment",
            "/units/?q=puskesmas&province=81",
            {"HTTP_HX_REQUEST": "true"},
        ),
        ("directory search 'KTP', region first", "/units/?q=KTP&region=81.04", {}),
        ("directory search 'akta kelahiran'", "/units/?q=akta+kelahiran", {}),
        ("directory search 'pasport' (a typo)", "/units/?q=pasport", {}),
        ("directory search 'rumah sakit', page 10", "/units/?q=rumah+sakit&spage=10", {}),
        ("unit page", "/units/8104-DUKCAPIL/", {}),
        ("regions page (38 provinces)", "/regions/", {}),
        ("API: 514 regencies in one page", "/api/v1/regions/?level=regency&page_size=600", {}),
        ("API: units of a province", "/api/v1/units/?region=81", {}),
        ("API: one region", "/api/v1/regions/96.01/", {}),
    ]
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "units": ServiceUnit.objects.count(),
        "runs_per_scenario": RUNS,
        "scenarios": [
            {"name": name, **_measure(client, path, **headers)} for name, path, headers in scenarios
        ],
        "page_weight": [_page_weight(client, p) for p in ("/", "/units/8104-DUKCAPIL/")],
    }
    machine = results["machine"]
    print(
        f"Prima benchmarks — {results['units']} service units, {RUNS} runs each, "
        f"{machine['database']}, {machine['cpu']} ×{machine['cores']}"
    )
    print(f"{'scenario':<36} {'median ms':>9} {'p95 ms':>8} {'queries':>7} {'gzip KB':>8}")
    for s in results["scenarios"]:
        print(
            f"{s['name']:<36} {s['median_ms']:>9} {s['p95_ms']:>8} {s['queries']:>7} "
            f"{s['gzip_bytes'] / 1024:>8.1f}"
        )
    for w in results["page_weight"]:
        print(
            f"page weight {w['path']:<24} {w['gzip_bytes_total'] / 1024:.1f} KB gzipped "
            f"with {', '.join(w['assets'])}"
        )
    if args.save:
        out = (
            ROOT
            / "benchmarks"
            / "results"
            / f"{datetime.now(UTC):%Y-%m-%d}-{results['machine']['database']}.json"
        )
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print("saved", out.relative_to(ROOT))


if __name__ == "__main__":
    sys.exit(main())
