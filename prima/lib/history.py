"""Readable change history from django-simple-history: who changed what, from what to what.

The history tables store one full copy of a record per change. To show a change we compare
each copy with the one before it; the previous copies and the names behind foreign keys are
fetched in batches, so a page of fifty changes costs a handful of queries, not a hundred.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

# Fields never worth showing in a change.
_SKIP = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "created_at",
    "updated_at",
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str
    old: str
    new: str


@dataclass
class Change:
    at: datetime
    user: str
    action: str  # "created", "changed", "deleted"
    model: str
    label: str
    reason: str
    fields: list[FieldChange] = field(default_factory=list)


def _tracked_fields(record: Any) -> list[models.Field[Any, Any]]:
    # The history model's own fields: fields excluded from history (password) are absent.
    return [f for f in type(record)._meta.concrete_fields if f.attname not in _SKIP]


def _previous_versions(records: Sequence[Any]) -> dict[tuple[type, int], Any]:
    """Map (history model, history_id) → the version of the same object just before it."""
    by_model: dict[type, list[Any]] = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record)
    previous: dict[tuple[type, int], Any] = {}
    for history_model, group in by_model.items():
        pk_name = group[0].instance_type._meta.pk.attname
        object_ids = {getattr(r, pk_name) for r in group}
        latest = max(r.history_date for r in group)
        versions = history_model._default_manager.filter(  # type: ignore[attr-defined]
            **{f"{pk_name}__in": object_ids, "history_date__lte": latest}
        ).order_by(pk_name, "history_date", "history_id")
        last_by_object: dict[Any, Any] = {}
        for version in versions:
            key = getattr(version, pk_name)
            previous[(history_model, version.history_id)] = last_by_object.get(key)
            last_by_object[key] = version
    return previous


def _format(
    value: Any, model_field: models.Field[Any, Any], labels: dict[tuple[type, Any], str]
) -> str:
    if value is None or value == "":
        return "—"
    if model_field.is_relation and model_field.related_model is not None:
        return labels.get((model_field.related_model, value), str(value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def describe(records: Iterable[Any]) -> list[Change]:
    """One Change per history record, newest first as given, with field-level differences."""
    records = list(records)
    previous = _previous_versions(records)
    # Collect foreign-key ids to name them in one query per related model.
    wanted: dict[type, set[Any]] = defaultdict(set)
    for record in records:
        for model_field in _tracked_fields(record):
            if model_field.is_relation and model_field.related_model is not None:
                for version in (record, previous.get((type(record), record.history_id))):
                    if version is not None and getattr(version, model_field.attname) is not None:
                        wanted[model_field.related_model].add(getattr(version, model_field.attname))
    labels: dict[tuple[type, Any], str] = {}
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=ids):  # type: ignore[attr-defined]
            labels[(related_model, obj.pk)] = str(obj)

    changes: list[Change] = []
    for record in records:
        before = previous.get((type(record), record.history_id))
        action = {"+": "created", "~": "changed", "-": "deleted"}[record.history_type]
        change = Change(
            at=record.history_date,
            user=str(record.history_user) if record.history_user_id else _("system"),
            action=action,
            model=str(record.instance_type._meta.verbose_name),
            label=_label(record),
            reason=record.history_change_reason or "",
        )
        for model_field in _tracked_fields(record):
            new = getattr(record, model_field.attname)
            old = getattr(before, model_field.attname) if before is not None else None
            if action == "created" and new in (None, "", [], {}):
                continue
            if before is not None and old == new:
                continue
            if action == "deleted":
                continue
            change.fields.append(
                FieldChange(
                    name=str(model_field.verbose_name),
                    old=_format(old, model_field, labels) if before is not None else "—",
                    new=_format(new, model_field, labels),
                )
            )
        if action == "changed" and not change.fields:
            continue  # a save that changed nothing shown (e.g. only updated_at)
        changes.append(change)
    return changes


def _label(record: Any) -> str:
    if hasattr(record, "role") and hasattr(record, "user_id"):
        return f"{record.get_role_display()} · {record.user}"
    for attname in ("name", "full_name", "username", "code"):
        value = getattr(record, attname, None)
        if value:
            return str(value)
    return f"#{record.pk}"


def save_recorded(instance: Any, actor: Any, reason: str = "") -> None:
    """Validate and save a model instance that keeps a history (django-simple-history), with
    who changed it and, optionally, why (cut to the 100 characters the history column holds).
    The one way every app's actions save such records."""
    instance._history_user = actor
    if reason:
        instance._change_reason = reason[:100]
    instance.full_clean()
    instance.save()
