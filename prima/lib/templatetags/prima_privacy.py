"""The privacy notice shown on every form that collects personal data (UU 27/2022; issue 27).

    {% load prima_privacy %}{% privacy_notice "complaint" %}

The texts are declared in prima.lib.privacy (COLLECTION_POINTS and the activity each belongs
to); the retention periods in force come from the settings. A short summary line opens to the
rest, so that a cheap phone shows one line until the reader asks for more.
"""

from __future__ import annotations

from typing import Any

from django import template

from prima.lib.privacy import COLLECTION_POINTS, activity, dpo, retention_days, retention_kind

register = template.Library()


def retention_lines(keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each retention kind with the period in force (PRIMA_RETENTION_<KIND>_DAYS)."""
    return [{"kind": retention_kind(key), "days": retention_days(key)} for key in keys]


@register.inclusion_tag("prima/privacy_notice.html")
def privacy_notice(key: str) -> dict[str, Any]:
    point = COLLECTION_POINTS[key]  # a wrong key is a programming error: fail loudly
    what = activity(point.activity)
    return {
        "point": point,
        "activity": what,
        "retention": retention_lines(what.retention),
        "dpo": dpo(),
    }
