"""Mail transports for the tests: one that is always down, one that is slow (so that a
worker can be killed in the middle of a delivery)."""

from __future__ import annotations

import os
import smtplib
import time
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class SlowFileBackend(FileBackend):
    """Waits PRIMA_TEST_MAIL_DELAY seconds before it writes: a kill in the wait delivers
    nothing."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        time.sleep(float(os.environ.get("PRIMA_TEST_MAIL_DELAY", "0")))
        return super().send_messages(email_messages)
