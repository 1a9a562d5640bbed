"""Every free-text field has a documented maximum, enforced by the model and the forms
(issue 16, item 5): a TextField without one, a form field without one, or a maximum missing
from docs/limits.md fails here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

import prima
from prima.lib.fields import LimitedTextField

LIMITS_DOC = Path(__file__).resolve().parents[3] / "docs" / "limits.md"


def _prima_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("prima.") and not model.__name__.startswith("Historical")
    ]


def _text_fields() -> list[tuple[str, models.Field]]:
    return [
        (model._meta.label, field)
        for model in _prima_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.CharField)
    ]


def test_every_free_text_column_has_a_maximum_the_model_enforces():
    # CharField validates its max_length; a TextField only through LimitedTextField. A column
    # only code writes (editable=False: no form offers it, like the search index) is exempt.
    unlimited = [
        f"{label}.{field.name}"
        for label, field in _text_fields()
        if field.editable
        and (
            not field.max_length
            or not any(
                isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length
                for v in field.validators
            )
        )
    ]
    assert len(_text_fields()) > 100
    assert unlimited == []


def test_a_limited_text_field_refuses_too_much_text_in_full_clean():
    field = LimitedTextField("note", max_length=5)
    field.clean("12345", None)
    with pytest.raises(ValidationError):
        field.clean("123456", None)
    assert field.formfield().max_length == 5


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for info in pkgutil.walk_packages(prima.__path__, "prima."):
        if ".tests" in info.name or ".migrations" in info.name or not info.name.endswith("forms"):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                found.append(cls)
    return found


def test_every_text_box_on_every_form_has_a_maximum():
    assert len(_form_classes()) > 40
    unlimited = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField)
        and field.max_length is None
        and not isinstance(field.widget, forms.HiddenInput)
    ]
    assert unlimited == []


def limits_table() -> str:
    """The table docs/limits.md must hold, from the models."""
    rows = sorted(
        (label, field.name, str(field.verbose_name), field.max_length)
        for label, field in _text_fields()
        if field.max_length and field.editable and not field.choices
    )
    lines = ["| record | field | what people see | maximum |", "|---|---|---|---|"]
    lines += [
        f"| `{label}` | `{name}` | {verbose} | {limit:,} |" for label, name, verbose, limit in rows
    ]
    return "\n".join(lines)


def test_every_maximum_is_documented():
    from django.utils import translation

    with translation.override("en"):
        expected = limits_table()
    text = LIMITS_DOC.read_text()
    table = text.split("<!-- limits -->\n", 1)[1].split("\n<!-- /limits -->", 1)[0]
    assert table == expected, (
        "docs/limits.md is behind the models; replace its table with:\n" + expected
    )
