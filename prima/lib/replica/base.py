"""PostgreSQL for a streaming standby: the same backend, with test databases that are never
created, migrated, flushed or destroyed on it (docs/adr/0022-read-replica-routing.md).

A physical standby replays the whole primary cluster, so the test database Django creates and
migrates on the primary arrives on the standby by itself, under the same name; the standby
refuses every write anyway. None of Django's TEST settings says "use the database another
alias creates, on another server": MIRROR points the alias at the primary's settings (the
tests would then read the primary and prove nothing), and a TEST NAME alone still creates a
database. So creation here waits for the standby to replay the primary up to now and points
the alias at the primary's test database; destruction only points it back. The router never
lets a migration (or a test's flush) touch the alias.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql import base, creation

REPLAY_TIMEOUT_SECONDS = 60


class DatabaseCreation(creation.DatabaseCreation):
    def create_test_db(
        self,
        verbosity: int = 1,
        autoclobber: bool = False,
        serialize: bool | None = True,
        keepdb: bool = False,
    ) -> str:
        # The primary's test database, set up first (the alias depends on "default").
        primary = connections[DEFAULT_DB_ALIAS]
        name = primary.settings_dict["NAME"]
        if verbosity >= 1:
            self.log(
                f"Using the primary's test database for alias '{self.connection.alias}' "
                f"(replayed by the standby): '{name}'..."
            )
        self.wait_for_replay()
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        self.connection.ensure_connection()
        return name

    def wait_for_replay(self, timeout: float = REPLAY_TIMEOUT_SECONDS) -> None:
        """Until the standby has replayed everything the primary has written so far."""
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            target = cursor.fetchone()[0]
        deadline = time.monotonic() + timeout
        with self.connection._nodb_cursor() as cursor:
            while True:
                cursor.execute(
                    "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
                )
                in_recovery, replayed = cursor.fetchone()
                if not in_recovery:
                    raise RuntimeError(
                        f"alias '{self.connection.alias}' is not a standby (pg_is_in_recovery)"
                    )
                if replayed:
                    return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the standby did not replay {target} in {timeout} s")
                time.sleep(0.05)

    def destroy_test_db(
        self,
        old_database_name: str | None = None,
        verbosity: int = 1,
        keepdb: bool = False,
        suffix: str | None = None,
    ) -> None:
        # The primary drops the database; the standby replays that.
        self.connection.close()
        if old_database_name is not None:
            settings.DATABASES[self.connection.alias]["NAME"] = old_database_name
            self.connection.settings_dict["NAME"] = old_database_name

    def serialize_db_to_string(self) -> str:
        return ""  # the primary's copy is restored there and replayed here

    def deserialize_db_from_string(self, data: Any) -> None:
        return None


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
