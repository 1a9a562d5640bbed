"""What Prima knows about the HTTP client: its address, behind a known number of proxies."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, trusting X-Forwarded-For only from our own proxies.

    With PRIMA_TRUSTED_PROXY_COUNT = n, the n-th address from the right of
    X-Forwarded-For is the client (each proxy appends the address it saw). A client can
    prepend anything it likes to that header, so nothing left of that position is read
    (ASVS 5.0 4.1.3, 15.3.4). The same address is used for audit logs and rate limits.
    """
    count = settings.PRIMA_TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR")
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            address = forwarded[-count]
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """The address to print or send for `path`: PRIMA_PUBLIC_URL when set (QR codes, e-mails
    and exports must carry the public address, not whatever host a request came through),
    else the requesting host, else the bare path (a command with no request and no setting)."""
    base = settings.PRIMA_PUBLIC_URL.rstrip("/")
    if base:
        return f"{base}{path}"
    return request.build_absolute_uri(path) if request is not None else path
