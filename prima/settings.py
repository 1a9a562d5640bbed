"""Prima's one settings file. Every deployment choice is an environment variable.

Development needs none of them: SQLite under var/, a development secret key, DEBUG on.
Production (PRIMA_ENV=production) refuses to start without SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and the data-protection officer (PRIMA_DPO_NAME, PRIMA_DPO_EMAIL), and turns on
every protection `prima check --deploy` looks for
(docs/security.md §1.4). See docs/deploy.md for the full list.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from prima.lib.privacy import RETENTION as _retention_kinds

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRIMA_ENV = env.str("PRIMA_ENV", default="development")
if PRIMA_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("PRIMA_ENV must be 'development' or 'production'.")
PRODUCTION = PRIMA_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    # Fail fast: a production server must never run on a default secret or host list.
    SECRET_KEY = env.str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    if not env.str("DATABASE_URL", default=""):
        raise ImproperlyConfigured("DATABASE_URL is required in production.")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="django-insecure-development-only-never-use-this-key-in-production"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

VAR_DIR = Path(env.str("PRIMA_VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "prima.lib",
    "prima.accounts",
    "prima.registry",
    "prima.jobs",
    "prima.documents",
    "prima.surveys",
    "prima.standards",
    "prima.complaints",
    "prima.innovation",
    "prima.recognition",
    "prima.mpp",
    # --- messaging ---
    "prima.messaging",
    # --- end messaging ---
    "prima.evaluation",
    "prima.coaching",
    "prima.insights",
    "prima.opendata",
    "prima.privacy",
    "prima.demo",
]

MIDDLEWARE = [
    # First: load balancers probe /healthz and /readyz over plain HTTP by the backend's own
    # address; neither the HTTPS redirect nor the host check may turn them away.
    "prima.lib.health.HealthProbeMiddleware",
    # Outside everything that writes a body, and outside WhiteNoise, whose files it compresses
    # in the demo: gzip for visitors not signed in and for static files (ADR 0013).
    "prima.lib.middleware.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "prima.lib.middleware.RequestContextMiddleware",
    # Before the session middleware: a cookie is checked before its session is looked up.
    "prima.lib.middleware.InputBoundaryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "prima.lib.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "prima.accounts.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "prima.lib.middleware.SecurityHeadersMiddleware",
    # A view that meets a connection error runs again once if that is safe, else 503.
    "prima.lib.outage.DatabaseOutageMiddleware",
    # django-axes must be last: it turns lockouts raised by authentication into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prima.urls"
WSGI_APPLICATION = "prima.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "prima.context_processors.prima",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite under var/ by default; PostgreSQL with DATABASE_URL=postgres://user@host:5432/name.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{(VAR_DIR / 'prima.sqlite3').as_posix()}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers go on while one writer writes; IMMEDIATE avoids the
            # "database is locked" upgrade deadlock under concurrent writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A read replica (docs/deploy.md "A read replica", ADR 0022): a PostgreSQL streaming standby
# of DATABASE_URL. Only dashboards, exports and open data read from it (prima/lib/dbrouter.py);
# a browser that has just written reads the primary for PRIMA_REPLICA_PIN_SECONDS, and a
# replica further behind than PRIMA_REPLICA_MAX_LAG_SECONDS is not read at all.
PRIMA_REPLICA_PIN_SECONDS = env.int("PRIMA_REPLICA_PIN_SECONDS", default=10)
PRIMA_REPLICA_MAX_LAG_SECONDS = env.float("PRIMA_REPLICA_MAX_LAG_SECONDS", default=5.0)
if env.str("DATABASE_REPLICA_URL", default=""):
    replica = env.db_url("DATABASE_REPLICA_URL")
    if replica["ENGINE"] != "django.db.backends.postgresql" or (
        DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
    ):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must name a PostgreSQL streaming standby of a PostgreSQL "
            "DATABASE_URL (postgres://…); SQLite has no replicas."
        )
    if PRIMA_REPLICA_MAX_LAG_SECONDS > PRIMA_REPLICA_PIN_SECONDS:
        # Else a writer's pin could end before the replica shows what they wrote.
        raise ImproperlyConfigured(
            "PRIMA_REPLICA_MAX_LAG_SECONDS must not exceed PRIMA_REPLICA_PIN_SECONDS."
        )
    DATABASES["replica"] = {
        **replica,
        # Django's PostgreSQL backend, but its test database is the primary's, replayed.
        "ENGINE": "prima.lib.replica",
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 3, **replica.get("OPTIONS", {})},
        "TEST": {"DEPENDENCIES": ["default"]},
    }
    DATABASE_ROUTERS = ["prima.lib.dbrouter.ReplicaRouter"]
    # Outside prima.lib.outage: a write answered 503 pins nothing.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("prima.lib.outage.DatabaseOutageMiddleware"),
        "prima.lib.dbrouter.ReplicaPinMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://prima")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "prima.lib.cache.RedisCache"  # the reasons are in its file

# --- Accounts, sessions, log-in -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "manage:home"
LOGOUT_REDIRECT_URL = "home"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username/IP before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# ASVS 5.0 6.2.1/6.2.5: length over composition. 12 characters also satisfies the BSSN
# 4/2021 guidance most agencies are audited against (docs/security.md §1.5).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PRIMA_PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ASVS 4.0.3 3.3.2 (L2): 12 hours absolute, 30 minutes idle.
SESSION_COOKIE_AGE = 12 * 60 * 60
PRIMA_SESSION_IDLE_SECONDS = env.int("PRIMA_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 60 * 60

# django-axes: five failures for one username from one address lock that pair for 15
# minutes. Keying on the pair (not the username alone) means a stranger cannot lock a real
# officer out (ASVS 5.0 6.1.1, 6.3.1); the cool-off means no permanent lock.
AXES_FAILURE_LIMIT = env.int("PRIMA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PRIMA_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "prima.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "prima.lib.http.client_ip"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env.str("PRIMA_OTP_ISSUER", default="Prima")
OTP_TOTP_THROTTLE_FACTOR = 1

# Number of reverse proxies in front of Prima whose X-Forwarded-For we trust (ASVS 15.3.4).
PRIMA_TRUSTED_PROXY_COUNT = env.int("PRIMA_TRUSTED_PROXY_COUNT", default=0)

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "prima_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

# --- Backups (docs/deploy.md, "Backups"; prima/lib/backups.py) ---
# Where `prima backup` writes (a folder per backup, and the copied uploads under objects/), and
# how many backups it keeps there; copies off the machine keep the longer history.
PRIMA_BACKUP_DIR = Path(env.str("PRIMA_BACKUP_DIR", default=str(VAR_DIR / "backups")))
PRIMA_BACKUP_KEEP = env.int("PRIMA_BACKUP_KEEP", default=7)

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# --- Object storage (docs/deploy.md, "Object storage"; ADR 0021) ---
# Uploads (and the open-data builds) go to an S3-compatible bucket when PRIMA_STORAGE_URL
# names one, so that every app server sees them; the disk under PRIMA_VAR_DIR otherwise. The
# URL holds a secret: it is read here and kept only inside STORAGES, whose secret_key the
# error reports hide.
_storage_url = env.str("PRIMA_STORAGE_URL", default="")
if _storage_url:
    from prima.lib.storage import object_storages

    STORAGES.update(object_storages(_storage_url))
del _storage_url
# --- end object storage ---
# Outside production WhiteNoise serves straight from the app folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
FORMS_URLFIELD_ASSUME_HTTPS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Community Satisfaction Survey (SKM) ----------------------------------------------------
# Layered so that no single layer blocks a real citizen (docs/security.md §1.7): past
# the per-address limit the form is shown again with the answers kept; the other checks only
# flag a response, which is stored and can be restored by an administrator.
# The public address printed in QR codes and posters, e.g. https://prima.example.go.id
# (default: the address the request came in on).
PRIMA_PUBLIC_URL = env.str("PRIMA_PUBLIC_URL", default="")
# --- Personal data (UU 27/2022; docs/guide/privacy.md) --------------------------------------
# The data-protection officer (UU PDP art. 53: required when processing serves a public
# service), named in every privacy notice.
PRIMA_DPO_NAME = env.str("PRIMA_DPO_NAME", default="")
PRIMA_DPO_EMAIL = env.str("PRIMA_DPO_EMAIL", default="")
PRIMA_DPO_PHONE = env.str("PRIMA_DPO_PHONE", default="")
if PRODUCTION:
    # Fail fast, like SECRET_KEY: every privacy notice names the officer, and a public body
    # processing for a public service must have one (UU PDP art. 53).
    if not PRIMA_DPO_NAME.strip():
        raise ImproperlyConfigured(
            "PRIMA_DPO_NAME is required in production: the data-protection officer named in "
            "every privacy notice (UU 27/2022 art. 53)."
        )
    try:
        validate_email(PRIMA_DPO_EMAIL)
    except ValidationError:
        raise ImproperlyConfigured(
            "PRIMA_DPO_EMAIL must be a valid e-mail address in production: the data-protection "
            "officer's contact shown in every privacy notice (UU 27/2022 art. 53)."
        ) from None
# How long each kind of personal record is kept, in days, from the event that starts its clock
# (prima.lib.privacy.RETENTION: the kinds, their defaults and the reasons for them). Each is
# PRIMA_RETENTION_<KIND>_DAYS, e.g. PRIMA_RETENTION_COMPLAINANT_IDENTITY_DAYS=730.
PRIMA_RETENTION_DAYS: dict[str, int] = {
    kind.key: env.int(f"PRIMA_RETENTION_{kind.key.upper()}_DAYS", default=kind.default_days)
    for kind in _retention_kinds
}
if any(days < 1 for days in PRIMA_RETENTION_DAYS.values()):
    raise ImproperlyConfigured("Every PRIMA_RETENTION_<KIND>_DAYS must be at least 1.")
# --- Open data (docs/guide/open-data.md) -----------------------------------------------------
# Where `prima opendata build` writes its packages and the site reads the current build (on a
# volume every web worker sees).
PRIMA_OPENDATA_DIR = Path(env.str("PRIMA_OPENDATA_DIR", default=str(VAR_DIR / "opendata")))
# The publisher named in every package and in the DCAT catalogue, and its contact address.
PRIMA_OPENDATA_PUBLISHER = env.str(
    "PRIMA_OPENDATA_PUBLISHER",
    default="Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
)
PRIMA_OPENDATA_CONTACT = env.str("PRIMA_OPENDATA_CONTACT", default="prima@localhost")
# The licence of every file: an SPDX identifier, its address, its title.
PRIMA_OPENDATA_LICENSE = (
    env.str("PRIMA_OPENDATA_LICENSE_ID", default="CC-BY-4.0"),
    env.str("PRIMA_OPENDATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/"),
    env.str(
        "PRIMA_OPENDATA_LICENSE_TITLE", default="Creative Commons Attribution 4.0 International"
    ),
)
PRIMA_SURVEY_RATE_PER_MINUTE = env.int("PRIMA_SURVEY_RATE_PER_MINUTE", default=10)
# Complaints from one address per hour, and the least time a person takes to write one.
PRIMA_COMPLAINT_RATE_PER_HOUR = env.int("PRIMA_COMPLAINT_RATE_PER_HOUR", default=10)
# PEKPPP F-03 ratings accepted per hour from one address (a counter tablet needs room).
PRIMA_RATING_RATE_PER_HOUR = env.int("PRIMA_RATING_RATE_PER_HOUR", default=30)
# The registry code of the agency that runs PEKPPP Nasional and issues its documents.
PRIMA_PEKPPP_ORGANISER = env.str("PRIMA_PEKPPP_ORGANISER", default="kemenpanrb")
# Coaching events: check-ins, evaluations and certificate downloads per minute from one address
# (a whole office behind one address checks in at the start of a bimtek).
PRIMA_CHECKIN_RATE_PER_MINUTE = env.int("PRIMA_CHECKIN_RATE_PER_MINUTE", default=60)
PRIMA_COMPLAINT_MIN_SECONDS = env.int("PRIMA_COMPLAINT_MIN_SECONDS", default=5)
PRIMA_SURVEY_MIN_SECONDS = env.int("PRIMA_SURVEY_MIN_SECONDS", default=10)
PRIMA_SURVEY_DEVICE_DAILY_LIMIT = env.int("PRIMA_SURVEY_DEVICE_DAILY_LIMIT", default=1)
# SKM by message (issue 25): how many days a single-use survey link sent by SMS/WhatsApp works.
PRIMA_SURVEY_INVITATION_DAYS = env.int("PRIMA_SURVEY_INVITATION_DAYS", default=7)
PRIMA_KIOSK_MIN_INTERVAL_SECONDS = env.int("PRIMA_KIOSK_MIN_INTERVAL_SECONDS", default=20)
PRIMA_KIOSK_IDLE_SECONDS = env.int("PRIMA_KIOSK_IDLE_SECONDS", default=90)
# --- Offline kiosk outbox (ADR 0018) ---
# How far a kiosk's clock may be from the server's before its capture times are not believed,
# and how old a queued answer may be before its capture time is not believed either.
PRIMA_KIOSK_CLOCK_SKEW_SECONDS = env.int("PRIMA_KIOSK_CLOCK_SKEW_SECONDS", default=300)
PRIMA_KIOSK_OUTBOX_MAX_AGE_DAYS = env.int("PRIMA_KIOSK_OUTBOX_MAX_AGE_DAYS", default=31)
# Batches one kiosk may send a minute (each holds at most 50 answers).
PRIMA_KIOSK_OUTBOX_RATE_PER_MINUTE = env.int("PRIMA_KIOSK_OUTBOX_RATE_PER_MINUTE", default=30)
# --- end offline kiosk outbox ---
# How long the shared cache keeps a unit's citizen form (unit, services, questions, open
# periods); any change to them through Prima clears it at once (prima.surveys.queries).
PRIMA_CITIZEN_FORM_CACHE_SECONDS = env.int("PRIMA_CITIZEN_FORM_CACHE_SECONDS", default=600)
# How old the totals above a national or provincial IKM recap may be (the ranking is live).
PRIMA_RECAP_CACHE_SECONDS = env.int("PRIMA_RECAP_CACHE_SECONDS", default=60)

# --- messaging: SMS and WhatsApp (docs/deploy.md, "Connecting SMS and WhatsApp") ---------
# Which provider serves each channel: "console" (the demo: nothing leaves Prima, the messages
# are seen on the simulated phone page), "sms_gateway" for SMS, "whatsapp_cloud" for WhatsApp.
PRIMA_SMS_ADAPTER = env.str("PRIMA_SMS_ADAPTER", default="console")
PRIMA_SMS_GATEWAY_URL = env.str("PRIMA_SMS_GATEWAY_URL", default="")
PRIMA_SMS_GATEWAY_TOKEN = env.str("PRIMA_SMS_GATEWAY_TOKEN", default="")
PRIMA_SMS_GATEWAY_SECRET = env.str("PRIMA_SMS_GATEWAY_SECRET", default="")
PRIMA_WHATSAPP_ADAPTER = env.str("PRIMA_WHATSAPP_ADAPTER", default="console")
PRIMA_WHATSAPP_API_URL = env.str(
    "PRIMA_WHATSAPP_API_URL", default="https://graph.facebook.com/v21.0"
)
PRIMA_WHATSAPP_PHONE_NUMBER_ID = env.str("PRIMA_WHATSAPP_PHONE_NUMBER_ID", default="")
PRIMA_WHATSAPP_ACCESS_TOKEN = env.str("PRIMA_WHATSAPP_ACCESS_TOKEN", default="")
PRIMA_WHATSAPP_APP_SECRET = env.str("PRIMA_WHATSAPP_APP_SECRET", default="")
PRIMA_WHATSAPP_VERIFY_TOKEN = env.str("PRIMA_WHATSAPP_VERIFY_TOKEN", default="")
# Outside WhatsApp's 24-hour window only templates approved by Meta may be sent.
PRIMA_WHATSAPP_TEMPLATE_STATUS = env.str(
    "PRIMA_WHATSAPP_TEMPLATE_STATUS", default="prima_status_pengaduan"
)
# The SKM invitation an officer sends outside WhatsApp's window (prima.messaging.skm_flow):
# params unit name and single-use link (by reply: unit name only); and how many invitations
# one number gets a day.
PRIMA_WHATSAPP_TEMPLATE_SURVEY = env.str(
    "PRIMA_WHATSAPP_TEMPLATE_SURVEY", default="prima_survei_layanan"
)
PRIMA_WHATSAPP_TEMPLATE_SURVEY_REPLY = env.str(
    "PRIMA_WHATSAPP_TEMPLATE_SURVEY_REPLY", default="prima_survei_balas"
)
PRIMA_MESSAGING_SURVEY_INVITES_PER_DAY = env.int(
    "PRIMA_MESSAGING_SURVEY_INVITES_PER_DAY", default=2
)
PRIMA_WHATSAPP_TEMPLATE_LANGUAGE = env.str("PRIMA_WHATSAPP_TEMPLATE_LANGUAGE", default="id")
PRIMA_MESSAGING_TIMEOUT_SECONDS = env.float("PRIMA_MESSAGING_TIMEOUT_SECONDS", default=10.0)
PRIMA_MESSAGING_RATE_PER_MINUTE = env.int("PRIMA_MESSAGING_RATE_PER_MINUTE", default=15)
PRIMA_MESSAGING_RATE_PER_DAY = env.int("PRIMA_MESSAGING_RATE_PER_DAY", default=60)
PRIMA_MESSAGING_COMPLAINTS_PER_DAY = env.int("PRIMA_MESSAGING_COMPLAINTS_PER_DAY", default=3)
PRIMA_MESSAGING_CONVERSATION_MINUTES = env.int("PRIMA_MESSAGING_CONVERSATION_MINUTES", default=30)
PRIMA_MESSAGING_PRANKS_TO_BLOCK = env.int("PRIMA_MESSAGING_PRANKS_TO_BLOCK", default=3)
PRIMA_MESSAGING_BLOCK_DAYS = env.int("PRIMA_MESSAGING_BLOCK_DAYS", default=7)
PRIMA_MESSAGING_DEMO_NUMBER = env.str("PRIMA_MESSAGING_DEMO_NUMBER", default="+6281200001708")
if PRODUCTION and PRIMA_SMS_ADAPTER == "sms_gateway" and not PRIMA_SMS_GATEWAY_SECRET:
    raise ImproperlyConfigured("PRIMA_SMS_GATEWAY_SECRET is required with the SMS gateway.")
if (
    PRODUCTION
    and PRIMA_WHATSAPP_ADAPTER == "whatsapp_cloud"
    and not (
        PRIMA_WHATSAPP_APP_SECRET and PRIMA_WHATSAPP_VERIFY_TOKEN and PRIMA_WHATSAPP_ACCESS_TOKEN
    )
):
    raise ImproperlyConfigured(
        "PRIMA_WHATSAPP_APP_SECRET, PRIMA_WHATSAPP_VERIFY_TOKEN and PRIMA_WHATSAPP_ACCESS_TOKEN "
        "are required with the WhatsApp Cloud API."
    )
# --- end messaging ---

# --- Background tasks (ADR 0020) -------------------------------------------------------------
# "database": tasks wait in a table for `prima worker` (production's default; run the worker
# and the `prima schedule` timer, docs/deploy.md "Background jobs"). "immediate": each task
# runs at once in the process that enqueues it, after the commit (development and tests: the
# demo needs no worker).
PRIMA_TASKS = env.str("PRIMA_TASKS", default="database" if PRODUCTION else "immediate")
_task_backends = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if PRIMA_TASKS not in _task_backends:
    raise ImproperlyConfigured("PRIMA_TASKS must be 'immediate' or 'database'.")
TASKS = {"default": {"BACKEND": _task_backends[PRIMA_TASKS]}}
# Long exports prepared in the background are kept this many days, then the nightly purge
# deletes them with their files (ADR 0020, "Exports").
PRIMA_EXPORT_KEEP_DAYS = env.int("PRIMA_EXPORT_KEEP_DAYS", default=7)

# --- E-mail ---------------------------------------------------------------------------------
# Every message goes into the outbox (prima.jobs) in the sender's transaction and is delivered
# by a task through the transport EMAIL_URL names, retried when that fails (ADR 0020).
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = "prima.jobs.outbox.OutboxBackend"
PRIMA_MAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
if PRIMA_MAIL_DELIVERY_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
    # One file per message in a folder: filemail:///var/mail/prima (django-environ would drop
    # the leading "/" and make the path relative to the working directory).
    EMAIL_FILE_PATH = urlsplit(env.str("EMAIL_URL")).path
# A mail server that stops answering must not hold a worker for ever (the claim's lease on an
# outbox row is longer than this).
EMAIL_TIMEOUT = 30
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="prima@localhost")

# --- Security headers -----------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy sent by prima.lib.middleware.SecurityHeadersMiddleware: no inline
# script or style anywhere, no third-party host (PP 71/2019: nothing foreign in the citizen path).
PRIMA_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a decision for each deployment, not a default: it is permanent for
        # the whole registered domain, and many agencies serve Prima from a subdomain of a
        # shared .go.id domain (docs/deploy.md, docs/security.md §1.4).
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are bound to this exact host over HTTPS (ASVS 5.0 3.3.3).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if PRIMA_TRUSTED_PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- JSON API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "prima.accounts.api_auth.ApiTokenAuthentication",
        "prima.accounts.api_auth.VerifiedSessionAuthentication",
    ],
    # Deny by default; public reference endpoints opt out one by one (ASVS 8.2.1).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "prima.lib.api.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "prima.lib.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "prima.lib.api_schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("PRIMA_API_ANON_RATE", default="120/min"),
        "user": env.str("PRIMA_API_USER_RATE", default="600/min"),
    },
    "EXCEPTION_HANDLER": "prima.lib.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Prima API",
    "DESCRIPTION": (
        "Reference data (regions with Kemendagri codes, agencies, service units, services) "
        "is public and read-only. Everything else needs a staff token: "
        "`Authorization: Token <token>`. See docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI comes from npm (swagger-ui-dist), vendored by `make assets`; never a CDN.
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui-dist",
    "SWAGGER_UI_FAVICON_HREF": "/static/prima/favicon.svg",
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "prima.registry.models.Region.Kind",
        "AgencyKindEnum": "prima.registry.models.Agency.Kind",
        "UnitKindEnum": "prima.registry.models.ServiceUnit.Kind",
        "ServiceKindEnum": "prima.registry.models.Service.Kind",
    },
}

# --- Logging: JSON lines on stdout, no request bodies, no secrets (ASVS 16.2, 16.4) -------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "prima.lib.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

FORM_RENDERER = "prima.lib.forms.FormRenderer"
