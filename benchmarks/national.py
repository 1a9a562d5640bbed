"""The national picture's benchmark (issue 20): `/gambaran/` and the areas API at 100,000 units,
10 M SKM responses, 1 M complaints and five years of PEKPPP cycles, on PostgreSQL.

`python -m benchmarks.national [--runs N] [--save] [--reuse] [--small]` copies the readiness
benchmark's dataset (PostgreSQL database prima_bench_readiness: 100,000 service units in 552
regional governments, 10,000,000 SKM responses with their aggregates; build it first with
`python -m benchmarks.readiness`) into PRIMA_BENCH_NATIONAL_DB (default prima_bench_national)
with `CREATE DATABASE … TEMPLATE`, migrates it, and adds:

- 1,000,000 complaints (COPY) received from January 2022 to now, more each year, over the
  units weighted by kind (a twentieth filed to an agency without a unit), six in ten answered
  a log-normal number of hours later (median 40 h) with a RESPONDED event saying whether in
  time (within 7 days, the 5 working days of the default clock policy), some secret, abuse or
  archived, and a RECEIVED event for each;
- a published PEKPPP Nasional cycle for each year 2022–2026 with 2,000 lokus each (six in
  ten carried over from the year before), scored: IPP, category and aspect scores;
- coaching events each year (Wilayah and provincial), regional governments' participants,
  their attendance and follow-up tasks.

It then times `figures_store.rebuild()` at that scale, `refresh()` of one unit (the
incremental path, a few units) and `sweep()` after about 1,000 period results changed, and
measures through Django's test client (no network), anonymous and as the national
administrator, the median and p95 of --runs requests (after two warm-ups), the SQL queries and
the bytes of each page: Indonesia, a Wilayah, the biggest province, the 200-unit regency and
agency, a unit, every disdukcapil of a Wilayah, a province's CSV, and the API for ID, 81 and
81.04 — and the same page for a small and a big area of one level, to show the queries do not
grow with the area. Target: p95 under 150 ms.

`--small` does the same on a fresh small database (PRIMA_BENCH_NATIONAL_DB + "_small": the
readiness builder with 3,000 units and 60,000 responses, then the generators above at a
fiftieth of the scale) to prove the code in a minute. `--reuse` skips building when the
database already holds the complaints (after a change to the pages or the figures code).
`--after FILE` waits (up to 40 minutes) for FILE to exist before the heavy steps, and the
measurement waits for the 1-minute load average to fall to `--max-load` (default 2.0) — on a
shared machine. A benchmark is not a test: nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import math
import os
import pstats
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import pg

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("PRIMA_BENCH_NATIONAL_DB", "prima_bench_national")
TEMPLATE_DB = os.environ.get("PRIMA_BENCH_READINESS_DB", "prima_bench_readiness")
TARGET_MS = 150
FIRST_YEAR = 2022  # five years of records: 2022 to this year (2026)
YEARS = 5
BIG_REGION, SMALL_REGION = "81.04", "81.71"  # the readiness dataset's 200- and 20-unit areas

FULL = {"complaints": 1_000_000, "lokus": 2_000, "events": 12}
SMALL = {"complaints": 20_000, "lokus": 200, "events": 4, "units": 3_000, "responses": 60_000}

# Complaints a unit receives, relative to a kecamatan, by the readiness dataset's kinds.
KIND_WEIGHT = {
    "disdukcapil": 4,
    "samsat": 3,
    "rsud": 3,
    "dpmptsp": 2,
    "puskesmas": 1.5,
    "mpp": 2,
    "kecamatan": 1,
    "other": 1,
}
IN_TIME = timedelta(days=7)  # the default policy's 5 working days, as calendar days


def _log(message: str) -> None:
    print(message, flush=True)


# --- the shared machine ------------------------------------------------------------------------
def _wait_for_file(path: str, *, minutes: int = 40) -> bool:
    if not path:
        return True
    deadline = time.monotonic() + minutes * 60
    announced = False
    while not Path(path).exists():
        if time.monotonic() > deadline:
            _log(f"  {path} did not appear within {minutes} minutes; going on")
            return False
        if not announced:
            _log(f"  waiting for {path} (every 30 s, up to {minutes} minutes) …")
            announced = True
        time.sleep(30)
    return True


def _wait_quiet(max_load: float, *, minutes: int = 30) -> float:
    """Wait until the 1-minute load average is at most `max_load`; the load then."""
    deadline = time.monotonic() + minutes * 60
    load = os.getloadavg()[0]
    while load > max_load and time.monotonic() < deadline:
        _log(f"  load average {load:.2f} > {max_load}: waiting 30 s …")
        time.sleep(30)
        load = os.getloadavg()[0]
    return load


# --- the database --------------------------------------------------------------------------------
def _admin():
    import psycopg

    return psycopg.connect(pg.ADMIN_URL, autocommit=True)


def _exists(name: str) -> bool:
    with _admin() as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def _copy_template(name: str, template: str) -> float:
    """CREATE DATABASE name TEMPLATE template (the template only read); seconds."""
    started = time.perf_counter()
    with _admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        # A template must have no other session while it is copied.
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [template],
        )
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return time.perf_counter() - started


def _drop(name: str) -> None:
    with _admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- the dataset ---------------------------------------------------------------------------------
def _small_registry() -> dict:
    """The readiness benchmark's builder at a small scale (its units and responses only)."""
    from benchmarks import readiness

    readiness.UNITS = SMALL["units"]
    return readiness._build(SMALL["responses"])


def _national_user():
    from prima.accounts.models import Membership, Role, User

    user = User.objects.filter(username="bench-national").first()
    if user is None:
        user = User.objects.create_user(username="bench-national", full_name="Bench-National")
        Membership.objects.create(user=user, role=Role.NATIONAL_ADMIN)
    return user


def _copy_complaints(count: int, *, rng: random.Random, now: datetime) -> dict:
    """`count` complaints with COPY, then their events with INSERT … SELECT."""
    from django.db import connection, transaction

    from prima.complaints.models import ClockPolicy, Complaint, Event
    from prima.registry.models import Agency, ServiceUnit

    policy = ClockPolicy.objects.create(
        name="Bench 3/5/10", valid_from=datetime(2020, 1, 1, tzinfo=UTC)
    )
    units = list(ServiceUnit.objects.values_list("pk", "agency_id", "kind"))
    agencies = list(Agency.objects.values_list("pk", flat=True))
    weights = [KIND_WEIGHT.get(kind, 1) for _pk, _agency, kind in units]
    picked = rng.choices(range(len(units)), weights=weights, k=count)
    start = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC) - timedelta(hours=7)  # 1 January, WIB
    span = (now - start).total_seconds() - 3600
    channels = ["web"] * 6 + ["walk_in", "phone", "letter", "open311"]
    columns = (
        "kind, title, description, location, agency_id, unit_id, channel, is_anonymous, "
        "is_secret, status, policy_id, received_at, step_started_at, due_at, dispatched_at, "
        "first_responded_at, responded_at, closed_at, escalation, archive_reason, is_abuse, "
        "rating, improvement, skm_element, updated_at, secret_hash"
    )
    statuses: dict[str, int] = {}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {Complaint._meta.db_table} ({columns}) FROM STDIN") as copy:
            for n in range(count):
                if rng.random() < 0.05:  # filed to an agency, no unit named
                    unit_id, agency_id = None, agencies[rng.randrange(len(agencies))]
                else:
                    unit_id, agency_id, _kind = units[picked[n]]
                # More complaints each year: the density grows linearly from 2022 to now.
                received = start + timedelta(seconds=span * math.sqrt(rng.random()))
                draw = rng.random()
                answered = first = responded = closed = dispatched = due = None
                rating = None
                archive_reason = ""
                step = received
                if draw < 0.60:
                    hours = min(2000.0, math.exp(rng.gauss(math.log(40), 1.1)))
                    first = received + timedelta(hours=hours)
                    if first < now:
                        answered = True
                if answered:
                    dispatched = received + timedelta(hours=min(hours / 3, 24))
                    responded = first
                    step = first
                    closes = first + timedelta(days=14)
                    if closes < now and rng.random() < 0.9:
                        status, closed = "closed", closes
                        rating = rng.choice([None, None, 2, 3, 3, 4, 4, 4])
                    else:
                        status, due = "responded", closes
                else:
                    first = None
                    rest = rng.random()
                    if rest < 0.15:
                        status, archive_reason = "archived", "Bukan pengaduan pelayanan publik"
                        closed = received + timedelta(days=2)
                    elif rest < 0.25:
                        status = "postponed"
                    elif rest < 0.50:
                        status, due = "received", received + timedelta(days=5)
                    elif rest < 0.75:
                        status = "dispatched"
                        dispatched = received + timedelta(hours=20)
                        due = received + timedelta(days=7)
                    else:
                        status = "in_progress"
                        dispatched = received + timedelta(hours=20)
                        due = received + timedelta(days=7)
                statuses[status] = statuses.get(status, 0) + 1
                copy.write_row(
                    (
                        "pengaduan",
                        f"Pengaduan layanan {n}",
                        "Antrean lama dan petugas tidak memberi kepastian waktu penyelesaian.",
                        "",
                        agency_id,
                        unit_id,
                        channels[n % len(channels)],
                        rng.random() < 0.2,
                        rng.random() < 0.04,
                        status,
                        policy.pk,
                        received,
                        step,
                        due,
                        dispatched,
                        first,
                        responded,
                        closed,
                        0,
                        archive_reason,
                        rng.random() < 0.01,
                        rating,
                        "",
                        "",
                        closed or responded or received,
                        "",  # no secret code (ADR 0015): the benchmark never tracks one
                    )
                )
        copy_seconds = time.perf_counter() - started
        started = time.perf_counter()
        table, events = Complaint._meta.db_table, Event._meta.db_table
        event_columns = (
            "complaint_id, at, action, actor_label, from_status, to_status, message, "
            "is_public, detail"
        )
        cursor.execute(
            f"INSERT INTO {events} ({event_columns}) SELECT id, received_at, 'received', "
            f"'Pelapor', '', 'received', '', true, '{{}}'::jsonb FROM {table} ORDER BY id"
        )
        received_events = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {events} ({event_columns}) SELECT id, first_responded_at, 'responded', "
            "'Petugas unit', 'in_progress', 'responded', 'Terima kasih, sudah kami tindak "
            "lanjuti.', true, jsonb_build_object('in_time', first_responded_at - received_at "
            f"<= %s) FROM {table} WHERE first_responded_at IS NOT NULL ORDER BY id",
            [IN_TIME],
        )
        responded_events = cursor.rowcount
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"ANALYZE {events}")
    return {
        "complaints": count,
        "without_unit": Complaint.objects.filter(unit__isnull=True).count(),
        "by_status": dict(sorted(statuses.items())),
        "secret": Complaint.objects.filter(is_secret=True).count(),
        "abuse": Complaint.objects.filter(is_abuse=True).count(),
        "events": received_events + responded_events,
        "responded_events": responded_events,
        "copy_seconds": round(copy_seconds, 1),
        "events_seconds": round(time.perf_counter() - started, 1),
    }


def _cycles(lokus_per_cycle: int, *, rng: random.Random, now: datetime, actor) -> dict:
    """A published PEKPPP Nasional cycle per year with scored lokus (bulk_create)."""
    from decimal import Decimal
    from fractions import Fraction

    from prima.evaluation import instrument as instruments
    from prima.evaluation.models import Cycle, Lokus
    from prima.evaluation.scoring import category_of, round_half_up
    from prima.registry.models import ServiceUnit

    code = "pekppp-2023" if "pekppp-2023" in instruments.built_in_codes() else None
    code = code or instruments.built_in_codes()[-1]
    instrument = instruments.built_in(code)
    aspects = [a.code for a in instrument.aspects]
    unit_ids = list(ServiceUnit.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    chosen: list[int] = []
    lokus = 0
    for year in range(FIRST_YEAR, now.year + 1):
        published = min(datetime(year, 11, 20, 3, tzinfo=UTC), now - timedelta(days=1))
        cycle = Cycle(
            year=year,
            scheme=Cycle.Scheme.NASIONAL,
            name=f"PEKPPP Nasional {year}",
            instrument_code=code,
            status=Cycle.Status.PUBLISHED,
            published_at=published,
            created_by=actor,
        )
        Cycle.objects.bulk_create([cycle])  # bulk: no signal, no refresh per cycle
        # Six in ten lokus evaluated the year before are evaluated again.
        kept = rng.sample(chosen, int(len(chosen) * 0.6)) if chosen else []
        taken = set(kept)
        while len(taken) < lokus_per_cycle:
            taken.add(unit_ids[rng.randrange(len(unit_ids))])
        chosen = sorted(taken)
        rows = []
        for unit_id in chosen:
            quality = 2.4 + (unit_id % 23) / 12 + (year - FIRST_YEAR) * 0.08
            ipp = min(5.0, max(1.0, rng.gauss(quality, 0.35)))
            exact = Decimal(str(round(ipp, 6)))
            rounded = round_half_up(Fraction(exact), 2)
            rows.append(
                Lokus(
                    cycle=cycle,
                    unit_id=unit_id,
                    kind=rng.choice(["barang", "jasa", "administratif"]),
                    submitted_at=published - timedelta(days=120),
                    scores_accepted_at=published - timedelta(days=20),
                    ipp=exact,
                    ipp_rounded=rounded,
                    evaluator_ipp=exact,
                    category=category_of(instrument, rounded).code,
                    aspect_scores={
                        a: str(round(min(5.0, max(0.0, rng.gauss(ipp, 0.5))), 4)) for a in aspects
                    },
                )
            )
        Lokus.objects.bulk_create(rows, batch_size=2000)
        lokus += len(rows)
    return {
        "instrument": code,
        "cycles": now.year - FIRST_YEAR + 1,
        "lokus": lokus,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _coaching(events_per_year: int, *, rng: random.Random, now: datetime, actor) -> dict:
    """Coaching events organised by the Wilayah and the provinces, with the regional
    governments' participants, attendance and follow-up tasks (bulk_create)."""
    from prima.coaching.models import Event, FollowUpTask, Participant
    from prima.insights.figures import REGIONAL_GOVERNMENTS
    from prima.registry.models import Agency, CoordinationRegion, Region

    started = time.perf_counter()
    wilayah = list(CoordinationRegion.objects.order_by("code"))
    provinces = list(Region.objects.filter(level=1).order_by("code"))
    governments: dict[str, list[int]] = {}  # province code → its regional governments
    for pk, region_id in Agency.objects.filter(kind__in=REGIONAL_GOVERNMENTS).values_list(
        "pk", "region_id"
    ):
        governments.setdefault((region_id or "")[:2], []).append(pk)
    wilayah_provinces = {
        w.pk: [p.code for p in provinces if p.coordination_region_id == w.pk] for w in wilayah
    }
    events = participants = tasks = 0
    kinds = ["bimtek", "lokakarya", "rakor", "pendampingan", "talk"]
    statuses = ["verified"] * 8 + ["done"] * 4 + ["in_progress"] * 4 + ["open"] * 3 + ["cancelled"]
    for year in range(FIRST_YEAR, now.year + 1):
        for i in range(events_per_year):
            day = datetime(year, 1 + (i * 11) // max(1, events_per_year), 10, 1, tzinfo=UTC)
            day += timedelta(days=rng.randrange(15))
            if day > now - timedelta(days=2):
                continue
            if i % 3 == 0 and wilayah:  # a Wilayah's event: governments of its provinces
                organiser = wilayah[i % len(wilayah)]
                venue = next(p for p in provinces if p.coordination_region_id == organiser.pk)
                fields = {"coordination_region": organiser, "venue_province": venue}
                invited_provinces = wilayah_provinces[organiser.pk]
            else:  # a province's event: its own governments
                venue = provinces[rng.randrange(len(provinces))]
                fields = {"province": venue}
                invited_provinces = [venue.code]
            event = Event(
                title=f"Bimtek standar pelayanan {year} #{i + 1}",
                kind=kinds[i % len(kinds)],
                mode="online" if i % 2 else "luring",
                location="" if i % 2 else f"Aula Kantor Gubernur {venue.name}",
                meeting_link="https://meet.example.id/bimtek" if i % 2 else "",
                starts_at=day,
                ends_at=day + timedelta(hours=6),
                status=Event.Status.PUBLISHED,
                created_by=actor,
                **fields,
            )
            Event.objects.bulk_create([event])  # bulk: no signal per event
            events += 1
            invited = [a for p in invited_provinces for a in governments.get(p, [])]
            came = [a for a in invited if rng.random() < 0.7]
            people, jobs = [], []
            for agency_id in came:
                for k in range(rng.choice([1, 1, 2])):
                    attended = rng.random() < 0.85
                    people.append(
                        Participant(
                            event=event,
                            agency_id=agency_id,
                            name=f"Peserta {agency_id}-{k}",
                            position="Kepala Bagian Organisasi",
                            attended_at=day + timedelta(minutes=rng.randrange(60))
                            if attended
                            else None,
                            attendance_source="qr" if attended else "",
                        )
                    )
                for k in range(rng.choice([1, 2])):
                    due_on = (day + timedelta(days=60 + 30 * k)).date()
                    status = rng.choice(statuses) if due_on < now.date() else "in_progress"
                    jobs.append(
                        FollowUpTask(
                            event=event,
                            agency_id=agency_id,
                            title=f"Tetapkan standar pelayanan ({k + 1})",
                            due_on=due_on,
                            status=status,
                            progress=100 if status in ("done", "verified") else 40,
                            done_on=due_on - timedelta(days=5)
                            if status in ("done", "verified")
                            else None,
                        )
                    )
            Participant.objects.bulk_create(people, batch_size=2000)
            FollowUpTask.objects.bulk_create(jobs, batch_size=2000)
            participants += len(people)
            tasks += len(jobs)
    return {
        "events": events,
        "participants": participants,
        "tasks": tasks,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _build(scale: dict) -> dict:
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    rng = random.Random(2020)
    actor = _national_user()
    out: dict = {}
    _log(f"  complaints: {scale['complaints']:,} by COPY …")
    out["complaints"] = _copy_complaints(scale["complaints"], rng=rng, now=now)
    c = out["complaints"]
    _log(
        f"    {c['complaints']:,} in {c['copy_seconds']} s, {c['events']:,} events in "
        f"{c['events_seconds']} s"
    )
    out["evaluation"] = _cycles(scale["lokus"], rng=rng, now=now, actor=actor)
    e = out["evaluation"]
    _log(f"  PEKPPP: {e['cycles']} cycles, {e['lokus']:,} lokus in {e['seconds']} s")
    out["coaching"] = _coaching(scale["events"], rng=rng, now=now, actor=actor)
    k = out["coaching"]
    _log(
        f"  coaching: {k['events']} events, {k['participants']:,} participants, "
        f"{k['tasks']:,} tasks in {k['seconds']} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return out


def _counts() -> dict:
    from django.db import connection

    from prima.complaints.models import Complaint
    from prima.evaluation.models import Lokus
    from prima.registry.models import Agency, ServiceUnit
    from prima.surveys.models import PeriodResult, SurveyResponse

    with connection.cursor() as cursor:
        # The planner's estimate: counting 10 M rows takes seconds and says nothing new.
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
            [SurveyResponse._meta.db_table],
        )
        responses = cursor.fetchone()[0]
    return {
        "units": ServiceUnit.objects.count(),
        "agencies": Agency.objects.count(),
        "skm_responses_estimated": responses,
        "period_results": PeriodResult.objects.count(),
        "complaints": Complaint.objects.count(),
        "lokus": Lokus.objects.count(),
    }


# --- the figures tables --------------------------------------------------------------------------
def _figures() -> dict:
    from django.db import connection
    from django.db.models import Q
    from django.utils import timezone

    from prima.insights import figures_store
    from prima.insights.models import AreaFigures, GovernmentFigures, HolderFigures
    from prima.registry.models import ServiceUnit
    from prima.surveys.models import PeriodResult

    out: dict = {}
    _log("  figures_store.rebuild() …")
    started = time.perf_counter()
    figures_store.rebuild()
    out["rebuild"] = {
        "seconds": round(time.perf_counter() - started, 1),
        "holder_rows": HolderFigures.objects.count(),
        "area_rows": AreaFigures.objects.count(),
        "government_rows": GovernmentFigures.objects.count(),
    }
    # What `prima figures rebuild` does next (autovacuum would, minutes later): clear the
    # replaced rows so that the ranking reads the kind index alone.
    started = time.perf_counter()
    figures_store.vacuum()
    out["rebuild"]["vacuum_seconds"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    r = out["rebuild"]
    _log(
        f"    {r['seconds']} s: {r['holder_rows']:,} holder rows, {r['area_rows']:,} area rows, "
        f"{r['government_rows']:,} government rows; vacuum {r['vacuum_seconds']} s"
    )

    # The incremental path: one unit at a time, in a small and in the biggest province.
    biggest = _biggest_province()
    picks = []
    for condition in (Q(region_id=BIG_REGION), Q(region__code__startswith=f"{biggest}.")):
        picks += list(
            ServiceUnit.objects.filter(condition).order_by("pk").values_list("pk", flat=True)[:3]
        )
    seconds = []
    for unit_id in picks:
        started = time.perf_counter()
        figures_store.refresh([unit_id])
        seconds.append(time.perf_counter() - started)
    out["refresh_one_unit"] = {
        "units": len(picks),
        "mean_ms": round(statistics.mean(seconds) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
        "each_ms": [round(s * 1000, 1) for s in seconds],
    }
    _log(f"    refresh(one unit): mean {out['refresh_one_unit']['mean_ms']} ms")

    # The sweep: about 1,000 period results changed since the last one.
    results = PeriodResult.objects.count()
    step = max(1, results // 1000)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PeriodResult._meta.db_table} SET updated_at = %s "
            f"WHERE {PeriodResult._meta.pk.column} %% %s = 0",
            [timezone.now(), step],
        )
        touched = cursor.rowcount
    started = time.perf_counter()
    recomputed = figures_store.sweep()
    out["sweep"] = {
        "period_results_changed": touched,
        "units_recomputed": recomputed,
        "seconds": round(time.perf_counter() - started, 1),
    }
    _log(f"    sweep(): {recomputed} units in {out['sweep']['seconds']} s")
    return out


def _biggest_province() -> str:
    from django.db.models import Count
    from django.db.models.functions import Left

    from prima.registry.models import ServiceUnit

    row = (
        ServiceUnit.objects.annotate(p=Left("region_id", 2))
        .values("p")
        .annotate(n=Count("pk"))
        .order_by("-n", "p")
        .first()
    )
    return row["p"]


def _smallest_province() -> str:
    from django.db.models import Count
    from django.db.models.functions import Left

    from prima.registry.models import ServiceUnit

    row = (
        ServiceUnit.objects.annotate(p=Left("region_id", 2))
        .values("p")
        .annotate(n=Count("pk"))
        .order_by("n", "p")
        .first()
    )
    return row["p"]


# --- the measurements ----------------------------------------------------------------------------
def _measure(client, path: str, *, runs: int, **headers) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def body_of(response) -> bytes:
        return b"".join(response.streaming_content) if response.streaming else response.content

    for _ in range(2):  # warm-ups
        body_of(client.get(path, **headers))
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, **headers)
        body = body_of(response)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        body_of(client.get(path, **headers))
    timings.sort()
    p95 = timings[max(0, math.ceil(len(timings) * 0.95) - 1)]
    return {
        "path": path,
        "status": response.status_code,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        "queries": len(queries),
        "query_ms": round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 1),
        "bytes": len(body),
        "gzip_bytes": len(gzip.compress(body)),
        "met": response.status_code == 200 and p95 < TARGET_MS,
    }


def _areas() -> dict:
    """The codes measured, chosen from the data."""
    from django.db.models import Count

    from prima.registry.models import Agency, CoordinationRegion, ServiceUnit

    big_agency = Agency.objects.get(region_id=BIG_REGION, kind__startswith="pemerintah").code
    small_agency = Agency.objects.get(region_id=SMALL_REGION, kind__startswith="pemerintah").code
    wilayah = (
        CoordinationRegion.objects.annotate(n=Count("provinces")).order_by("n", "code").first()
    )
    return {
        "biggest_province": _biggest_province(),
        "smallest_province": _smallest_province(),
        "big_regency": BIG_REGION,
        "small_regency": SMALL_REGION,
        "big_agency": big_agency,
        "small_agency": small_agency,
        "unit": ServiceUnit.objects.filter(region_id=BIG_REGION).order_by("code").first().code,
        "small_wilayah": wilayah.code if wilayah else "I",
    }


def _scenarios(a: dict) -> list[tuple[str, str, str]]:
    """(name, path, pair): `pair` names a level whose small and big area are compared."""
    api = "/api/v1/insights/areas/{}/"
    return [
        ("Indonesia", "/gambaran/", ""),
        ("Wilayah III", "/gambaran/III/", "wilayah big"),
        (
            f"Wilayah {a['small_wilayah']} (fewest provinces)",
            f"/gambaran/{a['small_wilayah']}/",
            "wilayah small",
        ),
        (
            f"biggest province ({a['biggest_province']})",
            f"/gambaran/{a['biggest_province']}/",
            "province big",
        ),
        (
            f"smallest province ({a['smallest_province']})",
            f"/gambaran/{a['smallest_province']}/",
            "province small",
        ),
        (f"regency {BIG_REGION} (200 units)", f"/gambaran/{BIG_REGION}/", "regency big"),
        (f"city {SMALL_REGION} (20 units)", f"/gambaran/{SMALL_REGION}/", "regency small"),
        ("agency, 200 units", f"/gambaran/agency:{a['big_agency']}/", "agency big"),
        ("agency, 20 units", f"/gambaran/agency:{a['small_agency']}/", "agency small"),
        ("unit", f"/gambaran/unit:{a['unit']}/", ""),
        ("every disdukcapil of Wilayah III", "/gambaran/III/?jenis=disdukcapil", ""),
        (
            f"province {a['biggest_province']} as CSV",
            f"/gambaran/{a['biggest_province']}/?format=csv",
            "",
        ),
        ("API, ID", api.format("ID"), ""),
        ("API, 81", api.format("81"), ""),
        (f"API, {BIG_REGION}", api.format(BIG_REGION), ""),
    ]


def _people() -> dict:
    """The anonymous citizen and the national administrator (second factor done, signed in;
    an API token for the API)."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from prima.accounts.actions import create_api_token
    from prima.test import sign_in

    national = _national_user()
    TOTPDevice.objects.get_or_create(user=national, name="phone", defaults={"confirmed": True})
    token = create_api_token(national, name="bench-national", days=1)[1]
    return {
        "anonymous": (Client(), {}),
        "national": (sign_in(Client(), national), {}),
        "national_token": (Client(), {"HTTP_AUTHORIZATION": f"Token {token}"}),
    }


def _measure_all(areas: dict, runs: int) -> list[dict]:
    people = _people()
    # As the server does after loading (prima/wsgi.py): what is loaded lives as long as the
    # process, out of the collector's generations.
    import gc

    gc.freeze()
    results = []
    for name, path, pair in _scenarios(areas):
        for who in ("anonymous", "national"):
            if who == "national" and path.startswith("/api/"):
                who = "national_token"
            client, headers = people[who]
            measured = _measure(client, path, runs=runs, **headers)
            results.append({"name": name, "who": who, "pair": pair, **measured})
            _log(
                f"  {name:<40} {who:<14} {measured['status']} median {measured['median_ms']:>6} "
                f"p95 {measured['p95_ms']:>6} ms  {measured['queries']:>3} q "
                f"({measured['query_ms']} ms)  {measured['bytes'] / 1024:>6.0f} KB  "
                f"{'met' if measured['met'] else 'MISSED'}"
            )
    return results


def _constant(results: list[dict]) -> list[dict]:
    """The queries of a small and a big area of the same level, per reader."""
    pairs = []
    for who in ("anonymous", "national"):
        by_pair = {r["pair"]: r for r in results if r["pair"] and r["who"] == who}
        for level in ("wilayah", "province", "regency", "agency"):
            small, big = by_pair.get(f"{level} small"), by_pair.get(f"{level} big")
            if small and big:
                pairs.append(
                    {
                        "level": level,
                        "who": who,
                        "small": small["path"],
                        "big": big["path"],
                        "queries_small": small["queries"],
                        "queries_big": big["queries"],
                        "constant": small["queries"] == big["queries"],
                    }
                )
    return pairs


def _profile(path: str, client, headers: dict) -> str:
    """The top of a cProfile of one request (cumulative), for a page that misses."""
    profiler = cProfile.Profile()
    profiler.enable()
    response = client.get(path, **headers)
    if response.streaming:
        b"".join(response.streaming_content)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
    return out.getvalue()


# --- the run -------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="requests per page, after 2 warm-ups")
    parser.add_argument("--save", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="skip building when the database already holds the complaints",
    )
    parser.add_argument(
        "--small",
        action="store_true",
        help="a small fresh dataset in <db>_small, to prove the code",
    )
    parser.add_argument("--keep-small", action="store_true", help="do not drop <db>_small after")
    parser.add_argument("--after", default="", help="wait for this file before the heavy steps")
    parser.add_argument("--max-load", type=float, default=2.0, help="measure below this load")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of each page that misses"
    )
    args = parser.parse_args()
    reason = pg.postgres_available()
    if reason:
        _log(
            f"National benchmark skipped: PostgreSQL is not reachable at {pg.ADMIN_URL} ({reason})."
        )
        return 0
    name = f"{DB_NAME}_small" if args.small else DB_NAME
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": name,
        "scale": "small" if args.small else "full",
    }
    build = True
    if args.reuse and _exists(name):
        pg.django(pg.database_url(name))
        from prima.complaints.models import Complaint

        build = not Complaint.objects.exists()
        if not build:
            _log(f"National benchmark — reusing {name}")
            previous = sorted((ROOT / "benchmarks" / "results").glob("*-national-postgresql.json"))
            if previous and not args.small:
                saved = json.loads(previous[-1].read_text())
                results["dataset"] = saved.get("dataset")
                results["dataset_from"] = previous[-1].name
    if build:
        if args.small:
            pg.fresh_database(name)
            pg.django(pg.database_url(name))
            _log(f"National benchmark (small) — building {name} …")
            started = time.perf_counter()
            registry = _small_registry()
            results["dataset"] = {
                "registry": registry,
                "registry_seconds": round(time.perf_counter() - started, 1),
            }
            scale = SMALL
        else:
            if not _exists(TEMPLATE_DB):
                _log(
                    f"No {TEMPLATE_DB} database to copy: build it first with "
                    "`python -m benchmarks.readiness` (about 15 minutes), then run this again."
                )
                return 1
            _wait_for_file(args.after)
            _log(f"National benchmark — copying {TEMPLATE_DB} into {name} …")
            seconds = _copy_template(name, TEMPLATE_DB)
            pg.django(pg.database_url(name))
            results["dataset"] = {
                "template": TEMPLATE_DB,
                "template_copy_seconds": round(seconds, 1),
            }
            _log(f"  copied in {seconds:.1f} s")
            scale = FULL
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("compile_translations", verbosity=0)
        results["dataset"]["migrate_seconds"] = round(time.perf_counter() - started, 1)
        results["dataset"].update(_build(scale))
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    results["counts"] = _counts()
    _log("  " + ", ".join(f"{k} {v:,}" for k, v in results["counts"].items()))
    if not args.small:
        _wait_for_file(args.after)
    results["figures"] = _figures()
    results["machine"] = pg.machine()
    areas = _areas()
    results["areas"] = areas
    results["runs_per_page"] = args.runs
    results["target_p95_ms"] = TARGET_MS
    if not args.small:
        time.sleep(60)  # let the rebuild's load fade from the 1-minute average
    results["load_before_measuring"] = round(_wait_quiet(args.max_load), 2)
    _log(
        f"Pages — {args.runs} runs each after 2 warm-ups, load {results['load_before_measuring']}, "
        f"target p95 < {TARGET_MS} ms"
    )
    results["pages"] = _measure_all(areas, args.runs)
    results["load_after_measuring"] = round(os.getloadavg()[0], 2)
    results["queries_constant"] = _constant(results["pages"])
    for p in results["queries_constant"]:
        _log(
            f"  queries, {p['level']} ({p['who']}): {p['queries_small']} for {p['small']}, "
            f"{p['queries_big']} for {p['big']} → {'constant' if p['constant'] else 'NOT constant'}"
        )
    missed = [r for r in results["pages"] if not r["met"]]
    _log(f"  {len(results['pages']) - len(missed)} of {len(results['pages'])} met the target")
    if args.profile and missed:
        people = _people()
        for r in missed:
            client, headers = people[r["who"]]
            _log(f"--- profile of {r['path']} ({r['who']}) ---")
            _log(_profile(r["path"], client, headers))
    if args.save and not args.small:
        out = (
            ROOT
            / "benchmarks"
            / "results"
            / f"{datetime.now(UTC):%Y-%m-%d}-national-postgresql.json"
        )
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
        _log(f"saved {out.relative_to(ROOT)}")
    if args.small and not args.keep_small:
        from django.db import connections

        connections.close_all()
        _drop(name)
        _log(f"dropped {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
