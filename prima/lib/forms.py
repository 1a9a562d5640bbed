"""Form rendering shared by every page: Django's accessible markup with Prima's templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from prima.lib.formats import integer

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


class CountedTextarea(forms.Textarea):
    """A textarea with its limit stated below it ("At most 5,000 characters"), which
    prima/static/prima/counter.js turns into a live count. The limit is the field's
    (`CountedCharField`); the messages the script shows come translated from here."""

    template_name = "prima/forms/widgets/counted_textarea.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        limit = int(widget["attrs"].get("data-limit", 0))
        element_id = widget["attrs"].get("id", "")
        if element_id:
            described = widget["attrs"].get("aria-describedby", "")
            widget["attrs"]["aria-describedby"] = f"{described} {element_id}_limit".strip()
        widget["limit"] = {
            "id": f"{element_id}_limit",
            "text": gettext("At most %(limit)s characters.") % {"limit": integer(limit)},
            # {n} is filled in by the script, in the page's language.
            "left_one": ngettext(
                "You have %(n)s character left", "You have %(n)s characters left", 1
            ),
            "left_many": ngettext(
                "You have %(n)s character left", "You have %(n)s characters left", 2
            ),
            "over_one": ngettext(
                "You have %(n)s character too many", "You have %(n)s characters too many", 1
            ),
            "over_many": ngettext(
                "You have %(n)s character too many", "You have %(n)s characters too many", 2
            ),
        }
        return context


class CountedCharField(forms.CharField):
    """Free text with a stated limit that never cuts anything silently (GOV.UK's character
    count): no `maxlength` attribute, with which a browser drops what is pasted past the limit
    without a word; instead the limit is stated under the box, counted live where scripts
    run, and checked here with a message that says by how much to shorten — the text stays in
    the form. Line breaks count as one character, as the counter counts them (browsers send
    them as two)."""

    widget = CountedTextarea

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        # The limit is checked in validate() with a message in people's numbers (5.000).
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text.replace("\r\n", "\n") if isinstance(text, str) else text

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs["data-limit"] = str(self.max_length)
        return attrs

    def validate(self, value: Any) -> None:
        super().validate(value)
        assert self.max_length is not None
        if value and len(value) > self.max_length:
            raise forms.ValidationError(
                _("It is %(over)s characters too long: shorten it to at most %(limit)s."),
                code="max_length",
                params={
                    "over": integer(len(value) - self.max_length),
                    "limit": integer(self.max_length),
                },
            )
