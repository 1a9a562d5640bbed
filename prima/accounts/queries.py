"""Reads for the accounts pages: the security log as people read it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.accounts.audit import DOWNLOADED_LISTS
from prima.accounts.models import AuditEvent, Role

# Object types that access checks name without a model of that name (prima/*/access.py).
OBJECT_TYPES: dict[str, Promise | str] = {
    "coaching.task": "coaching.FollowUpTask",
    "coaching.reach": gettext_lazy("Reach and effect of the coaching programme"),
    "forum_participant": "standards.Participant",
    "forum_agreement": "standards.Agreement",
    "forum_photo": "standards.ForumPhoto",
    "anomaly": gettext_lazy("suspicious survey responses"),
    "complaint_attachment": "complaints.Attachment",
    "complaint_identity": gettext_lazy("complainant's identity"),
    "complaint_clock_settings": gettext_lazy("complaint clock settings"),
    "complaint_transition": gettext_lazy("change of a complaint's status"),
    "history": gettext_lazy("change history"),
    "mpp_tenant": "mpp.Tenant",
    "mpp_counter": "mpp.Counter",
    "mpp_offering": "mpp.Offering",
    "mpp_closure": "mpp.Closure",
    "mpp_complaint": gettext_lazy("complaint filed at an MPP"),
    "insights.area": gettext_lazy("national picture of an area"),
    "privacy.purge_report": "privacy.PurgeReport",
    "privacy.register": gettext_lazy("register of personal-data processing"),
}


def _model(label: str) -> type[models.Model] | None:
    """The Prima model an object type names: "evaluation.lokus", "service_unit", "kiosk"."""
    if "." in label:
        try:
            return apps.get_model(label)
        except (LookupError, ValueError):
            return None
    name = label.replace("_", "")
    found = [
        m
        for m in apps.get_models()
        if m._meta.model_name == name and m.__module__.startswith("prima.")
    ]
    return found[0] if len(found) == 1 else None


def object_type_name(object_type: str) -> str:
    """The kind of record an event concerns, in words ("unit layanan", not service_unit)."""
    named = OBJECT_TYPES.get(object_type)
    if isinstance(named, Promise):
        return str(named)
    model = _model(named or object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def _yes_no(value: Any) -> str:
    return _("Yes") if value else _("No")


def _role(value: Any) -> str:
    return str(Role(value).label) if value in Role.values else str(value)


def _key(value: Any) -> str:
    """Which record: its number or code, or the words some access checks use for pages that
    are not one record ("list", "new", "new in <agency>")."""
    text = str(value)
    words = {"list": _("the list"), "all": _("all records"), "new": _("a new record"), "-": ""}
    if text in words:
        return words[text]
    if text.startswith("new in "):
        return _("a new record in %(place)s") % {"place": text.removeprefix("new in ")}
    return text


def _device(value: Any) -> str:
    return {"TOTPDevice": _("authenticator app"), "StaticDevice": _("backup code")}.get(
        str(value), str(value)
    )


# Each detail an event may carry: its label and how its value reads. Details not listed are
# left to the CSV export, which keeps everything as stored.
DETAILS: dict[str, tuple[Promise, Callable[[Any], str]]] = {
    "object_type": (gettext_lazy("Record type"), object_type_name),
    "key": (gettext_lazy("Record"), _key),
    "write": (gettext_lazy("Access"), lambda v: _("to change") if v else _("to view")),
    "role": (gettext_lazy("Role"), _role),
    "scope": (gettext_lazy("Scope"), str),
    "name": (gettext_lazy("Name"), str),
    "device": (gettext_lazy("Second factor"), _device),
    "anonymous": (gettext_lazy("Anonymous report"), _yes_no),
    "list": (gettext_lazy("List"), lambda v: str(DOWNLOADED_LISTS.get(v, v))),
    "rows": (gettext_lazy("Rows"), str),
}


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    target: str  # the record the event concerns, "pengguna: Abdul"
    details: list[tuple[str, str]]


def _field_value(model: type[models.Model] | None, key: str, value: Any) -> tuple[str, str] | None:
    """A detail named after a field of the event's record (a complaint's status), shown as
    that field shows it."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: not a field of this record
        return None
    choices = dict(getattr(field, "flatchoices", None) or [])
    if value not in choices:
        return None
    return str(getattr(field, "verbose_name", key)).capitalize(), str(choices[value])


def audit_rows(page: Iterable[AuditEvent]) -> list[AuditRow]:
    """The security log's rows in the reader's language: the record an event concerns by its
    kind and name, and each detail by a label with its value as people know it — never an
    internal model name, key or True/False. The records are fetched in one query per kind."""
    events = list(page)
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for event in events:
        model = _model(event.target_type) if event.target_type else None
        if model is not None:
            wanted[model].add(event.target_id)
    names: dict[tuple[type[models.Model], str], str] = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model, str(obj.pk))] = str(obj)
    rows = []
    for event in events:
        target = ""
        model = _model(event.target_type) if event.target_type else None
        if model is not None:
            name = names.get((model, event.target_id)) or _("(deleted)")
            target = f"{model._meta.verbose_name}: {name}"
        details = []
        # In DETAILS' order: PostgreSQL's jsonb keeps keys in an order of its own.
        stored = event.detail or {}
        order = [*(k for k in DETAILS if k in stored), *(k for k in stored if k not in DETAILS)]
        for key, value in ((k, stored[k]) for k in order):
            if key in DETAILS:
                label, show = DETAILS[key]
                if shown_value := show(value):
                    details.append((str(label), shown_value))
            elif (shown := _field_value(model, key, value)) is not None:
                details.append(shown)
        rows.append(AuditRow(event=event, target=target, details=details))
    return rows
