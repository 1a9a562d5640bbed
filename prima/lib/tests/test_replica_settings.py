"""The read replica's settings, and that without one nothing changes (ADR 0022). The routing
itself runs against a real streaming replica: test_replica_routing.py, `make replica`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections

from prima.lib import dbrouter

SHOW = (
    "import json, prima.settings as s; print(json.dumps({'replica': s.DATABASES.get('replica'), "
    "'routers': getattr(s, 'DATABASE_ROUTERS', []), 'middleware': s.MIDDLEWARE}, default=str))"
)


def _settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "PRIMA_REP"))}
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_sqlite_replica_is_refused():
    result = _settings({"DATABASE_REPLICA_URL": "sqlite:///elsewhere.sqlite3"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "PostgreSQL" in result.stderr


def test_a_replica_of_a_sqlite_primary_is_refused():
    result = _settings({"DATABASE_REPLICA_URL": "postgres://prima@standby:5432/prima"})
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr


def test_a_lag_bound_longer_than_the_pin_is_refused():
    result = _settings(
        {
            "DATABASE_URL": "postgres://prima@primary:5432/prima",
            "DATABASE_REPLICA_URL": "postgres://prima@standby:5432/prima",
            "PRIMA_REPLICA_PIN_SECONDS": "5",
            "PRIMA_REPLICA_MAX_LAG_SECONDS": "30",
        }
    )
    assert result.returncode != 0 and "PRIMA_REPLICA_MAX_LAG_SECONDS" in result.stderr


def test_a_postgresql_replica_adds_the_alias_the_router_and_the_pin():
    result = _settings(
        {
            "DATABASE_URL": "postgres://prima@primary:5432/prima",
            "DATABASE_REPLICA_URL": "postgres://prima@standby:5432/prima",
        }
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["replica"]["HOST"] == "standby"
    assert shown["replica"]["ENGINE"] == "prima.lib.replica"  # PostgreSQL, tests aside
    assert shown["replica"]["TEST"] == {"DEPENDENCIES": ["default"]}
    assert shown["routers"] == ["prima.lib.dbrouter.ReplicaRouter"]
    middleware = shown["middleware"]
    pin = middleware.index("prima.lib.dbrouter.ReplicaPinMiddleware")
    assert middleware[pin + 1] == "prima.lib.outage.DatabaseOutageMiddleware"


@pytest.mark.skipif(
    "replica" in settings.DATABASES, reason="this run has a replica (scripts/replica.py)"
)
def test_without_a_replica_nothing_is_routed(client, db):
    assert "replica" not in connections
    assert not getattr(settings, "DATABASE_ROUTERS", [])
    assert "prima.lib.dbrouter.ReplicaPinMiddleware" not in settings.MIDDLEWARE
    with dbrouter.reading_from_replica() as alias:
        assert alias == "default"
    response = client.get("/gambaran/")
    assert response.status_code == 200
    assert dbrouter.PIN_COOKIE not in response.cookies


# --- read your own writes, for API clients (the middleware alone; the routing that follows
# from it runs against the real replica in test_replica_routing.py) ----------------------
def _pinned_while_answering(request, *, status: int = 200, auth: object = None) -> bool:
    """Run `request` through the pinning middleware; whether it was pinned to the primary."""
    from django.http import HttpResponse

    seen: list[bool] = []

    def view(request):
        seen.append(dbrouter._pinned.get())
        if auth is not None:
            request.auth = auth  # as REST framework's token authentication sets it
        return HttpResponse(status=status)

    dbrouter.ReplicaPinMiddleware(view)(request)
    return seen[0]


def test_an_api_client_that_wrote_is_pinned_by_its_token_without_cookies(settings, rf):
    from django.core.cache import cache

    cache.clear()
    token = {"HTTP_AUTHORIZATION": "Token prima_first"}
    other = {"HTTP_AUTHORIZATION": "Token prima_second"}
    assert not _pinned_while_answering(rf.get("/api/v1/surveys/results/", **token))
    _pinned_while_answering(rf.patch("/api/v1/units/X/", **token), auth="the token")
    # Any later request with the same credential — on any server sharing the cache — and
    # no cookie at all reads the primary; another credential, or none, does not.
    assert _pinned_while_answering(rf.get("/api/v1/surveys/results/", **token))
    assert not _pinned_while_answering(rf.get("/api/v1/surveys/results/", **other))
    assert not _pinned_while_answering(rf.get("/api/v1/surveys/results/"))
    assert "prima_first" not in str(dbrouter.credential_pin_key(rf.get("/", **token)))


def test_an_api_clients_pin_ends_after_the_pin_seconds(settings, rf):
    import datetime as dt

    import time_machine
    from django.core.cache import cache

    cache.clear()
    token = {"HTTP_AUTHORIZATION": "Bearer prima_first"}
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=False):
        _pinned_while_answering(rf.post("/api/v1/services/", **token), auth="the token")
        assert _pinned_while_answering(rf.get("/api/v1/services/", **token))
    later = start + dt.timedelta(seconds=settings.PRIMA_REPLICA_PIN_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert not _pinned_while_answering(rf.get("/api/v1/services/", **token))


def test_a_refused_or_unauthenticated_api_write_pins_nothing(rf):
    from django.core.cache import cache

    cache.clear()
    token = {"HTTP_AUTHORIZATION": "Token prima_wrong"}
    _pinned_while_answering(rf.post("/api/v1/services/", **token), status=401)
    _pinned_while_answering(rf.post("/api/v1/services/", **token))  # nobody authenticated
    assert not _pinned_while_answering(rf.get("/api/v1/services/", **token))


def test_a_token_write_through_the_api_leaves_its_pin_in_the_cache(world, settings):
    from django.core.cache import cache
    from django.test import Client

    from prima.accounts import actions

    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:-2],
        "prima.lib.dbrouter.ReplicaPinMiddleware",
        *settings.MIDDLEWARE[-2:],
    ]
    cache.clear()
    _token, raw = actions.create_api_token(world.abdul, name="sync")
    api = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    key = dbrouter.credential_pin_key(api.get("/api/v1/me/").wsgi_request)
    assert key is not None and cache.get(key) is None  # a read pins nothing
    response = api.patch(
        "/api/v1/units/8104-DUKCAPIL/",
        '{"opening_hours": [{"day": 0, "opens": "07:30", "closes": "16:00"}]}',
        content_type="application/json",
    )
    assert response.status_code == 200
    assert cache.get(key) is not None
