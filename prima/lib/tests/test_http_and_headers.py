"""Client addresses behind proxies, security headers, error pages, health checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client, RequestFactory, override_settings

from prima.lib.exports import neutralise
from prima.lib.http import client_ip


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.5", "", "10.0.0.5"),
        (0, "10.0.0.5", "1.2.3.4", "10.0.0.5"),  # no trusted proxy: header ignored
        (1, "10.0.0.1", "198.51.100.2", "198.51.100.2"),
        (1, "10.0.0.1", "6.6.6.6, 198.51.100.2", "198.51.100.2"),  # spoofed left part ignored
        (2, "10.0.0.1", "6.6.6.6, 198.51.100.2, 10.0.0.9", "198.51.100.2"),
        (2, "10.0.0.1", "198.51.100.2", "10.0.0.1"),  # fewer hops than proxies: the socket
        (0, "not-an-ip", "", None),
        (0, "2001:db8::1", "", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_only_from_trusted_proxies(proxies, remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PRIMA_TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Kab. Buru", "Kab. Buru"),
        (None, ""),
        (12, "12"),
    ],
)
def test_export_cells_that_a_spreadsheet_would_run_are_neutralised(value, cell):
    assert neutralise(value) == cell


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy():
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_no_page_uses_inline_script_or_style():
    for url in ["/", "/units/", "/regions/", "/accounts/login/", "/about/api/"]:
        body = Client().get(url).content.decode()
        assert "<script>" not in body and " style=" not in body and "<style" not in body, url


@pytest.mark.django_db
def test_the_interface_is_indonesian_unless_the_visitor_switches():
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/")
    assert page["Content-Language"] == "id" and '<html lang="id">' in page.content.decode()
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/")
    assert english["Content-Language"] == "en"
    assert "Report a problem" in english.content.decode()
    assert "Laporkan masalah" in Client().get("/").content.decode()


@pytest.mark.django_db
def test_a_missing_page_is_a_friendly_404():
    response = Client().get("/no/such/page/")
    assert response.status_code == 404 and "<main" in response.content.decode()


@pytest.mark.django_db
def test_a_server_error_shows_no_internals(settings):
    from prima.lib.errors import server_error

    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500 and "Traceback" not in body and "Terjadi kesalahan" in body


@pytest.mark.django_db
def test_health_checks():
    assert Client().get("/healthz").json() == {"status": "ok"}
    assert Client().get("/readyz").json() == {"status": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_probes_answer_over_plain_http_by_the_backends_own_address(path):
    # Production redirects every plain-HTTP request to HTTPS and refuses unknown hosts; a
    # load balancer probes a backend directly, over HTTP, by its address (issue 16, item 13).
    with override_settings(
        SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["prima.example.go.id"], DEBUG=False
    ):
        client = Client()
        response = client.get(path, HTTP_HOST="10.0.0.5:8000")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        assert response["Cache-Control"] == "no-store"
        # Every other page is still redirected and still checks its host.
        assert client.get("/", HTTP_HOST="prima.example.go.id").status_code == 301
        assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400


def _settings_in_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "PRIMA_ENV",
            "PRIMA_DPO_NAME",
            "PRIMA_DPO_EMAIL",
        }
    }
    return subprocess.run(
        [sys.executable, "-c", "import prima.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


_DPO = {"PRIMA_DPO_NAME": "Pejabat PDP", "PRIMA_DPO_EMAIL": "ppdp@example.go.id"}
_PRODUCTION = {
    "PRIMA_ENV": "production",
    "SECRET_KEY": "k" * 64,
    "ALLOWED_HOSTS": "prima.example.go.id",
    "DATABASE_URL": "postgres://u@h/db",
}


@pytest.mark.parametrize(
    ("dpo", "starts"),
    [
        ({}, False),
        ({"PRIMA_DPO_EMAIL": "ppdp@example.go.id"}, False),
        ({"PRIMA_DPO_NAME": "   ", "PRIMA_DPO_EMAIL": "ppdp@example.go.id"}, False),
        ({"PRIMA_DPO_NAME": "Pejabat PDP"}, False),
        ({"PRIMA_DPO_NAME": "Pejabat PDP", "PRIMA_DPO_EMAIL": "not-an-address"}, False),
        ({"PRIMA_DPO_NAME": "Pejabat PDP", "PRIMA_DPO_EMAIL": "ppdp@example.go.id"}, True),
    ],
)
def test_production_refuses_to_start_without_the_data_protection_officer(dpo, starts):
    result = _settings_in_subprocess({**_PRODUCTION, **dpo})
    assert (result.returncode == 0) is starts, result.stderr
    if not starts:
        assert "ImproperlyConfigured" in result.stderr and "PRIMA_DPO_" in result.stderr
        assert "UU 27/2022 art. 53" in result.stderr


def test_development_starts_without_the_data_protection_officer():
    assert _settings_in_subprocess({}).returncode == 0


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_in_subprocess({"PRIMA_ENV": "production"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_or_development_secret_key():
    result = _settings_in_subprocess(
        {
            "PRIMA_ENV": "production",
            "SECRET_KEY": "django-insecure-" + "x" * 60,
            "ALLOWED_HOSTS": "prima.example.go.id",
            "DATABASE_URL": "postgres://u@h/db",
        }
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_settings_turn_on_every_protection():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import prima.settings as s; "
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_NAME, s.SECURE_SSL_REDIRECT)",
        ],
        env={
            **os.environ,
            "PRIMA_ENV": "production",
            "SECRET_KEY": "k" * 64,
            "ALLOWED_HOSTS": "prima.example.go.id",
            "DATABASE_URL": "postgres://u@h/db",
            **_DPO,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "31536000",
        "__Host-sessionid",
        "True",
    ]


@pytest.mark.django_db
def test_readiness_checks_no_object_store_when_files_are_on_disk(monkeypatch):
    from prima.lib import health

    def no_client(*args):
        raise AssertionError("no object store to ask")

    monkeypatch.setattr(health, "_store_client", no_client)
    assert Client().get("/readyz").json() == {"status": "ok"}
