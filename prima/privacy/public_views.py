"""The public privacy policy, /privasi/ (UU 27/2022; issue 27)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from prima.lib.privacy import SECURITY, STORAGE, dpo
from prima.privacy.register import build_register


def policy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/policy.html",
        {"entries": build_register(), "dpo": dpo(), "storage": STORAGE, "security": SECURITY},
    )
