"""The adapter interface and what crosses it."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest

# A webhook body larger than this is refused before it is read (one provider delivery is a
# few kilobytes; Meta batches at most a handful of messages).
MAX_BODY = 256 * 1024


class SendError(Exception):
    """The provider did not take the message: the reason is recorded on the Outbound."""


class Refused(Exception):
    """A webhook request that is not from the provider (signature missing or wrong): 403."""


class Replayed(Refused):
    """A signed request outside its time window: a replay, refused (403)."""


class Malformed(Exception):
    """A signed request whose body cannot be read: 400."""


class TooLarge(Malformed):
    """A body over MAX_BODY, refused unread: 413."""


@dataclass(frozen=True)
class Message:
    provider_id: str
    number: str  # as the provider gives it; the dispatcher normalises it
    text: str
    at: dt.datetime
    kind: str = "text"  # anything else is recorded as ignored


@dataclass(frozen=True)
class StatusReport:
    provider_id: str  # the id the provider gave our outbound message
    status: str  # sent, delivered, read or failed
    error: str = ""


@dataclass
class Batch:
    messages: list[Message] = field(default_factory=list)
    statuses: list[StatusReport] = field(default_factory=list)


class Adapter:
    """Send and receive through one provider."""

    name = "base"

    def __init__(self, channel: str) -> None:
        self.channel = channel

    def send_text(self, number: str, text: str) -> str:
        """Send `text` to `number` (E.164); the provider's message id."""
        raise NotImplementedError

    def send_template(self, number: str, template: str, params: list[str], language: str) -> str:
        """Send an approved template with its body parameters; the provider's message id."""
        raise NotImplementedError

    def read_webhook(self, request: HttpRequest) -> Batch:
        """The messages and statuses of a webhook POST, once its signature is checked."""
        raise Refused("this channel has no provider")


def read_body(request: HttpRequest) -> bytes:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        raise TooLarge("body too large")
    return request.body


def load_json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise Malformed("not JSON") from error


def post_json(url: str, payload: dict[str, Any], *, token: str) -> dict[str, Any]:
    """POST `payload` as JSON with a bearer token; the JSON answer. Any failure — refused,
    timed out, unreachable, an answer that is not JSON — is a SendError naming it."""
    request = urllib.request.Request(  # noqa: S310 - the URL is a deployment setting
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
            "User-Agent": "Prima",
        },
    )
    timeout = settings.PRIMA_MESSAGING_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read(MAX_BODY)
    except urllib.error.HTTPError as error:
        detail = error.read(300).decode("utf-8", "replace")
        raise SendError(f"HTTP {error.code}: {detail}"[:300]) from error
    except TimeoutError as error:
        raise SendError(f"timed out after {timeout} s") from error
    except (urllib.error.URLError, OSError) as error:
        raise SendError(f"unreachable: {getattr(error, 'reason', error)}"[:300]) from error
    try:
        answer = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError) as error:
        raise SendError("the provider's answer is not JSON") from error
    if not isinstance(answer, dict):
        raise SendError("the provider's answer is not a JSON object")
    return answer
