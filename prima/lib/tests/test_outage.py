"""The database out of reach for a moment (issue 16, item 7): a safe request runs again once
on a fresh connection; anything else answers 503 with Retry-After and keeps what was sent —
never a 500. The real thing, a PostgreSQL restart under load, is benchmarks/fault.py."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager

import pytest
import time_machine
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client, RequestFactory

from prima.lib.errors import server_error
from prima.surveys.models import ELEMENT_KEYS, SurveyResponse
from prima.surveys.tests.factories import make_period


@contextmanager
def database_fails(times: int):
    """The next `times` SQL statements fail as a dropped connection does."""
    left = [times]

    def wrapper(execute, sql, params, many, context):
        if left[0] > 0:
            left[0] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


@pytest.mark.django_db
def test_a_page_that_meets_a_dropped_connection_is_read_again(client, world):
    with database_fails(1):
        response = client.get("/units/")
    assert response.status_code == 200 and "Disdukcapil Kabupaten Buru" in response.content.decode()


@pytest.mark.django_db
def test_a_page_that_cannot_reach_the_database_twice_answers_503_with_retry_after(client, world):
    with database_fails(100):
        response = client.get("/units/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Coba lagi" in response.content.decode()


@pytest.mark.django_db
def test_an_skm_answer_that_meets_a_dropped_connection_is_stored_once(client, world):
    make_period(world, population=200)
    now = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    with time_machine.travel(now, tick=True):
        page = client.get("/s/8104-DUKCAPIL/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    with time_machine.travel(now + dt.timedelta(seconds=40), tick=False), database_fails(1):
        response = client.post(
            "/s/8104-DUKCAPIL/", {"token": token, **{k: "3" for k in ELEMENT_KEYS}}
        )
    assert response.status_code == 303
    assert SurveyResponse.objects.count() == 1


@pytest.mark.django_db
def test_a_form_whose_write_is_not_idempotent_answers_503_and_keeps_what_was_sent(world):
    client = Client()
    with database_fails(100):
        response = client.post(
            "/accounts/login/", {"username": "siti", "password": "kata <sandi> & rahasia"}
        )
    text = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert 'action="/accounts/login/"' in text
    assert 'name="username" value="siti"' in text
    assert 'value="kata &lt;sandi&gt; &amp; rahasia"' in text  # kept, and escaped
    assert "Kirim lagi" in text


@pytest.mark.django_db
def test_a_connection_error_anywhere_else_is_a_503_not_a_500():
    request = RequestFactory().get("/manage/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500
