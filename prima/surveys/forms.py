"""Survey forms: the citizen's questionnaire and the staff forms around a survey period."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from prima.lib.forms import CountedCharField, CountedTextarea, Form, ModelForm
from prima.lib.media import is_electronic
from prima.registry.models import Service, ServiceUnit
from prima.surveys import questionnaire
from prima.surveys.actions import FOLLOWUP_FIELDS
from prima.surveys.models import (
    ExtraQuestion,
    FollowUpAction,
    Kiosk,
    Publication,
    SurveyPeriod,
)

HONEYPOT = "website"


class ResponseForm(Form):
    """The questionnaire: the nine elements in the unit's order, the respondent profile (never
    a name), a suggestion, the unit's extra questions, and two fields people never fill — the
    form token and a honeypot hidden from people and screen readers.

    Every citizen's form is read with it, so its fixed fields are built once and shared by
    all instances (`_shared_fields`) instead of being deep-copied for each, as Django does
    with declared fields; nothing changes a field after it is built.
    """

    def __init__(
        self,
        *args: Any,
        service: Service | None,
        order: tuple[str, ...],
        extra_questions: list[ExtraQuestion],
        services: tuple[Service, ...],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.order = order
        self.extra_questions = extra_questions
        self.fields.update(_shared_fields())
        self.fields.update(_element_fields(get_language(), order))
        for question in extra_questions:
            name = f"extra_{question.pk}"
            if question.kind == ExtraQuestion.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    choices=[(c, c) for c in question.choices],
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text, required=False, max_length=300
                )
        self.services: dict[int, Service] = {}
        if service is None:
            self.services = {s.pk: s for s in services}
            self.fields["service"] = forms.TypedChoiceField(
                label=_("Service you received"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("— choose —")), *((s.pk, s.name) for s in services)],
            )

    def chosen_service(self) -> Service | None:
        """The service the citizen picked from the list (None if none was picked)."""
        pk = self.cleaned_data.get("service")
        return self.services.get(pk) if pk is not None else None

    def element_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in self.order]

    def profile_fields(self) -> list[forms.BoundField]:
        names = ["service", "sex", "age", "education", "occupation"]
        return [self[name] for name in names if name in self.fields]

    def extra_fields(self) -> list[forms.BoundField]:
        return [self[f"extra_{q.pk}"] for q in self.extra_questions]

    def answers(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in self.order}

    def profile(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) for name in ("sex", "age", "education", "occupation")}

    def extra_answers(self) -> dict[str, str]:
        answers = {}
        for question in self.extra_questions:
            value = self.cleaned_data.get(f"extra_{question.pk}")
            if value:
                answers[str(question.pk)] = value
        return answers


@functools.cache
def _shared_fields() -> dict[str, forms.Field]:
    """The questionnaire's fixed fields other than the nine elements (labels stay lazy, so
    one set serves every language)."""
    return {
        "token": forms.CharField(widget=forms.HiddenInput, required=False),
        "sex": forms.ChoiceField(
            label=_("Sex"),
            choices=questionnaire.SEX_CHOICES,
            widget=forms.RadioSelect,
            required=False,
        ),
        "age": forms.IntegerField(
            label=_("Age (years)"),
            required=False,
            validators=[
                MinValueValidator(questionnaire.MIN_AGE),
                MaxValueValidator(questionnaire.MAX_AGE),
            ],
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        ),
        "education": forms.ChoiceField(
            label=_("Highest education"),
            choices=[("", _("— choose —")), *questionnaire.EDUCATION_CHOICES],
            required=False,
        ),
        "occupation": forms.ChoiceField(
            label=_("Occupation"),
            choices=[("", _("— choose —")), *questionnaire.OCCUPATION_CHOICES],
            required=False,
        ),
        # At most 2,000 characters, stated and counted, never cut (prima.lib.forms).
        "suggestion": CountedCharField(
            label=_("Suggestions for this unit (optional)"),
            help_text=_("Please do not write your name, ID number or phone number."),
            required=False,
            max_length=2000,
            widget=CountedTextarea(attrs={"rows": 4}),
        ),
        HONEYPOT: forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        ),
    }


@functools.lru_cache(maxsize=32)
def _element_fields(language: str, order: tuple[str, ...]) -> dict[str, forms.Field]:
    """The nine element questions in `order`, built once per language and order.

    Building their radio choices was the costliest part of reading a citizen's answers, so
    every ResponseForm shares these field objects instead of deep-copying its own. That is
    safe because nothing changes a field after this: validation and rendering only read them.
    """
    fields: dict[str, forms.Field] = {}
    for position, key in enumerate(order, start=1):
        element = questionnaire.ELEMENTS[key]
        field = forms.TypedChoiceField(
            label=str(element.question),
            help_text=str(element.title),
            choices=[(i, str(label)) for i, label in enumerate(element.labels, start=1)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": str(_("Choose one answer."))},
        )
        field.position = position  # type: ignore[attr-defined]
        fields[key] = field
    return fields


class EnrolKioskForm(Form):
    code = forms.CharField(
        label=_("Enrolment code"),
        help_text=_("The code an officer created for this kiosk in Prima."),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


# --- staff ----------------------------------------------------------------------------------
class PeriodForm(ModelForm):
    target = forms.DecimalField(
        label=_("Target IKM for the year"),
        required=False,
        min_value=Decimal("25"),
        max_value=Decimal("100"),
        decimal_places=2,
        help_text=_("From 25.00 to 100.00; regional plans expect the IKM to rise every year."),
    )

    class Meta:
        model = SurveyPeriod
        fields = [
            "name",
            "kind",
            "service",
            "starts_on",
            "ends_on",
            "population",
            "accepting",
            "publish_suggestions",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, unit: ServiceUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["service"].queryset = unit.services.order_by("name")  # type: ignore[attr-defined]
        if self.instance.pk:
            # Moving a period to another service would mix two surveys' answers.
            self.fields["service"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day comes before the first day."))
        if starts_on and ends_on and (ends_on - starts_on) > dt.timedelta(days=366):
            self.add_error("ends_on", _("A survey period lasts at most a year."))
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("target", None)
        data.pop("service", None)
        return data


class ElementOrderForm(Form):
    """The order of the nine elements as a list of positions, one per element."""

    def __init__(self, *args: Any, order: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(i), f"U{i}") for i in range(1, 10)]
        for position, key in enumerate(order, start=1):
            self.fields[key] = forms.TypedChoiceField(
                label=str(questionnaire.ELEMENTS[key].title),
                choices=choices,
                coerce=int,
                initial=str(position),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        positions = [data.get(key) for key in questionnaire.DEFAULT_ORDER]
        if None not in positions and sorted(positions) != list(range(1, 10)):  # type: ignore[type-var]
            raise forms.ValidationError(_("Give each position from U1 to U9 to one element."))
        return data

    def order(self) -> list[str]:
        return sorted(questionnaire.DEFAULT_ORDER, key=lambda key: self.cleaned_data[key])


class ExtraQuestionForm(ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One choice per line, for questions with a list of choices."),
    )

    class Meta:
        model = ExtraQuestion
        fields = ["text", "kind", "position", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices)
        self.order_fields(["text", "kind", "choices_text", "position", "is_active"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choices = [line.strip()[:100] for line in data.get("choices_text", "").splitlines()]
        data["choices"] = list(dict.fromkeys(c for c in choices if c))
        if data.get("kind") == ExtraQuestion.Kind.CHOICE and len(data["choices"]) < 2:
            self.add_error("choices_text", _("Give at least two choices, one per line."))
        return data


class KioskForm(ModelForm):
    class Meta:
        model = Kiosk
        fields = ["name"]


class ImportForm(Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "One row per respondent; columns persyaratan … pengaduan or U1 … U9 with answers 1–4. "
            "Up to 5 MB."
        ),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB; split it in parts."))
        return upload


class ReviewForm(Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class FollowUpForm(ModelForm):
    class Meta:
        model = FollowUpAction
        fields = list(FOLLOWUP_FIELDS)
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 3}),
            "evidence_note": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "action": _(
                "Public on the unit's results page once the period is published, with the "
                "element, problem, status and dates; who is responsible and the evidence are not."
            )
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        done = data.get("status") == FollowUpAction.Status.DONE
        if done and not data.get("completed_on"):
            self.add_error("completed_on", _("Give the date the action was completed."))
        if not done:
            data["completed_on"] = None
        return data


class PublicationForm(ModelForm):
    class Meta:
        model = Publication
        fields = ["medium", "url", "published_on", "note"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if is_electronic(data.get("medium") or "") and not data.get("url"):
            self.add_error("url", _("Give the link where the results can be seen."))
        return data
