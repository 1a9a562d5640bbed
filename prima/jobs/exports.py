"""Exports prepared in the background (ADR 0020, "Exports"): the kinds the apps above register,
and building one requested file: claim the row, build it with the kind's builder (the same
function the direct download calls), store it under exports/<year>/<uuid>.<ext> in the uploads
storage, mark it ready.

The jobs app sits below the apps whose files it builds (the import contract), so each app
registers its kinds when it is loaded (`AppConfig.ready`), as the admin site's registry does.
A kind is the file's recipe and its access rule:

- `clean(params)` checks the parameters a form posted (ValueError when they are not right) and
  returns them normalised; they are stored as JSON;
- `access(user, params)` is the rule the direct download's view applies: it refuses as that view
  does (`deny()`, a 404) and returns what it grants (e.g. staff or public figures, which lokus),
  stored with the request; the build and every download apply it again and go on only when it
  still grants the same;
- `build(user, params)` returns the file's bytes.

A builder that raises marks the export failed with its error (shown to the requester and on
/manage/jobs/): it would raise again. A worker that dies mid-build leaves a lease that runs
out; the sweep puts the export back in line, up to ATTEMPTS tries.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.functional import Promise

from prima.accounts.models import User
from prima.jobs.models import Export

logger = logging.getLogger("prima.jobs")

ATTEMPTS = 3  # a build cut short (its worker killed) is tried this many times in all
LEASE = timedelta(minutes=30)  # longer than any export takes (the largest: a few minutes)
ERROR_LENGTH = 2000

Params = dict[str, Any]


@dataclass(frozen=True)
class ExportKind:
    code: str  # Export.kind, e.g. "picture-xlsx"
    label: str | Promise  # "National picture (XLSX)"
    extension: str  # "xlsx", "pdf"
    clean: Callable[[Params], Params]
    access: Callable[[User, Params], Params]
    build: Callable[[User, Params], bytes]
    title: Callable[[Params], str]  # what the list of exports calls this one
    filename: Callable[[Params], str]  # the download's name, without the extension


KINDS: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> None:
    KINDS[kind.code] = kind


def register_formats(
    prefix: str,
    labels: dict[str, str | Promise],
    *,
    clean: Callable[[Params], Params],
    access: Callable[[User, Params], Params],
    build: Callable[[str, User, Params], bytes],
    title: Callable[[str, Params], str],
    filename: Callable[[Params], str],
) -> None:
    """One kind per file format ("pdf", "xlsx"), coded `<prefix>-<format>`, that share their
    parameters and access rule; `build` and `title` take the format first."""
    for fmt, label in labels.items():
        register(
            ExportKind(
                code=f"{prefix}-{fmt}",
                label=label,
                extension=fmt,
                clean=clean,
                access=access,
                build=partial(build, fmt),
                title=partial(title, fmt),
                filename=filename,
            )
        )


def kind_of(code: str) -> ExportKind | None:
    return KINDS.get(code)


def keep_days() -> int:
    return max(int(getattr(settings, "PRIMA_EXPORT_KEEP_DAYS", 7)), 1)


class AccessChanged(Exception):
    """The requester may no longer read what the export holds (or reads something else)."""


def still_granted(export: Export, user: User) -> ExportKind:
    """The export's kind if `user` asked for it and its access rule still grants what it
    granted then; otherwise the rule's own refusal (a 404, recorded) or AccessChanged."""
    kind = kind_of(export.kind)
    if kind is None or export.requested_by_id != user.pk:
        raise Http404
    if kind.access(user, export.params) != export.granted:
        raise AccessChanged
    return kind


def claim(pk: int, *, now: datetime) -> bool:
    return bool(
        Export.objects.filter(pk=pk, state=Export.State.WAITING).update(
            state=Export.State.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            lease_until=now + LEASE,
        )
    )


def _fail(pk: int, error: str) -> str:
    Export.objects.filter(pk=pk, state=Export.State.RUNNING).update(
        state=Export.State.FAILED,
        finished_at=timezone.now(),
        lease_until=None,
        error=error[-ERROR_LENGTH:],
    )
    return Export.State.FAILED


def execute(pk: int) -> str:
    """Build export `pk` unless it is not ours (taken, finished, or gone)."""
    if not claim(pk, now=timezone.now()):
        return ""
    export = Export.objects.select_related("requested_by").get(pk=pk)
    user = export.requested_by
    kind = kind_of(export.kind)
    if kind is None or user is None or not user.is_active:
        return _fail(pk, "The export's kind or its requester is gone.")
    try:
        with translation.override(export.language or settings.LANGUAGE_CODE):
            still_granted(export, user)
            data = kind.build(user, export.params)
    except (Http404, AccessChanged):
        return _fail(pk, "The requester may no longer read what this export holds.")
    except Exception:  # noqa: BLE001 - recorded on the export and logged; shown to the user
        logger.error("export %s (%s) failed", pk, export.kind, exc_info=True)
        return _fail(pk, traceback.format_exc())
    export.file.save(f"{export.uuid}.{kind.extension}", ContentFile(data), save=False)
    changed = Export.objects.filter(pk=pk, state=Export.State.RUNNING).update(
        state=Export.State.READY,
        file=export.file.name,
        size=len(data),
        finished_at=timezone.now(),
        lease_until=None,
        error="",
    )
    if not changed:  # the sweep gave up on us meanwhile: the file is nobody's
        export.file.delete(save=False)
        return ""
    return Export.State.READY


def deletable(export: Export, *, now: datetime) -> bool:
    """Whether an export may be deleted: finished (ready or failed) or past its time, and not
    being built (its worker would store a file nobody owns)."""
    if export.state == Export.State.RUNNING:
        return False
    return export.state in (Export.State.READY, Export.State.FAILED) or export.expires_at < now


def remove(export: Export, *, now: datetime) -> bool:
    """Delete an export that `deletable` allows: the file first (from the disk or the object
    store), then the row, unless a worker took it meanwhile (only a waiting export can be
    taken, and it has no file yet). Used by the nightly purge and by "Delete" on the list."""
    if not deletable(export, now=now):
        return False
    if export.file:
        export.file.delete(save=False)
    finished = Q(state__in=[Export.State.READY, Export.State.FAILED]) | Q(expires_at__lt=now)
    removed, _ = (
        Export.objects.filter(finished, pk=export.pk).exclude(state=Export.State.RUNNING).delete()
    )
    return bool(removed)


def release_interrupted(*, now: datetime) -> list[int]:
    """Exports whose worker died (the lease ran out): back in line, or failed after ATTEMPTS."""
    released = []
    stale = Export.objects.filter(state=Export.State.RUNNING, lease_until__lt=now)
    for export in stale.only("pk", "attempts"):
        again = export.attempts < ATTEMPTS
        changed = Export.objects.filter(pk=export.pk, state=Export.State.RUNNING).update(
            state=Export.State.WAITING if again else Export.State.FAILED,
            lease_until=None,
            error=f"[{now.isoformat()}] interrupted: the worker stopped",
            finished_at=None if again else now,
        )
        if changed and again:
            released.append(export.pk)
        elif changed:
            logger.error("export %s interrupted %s times; given up", export.pk, export.attempts)
    return released
