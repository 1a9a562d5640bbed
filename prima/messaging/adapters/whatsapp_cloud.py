"""The WhatsApp Business Platform's Cloud API (Meta).

- Sending: `POST {PRIMA_WHATSAPP_API_URL}/{phone-number-id}/messages` with the access token as
  a bearer token; a text (`type: text`) inside the 24-hour customer-service window, else an
  approved template (`type: template`, body parameters in order). The answer names the
  message id (`messages[0].id`, "wamid.…") that later statuses refer to.
- Receiving: Meta first checks the webhook with a GET carrying `hub.mode=subscribe`,
  `hub.verify_token` (ours, PRIMA_WHATSAPP_VERIFY_TOKEN) and `hub.challenge` (echoed). Every
  POST is signed: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app
  secret>`. The body is `{"object": "whatsapp_business_account", "entry": [{"changes":
  [{"field": "messages", "value": {"messages": [...], "statuses": [...]}}]}]}`.

Meta retries a delivery it thinks failed, with the same message id: the dispatcher's unique
(channel, provider id) makes the retry a no-op. Meta sets no timestamp header, so replays are
refused by id alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from prima.lib.text import strip_control
from prima.messaging.adapters.base import (
    Adapter,
    Batch,
    Malformed,
    Message,
    Refused,
    SendError,
    StatusReport,
    load_json,
    post_json,
    read_body,
)
from prima.messaging.models import Channel


def signature(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WhatsAppCloud(Adapter):
    name = "whatsapp_cloud"

    def __init__(self, channel: str = Channel.WHATSAPP) -> None:
        super().__init__(channel)

    def _post(self, payload: dict[str, Any]) -> str:
        base = settings.PRIMA_WHATSAPP_API_URL.rstrip("/")
        url = f"{base}/{settings.PRIMA_WHATSAPP_PHONE_NUMBER_ID}/messages"
        answer = post_json(url, payload, token=settings.PRIMA_WHATSAPP_ACCESS_TOKEN)
        try:
            return str(answer["messages"][0]["id"])
        except (KeyError, IndexError, TypeError) as error:
            raise SendError("the answer names no message id") from error

    def send_text(self, number: str, text: str) -> str:
        return self._post(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": number.lstrip("+"),
                "type": "text",
                "text": {"preview_url": False, "body": text},
            }
        )

    def send_template(self, number: str, template: str, params: list[str], language: str) -> str:
        return self._post(
            {
                "messaging_product": "whatsapp",
                "to": number.lstrip("+"),
                "type": "template",
                "template": {
                    "name": template,
                    "language": {"code": language},
                    "components": [
                        {
                            "type": "body",
                            "parameters": [{"type": "text", "text": p} for p in params],
                        }
                    ],
                },
            }
        )

    def read_webhook(self, request: HttpRequest) -> Batch:
        secret = settings.PRIMA_WHATSAPP_APP_SECRET
        given = request.headers.get("X-Hub-Signature-256", "")
        if not secret or not given:
            raise Refused("signature missing")
        body = read_body(request)
        if not hmac.compare_digest(signature(body, secret), given):
            raise Refused("signature does not match")
        data = load_json(body)
        if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
            raise Malformed("no entry list")
        batch = Batch()
        try:
            for entry in data["entry"]:
                for change in entry.get("changes", []):
                    value = change.get("value") or {}
                    for item in value.get("messages", []):
                        batch.messages.append(_message(item))
                    for item in value.get("statuses", []):
                        batch.statuses.append(
                            StatusReport(
                                provider_id=str(item["id"]),
                                status=str(item.get("status", "")),
                                error=_error(item),
                            )
                        )
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise Malformed("unexpected shape") from error
        return batch


def _message(item: dict[str, Any]) -> Message:
    kind = str(item.get("type", "text"))
    if kind == "text":
        text = str(item["text"]["body"])
    elif kind == "button":  # a quick-reply button of a template
        text = str(item["button"].get("text", ""))
    elif kind == "interactive":
        reply = item["interactive"].get("button_reply") or item["interactive"].get("list_reply")
        text = str((reply or {}).get("title", ""))
    else:
        text = ""
    return Message(
        provider_id=str(item["id"])[:128],
        number=str(item["from"]),
        text=strip_control(text),
        at=dt.datetime.fromtimestamp(int(item["timestamp"]), tz=dt.UTC),
        kind="text" if text else kind,
    )


def _error(item: dict[str, Any]) -> str:
    errors = item.get("errors") or []
    if not errors:
        return ""
    first = errors[0]
    return f"{first.get('code', '')} {first.get('title', '')}".strip()[:300]
