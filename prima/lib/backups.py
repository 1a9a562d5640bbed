"""Backups that are proven: `prima backup` and `prima restore-drill` (docs/deploy.md,
"Backups"; docs/security.md §2.2, "Backups and restore drills").

A backup is a folder `PRIMA_BACKUP_DIR/<UTC stamp>/` holding

- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite: the
  online backup API, a consistent copy of a live database);
- `manifest.json`: when, Prima's version and migration heads, the database server's version,
  every table's row count and checksum, the dump's sha256, and the uploaded files it goes with
  (key, size, etag, sha256).

The uploaded files themselves (the bucket's `media/` when PRIMA_STORAGE_URL is set, `media/`
on disk otherwise) are copied into one folder shared by every backup, `PRIMA_BACKUP_DIR/
objects/`, laid out as in the bucket. Prima only adds and removes uploads, never changes one,
so each night copies only the files that are new; the manifest lists those its database goes
with. The open-data builds are not copied: `prima opendata build` makes them again.

**Table checksums.** Each table's checksum is computed by the database, in one scan, as the
sum modulo 2^64 of the first 64 bits of the md5 of each row's text (PostgreSQL: `md5(row::text)`;
SQLite, which has no md5, an aggregate registered on the connection hashing the row's values).
A sum does not depend on row order, so no sort is needed and nothing is held in memory (an
md5 of `string_agg(… ORDER BY pk)` would sort every table and build one string as large as
the table, past PostgreSQL's 1 GB limit on a national database). It detects any changed,
missing or added row by accident; it is not a defence against someone forging rows — the
dump's sha256, kept beside it, guards the file. A row's text is the server's own output, so
a drill compares like with like when it restores onto the same PostgreSQL major version.

**Consistency.** On PostgreSQL the checksums are computed in a REPEATABLE READ transaction
whose snapshot pg_dump uses (`pg_export_snapshot()`, `pg_dump --snapshot`): the manifest
describes exactly the rows in the dump, however busy the site. On SQLite they are computed on
the copy, which the backup API makes consistent.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend

MANIFEST = "manifest.json"
DRILL = "drill.json"
OBJECTS = "objects"  # the uploaded files, shared by every backup
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FORMAT = 1  # of the manifest
STAMP = re.compile(r"\d{8}T\d{6}Z")
CHUNK = 1024 * 1024
# A folder left by a backup that did not finish (the machine stopped) is removed after this.
STALE_PARTIAL_SECONDS = 24 * 3600
CHECKSUM_METHOD = "sum mod 2^64 of the first 64 bits of md5(row text)"


class BackupError(Exception):
    """A backup or a drill that could not be done; the message is safe to print (it never
    holds a password or a storage key)."""


# --- tables ---------------------------------------------------------------------------------
class _SqliteChecksum:
    """The SQLite aggregate: the same sum as PostgreSQL's, of an md5 of the row's values."""

    def __init__(self) -> None:
        self.total = 0

    def step(self, *values: Any) -> None:
        digest = hashlib.md5(repr(values).encode(), usedforsecurity=False).digest()
        self.total = (self.total + int.from_bytes(digest[:8], "big")) % 2**64

    def finalize(self) -> str:
        return f"{self.total:016x}"


def table_fingerprints(connection: BaseDatabaseWrapper) -> dict[str, dict[str, Any]]:
    """Every table's row count and checksum (see the module's docstring), by table name."""
    connection.ensure_connection()
    quote = connection.ops.quote_name
    found: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        if connection.vendor == "sqlite":
            raw = connection.connection
            raw.create_aggregate("prima_checksum", -1, _SqliteChecksum)  # type: ignore[union-attr]
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT count(*), coalesce(sum(('x' || left(md5(prima_row::text), 16))"
                    f"::bit(64)::bigint), 0) FROM {quote(table)} AS prima_row"
                )
                rows, total = cursor.fetchone()
                checksum = f"{int(total) % 2**64:016x}"
            else:
                # PRAGMA, not Django's introspection, which looks the connection up by alias.
                cursor.execute(f"PRAGMA table_info({quote(table)})")
                columns = [quote(row[1]) for row in cursor.fetchall()]
                cursor.execute(
                    f"SELECT count(*), prima_checksum({', '.join(columns)}) FROM {quote(table)}"
                )
                rows, checksum = cursor.fetchone()
                checksum = checksum or f"{0:016x}"
            found[table] = {"rows": int(rows), "checksum": checksum}
    return found


def server_version(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return str(cursor.fetchone()[0])
    return f"SQLite {sqlite3.sqlite_version}"


def unapplied_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    """The migrations this code has that the database has not applied (`migrate --plan`)."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [f"{m.app_label}.{m.name}" for m, _ in executor.migration_plan(targets)]


def migration_heads() -> list[str]:
    """The latest migration of each app in this code (what a restored database must have)."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return sorted(f"{app}.{name}" for app, name in graph.leaf_nodes())


@contextlib.contextmanager
def _locked(folder: Path, *, exclusive: bool) -> Iterator[None]:
    """One backup at a time, and none while a drill reads (a backup prunes old ones)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield


@contextlib.contextmanager
def extra_connection(settings_dict: dict[str, Any]) -> Iterator[BaseDatabaseWrapper]:
    """A Django connection to another database (a backup copy, a scratch database), outside
    DATABASES (no router, no request sees it), closed afterwards."""
    # Django's defaults for every key not given (as for the DATABASES setting).
    configured = connections.configure_settings({"default": dict(settings_dict)})["default"]
    alias = f"prima_backup_{secrets.token_hex(4)}"
    connection = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, alias)
    # Reachable as connections[alias] in this thread, for the ORM queries of Django's
    # migration recorder, without joining DATABASES: nothing that walks every connection
    # (request start and end, the test runner) sees it.
    setattr(connections._connections, alias, connection)  # type: ignore[attr-defined]
    try:
        yield connection
    finally:
        connection.close()
        delattr(connections._connections, alias)  # type: ignore[attr-defined]


# --- PostgreSQL -----------------------------------------------------------------------------
def _libpq_environment(settings_dict: dict[str, Any], *, name: str | None = None) -> dict[str, str]:
    """The libpq variables naming a database: the password travels in the environment, never on
    a command line (which `ps` shows) or in a message."""
    from django.db.backends.postgresql.client import DatabaseClient

    _, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    environment = {**os.environ, **(extra or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    environment["PGDATABASE"] = name or str(settings_dict["NAME"])
    return environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - our own arguments; no shell
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}): {result.stderr.strip()}")


def _dump_postgresql(
    settings_dict: dict[str, Any], target: Path
) -> tuple[dict[str, dict[str, Any]], str]:
    """pg_dump into `target`, and the tables' fingerprints, both of one snapshot: on a
    connection of its own, whatever the caller's connection is doing."""
    pg_dump = _tool("pg_dump")
    with extra_connection(settings_dict) as connection:
        connection.ensure_connection()
        connection.set_autocommit(False)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            _run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                _libpq_environment(settings_dict),
                "pg_dump",
            )
            fingerprints = table_fingerprints(connection)
            version = server_version(connection)
        finally:
            connection.rollback()
            connection.set_autocommit(True)
    return fingerprints, version


@contextlib.contextmanager
def _scratch_postgresql(
    server: dict[str, Any], dump: Path, *, label: str
) -> Iterator[BaseDatabaseWrapper]:
    """A new database on `server` with `dump` restored into it; dropped afterwards."""
    pg_restore = _tool("pg_restore")
    name = f"prima_drill_{label.lower()}_{secrets.token_hex(3)}"
    quoted = '"' + name + '"'
    with extra_connection(dict(server)) as maintenance, maintenance._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quoted} TEMPLATE template0")
    try:
        _run(
            [pg_restore, "--single-transaction", "--no-owner", "--no-privileges"]
            + [f"--dbname={name}", str(dump)],
            _libpq_environment(server, name=name),
            "pg_restore",
        )
        with extra_connection({**server, "NAME": name}) as restored:
            yield restored
    finally:
        with extra_connection(dict(server)) as maintenance, maintenance._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


# --- SQLite ---------------------------------------------------------------------------------
def _copy_sqlite(connection: BaseDatabaseWrapper, target: Path) -> tuple[dict[str, Any], str]:
    """The online backup API: a consistent copy of the live database, then its fingerprints."""
    connection.ensure_connection()
    raw: sqlite3.Connection = connection.connection  # type: ignore[assignment]
    if connection.in_atomic_block:
        # The backup API refuses a connection in the middle of a write (SQLite answers
        # SQLITE_LOCKED, which Python retries for ever); inside a transaction — a test, never
        # the scheduled job — the connection's own view is written out instead.
        target.write_bytes(raw.serialize())
    else:
        destination = sqlite3.connect(target)
        try:
            raw.backup(destination)
        finally:
            destination.close()
    with extra_connection(_sqlite_settings(connection.settings_dict, target)) as copy:
        return table_fingerprints(copy), server_version(copy)


def _sqlite_settings(settings_dict: dict[str, Any], path: Path) -> dict[str, Any]:
    # Without the live database's WAL set-up, so that reading a copy leaves no file beside it.
    options = {**settings_dict.get("OPTIONS", {}), "init_command": ""}
    return {**settings_dict, "NAME": str(path), "OPTIONS": options}


@contextlib.contextmanager
def _scratch_sqlite(server: dict[str, Any], copy: Path) -> Iterator[BaseDatabaseWrapper]:
    """The backup's database copied to a temporary file (the backup itself stays untouched)."""
    with tempfile.TemporaryDirectory(prefix="prima-drill-") as folder:
        scratch = Path(folder) / "restored.sqlite3"
        shutil.copyfile(copy, scratch)
        with extra_connection(_sqlite_settings(server, scratch)) as restored:
            with restored.cursor() as cursor:
                cursor.execute("PRAGMA integrity_check")
                verdict = [row[0] for row in cursor.fetchall()]
            if verdict != ["ok"]:
                raise BackupError(f"SQLite integrity_check: {'; '.join(verdict[:5])}")
            yield restored


# --- uploaded files -------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredFile:
    key: str  # as in the bucket: media/…
    size: int
    etag: str  # the bucket's ETag, or the file's modification time on disk


def _uploads() -> tuple[str, list[StoredFile], Any]:
    """Where the uploads are ("bucket" or "disk"), every file, and a way to open one."""
    storage: Any = storages["default"]
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        found = []
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                stat = path.stat()
                key = "media/" + path.relative_to(root).as_posix()
                found.append(StoredFile(key, stat.st_size, f"mtime:{stat.st_mtime_ns}"))

        def open_disk(key: str) -> BinaryIO:
            return (root / key.removeprefix("media/")).open("rb")

        return "disk", found, open_disk
    bucket = storage.bucket  # django-storages' S3Storage: a boto3 Bucket
    prefix = storage.location.strip("/") + "/"
    listed = [
        StoredFile(item.key, int(item.size), item.e_tag.strip('"'))
        for item in bucket.objects.filter(Prefix=prefix)
    ]

    def open_object(key: str) -> BinaryIO:
        return bucket.Object(key).get()["Body"]  # type: ignore[no-any-return]

    return "bucket", sorted(listed, key=lambda item: item.key), open_object


def _inside(folder: Path, key: str) -> Path:
    path = (folder / key).resolve()
    if not path.is_relative_to(folder.resolve()) or key.startswith("/"):
        raise BackupError(f"refusing an object key outside the backup folder: {key!r}")
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_uploads(folder: Path, previous: dict[str, Any] | None) -> dict[str, Any]:
    """Copy the uploads that are new since the previous backup into `folder/objects/`; the
    manifest's entry for them."""
    source, files, open_file = _uploads()
    store = folder / OBJECTS
    store.mkdir(mode=0o700, exist_ok=True)  # personal data: the service's user only
    known = {entry["key"]: entry for entry in (previous or {}).get("files", {}).get("objects", [])}
    entries, copied, copied_bytes = [], 0, 0
    for item in files:
        path = _inside(store, item.key)
        before = known.get(item.key)
        if (
            before
            and before["size"] == item.size
            and before["etag"] == item.etag
            and path.is_file()
            and path.stat().st_size == item.size
        ):
            entries.append(before)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        digest, size = hashlib.sha256(), 0
        with open_file(item.key) as reading, partial.open("wb") as writing:
            while chunk := reading.read(CHUNK):
                digest.update(chunk)
                writing.write(chunk)
                size += len(chunk)
        partial.replace(path)
        entries.append(
            {"key": item.key, "size": size, "etag": item.etag, "sha256": digest.hexdigest()}
        )
        copied, copied_bytes = copied + 1, copied_bytes + size
    return {
        "source": source,
        "folder": OBJECTS,
        "objects": entries,
        "copied": copied,
        "copied_bytes": copied_bytes,
    }


# --- backups --------------------------------------------------------------------------------
@dataclass
class Backup:
    path: Path
    manifest: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def drill(self) -> dict[str, Any] | None:
        try:
            return json.loads((self.path / DRILL).read_text())  # type: ignore[no-any-return]
        except (OSError, ValueError):
            return None


def list_backups(folder: Path) -> list[Backup]:
    """The finished backups in `folder`, oldest first (a backup is finished once its manifest
    is written; one still being made is in a `.partial` folder)."""
    found = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if not (STAMP.fullmatch(path.name) and (path / MANIFEST).is_file()):
                continue
            try:
                manifest = json.loads((path / MANIFEST).read_text())
            except ValueError:
                continue  # a manifest that does not parse is not a finished backup
            found.append(Backup(path, manifest))
    return found


def _write_json(path: Path, data: dict[str, Any]) -> None:
    partial = path.with_name(path.name + ".partial")
    with partial.open("w") as file:
        json.dump(data, file, indent=1, sort_keys=True)
        file.write("\n")
        file.flush()
        os.fsync(file.fileno())
    partial.replace(path)


def create_backup(*, folder: Path, keep: int, now: datetime) -> Backup:
    """Back up the database and the uploaded files into a new folder under `folder`, then
    keep the `keep` newest backups (see prune_backups)."""
    with _locked(folder, exclusive=True):
        return _create_backup(folder=folder, keep=keep, now=now)


def _create_backup(*, folder: Path, keep: int, now: datetime) -> Backup:
    connection = connections["default"]
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"no backup method for {connection.vendor}")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    final = folder / stamp
    if final.exists():
        raise BackupError(f"a backup named {stamp} exists already")
    work = folder / f"{stamp}.partial"
    work.mkdir(mode=0o700)
    try:
        if connection.vendor == "postgresql":
            dump = work / PG_DUMP
            tables, version = _dump_postgresql(connection.settings_dict, dump)
        else:
            dump = work / SQLITE_COPY
            tables, version = _copy_sqlite(connection, dump)
        previous = list_backups(folder)
        files = _copy_uploads(folder, previous[-1].manifest if previous else None)
        manifest = {
            "format": FORMAT,
            "created_at": now.astimezone(UTC).isoformat(),
            "prima_version": importlib.metadata.version("prima"),
            "migration_heads": migration_heads(),
            "database": {
                "vendor": connection.vendor,
                "server_version": version,
                "file": dump.name,
                "size": dump.stat().st_size,
                "sha256": sha256_of(dump),
            },
            "checksum_method": CHECKSUM_METHOD,
            "tables": tables,
            "files": files,
        }
        _write_json(work / MANIFEST, manifest)
        work.replace(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    backup = Backup(final, manifest)
    prune_backups(folder, keep=keep)
    return backup


def prune_backups(folder: Path, *, keep: int) -> list[str]:
    """Delete all but the `keep` newest backups (at least one), never the newest one whose
    restore drill passed; then the copied files no kept backup names. The names deleted."""
    backups = list_backups(folder)
    kept = {backup.name for backup in backups[-max(keep, 1) :]}
    proven = [backup for backup in backups if (backup.drill or {}).get("ok") is True]
    if proven:
        kept.add(proven[-1].name)
    deleted = []
    for backup in backups:
        if backup.name not in kept:
            shutil.rmtree(backup.path)
            deleted.append(backup.name)
    for path in folder.glob("*.partial"):
        if time.time() - path.stat().st_mtime > STALE_PARTIAL_SECONDS:
            shutil.rmtree(path, ignore_errors=True)
    named = {
        entry["key"]
        for backup in backups
        if backup.name in kept
        for entry in backup.manifest.get("files", {}).get("objects", [])
    }
    store = folder / OBJECTS
    if store.is_dir():
        for path in sorted(store.rglob("*"), reverse=True):
            key = path.relative_to(store).as_posix()
            if path.is_file() and key not in named:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return deleted


# --- drills ---------------------------------------------------------------------------------
@dataclass
class Drill:
    backup: Backup
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def find_backup(folder: Path, name: str | None) -> Backup:
    backups = list_backups(folder)
    if name:
        chosen = [backup for backup in backups if backup.name == name]
        if not chosen:
            raise BackupError(f"no finished backup named {name} in {folder}")
        return chosen[0]
    if not backups:
        raise BackupError(f"no finished backup in {folder}: has `prima backup` run?")
    return backups[-1]


def compare_tables(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    problems = []
    for table in sorted(expected.keys() | found.keys()):
        if table not in found:
            problems.append(f"table {table}: in the manifest, missing from the restored database")
        elif table not in expected:
            problems.append(f"table {table}: in the restored database, not in the manifest")
        elif expected[table]["rows"] != found[table]["rows"]:
            problems.append(
                f"table {table}: {found[table]['rows']} rows restored, "
                f"{expected[table]['rows']} in the manifest"
            )
        elif expected[table]["checksum"] != found[table]["checksum"]:
            problems.append(
                f"table {table}: checksum {found[table]['checksum']} restored, "
                f"{expected[table]['checksum']} in the manifest"
            )
    return problems


def check_files(folder: Path, manifest: dict[str, Any]) -> tuple[list[str], int]:
    """Every uploaded file the manifest lists is in the copy with its size and sha256."""
    problems, checked = [], 0
    store = folder / OBJECTS
    for entry in manifest.get("files", {}).get("objects", []):
        path = _inside(store, entry["key"])
        if not path.is_file():
            problems.append(f"file {entry['key']}: missing from {store}")
        elif path.stat().st_size != entry["size"]:
            problems.append(
                f"file {entry['key']}: {path.stat().st_size} bytes, {entry['size']} in the manifest"
            )
        elif sha256_of(path) != entry["sha256"]:
            problems.append(f"file {entry['key']}: sha256 differs from the manifest")
        checked += 1
    return problems, checked


def restore_drill(
    *, folder: Path, name: str | None = None, server: dict[str, Any] | None = None, now: datetime
) -> Drill:
    """Restore a backup (the latest unless named) into a scratch database and compare it with
    its manifest; check the copied files. The outcome is written beside the backup
    (drill.json). `server`: the database settings of another PostgreSQL server to restore on
    (default: DATABASE_URL's)."""
    with _locked(folder, exclusive=False):
        return _restore_drill(folder=folder, name=name, server=server, now=now)


def _restore_drill(
    *, folder: Path, name: str | None, server: dict[str, Any] | None, now: datetime
) -> Drill:
    backup = find_backup(folder, name)
    drill = Drill(backup)
    manifest = backup.manifest
    database = manifest.get("database", {})
    dump = backup.path / str(database.get("file", ""))
    if manifest.get("format") != FORMAT:
        drill.problems.append(f"manifest format {manifest.get('format')!r}, expected {FORMAT}")
    elif not dump.is_file():
        drill.problems.append(f"database file {dump.name!r} is missing")
    elif sha256_of(dump) != database.get("sha256"):
        drill.problems.append(
            f"database file {dump.name}: sha256 differs from the manifest (the dump is damaged)"
        )
    else:
        drill.notes.append(f"{dump.name}: sha256 matches ({dump.stat().st_size} bytes)")
        _restore_and_compare(drill, dump, server or dict(connections["default"].settings_dict))
    problems, checked = check_files(folder, manifest)
    drill.problems += problems
    drill.notes.append(f"uploaded files: {checked} checked")
    with contextlib.suppress(OSError):
        _write_json(
            backup.path / DRILL,
            {"at": now.astimezone(UTC).isoformat(), "ok": drill.ok, "problems": drill.problems},
        )
    return drill


def _restore_and_compare(drill: Drill, dump: Path, server: dict[str, Any]) -> None:
    manifest = drill.backup.manifest
    vendor = manifest["database"]["vendor"]
    if vendor == "postgresql":
        if server.get("ENGINE") != "django.db.backends.postgresql":
            drill.problems.append("a PostgreSQL backup needs a PostgreSQL server to restore on")
            return
        scratch = _scratch_postgresql(server, dump, label=drill.backup.name)
    elif server.get("ENGINE") != "django.db.backends.sqlite3":
        drill.problems.append("a SQLite backup is restored with SQLite's settings")
        return
    else:
        scratch = _scratch_sqlite(server, dump)
    try:
        with scratch as restored:
            drill.notes.append(f"restored into a scratch database ({server_version(restored)})")
            unapplied = unapplied_migrations(restored)
            if unapplied:
                drill.problems.append(
                    f"{len(unapplied)} migrations not applied in the restored database: "
                    + ", ".join(unapplied[:10])
                )
            else:
                drill.notes.append("migrations: all applied")
            found = table_fingerprints(restored)
            problems = compare_tables(manifest["tables"], found)
            drill.problems += problems
            rows = sum(table["rows"] for table in found.values())
            drill.notes.append(f"tables: {len(found)} compared, {rows} rows")
    except BackupError as error:
        drill.problems.append(str(error))


def report_lines(drill: Drill) -> Iterable[str]:
    yield f"backup {drill.backup.name} ({drill.backup.path})"
    for note in drill.notes:
        yield f"  ok: {note}"
    for problem in drill.problems:
        yield f"  FAILED: {problem}"
