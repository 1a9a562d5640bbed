"""Two real worker processes and two schedulers against one PostgreSQL database (issue 26):
each periodic job runs once per slot, each e-mail is delivered once, and a worker killed in
the middle of a delivery loses nothing.

Workers and schedulers are `python -m prima` processes of this checkout, delivering through
a file transport (one file per delivery) so that every delivery can be counted. Skipped with
a reason without PostgreSQL, unless PRIMA_REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from prima.jobs import schedule
from prima.jobs.models import JobRun, Mail
from prima.lib import backups

if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    if os.environ.get("PRIMA_REQUIRE_POSTGRES") == "1":
        raise RuntimeError("PRIMA_REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")
    pytest.skip(
        "needs PostgreSQL: DATABASE_URL=postgres://user@host:5432/name",
        allow_module_level=True,
    )

ROOT = Path(__file__).resolve().parents[3]
# serialized_rollback: the migrated data (regions, content types) is restored after, as for
# every test that commits (conftest.py refuses one without it).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def queue(settings):
    """This test process writes as a web server would: outbox, database queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "prima.jobs.outbox.OutboxBackend"


def _environment(mail_dir: Path, tmp_path: Path, *, delay: float) -> dict[str, str]:
    db = connection.settings_dict  # the test database pytest-django made
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prima.jobs.tests.worker_settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"postgres://{user}{password}@{host}/{db['NAME']}",
        "PRIMA_TASKS": "database",
        "EMAIL_URL": f"filemail://{mail_dir}",
        "PRIMA_TEST_MAIL_DELAY": str(delay),
        "PRIMA_VAR_DIR": str(tmp_path / "var"),
        "PRIMA_PUBLIC_URL": "https://prima.example.go.id",
        "LOG_LEVEL": "WARNING",
    }


def _prima(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "prima", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _finish(*processes: subprocess.Popen[bytes], timeout: float = 300) -> None:
    for process in processes:
        output, _ = process.communicate(timeout=timeout)
        assert process.returncode == 0, output.decode()[-3000:]


def _deliveries(mail_dir: Path) -> Counter[str]:
    """Message-ID → how many times the transport wrote it."""
    found: Counter[str] = Counter()
    for path in mail_dir.iterdir():
        for line in path.read_text().splitlines():
            if line.startswith("Message-ID: "):
                found[line.removeprefix("Message-ID: ")] += 1
    return found


def test_two_workers_and_two_schedulers_do_everything_exactly_once(queue, mail_dir, tmp_path):
    for n in range(30):
        send_mail(f"Pengingat {n}", "Isi", None, [f"unit{n}@example.go.id"])
    assert DBTaskResult.objects.count() == 30  # enqueued after each commit

    env = _environment(mail_dir, tmp_path, delay=0.05)
    # Yesterday's backup: the restore drill may run before or after tonight's (another worker).
    backups.create_backup(
        folder=tmp_path / "var" / "backups", keep=7, now=timezone.now() - timedelta(days=1)
    )
    now = datetime.now().astimezone().isoformat()
    _finish(_prima(env, "schedule", "--now", now), _prima(env, "schedule", "--now", now))
    names = sorted(job.name for job in schedule.SCHEDULE)
    assert sorted(JobRun.objects.values_list("job", flat=True)) == names

    _finish(
        _prima(env, "worker", "--batch", "--worker-id", "server-a"),
        _prima(env, "worker", "--batch", "--worker-id", "server-b"),
    )
    assert {(r.job, r.state, r.attempts) for r in JobRun.objects.all()} == {
        (job.name, "done", 1) for job in schedule.SCHEDULE
    }
    mails = Mail.objects.all()
    assert {(m.state, m.attempts) for m in mails} == {("sent", 1)}
    assert _deliveries(mail_dir) == Counter({m.message_id: 1 for m in mails})
    results = DBTaskResult.objects.all()
    assert results.count() == 30 + len(schedule.SCHEDULE)
    assert {r.status for r in results} == {"SUCCESSFUL"}


def test_a_worker_killed_while_sending_loses_nothing_and_sends_once(queue, mail_dir, tmp_path):
    send_mail("Pengaduan ADU-1 diteruskan", "Isi", None, ["unit@example.go.id"])
    mail = Mail.objects.get()

    slow = _prima(_environment(mail_dir, tmp_path, delay=60), "worker", "--worker-id", "a")
    deadline = time.monotonic() + 60
    while Mail.objects.get().state != Mail.State.SENDING:
        assert time.monotonic() < deadline and slow.poll() is None, "worker a never started"
        time.sleep(0.2)
    slow.send_signal(signal.SIGKILL)  # the server loses power in the middle of the delivery
    slow.wait()
    assert _deliveries(mail_dir) == Counter()
    # django-tasks-db leaves the killed task RUNNING for ever: the outbox row is what counts.
    assert DBTaskResult.objects.get().status == "RUNNING"

    time.sleep(3.5)  # the claim's lease (worker_settings: 3 s) runs out
    env = _environment(mail_dir, tmp_path, delay=0)
    _finish(_prima(env, "schedule"))
    _finish(_prima(env, "worker", "--batch", "--worker-id", "b"))

    mail.refresh_from_db()
    assert mail.state == Mail.State.SENT and mail.attempts == 2
    assert mail.errors[0]["error"].startswith("interrupted")
    assert _deliveries(mail_dir) == Counter({mail.message_id: 1})
