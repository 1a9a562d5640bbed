"""Form rendering shared by every page: Django's accessible markup with Prima's templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_noop

# Django's own Indonesian says "Field ini …" for these model-validation messages; Prima's
# catalogue, first in LOCALE_PATHS, gives them in the words the rest of the interface uses.
DJANGO_MESSAGES_REWORDED = (
    gettext_noop("This field cannot be blank."),
    gettext_noop("This field cannot be null."),
)


class FormRenderer(TemplatesSetting):
    """Labels, hints and errors tied to their inputs (aria-describedby, aria-invalid)."""

    form_template_name = "prima/forms/div.html"
    field_template_name = "prima/forms/field.html"


class NoColonMixin:
    """Labels without Django's trailing colon, as in the GOV.UK and Indonesian styles."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class Form(NoColonMixin, forms.Form):
    pass


class ModelForm(NoColonMixin, forms.ModelForm):
    pass


def error_messages(form: forms.BaseForm, *, labelled: bool = True) -> list[str]:
    """A bound form's errors as sentences for a flash message, each after its field's label —
    for small forms posted from a page that shows no form of their own."""
    found: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if labelled and name in form.fields else ""
        found.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return found


class DateInput(forms.DateInput):
    """A date field with the browser's own date picker."""

    input_type = "date"
