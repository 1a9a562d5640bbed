"""Template helpers of the coaching pages."""

from __future__ import annotations

import datetime as dt

from django import template

from prima.coaching.models import FollowUpTask

register = template.Library()


@register.filter
def overdue(task: FollowUpTask, today: dt.date) -> bool:
    return task.is_overdue(today)


@register.filter
def percent(share: float | None) -> str:
    """0.4 → "40%"; no value → "—"."""
    return "—" if share is None else f"{round(share * 100)}%"
