"""The API contract in CI: Schemathesis against Prima's OpenAPI schemas, on PostgreSQL.

    .venv/bin/python scripts/schemathesis.py [--database-url postgres://…/prima_schemathesis]

1. Creates the database named in `--database-url` afresh (dropping it first: give a database
   of its own), migrates it and loads the demo (`prima seed_demo`).
2. Creates a staff API token for the demo's agency administrator (`admin.buru`).
3. Starts Prima under gunicorn on a free loopback port, DEBUG off, with the rate limits
   raised so that the tests reach the endpoints behind them (429 stays documented). (Not
   PRIMA_ENV=production: that needs collected static files for its error pages, and changes
   nothing the API answers.)
4. Runs Schemathesis, with a fixed seed and a bounded number of examples per operation,
   against `/api/v1/schema/` anonymously and with the token, and against Open311's own schema
   (`/open311/v2/openapi.json`). Every check is on: no 5xx, every status code, content type,
   header and body as the schema says, refusals where the schema refuses, and XML answers
   well-formed (scripts/schemathesis_hooks.py).
5. Stops the server and exits non-zero when any run found a problem or the server logged an
   error, printing those log lines.

`make schemathesis` runs it; CI runs it after the suite on PostgreSQL. The translation
catalogues must be compiled (`make translations`). Options: `--max-examples`, `--seed`,
`--workers`; see `--help`. Reports (JUnit XML) are written to var/schemathesis/.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/prima_schemathesis"
STAFF = "admin.buru"
TOKEN_SCRIPT = f"""
from prima.accounts.actions import create_api_token
from prima.accounts.models import User
_, raw = create_api_token(User.objects.get(username={STAFF!r}), name="schemathesis", days=1)
print(raw)
"""


def _fresh_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"give a database of its own in --database-url, not {name!r}")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    database = sql.Identifier(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(database))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prima(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "prima"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"prima {args[0]} failed")
    return done.stdout


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer /healthz within 30 seconds")


def _schemathesis(
    schema: str, *, name: str, args: argparse.Namespace, headers: list[str], report: Path
) -> bool:
    print(f"\n--- Schemathesis: {name} ---", flush=True)
    command = [
        str(BIN / "st"),
        "--config-file",
        str(ROOT / "scripts" / "schemathesis.toml"),
        "run",
        schema,
        "--seed",
        str(args.seed),
        "--max-examples",
        str(args.max_examples),
        "--workers",
        str(args.workers),
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(report / f"{name.replace(' ', '-')}.xml"),
    ]
    for header in headers:
        command += ["--header", header]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "scripts.schemathesis_hooks"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    # Run where Schemathesis may keep its files (its replay store), not in the checkout.
    return subprocess.run(command, cwd=report, env=env).returncode == 0


def _logged_errors(log: Path) -> list[str]:
    """The server's error lines, each with the last line of its traceback."""
    found = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            if "Traceback" in line or "Error" in line:
                found.append(line)
            continue
        if record.get("level") in {"ERROR", "CRITICAL"}:
            cause = (record.get("exception") or "").strip().splitlines()[-1:]
            found.append(" | ".join([record.get("message", ""), *cause]))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("SCHEMATHESIS_DATABASE_URL", DEFAULT_URL),
        help="a PostgreSQL database of its own: it is dropped and created again",
    )
    parser.add_argument(
        "--database-name",
        help="use this database name on the server of --database-url (CI passes its own URL)",
    )
    parser.add_argument("--max-examples", type=int, default=10, help="per operation and phase")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--workers", type=int, default=2, help="Schemathesis and gunicorn")
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", "locmemcache://st"))
    args = parser.parse_args(argv)
    if args.database_name:
        parts = urllib.parse.urlsplit(args.database_url)
        args.database_url = urllib.parse.urlunsplit(parts._replace(path=f"/{args.database_name}"))

    started = time.monotonic()
    _fresh_database(args.database_url)
    base_env = {**os.environ, "DATABASE_URL": args.database_url, "LOG_LEVEL": "WARNING"}
    base_env.pop("PRIMA_ENV", None)
    _prima(base_env, "migrate", "--no-input", "-v", "0")
    _prima(base_env, "seed_demo")
    token = _prima(base_env, "shell", "-c", TOKEN_SCRIPT).strip().splitlines()[-1]
    print(f"Database ready in {time.monotonic() - started:.0f} s", flush=True)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server_env = {
        **base_env,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": args.cache_url,
        "LOG_LEVEL": "ERROR",
        # The limits stay on, high enough that the tests reach the endpoints behind them.
        "PRIMA_API_ANON_RATE": "100000/min",
        "PRIMA_API_USER_RATE": "100000/min",
        "PRIMA_COMPLAINT_RATE_PER_HOUR": "100000",
    }
    with tempfile.TemporaryDirectory(prefix="prima-st-") as tmp:
        log_path = Path(tmp) / "server.log"
        report = ROOT / "var" / "schemathesis"
        report.mkdir(parents=True, exist_ok=True)
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "prima.wsgi",
                    "--workers",
                    str(args.workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--log-level",
                    "warning",
                ],
                env={**server_env, "PRIMA_VAR_DIR": tmp},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                _wait_until_up(base, server)
                token_header = [f"Authorization: Token {token}"]
                runs = [
                    ("API anonymous", f"{base}/api/v1/schema/", []),
                    ("API staff token", f"{base}/api/v1/schema/", token_header),
                    ("Open311", f"{base}/open311/v2/openapi.json", []),
                ]
                failed = [
                    name
                    for name, schema, headers in runs
                    if not _schemathesis(
                        schema, name=name, args=args, headers=headers, report=report
                    )
                ]
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
        errors = _logged_errors(log_path)
    if errors:
        print("\nServer errors logged:", *errors[:50], sep="\n")
    print(f"\nSchemathesis finished in {time.monotonic() - started:.0f} s", flush=True)
    if failed or errors:
        print(f"FAILED: {', '.join(failed) or 'errors in the server log'}")
        return 1
    print("The API and Open311 answer as their schemas say.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
