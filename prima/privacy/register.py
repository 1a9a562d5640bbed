"""The processing register (UU 27/2022 art. 31), built from the models' field inventory.

The declarations are in prima.lib.privacy (ACTIVITIES, PERSONAL_FIELDS, NOT_PERSONAL; its
docstring says why there); this module joins them with the models (django.apps) to name each
field as people read it, and marks the fields whose record history (django-simple-history) keeps
earlier values. prima/privacy/tests/test_register.py keeps the declarations complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from prima.lib.privacy import (
    ACTIVITIES,
    CATEGORY_LABELS,
    FIELD_LABELS,
    PERSONAL_FIELDS,
    SECURITY,
    STORAGE,
    Activity,
    retention_days,
    retention_kind,
)

# Field names that look personal: a new field named so must be declared either way.
PERSONAL_LOOKING = re.compile(
    r"(^|_)(name|full_name|email|e_mail|phone|mobile|whatsapp|address|nip|nik|age|sex|gender|"
    r"birth|education|occupation|user_agent|agent|ip|device|digest|contact|staff|head|chair|"
    r"signer|signatory|recipient|username|person|respondent|photo|image|number)(_|$)"
)
PERSONAL_LOOKING_TYPES = {"FileField", "ImageField", "EmailField", "GenericIPAddressField"}


def prima_models(*, historical: bool = True) -> Iterator[type[models.Model]]:
    for model in apps.get_models(include_auto_created=True):
        if not model.__module__.startswith("prima."):
            continue
        if not historical and is_historical(model):
            continue
        yield model


def is_historical(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type") and model.__name__.startswith("Historical")


def base_model(model: type[models.Model]) -> type[models.Model]:
    """The model a historical table copies, or the model itself."""
    return model.instance_type if is_historical(model) else model  # type: ignore[attr-defined]


def field_key(model: type[models.Model], name: str) -> str:
    model = base_model(model)
    return f"{model._meta.app_label}.{model.__name__}.{name}"


def looks_personal(model_field: models.Field[Any, Any]) -> bool:
    return bool(PERSONAL_LOOKING.search(model_field.name)) or (
        model_field.get_internal_type() in PERSONAL_LOOKING_TYPES
    )


def historical_models() -> set[str]:
    """ "app_label.Model" of every model whose history is kept."""
    return {
        f"{base_model(m)._meta.app_label}.{base_model(m).__name__}"
        for m in prima_models()
        if is_historical(m)
    }


@dataclass(frozen=True)
class FieldEntry:
    key: str
    model: str
    field: str
    category: str
    category_label: Any
    history: bool


@dataclass(frozen=True)
class RetentionEntry:
    label: Any
    days: int
    starts: Any
    action: Any


@dataclass
class ActivityEntry:
    activity: Activity
    fields: list[FieldEntry] = field(default_factory=list)
    retention: list[RetentionEntry] = field(default_factory=list)

    @property
    def has_specific(self) -> bool:
        return any(f.category != "general" for f in self.fields)

    @property
    def has_history(self) -> bool:
        return any(f.history for f in self.fields)


def _field_entry(key: str, category: str, with_history: set[str]) -> FieldEntry:
    app_label, model_name, name = key.split(".")
    model = apps.get_model(app_label, model_name)
    model_field = model._meta.get_field(name)
    return FieldEntry(
        key=key,
        model=str(model._meta.verbose_name),
        field=str(FIELD_LABELS.get(key) or getattr(model_field, "verbose_name", name)),
        category=category,
        category_label=CATEGORY_LABELS[category],
        history=f"{app_label}.{model_name}" in with_history,
    )


def build_register() -> list[ActivityEntry]:
    """Every processing activity with its personal fields and the retention in force."""
    with_history = historical_models()
    entries = []
    for item in ACTIVITIES:
        entry = ActivityEntry(activity=item)
        entry.fields = [
            _field_entry(key, category, with_history)
            for key, (activity_key, category) in PERSONAL_FIELDS.items()
            if activity_key == item.key
        ]
        for key in item.retention:
            kind = retention_kind(key)
            entry.retention.append(
                RetentionEntry(
                    label=kind.label,
                    days=retention_days(key),
                    starts=kind.starts,
                    action=kind.action,
                )
            )
        entries.append(entry)
    return entries


def retention_text(entry: ActivityEntry) -> str:
    from django.utils.translation import gettext as _

    parts = [
        _("%(label)s: %(days)s days after %(starts)s (%(action)s)")
        % {"label": r.label, "days": r.days, "starts": r.starts, "action": r.action}
        for r in entry.retention
    ]
    if entry.activity.retention_note:
        parts.append(str(entry.activity.retention_note))
    return "; ".join(parts)


def register_rows(entries: list[ActivityEntry]) -> Iterator[list[Any]]:
    """One row per personal field, with its activity's record (the CSV and XLSX export)."""
    from django.utils.translation import gettext as _

    for entry in entries:
        a = entry.activity
        for f in entry.fields:
            yield [
                str(a.name),
                str(a.purpose),
                str(a.basis),
                str(a.subjects),
                f.model,
                f.field,
                str(f.category_label),
                _("yes") if f.history else _("no"),
                str(a.recipients),
                retention_text(entry),
                str(STORAGE),
                str(SECURITY),
            ]


def register_header() -> list[str]:
    from django.utils.translation import gettext as _

    return [
        _("Activity"),
        _("Purpose"),
        _("Legal basis"),
        _("Data subjects"),
        _("Record"),
        _("Field"),
        _("Category (UU PDP art. 4)"),
        _("Earlier values kept in the record history"),
        _("Recipients"),
        _("Retention"),
        _("Storage"),
        _("Security measures"),
    ]
