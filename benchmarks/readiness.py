"""The readiness benchmark (issue 19): start pages, boards and the readiness API at national
scale, on PostgreSQL.

`python -m benchmarks.readiness [--responses N] [--save]` (run by `make bench`) creates a
throw-away PostgreSQL database (PRIMA_BENCH_READINESS_DB, default prima_bench_readiness, on
PRIMA_BENCH_PG) with 100,000 service units — one regional government per province and per
regency (552 agencies across the 38 provinces), one of them with exactly 200 units and one with
exactly 20 — a survey period this year for seven units in ten, N survey responses written with
COPY (10,000,000 by default) and every aggregate rebuilt, then fills the readiness tables:

- the 200-unit and the 20-unit agencies with the real `prima.insights.store.refresh_units`
  (timed: units per second of a rebuild);
- a sample of 510 other units with the same, 17 of each of the 30 kinds of records the
  generator makes, and every other unit with a copy of the row (and deadlines) of a sample
  unit of its kind, its own survey period put in place of the sample's (SQL, documented in
  benchmarks/README.md);
- every agency's sums with the real `store.sum_agency`.

It then measures through Django's test client (no network), the median and p95 of 30 requests
and the SQL queries per request, of the national administrator's start page, the agency board
of the 200-unit agency, its CSV export, the readiness API for it, and the national list of
agencies — each also for the 20-unit agency where it names one, to show the queries do not
grow with the units. A page whose address does not resolve in this checkout is skipped with a
message. Without a reachable PostgreSQL server it says why and does nothing. A benchmark is not
a test: nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import pg

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("PRIMA_BENCH_READINESS_DB", "prima_bench_readiness")
UNITS = 100_000
BIG, SMALL = 200, 20  # units of the two agencies measured
BIG_REGION, SMALL_REGION = "81.04", "81.71"  # Kab. Buru, Kota Ambon
KINDS = 30  # unit number mod 30 decides its records (survey period, population, publication)
PER_KIND = 17  # sample units assessed for real, per kind
TARGET_MS = 100


# --- the dataset ----------------------------------------------------------------------------
def _records_of(n: int, today) -> dict | None:
    """The survey period unit number `n` runs this year (None: no SKM this year), by kind:
    three in ten none; one in ten ended two months ago, its results published for half of
    those; one in ten ending within three weeks; the rest the whole year. A third have a
    population of 100 (a sample of 80 that the responses meet), the rest 500 to 2,499."""
    kind = n % 10
    if kind < 3:
        return None
    starts = today.replace(month=1, day=1)
    if kind == 3:
        ends = max(starts, today - timedelta(days=60))
    elif kind == 4:
        ends = today + timedelta(days=20)
    else:
        ends = today.replace(month=12, day=31)
    return {
        "starts_on": starts,
        "ends_on": ends,
        "population": 100 if n % 3 == 0 else 500 + n % 2000,
        "published": kind == 3 and n % 2 == 0,
    }


def _build(responses: int) -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from prima.registry.models import Agency, Region, Service, ServiceUnit
    from prima.surveys import aggregates
    from prima.surveys.models import SurveyPeriod

    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("compile_translations", verbosity=0)
    regions = list(Region.objects.filter(level__in=[1, 2], is_active=True).order_by("code"))
    Agency.objects.bulk_create(
        Agency(
            code="r-" + r.code.replace(".", "-"),
            name=f"Pemerintah {r.name}",
            kind=(
                "pemerintah_provinsi"
                if r.level == 1
                else "pemerintah_kota"
                if r.kind == "kota"
                else "pemerintah_kabupaten"
            ),
            region=r,
        )
        for r in regions
    )
    agencies = {a.region_id: a for a in Agency.objects.all()}
    big, small = agencies[BIG_REGION], agencies[SMALL_REGION]
    others = [r for r in regions if r.code not in (BIG_REGION, SMALL_REGION)]
    by_code = {r.code: r for r in regions}
    kinds = ["disdukcapil", "dpmptsp", "rsud", "puskesmas", "kecamatan", "samsat", "mpp", "other"]
    units = []
    for n in range(UNITS):
        if n < BIG:
            region = by_code[BIG_REGION]
        elif n < BIG + SMALL:
            region = by_code[SMALL_REGION]
        else:
            region = others[n % len(others)]
        units.append(
            ServiceUnit(
                code=f"R{n:06d}",
                agency=agencies[region.code],
                name=f"Unit {kinds[n % len(kinds)]} {n} {region.name}",
                kind=kinds[n % len(kinds)],
                region=region,
            )
        )
    ServiceUnit.objects.bulk_create(units, batch_size=5000)
    number = {pk: int(code[1:]) for pk, code in ServiceUnit.objects.values_list("pk", "code")}
    measured = [pk for pk, n in number.items() if n < BIG + SMALL]
    # The measured agencies' units offer three services each (none with a standard yet).
    Service.objects.bulk_create(
        Service(unit_id=pk, name=f"Layanan {s}") for pk in measured for s in range(3)
    )
    today = timezone.localdate()
    now = timezone.now()
    periods = []
    for pk, n in number.items():
        records = _records_of(n, today)
        if records is None:
            continue
        periods.append(
            SurveyPeriod(
                unit_id=pk,
                name=f"Tahun {today.year}",
                kind="custom",
                starts_on=records["starts_on"],
                ends_on=records["ends_on"],
                population=records["population"],
                results_published_at=now if records["published"] else None,
            )
        )
    SurveyPeriod.objects.bulk_create(periods, batch_size=5000)
    period_of = dict(SurveyPeriod.objects.values_list("unit_id", "pk"))
    timings["registry_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    surveyed = sorted(period_of)
    pg.copy_responses(
        responses,
        periods=period_of,
        pick_unit=lambda n, rng: surveyed[rng.randrange(len(surveyed))],
        rng=random.Random(2026),
        today=today,
    )
    timings["copy_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    aggregates.rebuild()
    timings["aggregates_seconds"] = time.perf_counter() - started
    return {
        "units": len(number),
        "agencies": len(agencies),
        "provinces": len({r.code[:2] for r in regions}),
        "survey_periods": len(period_of),
        "responses": responses,
        "big_agency": big.code,
        "small_agency": small.code,
        **{key: round(value, 1) for key, value in timings.items()},
    }


def _fill_readiness() -> dict:
    """The readiness tables: the two measured agencies and a sample assessed for real, the
    other units copied from the sample unit of their kind, the agencies summed for real."""
    from django.db import connection, transaction

    from prima.insights import store
    from prima.insights.models import AgencyReadiness, Deadline, UnitReadiness
    from prima.registry.models import Agency, ServiceUnit

    number = {pk: int(code[1:]) for pk, code in ServiceUnit.objects.values_list("pk", "code")}
    big = [pk for pk, n in number.items() if n < BIG]
    small = [pk for pk, n in number.items() if BIG <= n < BIG + SMALL]
    out: dict = {}

    started = time.perf_counter()
    store.refresh_units(big)
    seconds = time.perf_counter() - started
    out["refresh_big_agency"] = {
        "units": len(big),
        "seconds": round(seconds, 2),
        "units_per_second": round(len(big) / seconds, 1),
    }
    store.refresh_units(small)

    # The sample: the first PER_KIND units of each kind; consecutive unit numbers belong to
    # different agencies (_build), so they come from 510 agencies across the country.
    rest = sorted((n, pk) for pk, n in number.items() if n >= BIG + SMALL)
    sample: dict[int, list[int]] = {}
    for n, pk in rest:
        chosen = sample.setdefault(n % KINDS, [])
        if len(chosen) < PER_KIND:
            chosen.append(pk)
    sampled = [pk for chosen in sample.values() for pk in chosen]
    started = time.perf_counter()
    for start in range(0, len(sampled), 200):
        store.refresh_units(sampled[start : start + 200])
    seconds = time.perf_counter() - started
    out["refresh_sample"] = {
        "units": len(sampled),
        "seconds": round(seconds, 2),
        "units_per_second": round(len(sampled) / seconds, 1),
    }

    # The copies: each remaining unit takes the row of a sample unit of its kind (round robin),
    # with its own agency, province and survey period.
    started = time.perf_counter()
    done = set(sampled)
    position: dict[int, int] = {}
    pairs = []
    for n, pk in rest:
        if pk in done:
            continue
        chosen = sample[n % KINDS]
        i = position.get(n % KINDS, 0)
        position[n % KINDS] = i + 1
        pairs.append((pk, chosen[i % len(chosen)]))
    fields = [
        f.column
        for f in UnitReadiness._meta.concrete_fields
        if f.column not in ("unit_id", "agency_id", "province_code", "duties", "skm_period_id")
    ]
    duties = "s.duties"
    for duty in ("skm", "skm_published", "followup"):
        duties = (
            f"jsonb_set({duties}, '{{{duty},period}}', CASE WHEN s.duties #> '{{{duty},period}}' "
            f"IN ('null'::jsonb) OR s.duties #> '{{{duty},period}}' IS NULL THEN 'null'::jsonb "
            "ELSE COALESCE(to_jsonb(p.id), 'null'::jsonb) END)"
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_copy (unit_id int, sample_id int)")
        with cursor.cursor.copy("COPY bench_copy FROM STDIN") as copy:
            for pair in pairs:
                copy.write_row(pair)
        cursor.execute(
            f"INSERT INTO {UnitReadiness._meta.db_table} "
            f"(unit_id, agency_id, province_code, duties, skm_period_id, {', '.join(fields)}) "
            f"SELECT u.id, u.agency_id, left(u.region_id, 2), {duties}, "
            "CASE WHEN s.skm_period_id IS NULL THEN NULL ELSE p.id END, "
            + ", ".join(f"s.{f}" for f in fields)
            + f" FROM bench_copy c JOIN {ServiceUnit._meta.db_table} u ON u.id = c.unit_id "
            f"JOIN {UnitReadiness._meta.db_table} s ON s.unit_id = c.sample_id "
            "LEFT JOIN surveys_surveyperiod p ON p.unit_id = u.id AND p.service_id IS NULL"
        )
        copied = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {Deadline._meta.db_table} "
            "(unit_id, agency_id, kind, due_on, subject, target, key) "
            "SELECT c.unit_id, u.agency_id, d.kind, d.due_on, d.subject, d.target, "
            "CASE WHEN d.target = 'survey_period' AND p.id IS NOT NULL THEN p.id::text "
            "ELSE d.key END "
            f"FROM bench_copy c JOIN {ServiceUnit._meta.db_table} u ON u.id = c.unit_id "
            f"JOIN {Deadline._meta.db_table} d ON d.unit_id = c.sample_id "
            "LEFT JOIN surveys_surveyperiod p ON p.unit_id = u.id AND p.service_id IS NULL"
        )
        deadlines = cursor.rowcount
        cursor.execute("DROP TABLE bench_copy")
    out["copied"] = {
        "units": copied,
        "deadlines": deadlines,
        "seconds": round(time.perf_counter() - started, 2),
    }

    started = time.perf_counter()
    agencies = list(Agency.objects.values_list("pk", flat=True))
    with transaction.atomic():
        for agency_id in agencies:
            store.sum_agency(agency_id)
    out["sum_agencies"] = {
        "agencies": len(agencies),
        "seconds": round(time.perf_counter() - started, 2),
    }
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out["rows"] = {
        "unit_readiness": UnitReadiness.objects.count(),
        "agency_readiness": AgencyReadiness.objects.count(),
        "deadlines": Deadline.objects.count(),
    }
    return out


# --- the measurements -----------------------------------------------------------------------
def _people(big_code: str, small_code: str) -> dict:
    """A national administrator (second factor done, as the staff area requires of them) and
    the administrators of the two measured agencies, each signed in; API tokens for them."""
    from django.test import Client

    from prima.accounts.actions import create_api_token
    from prima.accounts.models import Membership, Role, User
    from prima.registry.models import Agency
    from prima.test import sign_in

    def person(username: str, **role) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, full_name=username.title())
            Membership.objects.create(user=user, **role)
        return user

    national = person("bench-national", role=Role.NATIONAL_ADMIN)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get_or_create(user=national, name="phone", defaults={"confirmed": True})
    admins = {
        code: person(f"bench-{code}", role=Role.AGENCY_ADMIN, agency=Agency.objects.get(code=code))
        for code in (big_code, small_code)
    }
    people = {"national": national, **admins}
    clients = {name: sign_in(Client(), user) for name, user in people.items()}
    tokens = {
        name: {"HTTP_AUTHORIZATION": f"Token {create_api_token(user, name='bench', days=1)[1]}"}
        for name, user in people.items()
    }
    return {"clients": clients, "tokens": tokens}


def _resolves(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return False
    return True


def _scenarios(big_code: str, small_code: str) -> list[tuple[str, str, str, bool]]:
    """(name, who, path, with a token) — who is a key of _people's clients."""
    board = "/manage/readiness/{}/"
    api = "/api/v1/readiness/?agency={}&page_size=600"
    return [
        ("start page, national administrator", "national", "/manage/", False),
        ("national agencies list (552 agencies)", "national", "/manage/readiness/", False),
        (f"board, {BIG} units (agency administrator)", big_code, board.format(big_code), False),
        (
            f"board, {SMALL} units (agency administrator)",
            small_code,
            board.format(small_code),
            False,
        ),
        (f"board, {BIG} units (national administrator)", "national", board.format(big_code), False),
        (
            f"board CSV, {BIG} units",
            big_code,
            board.format(big_code) + "?format=csv",
            False,
        ),
        (
            f"board CSV, {SMALL} units",
            small_code,
            board.format(small_code) + "?format=csv",
            False,
        ),
        (f"API, {BIG} units in one page (token)", big_code, api.format(big_code), True),
        (f"API, {SMALL} units in one page (token)", small_code, api.format(small_code), True),
        (
            f"API, {BIG} units (national administrator, token)",
            "national",
            api.format(big_code),
            True,
        ),
        (f"API, {BIG} units (session)", big_code, api.format(big_code), False),
        ("start page, agency administrator", big_code, "/manage/", False),
    ]


def _measure_all(big_code: str, small_code: str, runs: int) -> list[dict]:
    from benchmarks.__main__ import _measure

    people = _people(big_code, small_code)
    results = []
    for name, who, path, token in _scenarios(big_code, small_code):
        if not _resolves(path):
            print(f"  {name:<48} skipped: {path.split('?')[0]} does not resolve in this checkout")
            results.append({"name": name, "path": path, "skipped": "address does not resolve"})
            continue
        headers = people["tokens"][who] if token else {}
        measured = _measure(people["clients"][who], path, runs=runs, **headers)
        measured["met"] = measured["status"] == 200 and measured["p95_ms"] < TARGET_MS
        results.append({"name": name, **measured})
        print(
            f"  {name:<48} {measured['status']} median {measured['median_ms']} ms, "
            f"p95 {measured['p95_ms']} ms, {measured['queries']} queries, "
            f"{measured['bytes'] / 1024:.0f} KB"
        )
    return results


def _constant(results: list[dict]) -> list[dict]:
    """The pairs of the same page for the 200-unit and the 20-unit agency: their queries."""
    by_name = {r["name"]: r for r in results if "queries" in r}
    pairs = []
    for big_name in by_name:
        if f"{BIG} units" not in big_name:
            continue
        small_name = big_name.replace(f"{BIG} units", f"{SMALL} units")
        if small_name in by_name:
            pairs.append(
                {
                    "page": big_name.replace(f"{BIG} units", "N units"),
                    f"queries_{BIG}": by_name[big_name]["queries"],
                    f"queries_{SMALL}": by_name[small_name]["queries"],
                    "constant": by_name[big_name]["queries"] == by_name[small_name]["queries"],
                }
            )
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=30, help="requests per scenario")
    parser.add_argument("--save", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure on the dataset the previous run left (after a change to the pages)",
    )
    args = parser.parse_args()
    reason = pg.postgres_available()
    if reason:
        print(
            f"Readiness benchmark skipped: PostgreSQL is not reachable at {pg.ADMIN_URL} "
            f"({reason})."
        )
        return 0
    url = pg.database_url(DB_NAME)
    results: dict = {"when": datetime.now(UTC).isoformat(timespec="seconds")}
    if args.reuse:
        pg.django(url)
        from prima.registry.models import ServiceUnit

        if ServiceUnit.objects.count() < UNITS:
            print("No dataset: run the whole benchmark once first.")
            return 1
        previous = sorted((ROOT / "benchmarks" / "results").glob("*-readiness-postgresql.json"))
        if previous:
            saved = json.loads(previous[-1].read_text())
            results["dataset"] = saved.get("dataset")
            results["readiness"] = saved.get("readiness")
            results["dataset_from"] = previous[-1].name
    else:
        pg.fresh_database(DB_NAME)
        pg.django(url)
        print(f"Readiness benchmark — building {UNITS:,} units and {args.responses:,} responses …")
        results["dataset"] = _build(args.responses)
        d = results["dataset"]
        print(
            f"  registry {d['registry_seconds']} s, COPY {d['copy_seconds']} s, aggregates "
            f"{d['aggregates_seconds']} s"
        )
        results["readiness"] = _fill_readiness()
        r = results["readiness"]
        print(
            f"  refresh_units, {BIG}-unit agency: {r['refresh_big_agency']['seconds']} s "
            f"({r['refresh_big_agency']['units_per_second']} units/s); sample of "
            f"{r['refresh_sample']['units']}: {r['refresh_sample']['units_per_second']} units/s; "
            f"{r['copied']['units']:,} rows copied in {r['copied']['seconds']} s; "
            f"{r['sum_agencies']['agencies']} agencies summed in {r['sum_agencies']['seconds']} s"
        )
    results["machine"] = pg.machine()
    from prima.registry.models import Agency

    big_code = Agency.objects.get(region_id=BIG_REGION).code
    small_code = Agency.objects.get(region_id=SMALL_REGION).code
    results["runs_per_scenario"] = args.runs
    results["target_p95_ms"] = TARGET_MS
    results["scenarios"] = _measure_all(big_code, small_code, args.runs)
    results["queries_constant"] = _constant(results["scenarios"])
    for pair in results["queries_constant"]:
        print(
            f"  queries, {pair['page']}: {pair[f'queries_{BIG}']} for {BIG} units, "
            f"{pair[f'queries_{SMALL}']} for {SMALL} → "
            f"{'constant' if pair['constant'] else 'NOT constant'}"
        )
    if args.save:
        out = (
            ROOT
            / "benchmarks"
            / "results"
            / f"{datetime.now(UTC):%Y-%m-%d}-readiness-postgresql.json"
        )
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
        print("saved", out.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
