"""Two app servers (issue 26): nothing in one server's process or disk that the other needs.

`python -m benchmarks.two_servers` starts a private PostgreSQL cluster (as benchmarks.fault
does), a real S3-compatible object store (SeaweedFS, tests/objectstore.py) and uses one
Redis (PRIMA_BENCH_REDIS, default redis://127.0.0.1:6379/9, emptied first); it starts Prima
twice under gunicorn on two loopback ports, as two machines behind a load balancer would run
it, with the same settings, and checks, with a bounded load through both:

1. **Citizens across servers**: each SKM answer and each complaint is drawn on one server and
   sent to the other (the form's signed token, the CSRF cookie and the citizen's device cookie
   travel); every complaint is then sent again to the first server (a double tap landing on
   the other machine) and must show the same receipt. A third of the complaints carry an
   attachment. Acknowledged against stored, per kind: nothing lost, nothing doubled.
2. **Uploads readable from either server**: an agency administrator signs in on one server
   (the session lives in the shared database) and downloads every attachment from both: the
   same bytes as sent, each time.
3. **One rate limit for both**: one address sends more answers than the survey's per-minute
   limit, alternating servers: exactly the limit gets through (the counter lives in Redis;
   per-process counters would let each server's workers count on their own).
4. **Submissions per second, one server against two, in the same run**: the same SKM load (the
   load generator of benchmarks.skm) through one server, then split across both. On one
   machine the two servers share its cores: the figure shows what a second server costs or
   gives here, not what a second machine would.

It exits 1 on anything lost, doubled, unreadable, over the limit, or any 500; `--save` writes
benchmarks/results/<date>-two-servers.json. CI runs it (`.ci/run`) with small counts.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks import fault, load, pg, skm

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("PRIMA_BENCH_REDIS", "redis://127.0.0.1:6379/9")
UNIT = fault.UNIT
STAFF = "admin.dua.server"
PASSWORD = "Dua-Server-2026!"  # a throw-away account in a throw-away cluster
SURVEY_LIMIT = 12  # answers a minute from one address (phase 3)
# A minimal PDF: what a phone attaches besides a photo (made per complaint, below).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
)


def _photo(n: int) -> bytes:
    """A small PNG of its own colour (Prima re-encodes photos: what is stored is compared with
    the object in the bucket, not with these bytes)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (n % 256, n // 256 % 256, 77)).save(out, format="PNG")
    return out.getvalue()


def _environment(url: str, var: Path, storage_url: str) -> dict[str, str]:
    return {
        **fault._environment(url, var),
        "CACHE_URL": REDIS_URL,
        "PRIMA_STORAGE_URL": storage_url,
        "PRIMA_TRUSTED_PROXY_COUNT": "1",  # the load generator's X-Forwarded-For: one citizen each
        "PRIMA_SURVEY_RATE_PER_MINUTE": str(SURVEY_LIMIT),
    }


def _prepare(url: str, var: Path, storage_url: str) -> None:
    os.environ.update(_environment(url, var, storage_url))
    fault._prepare(url, var)  # the unit and its open SKM period
    from django.db import connections

    from prima.accounts.models import Membership, Role, User
    from prima.registry.models import ServiceUnit

    unit = ServiceUnit.objects.get(code=UNIT)
    user = User.objects.create_user(STAFF, password=PASSWORD, email="admin@example.go.id")
    Membership.objects.create(user=user, role=Role.AGENCY_ADMIN, agency=unit.agency)
    connections.close_all()


def _start(port: int, env: dict[str, str], workers: int, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:  # the servers' own log lines, kept out of the report
        return subprocess.Popen(
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
            stdout=out,
            stderr=out,
        )


def _ready(port: int) -> None:
    for _ in range(300):
        try:
            probe = HTTPConnection("127.0.0.1", port, timeout=1)
            probe.request("GET", "/readyz")
            if probe.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"Prima on port {port} never became ready")


# --- 1. citizens across servers -------------------------------------------------------------
@dataclass
class Tally(fault.Tally):
    # nonce → sha256 of the file sent, for PDFs (kept as sent); "" for photos (re-encoded)
    attachments: dict[str, str] = field(default_factory=dict)
    receipts_differ: int = 0
    refusals: list[str] = field(default_factory=list)  # why a form came back, the first few


class Citizen(fault.Browser):
    """A phone whose requests the load balancer sends to either server: the cookies go along."""

    def __init__(self, ports: tuple[int, int], tally: Tally, address: str) -> None:
        super().__init__(ports[0], tally)
        self.ports = ports
        self.address = address

    def on(self, index: int) -> Citizen:
        if self.port != self.ports[index]:
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            self.port = self.ports[index]
        return self

    def _headers(self, body: str | bytes) -> dict[str, str]:
        headers = {**super()._headers(body), "X-Forwarded-For": self.address}
        if isinstance(body, bytes):
            headers["Content-Type"] = f"multipart/form-data; boundary={BOUNDARY}"
        return headers


BOUNDARY = "----prima-two-servers"


def _multipart(fields: dict[str, str], upload: tuple[str, str, bytes] | None) -> bytes:
    parts = []
    for name, value in fields.items():
        head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    if upload is not None:
        filename, content_type, data = upload
        parts.append(
            (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachment"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def _receipt(text: str) -> str:
    import re

    found = re.search(r'id="receipt-code"[^>]*>([^<]+)<', text)
    return found.group(1).strip() if found else ""


def _refusal(text: str) -> str:
    """The errors on a form that came back, in a few words."""
    import re

    errors = re.findall(
        r'class="[^"]*(?:field-error|errorlist|notice)[^"]*"[^>]*>(.*?)</', text, re.S
    )
    return " | ".join(" ".join(e.split())[:160] for e in errors[:4]) or text[:300]


def _citizens(ports: tuple[int, int], work: list[str], tally: Tally, number: Counter) -> None:
    from prima.complaints.forms import read_token
    from prima.surveys import tokens
    from prima.surveys.models import ELEMENT_KEYS

    while True:
        with tally.lock:
            if not work:
                return
            kind = work.pop()
            tally.sent[kind] += 1
            number["n"] += 1
            n = number["n"]
        first, second = n % 2, 1 - n % 2  # drawn on one server, sent to the other
        citizen = Citizen(ports, tally, f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
        if kind == "skm":
            path = f"/s/{UNIT}/"
            status, page = citizen.on(first).until_answered(kind, "GET", path)
            token = fault._field(page, "token")
            if status != 200 or not token:
                tally.gave_up[kind] += 1
                continue
            nonce = tokens.read(token).nonce  # type: ignore[union-attr]
            body = urlencode({"token": token, **{key: "3" for key in ELEMENT_KEYS}})
            status, _text = citizen.on(second).until_answered(kind, "POST", path, body)
            acknowledged = status == 303
        else:
            path = f"/complaints/unit/{UNIT}/new/"
            status, page = citizen.on(first).until_answered(kind, "GET", path)
            token = fault._field(page, "token")
            if status != 200 or not token:
                tally.gave_up[kind] += 1
                continue
            nonce = read_token(token)["n"]  # type: ignore[index]
            upload = None
            if n % 3 == 0:
                if n % 2:
                    upload = ("foto.png", "image/png", _photo(n))
                else:
                    pdf = PDF + f"% {uuid.uuid4()}\ntrailer<</Root 1 0 R>>\n%%EOF\n".encode()
                    upload = ("surat.pdf", "application/pdf", pdf)
            fields = {
                "csrfmiddlewaretoken": fault._field(page, "csrfmiddlewaretoken"),
                "kind": "pengaduan",
                "title": "Antrean panjang di loket",
                "description": "Antrean di loket KTP sangat panjang sejak pagi tadi.",
                "visibility": "public",
                "identity": "none",
                "token": token,
                "website": "",
            }
            body_bytes = _multipart(fields, upload)
            status, text = citizen.on(second).until_answered(kind, "POST", path, body_bytes)  # type: ignore[arg-type]
            acknowledged = status == 200 and 'id="receipt-code"' in text
            if not acknowledged:
                with tally.lock:
                    if len(tally.refusals) < 3:
                        tally.refusals.append(_refusal(text))
            if acknowledged:
                # The same form again, landing on the other server: the same report.
                again, text_again = citizen.on(first).until_answered(
                    kind,
                    "POST",
                    path,
                    body_bytes,  # type: ignore[arg-type]
                )
                if again != 200 or _receipt(text_again) != _receipt(text):
                    with tally.lock:
                        tally.receipts_differ += 1
            if upload is not None and acknowledged:
                with tally.lock:
                    sent = upload[2] if upload[1] == "application/pdf" else b""
                    tally.attachments[nonce] = hashlib.sha256(sent).hexdigest() if sent else ""
        with tally.lock:
            tally.nonces[kind].append(nonce)
            if acknowledged:
                tally.acknowledged[kind] += 1
            else:
                tally.gave_up[kind] += 1


# --- 2. every upload from either server -----------------------------------------------------
def _downloads(ports: tuple[int, int], tally: Tally, bucket: Any) -> dict[str, int]:
    """`bucket(key)` reads an object straight from the object store."""
    from prima.complaints.models import Attachment
    from prima.complaints.tokens import submission_key

    staff = Citizen(ports, tally, "10.250.0.1")
    status, _headers, page = staff.on(0)._request("GET", "/accounts/login/")
    body = urlencode(
        {
            "csrfmiddlewaretoken": fault._field(page, "csrfmiddlewaretoken"),
            "username": STAFF,
            "password": PASSWORD,
        }
    )
    status, headers, _text = staff._request("POST", "/accounts/login/", body)
    signed_in = status == 302 and "/accounts/login" not in headers.get("Location", "")
    expected = {submission_key(nonce): digest for nonce, digest in tally.attachments.items()}
    found = Attachment.objects.filter(complaint__submission_key__in=expected).values_list(
        "pk", "complaint__submission_key", "file"
    )
    result = Counter(signed_in=int(signed_in), expected=len(expected), stored=len(found))
    for pk, key, name in found:
        held = hashlib.sha256(bucket(name)).hexdigest()
        if expected[key] and held != expected[key]:
            result["bucket_differs_from_sent"] += 1
        for index in (0, 1):
            connection = HTTPConnection("127.0.0.1", ports[index], timeout=30)
            cookies = "; ".join(f"{k}={v}" for k, v in staff.cookies.items())
            connection.request("GET", f"/manage/complaint-files/{pk}/", headers={"Cookie": cookies})
            response = connection.getresponse()
            data = response.read()
            connection.close()
            same = response.status == 200 and hashlib.sha256(data).hexdigest() == held
            result["read_back" if same else "unreadable"] += 1
    return dict(result)


# --- 3. one limit for both ------------------------------------------------------------------
def _shared_limit(ports: tuple[int, int]) -> dict[str, int]:
    # A fixed one-minute window: start well inside one, so the burst is counted in a single one.
    if time.time() % 60 > 40:
        time.sleep(61 - time.time() % 60)
    statuses: Counter[str] = Counter()
    for attempt in range(SURVEY_LIMIT * 2):
        connection = HTTPConnection("127.0.0.1", ports[attempt % 2], timeout=30)
        connection.request(
            "POST",
            f"/s/{UNIT}/",
            body="token=stale",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": "10.251.0.7",
            },
        )
        response = connection.getresponse()
        response.read()
        connection.close()
        statuses["refused_429" if response.status == 429 else "let_through"] += 1
    return dict(statuses)


# --- 4. one server against two --------------------------------------------------------------
def _throughput(ports: tuple[int, ...], seconds: float, clients: int) -> dict:
    from django.core import signing

    from prima.registry.models import ServiceUnit
    from prima.surveys import tokens
    from prima.surveys.models import SurveyPeriod
    from prima.surveys.public_views import DEVICE_COOKIE, DEVICE_SALT

    unit = ServiceUnit.objects.get(code=UNIT)
    period = SurveyPeriod.objects.get(unit=unit)
    devices = signing.get_cookie_signer(salt=DEVICE_COOKIE + DEVICE_SALT)
    rng = random.Random(len(ports))
    work = [
        (
            f"/s/{UNIT}/",
            tokens.issue(unit=unit.pk, period=period.pk, service=None),
            devices.sign(f"two{rng.getrandbits(64):016x}"),
        )
        for _ in range(int(600 * seconds))
    ]
    # The load generator's Python processes (benchmarks/load.py), each sending to one server
    # as a load balancer would, half to each: the same generator for one server and for two.
    result = load.python_load(
        ports, skm._lines(work, "submit"), seconds=seconds, clients=clients, ok=303
    )
    return {
        "servers": len(ports),
        "acknowledged": result["ok"],
        "errors": result["errors"],
        "seconds": result["seconds"],
        "per_second": result["per_second"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.two_servers", description=__doc__)
    parser.add_argument("--skm", type=int, default=400, help="SKM answers across servers")
    parser.add_argument("--complaints", type=int, default=120, help="complaints across servers")
    parser.add_argument("--clients", type=int, default=6, help="concurrent citizens")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--seconds", type=float, default=10, help="each throughput run")
    parser.add_argument("--save", action="store_true", help="write results/<date>-two-servers.json")
    args = parser.parse_args(argv)

    import redis

    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.RedisError as error:
        raise SystemExit(f"benchmarks.two_servers needs Redis at {REDIS_URL}: {error}") from None
    from tests.objectstore import Seaweed

    folder = Path(tempfile.mkdtemp(prefix="prima-two-servers-"))
    folder.chmod(0o755)
    (folder / "pg").mkdir()
    cluster = fault.Cluster(folder / "pg")
    servers: list[subprocess.Popen] = []
    with contextlib.ExitStack() as stack:
        (folder / "s3").mkdir()
        store = Seaweed.start(folder / "s3")
        stack.callback(store.stop)
        bucket_name = store.new_bucket()
        storage_url = store.storage_url(bucket_name)

        def bucket(key: str) -> bytes:
            from prima.lib.storage import UPLOADS

            # Straight from the bucket, not through Prima's storage code.
            found = store.client().get_object(Bucket=bucket_name, Key=f"{UPLOADS}/{key}")
            return found["Body"].read()

        try:
            cluster.start()
            import psycopg

            with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
                conn.execute("CREATE DATABASE prima_two_servers")
            url = cluster.url("prima_two_servers")
            # Each server its own var folder: nothing may be read from a server's own disk.
            vars_ = [folder / "var-a", folder / "var-b"]
            for var in vars_:
                var.mkdir()
            _prepare(url, vars_[0], storage_url)
            ports = (fault._free_port(), fault._free_port())
            for port, var in zip(ports, vars_, strict=True):
                env = {**os.environ, **_environment(url, var, storage_url)}
                servers.append(_start(port, env, args.workers, var / "server.log"))
            for port in ports:
                _ready(port)

            work = ["skm"] * args.skm + ["complaint"] * args.complaints
            random.Random(26).shuffle(work)
            tally = Tally()
            started = time.perf_counter()
            number: Counter = Counter()
            threads = [
                threading.Thread(target=_citizens, args=(ports, work, tally, number))
                for _ in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            load_seconds = time.perf_counter() - started
            stored = fault._stored(tally)
            downloads = _downloads(ports, tally, bucket)
            limit = _shared_limit(ports)
            one = _throughput(ports[:1], args.seconds, args.clients)
            two = _throughput(ports, args.seconds, args.clients)
            machine = pg.machine()
        finally:
            for server in servers:
                server.send_signal(signal.SIGTERM)
            for server in servers:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(timeout=30)
            cluster.stop()
    errors_500 = sum(n for key, n in tally.statuses.items() if key.endswith(" 500"))
    report = {
        "what": "two gunicorn servers, one PostgreSQL, one Redis, one object store (SeaweedFS)",
        "machine": machine,
        "gunicorn_workers_per_server": args.workers,
        "clients": args.clients,
        "load_seconds": round(load_seconds, 1),
        "kinds": {
            kind: {
                "sent": tally.sent[kind],
                "acknowledged": tally.acknowledged[kind],
                "never_acknowledged": tally.gave_up[kind],
                **stored[kind],
            }
            for kind in ("skm", "complaint")
        },
        "double_taps_with_another_receipt": tally.receipts_differ,
        "forms_refused": tally.refusals,
        "attachments": downloads,
        "shared_rate_limit": {"limit": SURVEY_LIMIT, **limit},
        "throughput": {
            "one_server": one,
            "two_servers": two,
            "ratio": round(two["per_second"] / one["per_second"], 2) if one["per_second"] else None,
        },
        "responses": dict(sorted(tally.statuses.items())),
        "server_errors_500": errors_500,
    }
    print(json.dumps(report, indent=2))
    problems = [
        name
        for name, bad in (
            ("a 500", errors_500 > 0),
            (
                "lost or doubled",
                any(
                    k["lost"]
                    or k["duplicated"]
                    or k["never_acknowledged"]
                    or k["sent"] != k["stored"]
                    for k in report["kinds"].values()
                ),
            ),
            ("a double tap showed another receipt", tally.receipts_differ > 0),
            ("not signed in", not downloads.get("signed_in")),
            (
                "an attachment unreadable",
                downloads.get("unreadable", 0) > 0
                or downloads.get("stored") != downloads.get("expected")
                or downloads.get("bucket_differs_from_sent", 0) > 0
                or downloads.get("read_back") != 2 * downloads.get("expected", 0),
            ),
            ("the rate limit counted per server", limit.get("let_through") != SURVEY_LIMIT),
            ("a throughput run failed", one["errors"] > 0 or two["errors"] > 0),
        )
        if bad
    ]
    if args.save:
        out = ROOT / "benchmarks" / "results" / f"{time.strftime('%Y-%m-%d')}-two-servers.json"
        out.write_text(json.dumps(report, indent=2) + "\n")
    if problems:
        for name in ("var-a", "var-b"):
            log = folder / name / "server.log"
            if log.exists():
                print(f"--- the end of {name}/server.log ---")
                print("\n".join(log.read_text(errors="replace").splitlines()[-30:]))
    shutil.rmtree(folder, ignore_errors=True)
    print("FAILED: " + ", ".join(problems) if problems else "passed: both servers, one truth")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
