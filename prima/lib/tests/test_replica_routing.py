"""Read-replica routing against a real PostgreSQL streaming replica (ADR 0022).

`make replica` (scripts/replica.py) starts a private primary and a hot standby made with
`pg_basebackup -R`, and runs these tests with DATABASE_URL and DATABASE_REPLICA_URL naming
them; CI runs it with PRIMA_REQUIRE_REPLICA=1, where a missing replica fails instead of
skipping. Which server answered is proved on the connection itself: the replica alias is in
recovery (`pg_is_in_recovery()`), the primary is not, and each alias' queries are captured.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from collections.abc import Iterator

import psycopg
import pytest
import time_machine
from django.conf import settings
from django.db import DatabaseError, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prima.lib import dbrouter
from prima.registry.models import Agency, ServiceUnit
from prima.test import World, sign_in

if "replica" not in settings.DATABASES:
    if os.environ.get("PRIMA_REQUIRE_REPLICA") == "1":
        raise RuntimeError("PRIMA_REQUIRE_REPLICA=1 but DATABASE_REPLICA_URL is not set")
    pytest.skip(
        "needs a streaming replica: DATABASE_REPLICA_URL (run `make replica`)",
        allow_module_level=True,
    )

pytestmark = [
    pytest.mark.replica,
    # Committed writes only: a test's transaction would never reach the standby. The
    # migrated regions come back after each flush (serialized on the primary).
    pytest.mark.django_db(
        transaction=True, databases=["default", "replica"], serialized_rollback=True
    ),
]

UNIT = "8104-DUKCAPIL"  # prima.test's Disdukcapil Kabupaten Buru


@pytest.fixture(autouse=True)
def _fresh_router_state() -> Iterator[None]:
    dbrouter.forget_state()
    yield
    dbrouter.forget_state()


def replayed() -> None:
    """Until the standby has replayed every write made so far."""
    connections["replica"].creation.wait_for_replay(timeout=30)  # type: ignore[attr-defined]


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return bool(cursor.fetchone()[0])


def reads(captured: CaptureQueriesContext) -> list[str]:
    """The statements that read Prima's tables (not the replica's own lag check). A streamed
    export reads through a server-side cursor: DECLARE … CURSOR FOR SELECT."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if "SELECT" in query["sql"].upper() and "pg_is_in_recovery" not in query["sql"]
    ]


class Served:
    """Which alias ran the reads of a request."""

    def __init__(self) -> None:
        self.replica = CaptureQueriesContext(connections["replica"])
        self.primary = CaptureQueriesContext(connections["default"])

    def __enter__(self) -> Served:
        self.replica.__enter__()  # connects: not usable while the replica is unreachable
        self.primary.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.primary.__exit__(*exc)
        self.replica.__exit__(*exc)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- the two servers ------------------------------------------------------------------------
def test_the_replica_alias_is_a_standby_and_the_primary_is_not():
    assert in_recovery("replica")
    assert not in_recovery("default")


def test_a_write_lands_on_the_primary_and_reaches_the_replica_after_replay(world: World):
    agency = Agency.objects.create(
        code="pemkab-seram",
        name="Pemerintah Kabupaten Seram",
        kind="pemerintah_kabupaten",
        region=world.buru.region,
    )
    replayed()
    assert Agency.objects.using("replica").filter(code="pemkab-seram").exists()
    # The standby refuses writes; a row read from it is saved on the primary.
    with pytest.raises(DatabaseError):
        Agency.objects.using("replica").filter(pk=agency.pk).update(name="x")
    unit = ServiceUnit.objects.using("replica").get(code=UNIT)
    unit.name = "Disdukcapil Buru (renamed)"
    unit.save()
    assert ServiceUnit.objects.using("default").get(code=UNIT).name == unit.name


# --- what reads the replica -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/gambaran/"),  # the national picture
        (None, f"/units/{UNIT}/ikm/"),  # a unit's published SKM results
        (None, "/api/v1/surveys/results/"),  # the API's list of published results
        (None, "/api/v1/insights/areas/ID/"),  # the national picture in the API
        ("siti", "/manage/"),  # a staff start page
        ("siti", "/manage/readiness/"),  # the readiness board
        ("siti", "/manage/units/?format=csv"),  # a CSV export, streamed
    ],
)
def test_dashboards_and_exports_are_read_from_the_replica(client, world: World, who, url):
    if who:
        sign_in(client, getattr(world, who))
    replayed()
    with Served() as served:
        response = client.get(url, follow=True)
        content = body(response)  # a streamed export reads while it is sent
    assert response.status_code == 200, url
    assert reads(served.replica), f"{url} read nothing from the replica"
    if url.endswith("format=csv"):
        assert UNIT.encode() in content
        assert any("registry_serviceunit" in sql for sql in reads(served.replica))


def test_the_citizens_form_and_thank_you_page_read_the_primary(client, world: World):
    replayed()
    for url in (f"/s/{UNIT}/", f"/s/{UNIT}/thanks/"):
        with Served() as served:
            response = client.get(url)
        assert response.status_code == 200, url
        assert not served.replica.captured_queries, url
        assert reads(served.primary), url


def test_a_staff_form_page_reads_the_primary(client, world: World):
    sign_in(client, world.siti)
    replayed()
    with Served() as served:
        response = client.get(reverse("accounts:profile_edit"))
    assert response.status_code == 200
    assert not served.replica.captured_queries


# --- read your own writes -------------------------------------------------------------------
def test_after_a_write_the_browser_reads_the_primary_until_the_pin_expires(client, world: World):
    sign_in(client, world.siti)
    replayed()
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=True):
        response = client.post(reverse("accounts:tokens"), {"name": "SIPP sync", "days": 90})
        assert response.status_code == 200 and b"SIPP sync" in response.content
        assert dbrouter.PIN_COOKIE in response.cookies
        with Served() as served:
            page = client.get("/manage/")
        assert page.status_code == 200
        assert not served.replica.captured_queries  # pinned: the primary answered
    later = start + dt.timedelta(seconds=settings.PRIMA_REPLICA_PIN_SECONDS + 1)
    with time_machine.travel(later, tick=True):
        replayed()
        with Served() as served:
            page = client.get("/manage/")
        assert page.status_code == 200
        assert reads(served.replica)  # the window is over


def test_an_api_client_that_wrote_reads_the_primary_without_cookies(world: World):
    import json

    from django.core.cache import cache
    from django.test import Client

    from prima.accounts import actions

    cache.clear()
    _token, raw = actions.create_api_token(world.abdul, name="SIPP sync")
    token = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    replayed()
    response = Client(**token).patch(
        f"/api/v1/units/{UNIT}/",
        json.dumps({"opening_hours": [{"day": 0, "opens": "07:30", "closes": "16:00"}]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert dbrouter.PIN_COOKIE in response.cookies  # which this client throws away
    with Served() as served:
        fresh = Client(**token)  # no cookie jar carried over: only the token
        assert fresh.get("/api/v1/surveys/results/").status_code == 200
    assert not reads(served.replica)  # pinned by its credential: the primary answered
    assert reads(served.primary)
    replayed()
    with Served() as served:
        assert Client().get("/api/v1/surveys/results/").status_code == 200
    assert reads(served.replica)  # anybody else still reads the replica


def test_a_refused_write_pins_nothing(client, world: World):
    response = client.post("/api/v1/surveys/results/", {})
    assert response.status_code == 405
    assert dbrouter.PIN_COOKIE not in response.cookies


# --- when the replica cannot serve ----------------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_replica_that_cannot_be_reached_leaves_reads_on_the_primary(client, world, caplog):
    replica = connections["replica"]
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = _closed_port()  # nothing listens there
    try:
        with (
            caplog.at_level(logging.WARNING, logger="prima.replica"),
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            page = client.get("/gambaran/")
            listing = client.get("/api/v1/surveys/results/")
            results = client.get(f"/units/{UNIT}/ikm/")
        assert [page.status_code, listing.status_code, results.status_code] == [200, 200, 200]
        assert replica.connection is None  # never connected
        assert any("registry_serviceunit" in sql for sql in reads(primary))
        logged = [r.getMessage() for r in caplog.records if r.name == "prima.replica"]
        assert len(logged) == 1 and "replica is unusable" in logged[0]  # once, not per page
    finally:
        replica.close()
        replica.settings_dict["PORT"] = port
    dbrouter.forget_state()
    with Served() as served:
        client.get("/gambaran/")
    assert reads(served.replica)  # read again once it answers


def test_a_replica_failing_in_the_middle_of_a_page_leaves_it_to_the_primary(client, world, caplog):
    """The standby cuts the connection after the lag check said yes (its backend terminated
    for real, as a restart or a recovery conflict would): the page is still answered."""
    replayed()
    replica = connections["replica"]
    cut: list[int] = []

    def terminate_before_the_first_read(execute, sql, params, many, context):
        if not cut and "pg_is_in_recovery" not in sql:
            cut.append(replica.connection.info.backend_pid)
            server = {k: replica.settings_dict[k] for k in ("HOST", "PORT", "USER")}
            admin = f"postgresql://{server['USER']}@{server['HOST']}:{server['PORT']}/postgres"
            with psycopg.connect(admin, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [cut[0]])
        return execute(sql, params, many, context)

    with (
        caplog.at_level(logging.WARNING),
        replica.execute_wrapper(terminate_before_the_first_read),
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get("/gambaran/")
    assert response.status_code == 200
    assert cut  # the replica was chosen, then lost
    assert reads(primary)  # the view ran again, on the primary
    assert any("replica is unusable" in r.getMessage() for r in caplog.records)


def test_a_replica_further_behind_than_the_bound_is_not_read(client, world, settings, caplog):
    settings.PRIMA_REPLICA_MAX_LAG_SECONDS = 0.5
    replayed()
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        Agency.objects.create(
            code="pemkab-seram",
            name="Pemerintah Kabupaten Seram",
            kind="pemerintah_kabupaten",
            region=world.buru.region,
        )
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            written = cursor.fetchone()[0]
        with connections["replica"].cursor() as cursor:  # received, not replayed
            for _ in range(100):
                cursor.execute("SELECT pg_last_wal_receive_lsn() >= %s::pg_lsn", [written])
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
        time.sleep(1)
        with caplog.at_level(logging.WARNING, logger="prima.replica"), Served() as served:
            response = client.get("/gambaran/")
        assert response.status_code == 200
        assert not reads(served.replica)  # only the lag was asked
        assert reads(served.primary)
        assert any("replay lag" in r.getMessage() for r in caplog.records)
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    replayed()
    with Served() as served:
        client.get("/gambaran/")
    assert reads(served.replica)


def test_a_block_inside_a_transaction_on_the_primary_reads_the_primary(world):
    from django.db import transaction

    with transaction.atomic(), dbrouter.reading_from_replica() as alias:
        assert alias == "default"
    with dbrouter.reading_from_replica() as alias:
        assert alias == "replica"
