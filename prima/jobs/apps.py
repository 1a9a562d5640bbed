from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "prima.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # The health probes live in prima.lib, below every app; this one reads the outbox and
        # the periodic runs, so it is added from here (ADR 0020).
        from prima.jobs.health import jobs_probe
        from prima.lib.health import PROBES

        PROBES["/healthz/jobs"] = jobs_probe
