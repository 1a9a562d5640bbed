from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import mail

from prima.jobs import schedule

OUTBOX = "prima.jobs.outbox.OutboxBackend"


@pytest.fixture
def no_periodic_jobs(monkeypatch) -> None:
    monkeypatch.setattr(schedule, "SCHEDULE", ())


@pytest.fixture
def outbox(settings, no_periodic_jobs) -> Iterator[list]:
    """Prima's own mail path (the test runner's locmem backend replaced by the outbox), with
    locmem as the real transport; yields what the transport received."""
    settings.EMAIL_BACKEND = OUTBOX
    settings.PRIMA_MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    yield mail.outbox
