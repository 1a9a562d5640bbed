"""Work deferred until the response has been sent."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished

from prima.lib.deferred import after_response

# Django's own receivers of the signal look at the database connections.
pytestmark = pytest.mark.django_db


def _finish() -> None:
    request_finished.send(sender=None)


def test_deferred_work_runs_once_when_the_response_is_finished():
    done: list[int] = []
    after_response(lambda: done.append(1))
    assert done == []
    _finish()
    _finish()
    assert done == [1]


def test_a_failure_after_the_response_is_logged_not_raised(caplog):
    def broken() -> None:
        raise RuntimeError("boom")

    after_response(broken)
    _finish()  # does not raise
    assert "work after the response failed" in caplog.text
