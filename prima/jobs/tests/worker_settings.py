"""Settings of the worker processes started by test_two_workers.py: Prima's, with a slow
file transport and a short lease, so that a worker can be killed mid-delivery and another
take the mail over within seconds."""

from prima.settings import *  # noqa: F403

PRIMA_MAIL_DELIVERY_BACKEND = "prima.jobs.tests.backends.SlowFileBackend"
PRIMA_JOBS_MAIL_LEASE_SECONDS = 3
