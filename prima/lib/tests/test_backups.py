"""Backups proven (issue 27): `prima backup` writes the database and the uploaded files with a
manifest, and `prima restore-drill` restores it into a scratch database and fails, naming what
differs, when the dump, a table or a file is not what the manifest says.

These run on SQLite (`make test`) and on PostgreSQL (the CI suite, where the backup is a real
pg_dump and the drill a real pg_restore into a database made and dropped for it). The backups
read the database on a connection of their own, so the tests commit their rows."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from prima.jobs.models import JobRun
from prima.lib import backups

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def folder(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIMA_BACKUP_DIR = tmp_path / "backups"
    return settings.PRIMA_BACKUP_DIR


def run(*arguments: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*arguments, stdout=out, stderr=out)
    return out.getvalue()


def drill_fails(*arguments: str) -> str:
    with pytest.raises(CommandError) as failure:
        run("restore-drill", *arguments)
    return str(failure.value)


def only_backup(folder: Path) -> backups.Backup:
    (backup,) = backups.list_backups(folder)
    return backup


def rewrite_manifest(backup: backups.Backup, change) -> None:
    manifest = json.loads((backup.path / backups.MANIFEST).read_text())
    change(manifest)
    (backup.path / backups.MANIFEST).write_text(json.dumps(manifest))


def scratch_databases() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'prima_drill_%'")
        return int(cursor.fetchone()[0])


def some_rows_and_a_file() -> str:
    for hour in range(3):
        JobRun.objects.create(job="backup-test", slot=datetime(2026, 1, 1, hour, tzinfo=UTC))
    return default_storage.save("evidence/2026/laporan.pdf", ContentFile(b"%PDF-1.4 laporan"))


def test_a_backup_restores_in_its_drill_with_every_table_and_file_as_the_manifest_says(folder):
    name = some_rows_and_a_file()
    output = run("backup")
    assert "backup " in output and "1 new copied" in output
    backup = only_backup(folder)
    manifest = backup.manifest
    assert manifest["database"]["vendor"] == connection.vendor
    dump = backup.path / manifest["database"]["file"]
    assert manifest["database"]["sha256"] == backups.sha256_of(dump)
    if POSTGRES:
        assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert manifest["tables"]["jobs_jobrun"]["rows"] == 3
    from django.db.migrations.loader import MigrationLoader

    heads = MigrationLoader(connection).graph.leaf_nodes()
    assert manifest["migration_heads"] == sorted(f"{app}.{name}" for app, name in heads)
    assert manifest["database"]["server_version"]
    (copied,) = manifest["files"]["objects"]
    assert copied["key"] == f"media/{name}" and copied["size"] == 16
    assert (folder / "objects" / copied["key"]).read_bytes() == b"%PDF-1.4 laporan"

    report = run("restore-drill")
    assert f"restore drill passed: {backup.name}" in report
    assert "migrations: all applied" in report
    assert json.loads((backup.path / backups.DRILL).read_text())["ok"] is True
    if POSTGRES:
        assert scratch_databases() == 0  # dropped after the drill


def test_a_damaged_dump_fails_the_drill_naming_the_reason(folder):
    some_rows_and_a_file()
    run("backup")
    backup = only_backup(folder)
    dump = backup.path / backup.manifest["database"]["file"]
    data = bytearray(dump.read_bytes())
    for position in range(len(data) // 2, len(data) // 2 + 8):
        data[position] ^= 0xFF
    dump.write_bytes(bytes(data))
    message = drill_fails()
    assert "RESTORE DRILL FAILED" in message
    assert "sha256 differs from the manifest (the dump is damaged)" in message
    assert json.loads((backup.path / backups.DRILL).read_text())["ok"] is False


def test_a_table_that_differs_from_the_manifest_fails_the_drill_naming_it(folder):
    some_rows_and_a_file()
    run("backup")
    backup = only_backup(folder)

    def one_row_more(manifest):
        manifest["tables"]["jobs_jobrun"]["rows"] = 4

    rewrite_manifest(backup, one_row_more)
    assert "table jobs_jobrun: 3 rows restored, 4 in the manifest" in drill_fails()

    def another_checksum(manifest):
        manifest["tables"]["jobs_jobrun"]["rows"] = 3
        manifest["tables"]["jobs_jobrun"]["checksum"] = "0123456789abcdef"

    rewrite_manifest(backup, another_checksum)
    message = drill_fails()
    assert (
        "table jobs_jobrun: checksum" in message and "0123456789abcdef in the manifest" in message
    )


@pytest.mark.skipif(POSTGRES, reason="changes the SQLite copy in place; PostgreSQL: see below")
def test_a_row_changed_in_the_copy_fails_the_drill_naming_its_table(folder):
    import sqlite3

    some_rows_and_a_file()
    run("backup")
    backup = only_backup(folder)
    copy = backup.path / backups.SQLITE_COPY
    with sqlite3.connect(copy) as changed:
        changed.execute("UPDATE jobs_jobrun SET job = 'forged' WHERE job = 'backup-test'")
    changed.close()
    rewrite_manifest(backup, lambda m: m["database"].update(sha256=backups.sha256_of(copy)))
    message = drill_fails()
    assert "table jobs_jobrun: checksum" in message


def test_a_truncated_dump_whose_sha256_was_updated_fails_in_pg_restore(folder):
    if not POSTGRES:
        if os.environ.get("PRIMA_REQUIRE_POSTGRES") == "1":
            raise RuntimeError("PRIMA_REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")
        pytest.skip("pg_restore: PostgreSQL only (the CI suite, PRIMA_REQUIRE_POSTGRES=1)")
    some_rows_and_a_file()
    run("backup")
    backup = only_backup(folder)
    dump = backup.path / backups.PG_DUMP
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    rewrite_manifest(backup, lambda m: m["database"].update(sha256=backups.sha256_of(dump)))
    assert "pg_restore failed" in drill_fails()
    assert scratch_databases() == 0  # dropped after the failure too


def test_a_missing_or_changed_uploaded_file_fails_the_drill_naming_it(folder):
    name = some_rows_and_a_file()
    run("backup")
    copied = folder / "objects" / "media" / name
    copied.write_bytes(b"%PDF-1.4 LAPORAN")  # same size, other bytes
    assert f"file media/{name}: sha256 differs from the manifest" in drill_fails()
    copied.unlink()
    assert f"file media/{name}: missing from" in drill_fails()


def test_the_next_backup_copies_only_new_files_and_a_named_backup_can_be_drilled(folder):
    some_rows_and_a_file()
    run("backup")
    first = only_backup(folder)
    default_storage.save("evidence/2026/foto.jpg", ContentFile(b"\xff\xd8 jpeg"))
    os.rename(first.path, folder / "20000101T000000Z")  # older, so the next one is newest
    assert "2, 1 new copied" in run("backup")
    assert "restore drill passed: 20000101T000000Z" in run("restore-drill", "20000101T000000Z")


def test_without_a_backup_the_drill_fails(folder):
    assert "no finished backup in" in drill_fails()
    assert "no finished backup named 2026" in drill_fails("2026")


def test_a_failed_drill_makes_the_jobs_probe_fail(folder, client, monkeypatch):
    from prima.jobs import schedule

    drill = next(job for job in schedule.SCHEDULE if job.name == "restore-drill")
    monkeypatch.setattr(schedule, "SCHEDULE", (drill,))
    run_ = JobRun.objects.create(job="restore-drill", slot=datetime(2026, 3, 1, tzinfo=UTC))
    assert schedule.execute(run_.pk) == "failed"
    run_.refresh_from_db()
    assert "no finished backup" in run_.output
    assert client.get("/healthz/jobs").status_code == 503


# --- retention (no database needed, but the module's marker is harmless) ---
def fake_backup(folder: Path, name: str, *, keys: list[str], drilled: bool | None = None) -> None:
    path = folder / name
    path.mkdir(parents=True)
    objects = [{"key": key, "size": 1, "etag": "e", "sha256": "s"} for key in keys]
    (path / backups.MANIFEST).write_text(json.dumps({"files": {"objects": objects}}))
    for key in keys:
        (folder / "objects" / key).parent.mkdir(parents=True, exist_ok=True)
        (folder / "objects" / key).write_bytes(b"x")
    if drilled is not None:
        (path / backups.DRILL).write_text(json.dumps({"ok": drilled}))


def test_retention_keeps_the_newest_and_the_newest_proven_backup_and_their_files(tmp_path):
    fake_backup(tmp_path, "20260101T000000Z", keys=["media/a"], drilled=True)
    fake_backup(tmp_path, "20260102T000000Z", keys=["media/a", "media/b"], drilled=False)
    fake_backup(tmp_path, "20260103T000000Z", keys=["media/c"])
    fake_backup(tmp_path, "20260104T000000Z", keys=["media/c", "media/d"])
    (tmp_path / "20260105T000000Z").mkdir()  # no manifest: not a finished backup
    deleted = backups.prune_backups(tmp_path, keep=2)
    assert deleted == ["20260102T000000Z"]
    assert [b.name for b in backups.list_backups(tmp_path)] == [
        "20260101T000000Z", "20260103T000000Z", "20260104T000000Z"
    ]  # fmt: skip
    store = tmp_path / "objects"
    left = sorted(p.relative_to(store).as_posix() for p in store.rglob("*") if p.is_file())
    assert left == ["media/a", "media/c", "media/d"]
    assert backups.prune_backups(tmp_path, keep=0) == ["20260103T000000Z"]  # at least one kept


@pytest.mark.objectstore
def test_the_bucket_s_uploads_are_copied_and_checked(folder, object_store):
    name = default_storage.save("evidence/2026/laporan.pdf", ContentFile(b"%PDF-1.4 laporan"))
    output = run("backup")
    assert "uploaded files (bucket): 1, 1 new copied (16 bytes)" in output
    (entry,) = only_backup(folder).manifest["files"]["objects"]
    assert entry["key"] == f"media/{name}" and entry["etag"] and entry["size"] == 16
    assert object_store.keys("media/") == [entry["key"]]
    assert "restore drill passed" in run("restore-drill")
    (folder / "objects" / entry["key"]).write_bytes(b"short")
    assert f"file media/{name}: 5 bytes, 16 in the manifest" in drill_fails()
