"""The demo's adapter: nothing leaves Prima. What it "sends" is seen on the simulated phone
page (prima.messaging.views.phone), which also plays the citizen's side."""

from __future__ import annotations

import uuid

from prima.messaging.adapters.base import Adapter


class Console(Adapter):
    name = "console"

    def send_text(self, number: str, text: str) -> str:
        return f"console-{uuid.uuid4().hex}"

    def send_template(self, number: str, template: str, params: list[str], language: str) -> str:
        return f"console-{uuid.uuid4().hex}"
