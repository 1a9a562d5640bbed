"""Writing to the append-only security log. The one place AuditEvent rows are created."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from prima.accounts.models import AuditEvent
from prima.lib.context import get_request_info

if TYPE_CHECKING:
    from prima.accounts.models import User
    from prima.registry.models import Agency


def record_event(
    kind: str,
    *,
    actor: User | None = None,
    username: str = "",
    target: models.Model | None = None,
    agency: Agency | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one security event, with where it came from when inside a request; `at` only
    for events recorded after the fact (the demo's), otherwise now.

    `detail` must never hold secrets or a complainant's identity (ASVS 5.0 16.2.5).
    """
    info = get_request_info()
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        kind=kind,
        actor=actor if actor is not None and actor.pk else None,
        username=(username or (actor.get_username() if actor is not None else ""))[:150],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        agency=agency,
        ip=info.ip if info else None,
        request_id=info.request_id if info else "",
        method=info.method if info else "",
        path=info.path if info else "",
        user_agent=info.user_agent if info else "",
        detail=detail or {},
    )


# The lists holding personal data whose downloads are recorded, by the name the log keeps.
DOWNLOADED_LISTS: dict[str, Promise] = {
    "coaching_participants": gettext_lazy("the participants of a coaching event"),
    "complaints": gettext_lazy("the complaints queue"),
    "security_log": gettext_lazy("the security log"),
}


def record_list_download(
    actor: User,
    name: str,
    *,
    ids: list[int] | None = None,
    target: models.Model | None = None,
    agency: Agency | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """A list holding personal data was downloaded (`name`, one of DOWNLOADED_LISTS):
    with the ids of the records it held, so that a breach report can name the people a
    compromised account took away (prima.privacy.breach, rule 6). Ids only, never a value."""
    detail: dict[str, Any] = {"list": name}
    if ids is not None:
        detail["ids"] = ids
        detail["rows"] = len(ids)
    return record_event(
        AuditEvent.Kind.PERSONAL_LIST_DOWNLOADED,
        actor=actor,
        target=target,
        agency=agency,
        detail=detail,
        at=at,
    )
