"""The read-replica tests against a real streaming replica (issue 26; ADR 0022).

    .venv/bin/python scripts/replica.py [pytest arguments]

1. Starts a private PostgreSQL primary (initdb in a temporary folder, a free loopback port:
   benchmarks/fault.py's `Cluster`).
2. Takes `pg_basebackup -R` of it into a second folder and starts that as a hot standby on
   another loopback port, then waits until the primary reports it streaming.
3. Runs the tests marked `replica` (prima/lib/tests/test_replica_routing.py) with
   DATABASE_URL naming the primary and DATABASE_REPLICA_URL the standby, and
   PRIMA_REQUIRE_REPLICA=1 so that none of them may skip.
4. Stops both servers — also when a step fails or the run is interrupted — and exits with
   pytest's status.

`make replica` runs it; CI runs it (.ci/run). It needs PostgreSQL's server binaries (Debian:
postgresql) and nothing else.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fault import Cluster  # noqa: E402 - after the path above

STREAMING_TIMEOUT_SECONDS = 60
# Where the tests marked `replica` live (collecting the whole suite would take longer than
# running them).
TESTS = ["prima/lib/tests/test_replica_routing.py"]


class Standby(Cluster):
    """A hot standby of `primary`, made with pg_basebackup -R (which writes
    standby.signal and primary_conninfo)."""

    def __init__(self, folder: Path, primary: Cluster) -> None:
        super().__init__(folder)
        self.primary = primary

    def start(self) -> None:
        self._run(
            str(self.bin / "pg_basebackup"),
            f"--dbname=postgresql://postgres@127.0.0.1:{self.primary.port}/postgres",
            "--pgdata",
            str(self.data),
            "--write-recovery-conf",
            "--wal-method=stream",
            "--checkpoint=fast",
            "--no-sync",
        )
        self._ctl("start")


def _query(url: str, sql: str) -> tuple:
    import psycopg

    with psycopg.connect(url, connect_timeout=3, autocommit=True) as connection:
        row = connection.execute(sql).fetchone()
    return tuple(row or ())


def wait_until_streaming(primary: Cluster, standby: Cluster) -> None:
    deadline = time.monotonic() + STREAMING_TIMEOUT_SECONDS
    while True:
        (streaming,) = _query(
            primary.url("postgres"),
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
        )
        (in_recovery,) = _query(standby.url("postgres"), "SELECT pg_is_in_recovery()")
        if streaming and in_recovery:
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"the standby is not streaming after {STREAMING_TIMEOUT_SECONDS} s")
        time.sleep(0.2)


def main(arguments: list[str]) -> int:
    # A CI time-out's SIGTERM stops the servers too (the `finally` below runs).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="prima-replica-") as folder:
        Path(folder).chmod(0o755)  # the servers run as postgres when this runs as root
        for name in ("primary", "standby"):
            (Path(folder) / name).mkdir()
        primary = Cluster(Path(folder) / "primary")
        standby = Standby(Path(folder) / "standby", primary)
        try:
            primary.start()
            standby.start()
            wait_until_streaming(primary, standby)
            print(
                f"primary on 127.0.0.1:{primary.port}, standby streaming on "
                f"127.0.0.1:{standby.port}",
                flush=True,
            )
            environment = {
                **os.environ,
                "DATABASE_URL": primary.url("prima"),
                "DATABASE_REPLICA_URL": standby.url("prima"),
                "PRIMA_REQUIRE_REPLICA": "1",
            }
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
            return subprocess.run(
                [*command, "-m", "replica", *TESTS, *arguments],
                cwd=ROOT,
                env=environment,
                check=False,
            ).returncode
        finally:
            standby.stop()
            primary.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
