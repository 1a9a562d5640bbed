"""Text is sent gzipped as in production: pages for visitors not signed in, static files for
everyone (ADR 0013, prima.lib.middleware.CompressionMiddleware)."""

from __future__ import annotations

import gzip

from django.test import Client

from prima.test import sign_in

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_a_public_page_is_gzipped_for_a_browser_that_accepts_it(world):
    plain = Client().get("/units/")
    response = Client().get("/units/", **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content)
    assert page.startswith(b"<!doctype html") and page.endswith(b"</html>\n")
    assert len(response.content) < len(plain.content) / 3


def test_a_page_is_sent_as_it_is_to_a_client_that_does_not_accept_gzip(world):
    response = Client().get("/units/")
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


def test_a_signed_in_users_page_is_not_compressed(world):
    # BREACH: staff pages hold personal data and reflect their search boxes (ADR 0013).
    client = sign_in(Client(), world.siti)
    for path in ("/units/", "/manage/units/?q=dukcapil"):
        response = client.get(path, **GZIP)
        assert response.status_code == 200, path
        assert not response.has_header("Content-Encoding"), path


def test_static_text_is_gzipped_for_everyone_in_the_demo(world):
    for client in (Client(), sign_in(Client(), world.siti)):
        response = client.get("/static/prima/prima.css", **GZIP)
        assert response["Content-Encoding"] == "gzip"
        assert b".skip-link" in gzip.decompress(_body(response))


def test_the_answer_to_a_form_sent_is_not_compressed(world):
    # A POST's answer (a form sent back with its errors) is never compressed.
    response = Client().post("/complaints/track/", {"code": "x"}, **GZIP)
    assert not response.has_header("Content-Encoding")
