"""The SKM benchmark (issue 3): a synthetic national survey on PostgreSQL.

`python -m benchmarks.skm [--responses N] [--save]` (run by `make bench`) creates a throw-away
PostgreSQL database, fills it with 20,000 service units (one agency per regency, about 39 units
each), one whole-unit survey period per unit and N responses (1,000,000 by default; 10,000,000
with `--responses 10000000`), then measures in one run:

1. **submissions per second** through the real citizen endpoint (`POST /s/<unit>/` with the
   answers and a form token as the server issues it) under gunicorn on loopback, against the
   same server's bare `/healthz` endpoint; every submission is checked to have landed once, in
   the responses and in the aggregates. The form page itself (`GET /s/<unit>/`) is measured
   separately;
2. **import rows per second**: a 50,000-row CSV checked and imported by the same code as the
   import page;
3. **the IKM of every unit**: recomputed from the raw rows (`prima rebuild_survey_aggregates`:
   SQL sums, then exact arithmetic), against pandas computing the same nine NRR and the IKM from
   the same rows read from PostgreSQL — and read back from the aggregates;
4. **results-page latency** (median and p95 of 50 requests, server side) for a unit's period, a
   unit's survey page and the national recap;
5. **CSV export** of one large period: rows per second and the peak Python memory of the
   streaming export at two sizes (flat means the second is not larger).

Without a reachable PostgreSQL server (PRIMA_BENCH_PG, default
postgres://postgres@127.0.0.1:5432/postgres) it prints why and does nothing. The database is
PRIMA_BENCH_SKM_DB (default prima_bench_skm), the cache PRIMA_BENCH_REDIS. A benchmark is not
a test: nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import tracemalloc
import urllib.parse
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path

from benchmarks import load, pg

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = pg.ADMIN_URL
DB_NAME = os.environ.get("PRIMA_BENCH_SKM_DB", "prima_bench_skm")  # another name: runs side by side
REDIS_URL = os.environ.get("PRIMA_BENCH_REDIS", "redis://127.0.0.1:6379/5")
UNITS = 20_000
KEYS = pg.KEYS


def _database_url() -> str:
    return pg.database_url(DB_NAME)


_postgres_available = pg.postgres_available
_django = pg.django
_machine = pg.machine


def _fresh_database() -> None:
    pg.fresh_database(DB_NAME)


# --- the dataset ----------------------------------------------------------------------------
def _build(responses: int) -> dict:
    """20,000 units with one open period each, and `responses` responses spread over them."""
    from django.core.management import call_command
    from django.utils import timezone

    from prima.registry.models import Agency, Region, ServiceUnit
    from prima.surveys.models import SurveyPeriod

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("compile_translations", verbosity=0)
    regencies = list(Region.objects.filter(level=2).order_by("code"))
    Agency.objects.bulk_create(
        Agency(
            code="b-" + r.code.replace(".", "-"),
            name=f"Pemerintah {r.name}",
            kind="pemerintah_kota" if r.kind == "kota" else "pemerintah_kabupaten",
            region=r,
        )
        for r in regencies
    )
    agencies = {a.region_id: a for a in Agency.objects.all()}
    kinds = ["disdukcapil", "dpmptsp", "rsud", "puskesmas", "kecamatan", "samsat", "mpp", "other"]
    units = []
    for i in range(UNITS):
        region = regencies[i % len(regencies)]
        units.append(
            ServiceUnit(
                code=f"U{i:05d}",
                agency=agencies[region.code],
                name=f"Unit {i} {region.name}",
                kind=kinds[i % len(kinds)],
                region=region,
            )
        )
    ServiceUnit.objects.bulk_create(units, batch_size=2000)
    today = timezone.localdate()
    unit_ids = list(ServiceUnit.objects.order_by("pk").values_list("pk", flat=True))
    SurveyPeriod.objects.bulk_create(
        (
            SurveyPeriod(
                unit_id=pk,
                name=f"Tahun {today.year}",
                kind="year",
                starts_on=today.replace(month=1, day=1),
                ends_on=today.replace(month=12, day=31),
                population=500 + pk % 2000,
            )
            for pk in unit_ids
        ),
        batch_size=2000,
    )
    periods = dict(SurveyPeriod.objects.values_list("unit_id", "pk"))
    setup_seconds = time.perf_counter() - started

    started = time.perf_counter()
    # A few large periods (for the export), the rest spread evenly.
    big = unit_ids[:2]

    def pick_unit(n: int, rng: random.Random) -> int:
        if n % 10 == 0:
            return big[0]  # a tenth of all responses: the largest period
        if n % 40 == 1:
            return big[1]  # a fortieth: a large one
        return unit_ids[rng.randrange(len(unit_ids))]

    pg.copy_responses(
        responses, periods=periods, pick_unit=pick_unit, rng=random.Random(2026), today=today
    )
    load_seconds = time.perf_counter() - started
    return {
        "units": len(unit_ids),
        "responses": responses,
        "setup_seconds": round(setup_seconds, 1),
        "copy_seconds": round(load_seconds, 1),
        "big_periods": [periods[u] for u in big],
    }


# --- 3. the IKM of every unit ---------------------------------------------------------------
def _recompute() -> dict:
    """The IKM of every period from the raw rows, by Prima (SQL counts, exact arithmetic) and
    by pandas (the same rows read from PostgreSQL, nine means, ×25); then the full rebuild of
    every aggregate, and reading the IKMs back from the aggregates."""
    from django.db import connection

    from prima.surveys import aggregates
    from prima.surveys.models import PeriodResult, SurveyPeriod

    started = time.perf_counter()
    fresh = aggregates.ikm_from_responses(SurveyPeriod.objects.all())
    prima_seconds = time.perf_counter() - started

    import pandas as pd

    started = time.perf_counter()
    buffer = io.BytesIO()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            "COPY (SELECT period_id, " + ", ".join(KEYS) + " FROM surveys_surveyresponse "
            "WHERE NOT is_flagged) TO STDOUT WITH CSV HEADER"
        ) as copy,
    ):
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    frame = pd.read_csv(buffer, dtype={key: "float32" for key in KEYS})
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    nrr = frame.groupby("period_id")[list(KEYS)].mean()
    pandas_ikm = nrr.mean(axis=1, skipna=False) * 25
    pandas_compute_seconds = time.perf_counter() - started

    started = time.perf_counter()
    rebuilt = aggregates.rebuild()
    rebuild_seconds = time.perf_counter() - started

    started = time.perf_counter()
    stored = dict(PeriodResult.objects.values_list("period_id", "ikm_rounded"))
    read_aggregates_seconds = time.perf_counter() - started
    # The same numbers? pandas works in binary floating point: compare to 0.01 where every
    # element has an answer (otherwise both say "no index").
    compared = mismatches = 0
    for period_id, value in pandas_ikm.items():
        index = fresh.get(period_id)
        mine = index[1] if index is not None else None
        if value != value:  # NaN: some element has no answer
            mismatches += mine is not None
            continue
        compared += 1
        if mine is None or abs(float(mine) - value) > 0.0051:
            mismatches += 1
        if stored.get(period_id) != mine:
            mismatches += 1
    pandas_total = read_seconds + pandas_compute_seconds
    return {
        "periods": len(stored),
        "prima_ikm_seconds": round(prima_seconds, 2),
        "pandas_read_seconds": round(read_seconds, 2),
        "pandas_compute_seconds": round(pandas_compute_seconds, 2),
        "pandas_total_seconds": round(pandas_total, 2),
        "ratio_prima_to_pandas": round(prima_seconds / pandas_total, 2),
        "full_rebuild_seconds": round(rebuild_seconds, 2),
        "full_rebuild_periods": rebuilt,
        "read_from_aggregates_seconds": round(read_aggregates_seconds, 3),
        "periods_compared": compared,
        "mismatches": mismatches,
    }


# --- 4. results pages -----------------------------------------------------------------------
def _pages(big_period: int) -> list[dict]:
    from django.core.cache import cache
    from django.test import Client

    from prima.accounts.models import Membership, Role, User
    from prima.surveys.models import SurveyPeriod

    user = User.objects.filter(username="bench").first()
    if user is None:
        user = User.objects.create_user(username="bench", password="x", full_name="Bench")
        Membership.objects.create(user=user, role=Role.EVALUATOR)  # national reader
    client = Client()
    client.force_login(user)
    some = SurveyPeriod.objects.select_related("unit").order_by("pk")[100]
    year = some.ends_on.year
    scenarios = [
        ("period results (1 of 20,000 units)", f"/manage/surveys/{some.pk}/"),
        ("period results (the largest period)", f"/manage/surveys/{big_period}/"),
        ("unit survey page", f"/manage/units/{some.unit.code}/surveys/"),
        ("national recap, first page", f"/manage/surveys/recap/?year={year}"),
        ("province recap (Maluku)", f"/manage/surveys/recap/?year={year}&province=81"),
        ("published results API", "/api/v1/surveys/results/"),
        # The recap's totals are cached (PRIMA_RECAP_CACHE_SECONDS) and, once old, recomputed
        # after a response has been sent; only a reader who finds none at all (the first
        # after ten idle minutes or a restart) waits for them: this.
        ("national recap, no totals cached", f"/manage/surveys/recap/?year={year}&fresh"),
    ]
    out = []
    for name, path in scenarios:
        client.get(path)
        timings = []
        for _ in range(50):
            if path.endswith("&fresh"):
                cache.clear()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        out.append(
            {
                "name": name,
                "path": path,
                "status": response.status_code,
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
            }
        )
    return out


# --- 5. export ------------------------------------------------------------------------------
def _export(big_period: int) -> dict:
    """Stream the responses CSV of an ordinary period, a large one and the largest: rows per
    second, and the peak memory Python allocates while streaming (flat: the same for the two
    large ones, whatever their size)."""
    from django.test import Client

    from prima.accounts.models import User
    from prima.surveys.models import SurveyPeriod

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    small = SurveyPeriod.objects.order_by("pk")[100].pk
    large = SurveyPeriod.objects.order_by("pk")[1].pk
    runs = []
    for period in (small, large, big_period):
        tracemalloc.start()
        started = time.perf_counter()
        response = client.get(f"/manage/surveys/{period}/responses/?format=csv")
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        runs.append(
            {
                "rows": lines - 1,
                "seconds": round(seconds, 2),
                "rows_per_second": round((lines - 1) / seconds),
                "peak_python_mb": round(peak / 1024 / 1024, 2),
            }
        )
    return {"runs": runs}


# --- 2. import ------------------------------------------------------------------------------
def _import(rows: int = 50_000) -> dict:
    import tempfile

    from django.utils import timezone

    from prima.lib.tables import read_table
    from prima.registry.models import ServiceUnit
    from prima.surveys import actions, importing
    from prima.surveys.models import SurveyPeriod

    unit = ServiceUnit.objects.order_by("pk")[5]
    today = timezone.localdate()
    period = actions.create_period(
        actor=None,
        unit=unit,
        name="Impor",
        kind="custom",
        starts_on=today.replace(year=today.year - 1, month=1, day=1),
        ends_on=today.replace(year=today.year - 1, month=12, day=31),
    )
    rng = random.Random(7)
    lines = ["U1,U2,U3,U4,U5,U6,U7,U8,U9,tanggal,jenis_kelamin,usia"]
    for _ in range(rows):
        answers = ",".join(str(rng.randint(1, 4)) for _ in KEYS)
        lines.append(
            f"{answers},{today.year - 1}-03-0{rng.randint(1, 9)},"
            f"{rng.choice('LP')},{rng.randint(18, 70)}"
        )
    content = ("\n".join(lines) + "\n").encode()
    with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
        handle.write(content)
        handle.flush()
        started = time.perf_counter()
        parsed = importing.parse_responses(
            read_table(handle.name),
            method=period.ikm_method,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            services={},
        )
        checked = time.perf_counter() - started
        actions.import_responses(
            SurveyPeriod.objects.select_related("unit", "unit__region").get(pk=period.pk),
            actor=None,
            parsed=parsed,
            filename="bench.csv",
            sha256=importing.file_digest(content),
        )
        total = time.perf_counter() - started
    return {
        "rows": rows,
        "check_seconds": round(checked, 2),
        "total_seconds": round(total, 2),
        "rows_per_second": round(rows / total),
        "errors": len(parsed.errors),
    }


# --- 1. submissions under gunicorn ----------------------------------------------------------
TOKEN = re.compile(rb'name="token" value="([^"]+)"')


def _lines(work: list, mode: str) -> list[tuple[str, str, str]]:
    """The load's requests (benchmarks/load.py): for "submit", (path, token, device) forms the
    server issued, so the timed part is the submission itself; for "form" (GET the
    questionnaire) and "bare" (GET /healthz), paths."""
    if mode != "submit":
        return [(path, "", "") for path in work]
    answers = "&".join(f"{key}={random.Random(1).randint(2, 4)}" for key in KEYS)
    return [
        (path, f"prima_device={device}", f"token={urllib.parse.quote(token, safe='')}&{answers}")
        for path, token, device in work
    ]


def _load(port: int, work: list, *, seconds: float, clients: int, mode: str) -> dict:
    """The load from Python processes; a form page counts only with its token."""
    return load.python_load(
        port,
        _lines(work, mode),
        seconds=seconds,
        clients=clients,
        ok=303 if mode == "submit" else 200,
        expect=TOKEN if mode == "form" else None,
    )


def _wrk_load(port: int, work: list, *, seconds: float, clients: int, mode: str) -> dict:
    """The same load from wrk, when it is installed."""
    ok = 303 if mode == "submit" else 200
    return load.wrk(port, _lines(work, mode), seconds=seconds, clients=clients, ok=ok)


_free_port = load.free_port


def server_env(url: str, *, cache_url: str) -> dict:
    """Prima's server as the benchmarks run it: the shared cache (the per-address limit), no
    minimum fill time (the generator answers instantly), one proxy in front (the addresses
    come in X-Forwarded-For), persistent database connections."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "CACHE_URL": cache_url,
        "PRIMA_SURVEY_MIN_SECONDS": "0",
        "PRIMA_TRUSTED_PROXY_COUNT": "1",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "600",
    }


def _submissions(url: str, *, seconds: float, workers: int, clients: int) -> dict:
    from prima.registry.models import ServiceUnit
    from prima.surveys import tokens
    from prima.surveys.models import PeriodResult, SurveyPeriod, SurveyResponse

    # 1,000 units busy at once, anywhere in the country. Each answer goes to a unit whose form
    # was drawn in the form phase before it, as a citizen loads the form before sending it.
    units = list(
        ServiceUnit.objects.filter(pk__in=SurveyPeriod.objects.values("unit_id"))
        .order_by("?")
        .values_list("pk", "code")[:1000]
    )
    periods = dict(SurveyPeriod.objects.filter(service__isnull=True).values_list("unit_id", "pk"))
    rng = random.Random(11)
    # Forms as the server issues them (the same signed single-use tokens as GET /s/<unit>/),
    # each sent with the device cookie that GET sets, as a phone's browser does (so every
    # answer also counts its device's answers that day): enough for 1,000 submissions a
    # second, each from another citizen.
    from django.core import signing

    from prima.surveys.public_views import DEVICE_COOKIE, DEVICE_SALT

    devices = signing.get_cookie_signer(salt=DEVICE_COOKIE + DEVICE_SALT)
    forms = []
    for _ in range(int(1000 * seconds)):
        unit, code = units[rng.randrange(len(units))]
        token = tokens.issue(unit=unit, period=periods[unit], service=None)
        device = devices.sign(f"bench{rng.getrandbits(64):016x}")
        forms.append((f"/s/{code}/", token, device))
    paths = [f"/s/{code}/" for _, code in units] * 60  # more than 20 s can take
    before_rows = SurveyResponse.objects.count()
    before_counted = sum(PeriodResult.objects.values_list("respondents", flat=True))
    before_flagged = sum(PeriodResult.objects.values_list("flagged", flat=True))
    port = _free_port()
    env = server_env(url, cache_url=REDIS_URL)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "prima.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        load = _wrk_load if _wrk_available() else _load
        warm = ["/healthz"] * 100_000
        load(port, warm, seconds=3, clients=clients, mode="bare")  # every worker started
        bare = load(port, warm, seconds=seconds, clients=clients, mode="bare")
        # Every unit's form opened once, as its citizens do before they answer: the first
        # one reads the unit and renders its questionnaire into the shared cache.
        first = _load(port, paths[: len(units)], seconds=600, clients=clients, mode="form")
        form = load(port, paths, seconds=seconds, clients=clients, mode="form")
        submit = load(port, forms, seconds=seconds, clients=clients, mode="submit")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    stored = SurveyResponse.objects.count() - before_rows
    counted = sum(PeriodResult.objects.values_list("respondents", flat=True)) - before_counted
    flagged = sum(PeriodResult.objects.values_list("flagged", flat=True)) - before_flagged
    return {
        "gunicorn_workers": workers,
        "load_generator": _load_generator(clients),
        "client_processes": clients,
        "bare_healthz": bare,
        "first_form_of_each_unit": first,
        "form_pages": form,
        "submissions": submit,
        "ratio_to_bare": round(submit["per_second"] / bare["per_second"], 3),
        "stored": stored,
        "counted_in_aggregates": counted,
        "flagged": flagged,  # none expected: every answer comes from its own device
        "device_cookie": True,
        # Answers confirmed (303) but not stored; answers still in flight when the load
        # stopped are stored without having been counted as confirmed.
        "lost": max(0, submit["ok"] - stored),
        "in_flight_when_stopped": max(0, stored - submit["ok"]),
    }


_wrk_available = load.wrk_available


def _load_generator(clients: int) -> str:
    return load.generator(clients, python="Python http.client processes (benchmarks/skm.py)")


def _only(args: argparse.Namespace, url: str) -> int:
    _django(url)
    from django.db import connections

    from prima.surveys.models import SurveyPeriod

    big = SurveyPeriod.objects.order_by("pk").values_list("pk", flat=True).first()
    if big is None:
        print("No dataset: run the whole benchmark once first.")
        return 1
    runs = {
        "recompute": _recompute,
        "pages": lambda: _pages(big),
        "export": lambda: _export(big),
        "import": _import,
    }
    if args.only in runs:
        result = runs[args.only]()
    else:
        connections.close_all()
        result = _submissions(url, seconds=args.seconds, workers=args.workers, clients=args.clients)
    print(json.dumps(result, indent=2, default=str))
    if args.save:
        _save_part(args.only, result)
    return 0


def _save_part(part: str, result: dict) -> None:
    """Replace one part of the latest saved run on this dataset (after a change to the code
    that part measures), noting when and at which commit it was measured again."""
    from prima.surveys.models import SurveyResponse

    size = "10m" if SurveyResponse.objects.count() >= 10_000_000 else "1m"
    saved = sorted((ROOT / "benchmarks" / "results").glob(f"*-skm-{size}-postgresql.json"))
    if not saved:
        print("No saved run on a dataset of this size to update: run the whole benchmark.")
        return
    results = json.loads(saved[-1].read_text())
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    results[part] = result
    results.setdefault("measured_again", {})[part] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
    }
    saved[-1].write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    print("updated", saved[-1].relative_to(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=20, help="length of each load test")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=6, help="load-generator processes")
    parser.add_argument("--save", action="store_true")
    parser.add_argument(
        "--only",
        choices=["recompute", "pages", "export", "import", "submissions"],
        help="run one part on the dataset the previous run left (with --save: replaces that "
        "part in the latest saved run of this size, noting the commit)",
    )
    args = parser.parse_args()
    reason = _postgres_available()
    if reason:
        print(f"SKM benchmark skipped: PostgreSQL is not reachable at {ADMIN_URL} ({reason}).")
        return 0
    url = _database_url()
    if args.only:
        return _only(args, url)
    _fresh_database()
    _django(url)
    print(f"SKM benchmark — building {UNITS:,} units and {args.responses:,} responses …")
    data = _build(args.responses)
    print(f"  built in {data['setup_seconds']} s + COPY {data['copy_seconds']} s")
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "dataset": data,
    }
    results["recompute"] = _recompute()
    r = results["recompute"]
    print(
        f"  IKM of {r['periods']:,} periods from raw rows: Prima {r['prima_ikm_seconds']} s, "
        f"pandas {r['pandas_total_seconds']} s (read {r['pandas_read_seconds']} + compute "
        f"{r['pandas_compute_seconds']}) → ratio {r['ratio_prima_to_pandas']}; full rebuild "
        f"of every aggregate {r['full_rebuild_seconds']} s; from the aggregates "
        f"{r['read_from_aggregates_seconds']} s; {r['mismatches']} mismatches in "
        f"{r['periods_compared']:,} compared"
    )
    results["pages"] = _pages(data["big_periods"][0])
    for page in results["pages"]:
        print(f"  {page['name']:<40} median {page['median_ms']} ms, p95 {page['p95_ms']} ms")
    results["export"] = _export(data["big_periods"][0])
    for run in results["export"]["runs"]:
        print(
            f"  CSV export {run['rows']:,} rows: {run['rows_per_second']:,} rows/s, "
            f"peak Python memory {run['peak_python_mb']} MB"
        )
    results["import"] = _import()
    i = results["import"]
    print(f"  import {i['rows']:,} rows: {i['rows_per_second']:,} rows/s ({i['total_seconds']} s)")
    from django.db import connections

    connections.close_all()
    results["submissions"] = _submissions(
        url, seconds=args.seconds, workers=args.workers, clients=args.clients
    )
    s = results["submissions"]
    print(
        f"  submissions: {s['submissions']['per_second']}/s ({s['submissions']['errors']} errors) "
        f"vs bare /healthz {s['bare_healthz']['per_second']}/s → ratio {s['ratio_to_bare']}; "
        f"form pages {s['form_pages']['per_second']}/s; stored {s['stored']}, counted "
        f"{s['counted_in_aggregates']}, lost {s['lost']}"
    )
    if args.save:
        size = "10m" if args.responses >= 10_000_000 else "1m"
        out = (
            ROOT
            / "benchmarks"
            / "results"
            / f"{datetime.now(UTC):%Y-%m-%d}-skm-{size}-postgresql.json"
        )
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
        print("saved", out.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
