"""Reads that may go to a read replica (issue 26; docs/adr/0022-read-replica-routing.md).

With DATABASE_REPLICA_URL set, the settings add a "replica" alias (a PostgreSQL streaming
standby) and this router. Reads go to the replica only where Prima opts in — dashboards,
exports, open data — with `@replica_reads` on a view or `reading_from_replica()` around a
block (`prima opendata build`); every CSV export streams from it (prima/lib/exports.py).
Everything else — every write, every form, the citizen's thank-you page, a staff page after
its change — reads the primary, as it did before the replica existed.

An opted-in block still reads the primary when:
- the browser wrote a moment ago: a successful POST (PUT, PATCH, DELETE) pins it to the
  primary for PRIMA_REPLICA_PIN_SECONDS with a signed cookie (`ReplicaPinMiddleware`), so
  the dashboard it opens next shows its own change; an API client, which keeps no cookies,
  is pinned by its credential (the Authorization header it authenticated with) in the
  shared cache, so that every app server honours the pin;
- the block runs inside a transaction on the primary (it may read its own uncommitted rows);
- the replica cannot be reached (then it is not tried again for RETRY_SECONDS), is not a
  standby, or replays more than PRIMA_REPLICA_MAX_LAG_SECONDS behind the primary.
Each change between "replica" and "primary" is logged once; nobody sees an error. A query
that fails on the replica in the middle of a page marks it unreachable and lets the error
through to prima.lib.outage, which runs the (safe) view again — now on the primary.

Without the replica alias every function here is a no-op and the router is not installed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse

REPLICA = "replica"
PIN_COOKIE = "prima_primary"
_PIN_SALT = "prima.lib.dbrouter.pin"
# The shared cache's key of an API credential's pin: a digest of the Authorization header,
# salted so that it is not the digest the token table keeps (prima.accounts.models.ApiToken).
PIN_KEY = "prima-replica-pin:{digest}"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# After a failed connection the replica is left alone this long: a dashboard must not wait
# for a connect timeout on every request while the replica is down.
RETRY_SECONDS = 5.0

log = logging.getLogger("prima.replica")

# The alias reads go to in the current block (None: the router's default, the primary).
_reads: ContextVar[str | None] = ContextVar("prima_replica_reads", default=None)
# True while a request from a browser pinned to the primary is being answered.
_pinned: ContextVar[bool] = ContextVar("prima_pinned_to_primary", default=False)

View = TypeVar("View", bound=Callable[..., Any])


def configured() -> bool:
    return REPLICA in settings.DATABASES


# --- the router -----------------------------------------------------------------------------
class ReplicaRouter:
    """Reads go where the current block says; writes and migrations always to the primary.

    Both answers are explicit: left to Django, a row read from the replica would be saved
    back to the replica (Django falls back to the instance's own database)."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return _reads.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The standby replays the primary's schema; nothing is ever migrated (or flushed,
        # in tests) on it directly.
        return False if db == REPLICA else None


# --- is the replica usable? -----------------------------------------------------------------
_LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                 AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver)
            THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()),
                          'Infinity')
       END
"""
# Caught up means: everything received is replayed and the standby is still receiving (a
# standby cut off from its primary has replayed all it received, and that may be old). Else
# the lag is the age of the last transaction replayed.


class _State:
    lock = threading.Lock()
    down_until = 0.0  # time.monotonic() before which the replica is not tried
    last_reason = ""  # "" while the replica is used; the last reason logged otherwise


def _unusable_reason() -> str:
    """'' when the replica may serve reads now, else why not."""
    if time.monotonic() < _State.down_until:
        return _State.last_reason or "unreachable"
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(_LAG_SQL)
            in_recovery, lag = cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - whatever went wrong, the primary answers
        mark_unreachable(error)
        return _State.last_reason
    if not in_recovery:
        return "not a standby (promoted?)"
    bound = float(getattr(settings, "PRIMA_REPLICA_MAX_LAG_SECONDS", 5))
    if float(lag) > bound:
        return f"replay lag over {bound:g} s"
    return ""


def _note(reason: str) -> None:
    """Log each change between the replica and the primary once."""
    with _State.lock:
        changed = reason != _State.last_reason
        _State.last_reason = reason
    if changed and reason:
        log.warning("reads go to the primary: the replica is unusable (%s)", reason)
    elif changed:
        log.info("reads go to the replica again")


def mark_unreachable(error: BaseException) -> None:
    """The replica failed: close its connection, and leave it alone for RETRY_SECONDS."""
    with contextlib.suppress(Exception):
        connections[REPLICA].close()
    _State.down_until = time.monotonic() + RETRY_SECONDS
    _note(f"unreachable: {type(error).__name__}: {str(error).strip()[:200]}")


def forget_state() -> None:
    """Forget an earlier failure (tests; an operator's shell after fixing the replica)."""
    _State.down_until = 0.0
    _State.last_reason = ""


def _choose() -> str | None:
    """The alias an opted-in block reads from: the replica, or None for the primary."""
    if not configured() or _pinned.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    reason = _unusable_reason()
    _note(reason)
    return None if reason else REPLICA


# --- opting in ------------------------------------------------------------------------------
@contextlib.contextmanager
def reading_from_replica() -> Iterator[str]:
    """Run the block's reads on the replica when it is usable (see the module's docstring).
    Yields the alias read from, "replica" or "default"."""
    token = _reads.set(_choose())
    try:
        yield _reads.get() or DEFAULT_DB_ALIAS
    finally:
        _reads.reset(token)


def replica_iteration(items: Iterable[Any]) -> Iterator[Any]:
    """Iterate `items` with its reads on the replica: for a streamed response, whose rows are
    read after the view (and the pinning middleware) has returned. The replica is chosen
    now, while the request is answered."""
    return _iterate(items, _choose())


def _iterate(items: Iterable[Any], alias: str | None) -> Iterator[Any]:
    iterator = iter(items)
    while True:
        token = _reads.set(alias)
        try:
            item = next(iterator)
        except StopIteration:
            return
        finally:
            _reads.reset(token)
        yield item


def replica_reads(view: View) -> View:
    """Opt a read-only view (a dashboard, an export) into reading from the replica.

    A TemplateResponse is rendered inside the block (it would otherwise read after it), and
    a streamed body is read from the replica too. On a REST framework view, decorate the
    handler (`get`, `list`), not `dispatch`: authentication (a token just made) stays on the
    primary, and the handler reads the rows its serializer turns into data."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not configured():
            return view(request, *args, **kwargs)
        alias = _choose()
        token = _reads.set(alias)
        try:
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                response.render()
        except (OperationalError, InterfaceError) as error:
            if alias == REPLICA and connections[REPLICA].errors_occurred:
                mark_unreachable(error)  # prima.lib.outage runs the view again, on the primary
            raise
        finally:
            _reads.reset(token)
        if isinstance(response, HttpResponseBase) and response.streaming:
            body = _iterate(response.streaming_content, alias)  # type: ignore[attr-defined]
            response.streaming_content = body  # type: ignore[attr-defined]
        return response

    return wrapper  # type: ignore[return-value]


# --- read your own writes -------------------------------------------------------------------
def pin_seconds() -> int:
    return int(getattr(settings, "PRIMA_REPLICA_PIN_SECONDS", 10))


def credential_pin_key(request: HttpRequest) -> str | None:
    """The cache key pinning the credential the request carries; None without one."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header:
        return None
    digest = hashlib.sha256(f"{_PIN_SALT}:{header}".encode("utf-8", "replace")).hexdigest()
    return PIN_KEY.format(digest=digest)


def _pinned_by(request: HttpRequest) -> bool:
    if PIN_COOKIE in request.COOKIES:
        try:
            request.get_signed_cookie(PIN_COOKIE, salt=_PIN_SALT, max_age=pin_seconds())
        except (signing.BadSignature, KeyError):  # SignatureExpired is a BadSignature
            pass
        else:
            return True
    key = credential_pin_key(request)
    if key is None:
        return False
    try:
        return cache.get(key) is not None
    except Exception:  # noqa: BLE001 - the cache out of reach: the primary is never wrong
        return True


def _pin_credential(request: HttpRequest) -> None:
    """Pin the credential a REST framework view authenticated (it sets `request.auth` on
    the Django request: the token; None for a session, which has its cookie)."""
    key = credential_pin_key(request)
    if key is None or getattr(request, "auth", None) is None:
        return
    try:
        cache.set(key, 1, pin_seconds())
    except Exception:  # noqa: BLE001 - a write answered is not turned into an error
        log.warning("an API client's pin to the primary could not be kept in the cache")


class ReplicaPinMiddleware:
    """Pin a client that has just written to the primary for PRIMA_REPLICA_PIN_SECONDS.

    A browser by a signed cookie, not the session: a citizen has no session. Its signature
    carries the time it was set, so the window is checked here, whatever the browser keeps.
    An API client authenticated by a token keeps no cookies: its credential is pinned in the
    shared cache (Redis in production) for the same time, so the server that answers its next
    read honours it whichever server took the write. Installed (outside prima.lib.outage, so
    a 503 pins nothing) only when the replica is configured."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _pinned.set(_pinned_by(request))
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if request.method not in _SAFE_METHODS and response.status_code < 400:
            _pin_credential(request)
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=_PIN_SALT,
                max_age=pin_seconds(),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
