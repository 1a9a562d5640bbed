"""Forms of the evaluation pages. Indicator fields are built from the cycle's instrument."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prima.accounts.models import User
from prima.evaluation.instrument import FAMILY_OF_CYCLE, Instrument, built_in, built_in_codes
from prima.evaluation.models import (
    CONTEST_REASON_MAX,
    EXPLANATION_MAX,
    NOTE_MAX,
    ActionItem,
    Assignment,
    Cycle,
    Lokus,
    MentoringSession,
    Recommendation,
    Visit,
)
from prima.lib.forms import DateInput
from prima.lib.officials import NipField
from prima.lib.uploads import IMAGE, PDF, UploadField
from prima.registry.models import ServiceUnit

LEVELS = [(str(n), str(n)) for n in range(6)]
F = TypeVar("F", bound=forms.BaseForm)


def read_only(form: F) -> F:
    """Every field disabled: the form shows what it holds (or what was just sent) and cannot
    be sent; the page says why (access.Gate.reason)."""
    for field in form.fields.values():
        field.disabled = True
    return form


def field_name(prefix: str, code: str) -> str:
    """A form field name for an indicator code such as 1.a.Ak."""
    return f"{prefix}_{code.replace('.', '_')}"


class CycleForm(forms.ModelForm):
    instrument_code = forms.ChoiceField(label=_("Instrument"))
    # Declared, not from field_classes: the model's max_length (18 digits) would otherwise
    # refuse a NIP typed as printed, with its spaces.
    signer_nip = NipField(label=_("NIP of the signer"))

    class Meta:
        model = Cycle
        fields = [
            "name",
            "year",
            "scheme",
            "agency",
            "instrument_code",
            "self_assessment_due",
            "scoring_due",
            "verification_days",
            "user_weight",
            "user_min_respondents",
            "double_scoring_percent",
            "priority_below",
            "signer_name",
            "signer_position",
            "signer_nip",
        ]
        widgets = {"self_assessment_due": DateInput(), "scoring_due": DateInput()}
        help_texts = {
            "signer_name": _(
                "The official who signs the results document for the organiser; without one "
                "the name line stays open for a pen."
            )
        }

    def __init__(self, *args: Any, agencies: Any, national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.national = national
        # Grouped by the schemes each family serves; clean() refuses a mismatch.
        self.fields["instrument_code"].choices = [  # type: ignore[attr-defined]
            (_("PEKPPP (Nasional, Mandiri)"), [(c, c) for c in built_in_codes(family="pekppp")]),
            (Cycle.Scheme.MPP.label, [(c, c) for c in built_in_codes(family="mpp")]),
        ]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if not national:
            self.fields["scheme"].choices = [(Cycle.Scheme.MANDIRI, Cycle.Scheme.MANDIRI.label)]  # type: ignore[attr-defined]
        if self.instance.pk:
            for name in ("year", "scheme", "agency"):
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scheme = data.get("scheme")
        if scheme == Cycle.Scheme.NASIONAL:
            if not self.national:
                self.add_error("scheme", _("Only national administrators run PEKPPP Nasional."))
            if data.get("agency"):
                self.add_error("agency", _("Leave empty for PEKPPP Nasional."))
        if scheme == Cycle.Scheme.MANDIRI and not data.get("agency"):
            self.add_error("agency", _("Choose the agency that runs its own evaluation."))
        if scheme == Cycle.Scheme.MPP:
            if not self.national:
                self.add_error("scheme", _("Only national administrators run the Monev MPP."))
            if data.get("agency"):
                self.add_error("agency", _("Leave empty for the Monev MPP."))
        code = data.get("instrument_code")
        if scheme and code and built_in(code).scheme != FAMILY_OF_CYCLE.get(scheme):
            self.add_error(
                "instrument_code",
                _("Choose an instrument of the %(scheme)s group.")
                % {"scheme": Cycle.Scheme(scheme).label},
            )
        return data


class LokusForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Service unit"), queryset=ServiceUnit.objects.none())
    kind = forms.ChoiceField(
        label=_("Type of service"),
        choices=[("", _("From the unit's services"))] + list(Lokus.Kind.choices),
        required=False,
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=[("", _("From the unit's delivery mode"))] + list(Lokus.Mode.choices),
        required=False,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    evaluator = forms.ModelChoiceField(label=_("Evaluator"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Assignment.Role.choices)

    def __init__(self, *args: Any, evaluators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = evaluators  # type: ignore[attr-defined]


class SelfAssessmentForm(forms.Form):
    """A claimed level (optional) and an explanation per indicator."""

    def __init__(self, *args: Any, instrument: Instrument, answers: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for code, indicator in instrument.indicators.items():
            answer = answers.get(code)
            self.fields[field_name("claim", code)] = forms.TypedChoiceField(
                label=_("%(code)s — level the unit claims") % {"code": code},
                choices=[("", "—")] + [(str(n), f"{n}: {indicator.scale[n]}") for n in range(6)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=answer.claim if answer else None,
            )
            self.fields[field_name("explanation", code)] = forms.CharField(
                label=_("%(code)s — explanation") % {"code": code},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=EXPLANATION_MAX,
                initial=answer.explanation if answer else "",
            )

    def answers(self) -> dict[str, tuple[int | None, str]]:
        return {
            code: (
                self.cleaned_data[field_name("claim", code)],
                self.cleaned_data[field_name("explanation", code)].strip(),
            )
            for code in self.instrument.indicators
        }


class EvidenceForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    title = forms.CharField(label=_("Title"), max_length=200)
    file = UploadField(label=_("File"), kinds=(PDF, IMAGE))

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            (code, f"{code} {i.name}") for code, i in instrument.indicators.items()
        ]


class ScoreForm(forms.Form):
    """A required 0–5 score and an optional note per indicator (F-02)."""

    def __init__(self, *args: Any, instrument: Instrument, current: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for code, indicator in instrument.indicators.items():
            row = current.get(code)
            self.fields[field_name("score", code)] = forms.TypedChoiceField(
                label=f"{code} {indicator.name}",
                choices=[(str(n), f"{n}: {indicator.scale[n]}") for n in range(6)],
                coerce=int,
                widget=forms.RadioSelect,
                initial=str(row.score) if row else None,
                error_messages={"required": _("Score %(code)s.") % {"code": code}},
            )
            self.fields[field_name("note", code)] = forms.CharField(
                label=_("%(code)s — note") % {"code": code},
                required=False,
                max_length=NOTE_MAX,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=row.note if row else "",
            )

    def scores(self) -> dict[str, tuple[int, str]]:
        return {
            code: (
                self.cleaned_data[field_name("score", code)],
                self.cleaned_data[field_name("note", code)].strip(),
            )
            for code in self.instrument.indicators
        }


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["visited_on", "evaluators", "unit_officials", "findings"]
        widgets = {
            "visited_on": DateInput(),
            "evaluators": forms.Textarea(attrs={"rows": 2}),
            "unit_officials": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 5}),
        }


class ContestForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    proposed_score = forms.TypedChoiceField(
        label=_("Score the unit asks for"), choices=LEVELS, coerce=int
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=CONTEST_REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = UploadField(label=_("Supporting document"), kinds=(PDF, IMAGE), required=False)

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            (code, f"{code} {i.name}") for code, i in instrument.indicators.items()
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept: change the score")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    score = forms.TypedChoiceField(
        label=_("New score (if different from the one asked for)"),
        choices=[("", "—")] + LEVELS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=_("Reasons"), max_length=CONTEST_REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecommendationForm(forms.ModelForm):
    aspect = forms.ChoiceField(label=_("Aspect"))

    class Meta:
        model = Recommendation
        fields = ["aspect", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aspect"].choices = [(a.code, a.name) for a in instrument.aspects]  # type: ignore[attr-defined]


class SessionForm(forms.ModelForm):
    class Meta:
        model = MentoringSession
        fields = ["held_on", "mode", "topic", "attendees", "notes"]
        widgets = {
            "held_on": DateInput(),
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ActionItemForm(forms.ModelForm):
    evidence = UploadField(label=_("Evidence"), kinds=(PDF, IMAGE), required=False)

    class Meta:
        model = ActionItem
        fields = ["recommendation", "action", "owner", "due_on", "status", "progress", "evidence"]
        widgets = {"due_on": DateInput(), "progress": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, lokus: Lokus, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = lokus.recommendations.all()  # type: ignore[attr-defined]


# The words on each point of the F-03 scale. The form (PermenPANRB 29/2022; Pedoman Menteri
# PANRB 5/2023) asks for 0–5 per item, and no copy we have read prints words for the points
# (docs/regulations.md §4.2 and §4.4; the provincial implementation cited there leaves every
# point "-"). These words are UNCONFIRMED and our own: "not at all" for 0, then the labels the
# instrument itself gives the IPP on the same 0–5 scale (§4.6: Sangat Buruk, Buruk, Cukup, Baik,
# Sangat Baik), so a rating reads as the evaluation will read it. docs/guide/evaluation.md says so.
USER_SCALE: dict[int, Any] = {
    0: pgettext_lazy("F-03 scale", "Not at all"),
    1: pgettext_lazy("F-03 scale", "Very poor"),
    2: pgettext_lazy("F-03 scale", "Poor"),
    3: pgettext_lazy("F-03 scale", "Fair"),
    4: pgettext_lazy("F-03 scale", "Good"),
    5: pgettext_lazy("F-03 scale", "Very good"),
}


class RatingForm(forms.Form):
    """F-03 for a service user: each item 0–5 with the scale's words (USER_SCALE), any may be
    skipped but not all; a hidden honeypot."""

    website = forms.CharField(
        required=False,
        max_length=200,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.user_items:
            self.fields[field_name("item", item.code)] = forms.TypedChoiceField(
                label=item.text,
                choices=[(str(n), word) for n, word in USER_SCALE.items()],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Choose one of the six answers, from 0 to 5."),
                },
            )

    def item_fields(self) -> list[Any]:
        return [self[field_name("item", item.code)] for item in self.instrument.user_items]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.answers():
            raise forms.ValidationError(
                _("Rate at least one statement: choose an answer under any of them."),
                code="empty",
            )
        return data

    def answers(self) -> dict[str, int]:
        return {
            item.code: self.cleaned_data[field_name("item", item.code)]
            for item in self.instrument.user_items
            if self.cleaned_data.get(field_name("item", item.code)) is not None
        }
