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
