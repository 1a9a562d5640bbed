"""Readable change history from django-simple-history: who changed what, from what to what,
and why — in the reader's language.

The history tables store one full copy of a record per change. To show a change we compare
each copy with the one before it; the previous copies and the names behind foreign keys are
fetched in batches, so a page of fifty changes costs a handful of queries, not a hundred.

Values are shown as people know them: a choice by its label, a date as a date, a yes/no as
Ya/Tidak, a foreign key by the record's name. A model may say how to show its structured
(JSON) fields with a `history_display(field_name, value)` class method, returning a text, or
a mapping of named parts (opening hours by day, a standard by component) that are compared
part by part; fields in its `history_hidden_fields` (secrets, internal counters) are not
shown.

Change reasons. An action says why it saved with a `Reason`: an English sentence marked with
gettext_noop, with %(name)s parameters. The history column keeps the English text with the
parameters filled in ("contest #3 accepted (was 4)"), readable in the database and in
exports; when the history is shown, the stored text is matched against every known reason's
pattern and shown in the reader's language with its parameters ("sanggahan nomor 3 diterima
(semula 4)"). Stored texts from before a reason existed match as well, as long as the
English is unchanged, or listed in the reason's `aliases`. Text that matches no reason (typed
by a person) is shown as stored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format, time_format
from django.utils.module_loading import module_has_submodule
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
REASON_LENGTH = 100  # django-simple-history's history_change_reason column


# --- change reasons ---------------------------------------------------------------------------
_PARAMETER = re.compile(r"%\((\w+)\)[sd]")
_REASONS: list[Reason] = []


@dataclass(frozen=True, eq=False)
class Reason:
    """Why an action saved a record. `text` is English, marked with gettext_noop where the
    reason is defined; `shows` says how to show a parameter's stored value (a stage's key as
    its label); `aliases` are older stored texts that mean the same."""

    text: str
    shows: Mapping[str, Callable[[str], str]] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _REASONS.append(self)

    def __call__(self, **params: object) -> Because:
        return Because(self, {k: str(v) for k, v in params.items()})

    @cached_property
    def _patterns(self) -> list[re.Pattern[str]]:
        """The text and its aliases as patterns, each parameter matching any text."""
        patterns = []
        for text in (self.text, *self.aliases):
            parts = _PARAMETER.split(text)
            regex = "".join(
                f"(?P<{part}>.*?)" if i % 2 else re.escape(part) for i, part in enumerate(parts)
            )
            patterns.append(re.compile(regex, re.S))
        return patterns

    def match(self, stored: str) -> dict[str, str] | None:
        """The parameters if `stored` is this reason's text (or an alias), else None."""
        for pattern in self._patterns:
            found = pattern.fullmatch(stored)
            if found:
                return found.groupdict()
        return None

    def show(self, params: Mapping[str, str]) -> str:
        shown = {}
        for name in _PARAMETER.findall(self.text):
            value = params.get(name, "")
            try:
                shown[name] = self.shows[name](value) if name in self.shows else value
            except (KeyError, ValueError):
                shown[name] = value
        return _(self.text) % shown


@dataclass(frozen=True)
class Because:
    """A reason with its parameters, as an action hands it to save_recorded."""

    reason: Reason
    params: Mapping[str, str]

    def stored(self) -> str:
        """The English text kept in the history column."""
        return (self.reason.text % dict(self.params))[:REASON_LENGTH]


_discovered = False


def known_reasons() -> list[Reason]:
    """Every reason the apps define. Reasons live beside the actions that write them, so the
    apps' actions modules are imported the first time a history is shown."""
    global _discovered
    if not _discovered:
        for config in apps.get_app_configs():
            if config.name.startswith("prima.") and module_has_submodule(config.module, "actions"):
                import_module(f"{config.name}.actions")
        _discovered = True
    return _REASONS


def reason_text(stored: str | None) -> str:
    """A stored change reason in the reader's language (typed text comes back unchanged)."""
    if not stored:
        return ""
    for reason in known_reasons():
        params = reason.match(stored)
        if params is not None:
            return reason.show(params)
    return stored


def save_recorded(instance: Any, actor: Any, reason: Reason | Because | None = None) -> None:
    """Validate and save a model instance that keeps a history (django-simple-history), with
    who changed it and, optionally, why. The one way every app's actions save such records."""
    instance._history_user = actor
    if reason is not None:
        because = reason() if isinstance(reason, Reason) else reason
        instance._change_reason = because.stored()
    instance.full_clean()
    instance.save()


def save_fields_recorded(instance: Any, actor: Any, fields: Sequence[str]) -> None:
    """Save only `fields` of a record that keeps a history, naming who changed them — for a
    change of one or two fields (a password, a status) that must not overwrite the others,
    which another writer may be changing at the same time."""
    instance._history_user = actor
    instance.save(update_fields=list(fields))


def delete_recorded(instance: Any, actor: Any, reason: Reason | Because | None = None) -> None:
    """Delete a model instance that keeps a history, recording who deleted it and, optionally,
    why — the deleting twin of save_recorded."""
    instance._history_user = actor
    if reason is not None:
        because = reason() if isinstance(reason, Reason) else reason
        instance._change_reason = because.stored()
    instance.delete()


# --- changes ----------------------------------------------------------------------------------
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
    # The history model's own fields: fields excluded from history (password) are absent;
    # so are a generated number standing for the record and what the model keeps hidden.
    original = record.instance_type
    hidden = set(getattr(original, "history_hidden_fields", ()))
    pk_name = original._meta.pk.name
    if isinstance(original._meta.pk, models.fields.AutoFieldMixin):
        hidden.add(pk_name)
    return [
        f
        for f in type(record)._meta.concrete_fields
        if f.attname not in _SKIP and f.name not in hidden
    ]


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


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                           "j M Y H.i")  # fmt: skip
    if isinstance(value, date):
        return date_format(value, "j M Y")
    if isinstance(value, time):
        return time_format(value, "H.i")
    if isinstance(value, Decimal | float):
        return number_format(value)
    return str(value)


def _readable(value: Any) -> str:
    """Structured data with no display of its own: lists as lists, mappings as "a: b"."""
    if isinstance(value, list | tuple):
        return "; ".join(_readable(v) for v in value if v not in (None, "", [], {})) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_readable(v)}" for k, v in value.items()) or "—"
    return _scalar(value)


def _shown(
    value: Any,
    model_field: models.Field[Any, Any],
    model: type[models.Model],
    labels: dict[tuple[type, Any], models.Model],
) -> str | dict[str, str]:
    if value is None or value == "":
        return "—"
    if model_field.is_relation and model_field.related_model is not None:
        related = labels.get((model_field.related_model, value))
        return str(related) if related is not None else _("(deleted)")
    display = getattr(model, "history_display", None)
    if display is not None:
        shown = display(model_field.name, value)
        if shown is not None:
            return shown if isinstance(shown, str) else {k: v or "—" for k, v in shown.items()}
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, list | dict):
        return _readable(value)
    return _scalar(value)


def describe(records: Iterable[Any]) -> list[Change]:
    """One Change per history record, newest first as given, with field-level differences."""
    records = list(records)
    previous = _previous_versions(records)
    # Collect foreign-key ids to name them in one query per related model.
    wanted: dict[type, set[Any]] = defaultdict(set)
    for record in records:
        for model_field in type(record)._meta.concrete_fields:
            if model_field.attname in _SKIP:
                continue
            if model_field.is_relation and model_field.related_model is not None:
                for version in (record, previous.get((type(record), record.history_id))):
                    if version is not None and getattr(version, model_field.attname) is not None:
                        wanted[model_field.related_model].add(getattr(version, model_field.attname))
    labels: dict[tuple[type, Any], models.Model] = {}
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=ids):  # type: ignore[attr-defined]
            labels[(related_model, obj.pk)] = obj

    changes: list[Change] = []
    for record in records:
        model = record.instance_type
        before = previous.get((type(record), record.history_id))
        action = {"+": "created", "~": "changed", "-": "deleted"}[record.history_type]
        change = Change(
            at=record.history_date,
            user=str(record.history_user) if record.history_user_id else _("system"),
            action=action,
            model=str(model._meta.verbose_name),
            label=_label(record, labels),
            reason=reason_text(record.history_change_reason),
        )
        for model_field in _tracked_fields(record):
            if action == "deleted":
                break
            new = getattr(record, model_field.attname)
            old = getattr(before, model_field.attname) if before is not None else None
            if action == "created" and new in (None, "", [], {}):
                continue
            if before is not None and old == new:
                continue
            name = str(model_field.verbose_name)
            shown_new = _shown(new, model_field, model, labels)
            shown_old = _shown(old, model_field, model, labels) if before is not None else "—"
            if isinstance(shown_new, dict) or isinstance(shown_old, dict):
                new_parts = shown_new if isinstance(shown_new, dict) else {}
                old_parts = shown_old if isinstance(shown_old, dict) else {}
                for part in dict.fromkeys([*old_parts, *new_parts]):
                    part_old, part_new = old_parts.get(part, "—"), new_parts.get(part, "—")
                    if part_old != part_new and not (action == "created" and part_new == "—"):
                        change.fields.append(FieldChange(f"{name} · {part}", part_old, part_new))
                continue
            change.fields.append(FieldChange(name=name, old=shown_old, new=shown_new))
        if action == "changed" and not change.fields:
            continue  # a save that changed nothing shown (e.g. only updated_at)
        changes.append(change)
    return changes


def _label(record: Any, labels: dict[tuple[type, Any], models.Model]) -> str:
    """The record's own name (its __str__), from the copy in the history, with the records it
    points to taken from those already fetched."""
    instance = record.instance
    for model_field in instance._meta.concrete_fields:
        if model_field.is_relation and model_field.related_model is not None:
            related = labels.get(
                (model_field.related_model, getattr(instance, model_field.attname))
            )
            if related is not None:
                model_field.set_cached_value(instance, related)  # type: ignore[attr-defined]
    try:
        if hasattr(instance, "role") and hasattr(instance, "user_id"):  # a role: whose
            return f"{instance.get_role_display()} · {instance.user}"
        return str(instance)
    except models.ObjectDoesNotExist:  # a record its name needs was deleted
        return next(
            (str(v) for a in ("name", "title", "code") if (v := getattr(instance, a, None))),
            "—",
        )
