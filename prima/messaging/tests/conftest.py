"""Fixtures of the messaging tests: replies read in English, messages delivered at once
(outbox.after_commit runs its callback: the tests run inside one transaction that never
commits), the recorded provider payloads, and a provider on a loopback port."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from prima.messaging import outbox

PAYLOADS = Path(__file__).parent / "payloads"
APP_SECRET = "test-app-secret"
SMS_SECRET = "test-sms-secret"
VERIFY_TOKEN = "test-verify-token"


@pytest.fixture(autouse=True)
def _english_and_at_once(settings, monkeypatch):
    settings.LANGUAGE_CODE = "en"
    monkeypatch.setattr(outbox, "after_commit", lambda callback: callback())
    with translation.override("en"):
        yield


def payload(name: str) -> Any:
    return copy.deepcopy(json.loads((PAYLOADS / name).read_text()))


def wa_message(text: str, *, id: str = "wamid.1", number: str = "6281234567890") -> dict:
    data = payload("whatsapp_text.json")
    message = data["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update({"id": id, "from": number, "timestamp": str(int(time.time()))})
    message["text"]["body"] = text
    return data


def sms_message(text: str, *, id: str = "gw-1", number: str = "081234567890") -> dict:
    data = payload("sms_message.json")
    data.update({"id": id, "from": number, "text": text, "timestamp": int(time.time())})
    return data


def post_whatsapp(client: Client, data: Any, *, secret: str = APP_SECRET, sign: bool = True):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    headers = {}
    if sign:
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers["HTTP_X_HUB_SIGNATURE_256"] = f"sha256={digest}"
    return client.post("/hooks/whatsapp/", body, content_type="application/json", **headers)


def post_sms(
    client: Client,
    data: Any,
    *,
    secret: str = SMS_SECRET,
    stamp: int | None = None,
    sign: bool = True,
):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    stamp_text = str(int(time.time()) if stamp is None else stamp)
    headers = {"HTTP_X_PRIMA_TIMESTAMP": stamp_text}
    if sign:
        headers["HTTP_X_PRIMA_SIGNATURE"] = hmac.new(
            secret.encode(), stamp_text.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
    return client.post("/hooks/sms/", body, content_type="application/json", **headers)


class Provider:
    """A provider on a loopback port: records each request; answers by path."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.delay = 0.0
        self.fail = False
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                provider.requests.append(
                    {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
                )
                if provider.delay:
                    time.sleep(provider.delay)
                if provider.fail:
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b'{"error": "down"}')
                    return
                n = len(provider.requests)
                answer = (
                    {"messages": [{"id": f"wamid.out.{n}"}]}
                    if "/messages" in self.path
                    else {"id": f"sms-out-{n}"}
                )
                raw = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                try:
                    self.wfile.write(raw)
                except OSError:  # the client gave up (the time-out test)
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider() -> Iterator[Provider]:
    running = Provider()
    yield running
    running.close()


@pytest.fixture
def providers(settings, provider):
    """Both channels connected to real adapters, talking to the loopback provider."""
    settings.PRIMA_WHATSAPP_ADAPTER = "whatsapp_cloud"
    settings.PRIMA_WHATSAPP_API_URL = f"{provider.url}/v21.0"
    settings.PRIMA_WHATSAPP_PHONE_NUMBER_ID = "106540352242922"
    settings.PRIMA_WHATSAPP_ACCESS_TOKEN = "wa-token"
    settings.PRIMA_WHATSAPP_APP_SECRET = APP_SECRET
    settings.PRIMA_WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.PRIMA_SMS_ADAPTER = "sms_gateway"
    settings.PRIMA_SMS_GATEWAY_URL = f"{provider.url}/sms"
    settings.PRIMA_SMS_GATEWAY_TOKEN = "sms-token"
    settings.PRIMA_SMS_GATEWAY_SECRET = SMS_SECRET
    settings.PRIMA_MESSAGING_TIMEOUT_SECONDS = 1.0
    return provider


_COUNTER = iter(range(1, 10**9))


def say(text: str, *, channel: str = "whatsapp", number: str = "081234567890", **kw: Any):
    """A message through the dispatcher, as the webhooks and the phone page send one."""
    from prima.messaging import dispatcher

    return dispatcher.receive(
        channel=channel,
        number=number,
        text=text,
        provider_id=kw.pop("provider_id", f"test-{next(_COUNTER)}"),
        **kw,
    )


def replies(number: str = "+6281234567890", channel: str = "whatsapp") -> list[str]:
    """What Prima sent to the number, oldest first, as it was sent (codes included)."""
    from prima.messaging.models import Outbound

    return [
        outbox.shown_text(m)
        for m in Outbound.objects.filter(contact__number=number, contact__channel=channel)
    ]
