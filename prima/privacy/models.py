"""The privacy app's records (issue 27)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurgeReport(models.Model):
    """One run of the retention purge (prima.privacy.retention): when, whether it only
    counted (dry run), and per kind of record the cutoff and how many records it erased.
    Counts and dates only: nothing personal, so reports are kept."""

    started_at = models.DateTimeField(_("started"), db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run (nothing changed)"), default=False)
    # {kind key: {"days": int, "cutoff": ISO time, "records": int, "changed": int}}
    kinds = models.JSONField(_("per kind"), default=dict)
    # [{"kind": key, "error": "ExceptionName: message"}]
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("purge report")
        verbose_name_plural = _("purge reports")

    def __str__(self) -> str:
        return f"purge {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def total(self) -> int:
        return sum(int(entry.get("records", 0)) for entry in self.kinds.values())
