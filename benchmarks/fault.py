"""Fault test (issue 16): PostgreSQL restarted in the middle of a bounded submission load.

`python -m benchmarks.fault` starts a private PostgreSQL cluster of its own (initdb in a
temporary folder, a free loopback port), migrates Prima into it, makes one service unit with
an open SKM period, starts Prima under gunicorn on loopback (persistent connections, as in
production) and sends a bounded load of citizen submissions — SKM answers and complaints,
each from its own form page, as phones do — from a few concurrent clients. When a third of
the submissions have been sent, the cluster is restarted (`pg_ctl restart -m fast`: every
connection is cut, in-flight transactions are aborted).

Clients behave as a citizen with the page Prima shows would: on 503 they wait Retry-After
and send the same form again. The run reports, per kind, how many were sent, acknowledged
(the thank-you redirect or the tracking-code page), stored (rows carrying the form's nonce),
duplicated (rows beyond one per nonce) and lost (acknowledged but not stored), with every
status code seen; it exits 1 on any lost or duplicated submission, any 500, or any
submission never acknowledged. CI runs it (`.ci/run`); it needs PostgreSQL's server binaries
(Debian: postgresql) and nothing else — no Redis, no other service.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SECRET = "fault-test-" + "k" * 60
UNIT = "9999-FAULT"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- a private PostgreSQL cluster -----------------------------------------------------------
class Cluster:
    """initdb + pg_ctl in a folder of our own, on a loopback port; as the postgres user when
    run as root (PostgreSQL refuses to run as root)."""

    def __init__(self, folder: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")) or [
            p for p in [shutil.which("pg_ctl")] if p
        ]
        if not found:
            raise SystemExit("benchmarks.fault needs PostgreSQL's server (Debian: postgresql)")
        self.bin = Path(found[-1]).parent
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(folder, user="postgres")

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        subprocess.run(
            [*prefix, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def _ctl(self, *arguments: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-w",
            *arguments,
        )

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-N"
        )
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("-m", "fast", "restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._ctl("-m", "immediate", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


# --- Prima ----------------------------------------------------------------------------------
def _environment(url: str, var: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "PRIMA_VAR_DIR": str(var),
        "SECRET_KEY": SECRET,
        "DEBUG": "false",
        "LOG_LEVEL": "ERROR",
        "CONN_MAX_AGE": "600",  # persistent connections: the restart cuts them mid-use
        "CACHE_URL": "locmemcache://fault",
        "PRIMA_SURVEY_MIN_SECONDS": "0",
        "PRIMA_SURVEY_RATE_PER_MINUTE": "1000000",
        "PRIMA_COMPLAINT_MIN_SECONDS": "0",
        "PRIMA_COMPLAINT_RATE_PER_HOUR": "1000000",
    }


def _prepare(url: str, var: Path) -> None:
    os.environ.update(_environment(url, var))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prima.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from prima.registry.models import Agency, Region, ServiceUnit
    from prima.surveys.models import SurveyPeriod

    call_command("migrate", verbosity=0)
    call_command("compile_translations", verbosity=0)
    region = Region.objects.get(code="81.04")
    agency = Agency.objects.create(
        code="fault-buru",
        name="Pemerintah Kabupaten Buru",
        kind="pemerintah_kabupaten",
        region=region,
    )
    unit = ServiceUnit.objects.create(
        code=UNIT, agency=agency, region=region, kind="disdukcapil", name="Disdukcapil Uji"
    )
    today = timezone.localdate()
    SurveyPeriod.objects.create(
        unit=unit,
        name=f"Tahun {today.year}",
        kind="year",
        starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(month=12, day=31),
        population=5000,
    )
    from django.db import connections

    connections.close_all()


# --- the citizens ---------------------------------------------------------------------------
@dataclass
class Tally:
    sent: Counter[str] = field(default_factory=Counter)
    acknowledged: Counter[str] = field(default_factory=Counter)
    gave_up: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    nonces: dict[str, list[str]] = field(default_factory=lambda: {"skm": [], "complaint": []})
    lock: threading.Lock = field(default_factory=threading.Lock)

    def status(self, kind: str, method: str, code: int | str) -> None:
        with self.lock:
            self.statuses[f"{kind} {method} {code}"] += 1


class Browser:
    """One citizen's phone: keeps cookies, sends the same form again on 503 as the page
    asks, reconnects when the connection drops."""

    ATTEMPTS = 40

    def __init__(self, port: int, tally: Tally) -> None:
        self.port = port
        self.tally = tally
        self.cookies: dict[str, str] = {}
        self.connection: HTTPConnection | None = None

    def _headers(self, body: str | bytes) -> dict[str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return headers

    def _request(self, method: str, path: str, body: str | bytes = "") -> tuple[int, dict, str]:
        if self.connection is None:
            self.connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = self._headers(body)
        try:
            self.connection.request(method, path, body=body or None, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, HTTPException):
            self.connection.close()
            self.connection = None
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, dict(response.headers), text

    def until_answered(
        self, kind: str, method: str, path: str, body: str | bytes = ""
    ) -> tuple[int, str]:
        for _ in range(self.ATTEMPTS):
            try:
                status, headers, text = self._request(method, path, body)
            except (OSError, HTTPException):
                self.tally.status(kind, method, "connection error")
                time.sleep(0.5)
                continue
            self.tally.status(kind, method, status)
            if status == 503:
                time.sleep(float(headers.get("Retry-After", "1")))
                continue
            return status, text
        return 0, ""


def _field(text: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', text)
    return html.unescape(match.group(1)) if match else ""


def _citizen(
    port: int, work: list[str], tally: Tally, restart_after: int, cluster: Cluster
) -> None:
    from prima.complaints.forms import read_token
    from prima.surveys import tokens
    from prima.surveys.models import ELEMENT_KEYS

    while True:
        with tally.lock:
            if not work:
                return
            kind = work.pop()
            total_sent = sum(tally.sent.values())
            tally.sent[kind] += 1
        if total_sent == restart_after:
            threading.Thread(target=cluster.restart, daemon=True).start()
        browser = Browser(port, tally)
        if kind == "skm":
            path = f"/s/{UNIT}/"
            status, page = browser.until_answered(kind, "GET", path)
            token = _field(page, "token")
            if status != 200 or not token:
                tally.gave_up[kind] += 1
                continue
            nonce = tokens.read(token).nonce  # type: ignore[union-attr]
            body = urlencode({"token": token, **{key: "3" for key in ELEMENT_KEYS}})
            status, _text = browser.until_answered(kind, "POST", path, body)
            acknowledged = status == 303
        else:
            path = f"/complaints/unit/{UNIT}/new/"
            status, page = browser.until_answered(kind, "GET", path)
            token = _field(page, "token")
            if status != 200 or not token:
                tally.gave_up[kind] += 1
                continue
            nonce = read_token(token)["n"]  # type: ignore[index]
            body = urlencode(
                {
                    "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
                    "kind": "pengaduan",
                    "title": "Antrean panjang di loket",
                    "description": "Antrean di loket KTP sangat panjang sejak pagi tadi.",
                    "visibility": "public",
                    "identity": "none",
                    "token": token,
                    "website": "",
                }
            )
            status, text = browser.until_answered(kind, "POST", path, body)
            acknowledged = status == 200 and 'id="receipt-code"' in text
        with tally.lock:
            tally.nonces[kind].append(nonce)
            if acknowledged:
                tally.acknowledged[kind] += 1
            else:
                tally.gave_up[kind] += 1


def _stored(tally: Tally) -> dict[str, dict[str, int]]:
    from django.db import connections
    from django.db.models import Count

    from prima.complaints.models import Complaint
    from prima.complaints.tokens import submission_key
    from prima.surveys.models import SurveyResponse

    connections.close_all()  # this process's connection did not survive the restart either
    result = {}
    for kind, model, keys in (
        ("skm", SurveyResponse, tally.nonces["skm"]),
        ("complaint", Complaint, [submission_key(n) for n in tally.nonces["complaint"]]),
    ):
        rows = model.objects.filter(submission_key__in=keys)  # type: ignore[attr-defined]
        per_key = rows.values("submission_key").annotate(n=Count("pk"))
        stored_keys = {row["submission_key"] for row in per_key}
        result[kind] = {
            "stored": rows.count(),
            "duplicated": sum(row["n"] - 1 for row in per_key),
            "lost": tally.acknowledged[kind] - len(stored_keys & set(keys)),
            "rows_in_table": model.objects.count(),  # type: ignore[attr-defined]
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fault", description=__doc__)
    parser.add_argument("--skm", type=int, default=1000, help="SKM answers to send")
    parser.add_argument("--complaints", type=int, default=200, help="complaints to send")
    parser.add_argument("--clients", type=int, default=6, help="concurrent citizens")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--save", action="store_true", help="write results/<date>-fault.json")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="prima-fault-"))
    folder.chmod(0o755)
    (folder / "pg").mkdir()
    cluster = Cluster(folder / "pg")
    var = folder / "var"
    var.mkdir()
    server = None
    try:
        cluster.start()
        import psycopg

        with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE prima_fault")
        url = cluster.url("prima_fault")
        _prepare(url, var)
        port = _free_port()
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "prima.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env={**os.environ, **_environment(url, var)},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(150):
            try:
                probe = HTTPConnection("127.0.0.1", port, timeout=1)
                probe.request("GET", "/readyz")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        work = ["skm"] * args.skm + ["complaint"] * args.complaints
        # Interleaved, so both kinds are in flight when the database goes away.
        work = [kind for pair in zip(work[::2], work[1::2], strict=False) for kind in pair] + (
            work[-1:] if len(work) % 2 else []
        )
        tally = Tally()
        restart_after = len(work) // 3
        started = time.perf_counter()
        citizens = [
            threading.Thread(target=_citizen, args=(port, work, tally, restart_after, cluster))
            for _ in range(args.clients)
        ]
        for citizen in citizens:
            citizen.start()
        for citizen in citizens:
            citizen.join()
        seconds = time.perf_counter() - started
        stored = _stored(tally)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cluster.stop()
    errors_500 = sum(n for key, n in tally.statuses.items() if key.endswith(" 500"))
    report = {
        "what": "PostgreSQL restarted (pg_ctl restart -m fast) after a third of the load",
        "seconds": round(seconds, 1),
        "clients": args.clients,
        "gunicorn_workers": args.workers,
        "kinds": {
            kind: {
                "sent": tally.sent[kind],
                "acknowledged": tally.acknowledged[kind],
                "never_acknowledged": tally.gave_up[kind],
                **stored[kind],
            }
            for kind in ("skm", "complaint")
        },
        "responses": dict(sorted(tally.statuses.items())),
        "server_errors_500": errors_500,
    }
    print(json.dumps(report, indent=2))
    failed = errors_500 > 0 or any(
        k["lost"] or k["duplicated"] or k["never_acknowledged"] or k["sent"] != k["stored"]
        for k in report["kinds"].values()
    )
    if args.save:
        out = ROOT / "benchmarks" / "results" / f"{time.strftime('%Y-%m-%d')}-fault.json"
        out.write_text(json.dumps(report, indent=2) + "\n")
    shutil.rmtree(folder, ignore_errors=True)
    print("FAILED" if failed else "passed: nothing lost, nothing doubled, no 500")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
