"""Prima against its peers (issue 26): the same survey, the same server, the same load.

`python -m benchmarks.peers [--responses N] [--seconds S] [--quick] [--save]` (run by
`make bench`) measures, one system after another on this machine in one run:

- **Prima**: the citizen's SKM submission (`POST /s/<unit>/`) and the unit operator's results
  page for the period (`/manage/surveys/<period>/`);
- **django-form-surveys** and **django-survey-and-report** (from PyPI, pinned below), each
  installed in a virtual environment of its own under `var/bench/peers/<name>/venv` (never
  into Prima's), in a tiny generated Django project with an SKM-shaped survey: nine required
  questions of four options each, anonymous answers;
- **a bare Django view** in a tiny project of its own (Prima's environment: it needs only
  Django) that validates nine answers with a form and inserts one row — the framework's
  ceiling for a write.

Each system gets a PostgreSQL database of its own (`prima_bench_peers_<name>` on
PRIMA_BENCH_PG), runs under gunicorn with the SKM benchmark's settings (4 sync workers on
loopback, persistent database connections) and takes the SKM benchmark's load (wrk with 6
connections, or 6 Python processes) of submissions through its own form: its own URL, its own
field names and choices, its own CSRF token and cookie, fetched from its form page before the
timed part as Prima's form tokens are. Afterwards the responses stored in its database are
counted and checked against the acknowledged ones (nothing lost, nothing doubled, every
response with its nine answers). Then N responses (100,000; `--quick`: 1,000) are written
straight into the database and the survey owner's results page is asked for several times,
signed in as each app requires. The table, with the ratios, goes to
benchmarks/results/peers-<date>.md with `--save`. Without PostgreSQL it says so and does
nothing. A benchmark is not a test: nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import textwrap
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path

from benchmarks import load, pg, skm

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("PRIMA_BENCH_PEERS_DIR", ROOT / "var" / "bench" / "peers"))
REDIS_URL = os.environ.get("PRIMA_BENCH_PEERS_REDIS", "redis://127.0.0.1:6379/6")
DB_PREFIX = "prima_bench_peers_"
KEYS = pg.KEYS
OPTIONS = ("Tidak baik", "Kurang baik", "Baik", "Sangat baik")
PASSWORD = "bench-owner-password"  # noqa: S105 - a throw-away account on a throw-away database

# What each peer's environment gets, pinned: the versions measured (Django as Prima's).
COMMON = ["Django==5.2.19", "gunicorn==27.0.1", "psycopg[binary]==3.3.9"]
PACKAGES = {
    "form_surveys": ["django-form-surveys==2.5.0", "django-tinymce==5.0.0"],
    "survey_and_report": ["django-survey-and-report==1.5.0", "PyYAML==6.0.4"],
}


# --- the tiny projects ------------------------------------------------------------------------
SETTINGS = """\
import os
import urllib.parse

SECRET_KEY = "bench-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    *{apps},
]
MIDDLEWARE = [  # startproject's
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "urls"
TEMPLATES = [
    {{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {{
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                *{processors},
            ]
        }},
    }}
]
WSGI_APPLICATION = "wsgi.application"
_db = urllib.parse.urlsplit(os.environ["BENCH_DATABASE_URL"])
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _db.path[1:],
        "USER": _db.username or "postgres",
        "PASSWORD": _db.password or "",
        "HOST": _db.hostname,
        "PORT": _db.port or 5432,
        "CONN_MAX_AGE": 600,  # as Prima's server runs (CONN_MAX_AGE=600)
    }}
}}
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
LANGUAGE_CODE = "id"
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/admin/login/"
{extra}
"""

WSGI = """\
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
"""

# Each setup script runs in the project's own environment, makes the survey with the app's
# own models, and prints what the load needs: the form's URL, its fields and choices.
SETUP_HEAD = """\
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", verbosity=0)
owner = get_user_model().objects.create_superuser("owner", "owner@example.org", {password!r})
QUESTIONS = {questions!r}
OPTIONS = {options!r}
"""

PROJECTS: dict[str, dict] = {
    "form_surveys": {
        "title": "django-form-surveys 2.5.0",
        "apps": ["djf_surveys", "tinymce"],
        "processors": ["djf_surveys.context_processors.surveys_context"],
        "urls": 'path("surveys/", include("djf_surveys.urls"))',
        "setup": """\
from djf_surveys.forms import CreateSurveyForm
from djf_surveys.models import TYPE_FIELD, Question, Survey
survey = Survey.objects.create(name="Survei Kepuasan Masyarakat", can_anonymous_user=True,
                               duplicate_entry=True)
for order, label in enumerate(QUESTIONS):
    Question.objects.create(survey=survey, label=label, type_field=TYPE_FIELD.radio,
                            choices=", ".join(OPTIONS), required=True, ordering=order)
form = CreateSurveyForm(survey=survey, user=owner)
print(json.dumps({
    "form": f"/surveys/create/{survey.slug}/",
    "fields": {name: [v for v, _ in form.fields[name].choices] for name in form.field_names},
    "results": f"/surveys/dashboard/summary/survey/{survey.slug}/",
    "survey": survey.pk,
    "questions": list(survey.questions.order_by("ordering").values_list("pk", flat=True)),
}))
""",
        "ok": 302,
        "responses": ("djf_surveys_useranswer", "survey_id"),
        "answers": ("djf_surveys_answer", "user_answer_id"),
    },
    "survey_and_report": {
        "title": "django-survey-and-report 1.5.0",
        "apps": ["survey"],
        "processors": [],
        "urls": 'path("survey/", include("survey.urls"))',
        "extra": textwrap.dedent(
            """\
            CHOICES_SEPARATOR = ","
            USER_DID_NOT_ANSWER = "Left blank"
            CSV_DIRECTORY = os.path.join(os.path.dirname(__file__), "csv")
            TEX_DIRECTORY = os.path.join(os.path.dirname(__file__), "tex")
            DEFAULT_SURVEY_PUBLISHING_DURATION = 7
            EXCEL_COMPATIBLE_CSV = False
            """
        ),
        "setup": """\
import datetime
from survey.forms import ResponseForm
from survey.models import Question, Survey
survey = Survey.objects.create(name="Survei Kepuasan Masyarakat", description="SKM",
                               need_logged_user=False, editable_answers=False,
                               display_method=Survey.ALL_IN_ONE_PAGE,
                               expire_date=datetime.date.today() + datetime.timedelta(days=30))
for order, label in enumerate(QUESTIONS):
    Question.objects.create(survey=survey, text=label, order=order, required=True,
                            type=Question.RADIO, choices=",".join(OPTIONS))
from django.contrib.auth.models import AnonymousUser
form = ResponseForm(survey=survey, user=AnonymousUser())
print(json.dumps({
    "form": f"/survey/{survey.pk}/",
    "fields": {name: [v for v, _ in f.choices] for name, f in form.fields.items()},
    "results": None,
    "survey": survey.pk,
}))
""",
        "ok": 302,
        "responses": ("survey_response", "survey_id"),
        "answers": ("survey_answer", "response_id"),
    },
    "bare": {
        "title": "bare Django view (the ceiling)",
        "apps": ["bench_app"],
        "processors": [],
        "urls": 'path("answer/", views.answer)',
        "setup": """\
from bench_app.views import AnswerForm
form = AnswerForm()
print(json.dumps({
    "form": "/answer/",
    "fields": {name: [v for v, _ in f.choices] for name, f in form.fields.items()},
    "results": None,
    "survey": None,
}))
""",
        "ok": 303,
        "responses": ("bench_app_answer", None),
        "answers": None,
    },
}

BARE_MODELS = """\
from django.db import models

KEYS = {keys!r}


class Answer(models.Model):
    submitted_at = models.DateTimeField(auto_now_add=True)
    locals().update({{key: models.PositiveSmallIntegerField() for key in KEYS}})
"""

BARE_VIEWS = """\
from django import forms
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.utils.html import format_html

from bench_app.models import KEYS, Answer

CHOICES = [(str(n), str(n)) for n in range(1, 5)]


class AnswerForm(forms.Form):
    locals().update({key: forms.TypedChoiceField(choices=CHOICES, coerce=int) for key in KEYS})


def answer(request):
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Answer.objects.create(**form.cleaned_data)
        response = HttpResponseRedirect("/answer/")
        response.status_code = 303
        return response
    return HttpResponse(
        format_html('<form method="post"><input type="hidden" name="csrfmiddlewaretoken" '
                    'value="{}">{}<button>Kirim</button></form>', get_token(request),
                    form.as_p())
    )
"""


@dataclass
class System:
    """One system under load: where it runs and what its form looks like."""

    name: str
    title: str
    database: str
    python: Path
    cwd: Path
    wsgi: str
    env: dict
    ok: int  # the status that acknowledges a stored answer
    form: str = ""
    fields: dict = field(default_factory=dict)
    results: str | None = None
    login: str = "/admin/login/"
    info: dict = field(default_factory=dict)


def _run(command: list, **kwargs) -> str:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _venv(name: str) -> Path:
    """The peer's own environment, made once and kept (pip from PyPI, pinned)."""
    folder = CACHE / name / "venv"
    wanted = sorted(COMMON + PACKAGES[name])
    stamp = folder / "bench-requirements.txt"
    if not (stamp.exists() and stamp.read_text().split() == wanted):
        shutil.rmtree(folder, ignore_errors=True)
        print(f"  installing {', '.join(PACKAGES[name])} into {folder.relative_to(ROOT)} …")
        _run([sys.executable, "-m", "venv", str(folder)])
        _run([str(folder / "bin" / "pip"), "install", "-q", *wanted])
        stamp.write_text("\n".join(wanted) + "\n")
    return folder / "bin" / "python"


def _project(name: str) -> System:
    spec = PROJECTS[name]
    python = _venv(name) if name in PACKAGES else ROOT / ".venv" / "bin" / "python"
    folder = CACHE / name / "project"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "settings.py").write_text(
        SETTINGS.format(
            apps=spec["apps"], processors=spec["processors"], extra=spec.get("extra", "")
        )
    )
    views = "from bench_app import views\n" if name == "bare" else ""
    (folder / "urls.py").write_text(
        f"from django.contrib import admin\nfrom django.urls import include, path\n{views}\n"
        f'urlpatterns = [path("admin/", admin.site.urls), {spec["urls"]}]\n'
    )
    (folder / "wsgi.py").write_text(WSGI)
    if name == "bare":
        app = folder / "bench_app"
        (app / "migrations").mkdir(parents=True)
        (app / "__init__.py").write_text("")
        (app / "migrations" / "__init__.py").write_text("")
        (app / "models.py").write_text(BARE_MODELS.format(keys=KEYS))
        (app / "views.py").write_text(BARE_VIEWS)
    database = DB_PREFIX + name
    pg.fresh_database(database)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "settings",
        "BENCH_DATABASE_URL": pg.database_url(database),
        "PYTHONPATH": str(folder),
        # survey-and-report warns in every process that its PDF charts lack pandas.
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    if name == "bare":
        _run(
            [str(python), "-m", "django", "makemigrations", "bench_app", "-v0"], cwd=folder, env=env
        )
    head = SETUP_HEAD.format(
        password=PASSWORD,
        questions=[f"U{n} {key}" for n, key in enumerate(KEYS, 1)],
        options=OPTIONS,
    )
    (folder / "bench_setup.py").write_text(head + spec["setup"])
    info = json.loads(_run([str(python), "bench_setup.py"], cwd=folder, env=env).splitlines()[-1])
    return System(
        name=name,
        title=spec["title"],
        database=database,
        python=python,
        cwd=folder,
        wsgi="wsgi",
        env=env,
        ok=spec["ok"],
        form=info["form"],
        fields=info["fields"],
        results=info["results"],
        info=info,
    )


# --- Prima ------------------------------------------------------------------------------------
def _prima() -> System:
    """One unit with one whole-year period, its operator, in Prima's own database."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.utils import timezone

    from prima.accounts.models import Membership, Role, User
    from prima.registry.models import Agency, Region, ServiceUnit
    from prima.surveys.models import SurveyPeriod

    call_command("migrate", verbosity=0)
    call_command("compile_translations", verbosity=0)
    cache.clear()
    region = Region.objects.filter(level=2).order_by("code").first()
    agency = Agency.objects.create(
        code="bench", name=f"Pemerintah {region.name}", kind="pemerintah_kabupaten", region=region
    )
    unit = ServiceUnit.objects.create(
        code="BENCH-SKM", agency=agency, name="Unit Survei", kind="disdukcapil", region=region
    )
    today = timezone.localdate()
    period = SurveyPeriod.objects.create(
        unit=unit,
        name=f"Tahun {today.year}",
        kind="year",
        starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(month=12, day=31),
        population=100_000,
    )
    owner = User.objects.create_user(username="owner", password=PASSWORD, full_name="Pemilik")
    Membership.objects.create(user=owner, role=Role.UNIT_OPERATOR, unit=unit)
    choices = [str(n) for n in range(1, 5)]
    return System(
        name="prima",
        title="Prima",
        database=DB_PREFIX + "prima",
        python=ROOT / ".venv" / "bin" / "python",
        cwd=ROOT,
        wsgi="prima.wsgi",
        env=skm.server_env(pg.database_url(DB_PREFIX + "prima"), cache_url=REDIS_URL),
        ok=303,
        form=f"/s/{unit.code}/",
        fields={key: choices for key in KEYS},
        results=f"/manage/surveys/{period.pk}/",
        login="/accounts/login/",
        info={"unit": unit.pk, "period": period.pk},
    )


def _prima_forms(system: System, count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """Forms as Prima's server issues them (signed single-use tokens, minted beforehand with
    the same code as `GET /s/<unit>/`, as benchmarks/skm.py does) with the device cookie that
    page sets: one device per citizen."""
    from django.core import signing

    from prima.surveys import tokens
    from prima.surveys.public_views import DEVICE_COOKIE, DEVICE_SALT

    devices = signing.get_cookie_signer(salt=DEVICE_COOKIE + DEVICE_SALT)
    unit, period = system.info["unit"], system.info["period"]
    work = []
    for _ in range(count):
        token = tokens.issue(unit=unit, period=period, service=None)
        cookie = f"{DEVICE_COOKIE}={devices.sign(f'peers{rng.getrandbits(64):016x}')}"
        body = {"token": token} | _answers(system, rng)
        work.append((system.form, cookie, urllib.parse.urlencode(body)))
    return work


# --- the forms of the others ------------------------------------------------------------------
def _answers(system: System, rng: random.Random) -> dict[str, str]:
    """One citizen's nine answers, a little better than the middle on average."""
    return {
        name: values[min(len(values) - 1, max(0, round(rng.gauss(2.1, 0.8))))]
        for name, values in system.fields.items()
        if values
    }


def _cookies(response) -> dict[str, str]:
    found = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
    return found


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _csrf(port: int, path: str, cookies: dict[str, str] | None = None) -> tuple[str, dict]:
    """GET a page as a browser does: its CSRF form field and the cookies it sets."""
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    match = CSRF_INPUT.search(body)
    if response.status != 200 or match is None:
        raise RuntimeError(f"GET {path}: {response.status}, no CSRF token in the page")
    return match[1], {**(cookies or {}), **_cookies(response)}


def _peer_forms(system: System, port: int, count: int, rng: random.Random) -> list:
    """Submissions through the peer's own form: each with a CSRF token and cookie from a
    real GET of its form page (100 citizens' pages, fetched before the timed part)."""
    pages = [_csrf(port, system.form) for _ in range(100)]
    work = []
    for n in range(count):
        token, cookies = pages[n % len(pages)]
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = {"csrfmiddlewaretoken": token} | _answers(system, rng)
        work.append((system.form, cookie, urllib.parse.urlencode(body)))
    return work


# --- a server ---------------------------------------------------------------------------------
class Server:
    """The system under gunicorn on loopback, as benchmarks/skm.py runs Prima."""

    def __init__(self, system: System, *, workers: int) -> None:
        self.port = load.free_port()
        gunicorn = system.python.parent / "gunicorn"
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                system.wsgi,
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            env=system.env,
            cwd=system.cwd,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(150):
            try:
                conn = HTTPConnection("127.0.0.1", self.port, timeout=1)
                conn.request("GET", system.form)
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{system.title} did not start on port {self.port}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


# --- what was stored --------------------------------------------------------------------------
def _sql(system: System, query: str, *args) -> tuple:
    import psycopg

    with psycopg.connect(pg.database_url(system.database), autocommit=True) as conn:
        return conn.execute(query, args).fetchone()


def _stored(system: System) -> dict:
    """Responses in the database, and those without exactly nine answers."""
    if system.name == "prima":
        nulls = " OR ".join(f"{key} IS NULL" for key in KEYS)
        stored, incomplete = _sql(
            system,
            f"SELECT count(*), count(*) FILTER (WHERE {nulls}) FROM surveys_surveyresponse",
        )
        counted = _sql(system, "SELECT coalesce(sum(respondents), 0) FROM surveys_periodresult")[0]
        return {"stored": stored, "incomplete": incomplete, "counted_in_aggregates": counted}
    spec = PROJECTS[system.name]
    table, _ = spec["responses"]
    stored = _sql(system, f"SELECT count(*) FROM {table}")[0]
    incomplete = 0
    if spec["answers"]:
        answers, key = spec["answers"]
        incomplete = _sql(
            system,
            f"SELECT count(*) FROM {table} r WHERE (SELECT count(*) FROM {answers} a "
            f"WHERE a.{key} = r.id) <> {len(KEYS)}",
        )[0]
    return {"stored": stored, "incomplete": incomplete}


def _settled(system: System) -> dict:
    """What is stored once the answers still in flight when a load stopped have landed."""
    last = _stored(system)
    while True:
        time.sleep(1)
        now = _stored(system)
        if now == last:
            return now
        last = now


def _submissions(system: System, *, seconds: float, workers: int, clients: int) -> dict:
    rng = random.Random(26)
    count = int(1500 * seconds) + 100  # more than any of them can take in that time
    before = _stored(system)
    server = Server(system, workers=workers)
    try:
        if system.name == "prima":
            work = _prima_forms(system, count, rng)
        else:
            work = _peer_forms(system, server.port, count, rng)
        # Every worker started and warm (as skm.py warms up on /healthz): a few answers each.
        warm = load.run(server.port, work[-60:], seconds=2, clients=clients, ok=system.ok)
        after_warm = _settled(system)
        measured = load.run(
            server.port, work[: count - 60], seconds=seconds, clients=clients, ok=system.ok
        )
    finally:
        server.stop()
    after = _stored(system)
    stored = after["stored"] - after_warm["stored"]
    acknowledged = measured["ok"]
    result = {
        "load": measured,
        "warm_up_answers": warm["ok"],
        "acknowledged": acknowledged,
        "stored": stored,
        "incomplete": after["incomplete"] - before["incomplete"],
        # Acknowledged but not in the database: lost. Stored beyond the acknowledged: the
        # answers in flight when the load stopped (at most one per connection), or doubles.
        "lost": max(0, acknowledged - stored),
        "extra": max(0, stored - acknowledged),
    }
    if "counted_in_aggregates" in after:
        result["counted_in_aggregates"] = (
            after["counted_in_aggregates"] - after_warm["counted_in_aggregates"]
        )
    result["check"] = (
        "ok"
        if result["lost"] == 0
        and result["extra"] <= clients
        and result["incomplete"] == 0
        and result.get("counted_in_aggregates", stored) == stored
        else "FAILED"
    )
    return result


# --- the results page -------------------------------------------------------------------------
def _fill(system: System, responses: int) -> float:
    """Write `responses` more responses straight into the system's database."""
    started = time.perf_counter()
    if system.name == "prima":
        from django.utils import timezone

        from prima.surveys import aggregates
        from prima.surveys.models import SurveyPeriod

        unit, period = system.info["unit"], system.info["period"]
        pg.copy_responses(
            responses,
            periods={unit: period},
            pick_unit=lambda _n, _rng: unit,
            rng=random.Random(2026),
            today=timezone.localdate(),
        )
        aggregates.rebuild(SurveyPeriod.objects.filter(pk=period))
    elif system.name == "form_surveys":
        import psycopg

        values = (
            "ARRAY[" + ", ".join(f"'{v}'" for v in system.fields[next(iter(system.fields))]) + "]"
        )
        with psycopg.connect(pg.database_url(system.database), autocommit=True) as conn:
            conn.execute(
                "CREATE TEMP TABLE fresh AS WITH made AS (INSERT INTO djf_surveys_useranswer "
                "(created_at, updated_at, survey_id) SELECT now(), now(), %s "
                "FROM generate_series(1, %s) RETURNING id) SELECT id FROM made",
                (system.info["survey"], responses),
            )
            conn.execute(
                "INSERT INTO djf_surveys_answer (created_at, updated_at, question_id, value, "
                f"user_answer_id) SELECT now(), now(), q, ({values})[1 + floor(random() * 4)::int],"
                " fresh.id FROM fresh, unnest(%s::bigint[]) AS q",
                (system.info["questions"],),
            )
            conn.execute("ANALYZE")
    return time.perf_counter() - started


def _login(system: System, port: int) -> dict[str, str]:
    token, cookies = _csrf(port, system.login)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "owner", "password": PASSWORD}
    )
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        system.login,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    cookies |= _cookies(response)
    if response.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"{system.title}: sign-in answered {response.status}")
    return cookies


def _results(system: System, *, responses: int, runs: int, workers: int) -> dict | None:
    if system.results is None:
        return None
    fill_seconds = _fill(system, responses)
    server = Server(system, workers=workers)
    try:
        cookies = _login(system, server.port)
        header = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        timings, status, size = [], 0, 0
        for _ in range(runs + 1):  # the first warms the worker up
            conn = HTTPConnection("127.0.0.1", server.port, timeout=600)
            started = time.perf_counter()
            conn.request("GET", system.results, headers=header)
            response = conn.getresponse()
            body = response.read()
            timings.append((time.perf_counter() - started) * 1000)
            conn.close()
            status, size = response.status, len(body)
    finally:
        server.stop()
    total = _stored(system)["stored"]
    return {
        "path": system.results,
        "responses": total,
        "fill_seconds": round(fill_seconds, 1),
        "status": status,
        "bytes": size,
        "first_ms": round(timings[0], 1),
        "median_ms": round(statistics.median(timings[1:]), 1),
        "runs": runs,
    }


# --- the report -------------------------------------------------------------------------------
def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "—"


def _markdown(results: dict) -> str:
    machine = results["machine"]
    rows = results["systems"]
    bare = next((r for r in rows if r["name"] == "bare"), None)
    prima = next(r for r in rows if r["name"] == "prima")
    ceiling = bare["submissions"]["load"]["per_second"] if bare else 0
    mine = prima["submissions"]["load"]["per_second"]
    lines = [
        f"# Prima and its peers ({results['when'][:10]})",
        "",
        "`python -m benchmarks.peers " + " ".join(results["arguments"]) + "` — see "
        "benchmarks/README.md for what is measured and how.",
    ]
    if results["quick"]:
        lines += [
            "",
            "**Smoke run (`--quick`)**: a few seconds of load and few responses, on a shared "
            "machine, to prove the harness; not a measurement.",
        ]
    lines += [
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine.get('memory_gib')} GiB, "
        f"Python {machine['python']}, {machine['os']}; PostgreSQL {machine['postgresql']} on the "
        f"same machine; load average before the run {results['load_average']}. Servers: "
        f"gunicorn, {results['workers']} sync workers on loopback; load: "
        f"{results['load_generator']} on the same cores, {results['seconds']} s per system.",
        "",
        "| system | submissions/s | errors | acknowledged | stored | lost | extra (in flight) "
        "| check | ÷ bare write | Prima ÷ this | results page median ms (first) | responses "
        "| load average at its start |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        s = row["submissions"]
        rate = s["load"]["per_second"]
        page = row.get("results")
        shown = f"{page['median_ms']} ({page['first_ms']})" if page else "—"
        lines.append(
            f"| {row['title']} | {rate} | {s['load']['errors']} | {s['acknowledged']} | "
            f"{s['stored']} | {s['lost']} | {s['extra']} | {s['check']} | "
            f"{_ratio(rate, ceiling)} | {_ratio(mine, rate) if row is not prima else '—'} | "
            f"{shown} | {page['responses'] if page else '—'} | {row['load_average']} |"
        )
    pages = [r for r in rows if r.get("results") and r is not prima]
    for row in pages:
        lines.append("")
        lines.append(
            f"Results page, {row['title']} ÷ Prima: "
            f"{_ratio(row['results']['median_ms'], prima['results']['median_ms'])} "
            f"(median {row['results']['median_ms']} against {prima['results']['median_ms']} ms, "
            f"{row['results']['responses']:,} against {prima['results']['responses']:,} responses)."
        )
    lines += ["", "Pages timed:"]
    lines += [
        f"- {r['title']}: `{r['results']['path']}` ({r['results']['bytes']:,} bytes, "
        f"status {r['results']['status']})"
        for r in rows
        if r.get("results")
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=100_000, help="for the results pages")
    parser.add_argument("--seconds", type=float, default=20, help="load per system")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=6, help="load-generator connections")
    parser.add_argument("--runs", type=int, default=10, help="GETs of each results page")
    parser.add_argument("--quick", action="store_true", help="3 s of load, 1,000 responses")
    parser.add_argument("--only", nargs="+", choices=["prima", *PROJECTS], help="some systems")
    parser.add_argument("--save", action="store_true", help="write results/peers-<date>.md")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.responses, args.runs = 3, min(args.responses, 1_000), 3
    reason = pg.postgres_available()
    if reason:
        print(f"Peers benchmark skipped: PostgreSQL is not reachable at {pg.ADMIN_URL} ({reason}).")
        return 0
    os.environ["CACHE_URL"] = REDIS_URL
    pg.fresh_database(DB_PREFIX + "prima")
    pg.django(pg.database_url(DB_PREFIX + "prima"))
    names = args.only or ["prima", *PROJECTS]
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "arguments": sys.argv[1:],
        "quick": args.quick,
        "machine": pg.machine(),
        "load_average": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "workers": args.workers,
        "seconds": args.seconds,
        "load_generator": load.generator(args.clients),
        "systems": [],
    }
    print(f"Peers benchmark — {args.seconds} s of submissions each, {args.responses:,} responses")
    for name in names:
        started = time.perf_counter()
        system = _prima() if name == "prima" else _project(name)
        from django.db import connections

        connections.close_all()
        row = {"name": name, "title": system.title}
        row["setup_seconds"] = round(time.perf_counter() - started, 1)
        row["load_average"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        row["submissions"] = _submissions(
            system, seconds=args.seconds, workers=args.workers, clients=args.clients
        )
        row["results"] = _results(
            system, responses=args.responses, runs=args.runs, workers=args.workers
        )
        results["systems"].append(row)
        s, page = row["submissions"], row["results"]
        print(
            f"  {system.title:<34} {s['load']['per_second']:>7}/s, {s['load']['errors']} errors; "
            f"acknowledged {s['acknowledged']}, stored {s['stored']}, lost {s['lost']}, "
            f"extra {s['extra']}, incomplete {s['incomplete']}: {s['check']}"
            + (f"; results page {page['median_ms']} ms ({page['status']})" if page else "")
            + f" (set up in {row['setup_seconds']:.0f} s, "
            f"all {time.perf_counter() - started:.0f} s)"
        )
    if "prima" in names:
        report = _markdown(results)
        print(report)
        if args.save:
            # A smoke run is named apart, so that it never passes for (or replaces) a run.
            suffix = "-quick" if args.quick else ""
            out = ROOT / "benchmarks" / "results" / f"peers-{results['when'][:10]}{suffix}.md"
            out.write_text(report)
            out.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str) + "\n")
            print("saved", out.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
