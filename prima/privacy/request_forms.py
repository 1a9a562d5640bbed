"""Forms of people's requests about their personal data (prima.privacy.datarequests)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from prima.privacy.models import DataRequest

# What a person may ask on the public pages (access is the page itself; objection as well).
PUBLIC_KINDS = [
    (k.value, k.label)
    for k in (
        DataRequest.Kind.CORRECTION,
        DataRequest.Kind.RESTRICTION,
        DataRequest.Kind.ERASURE,
        DataRequest.Kind.OBJECTION,
        DataRequest.Kind.ACCESS,
    )
]


class RequestForm(forms.Form):
    """A request, with the corrected values for a correction (one field per correctable
    field of the record, prefixed new_)."""

    kind = forms.ChoiceField(label=_("What do you ask?"), choices=PUBLIC_KINDS)
    details = forms.CharField(
        label=_("Explain (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, fields: list[tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correctable = [name for name, _label, _value in fields]
        for name, label, _value in fields:
            self.fields[f"new_{name}"] = forms.CharField(
                label=_("Correct %(field)s to") % {"field": label},
                max_length=300 if name != "email" else 254,
                required=False,
            )

    def corrections(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[f"new_{name}"]
            for name in self.correctable
            if self.cleaned_data.get(f"new_{name}")
        }


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the person"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CorrectForm(AnswerForm):
    def __init__(self, *args: Any, fields: list[tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correctable = [name for name, _label, _value in fields]
        for name, label, value in fields:
            self.fields[name] = forms.CharField(
                label=capfirst(label), max_length=300, required=False, initial=value
            )

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in self.correctable}


class RecordRequestForm(forms.Form):
    """A request made by letter, by telephone or at the counter, entered by staff: the person
    is found by their complaint's number, for a bimtek participant by their e-mail address, and
    for a forum participant (no e-mail is asked of them) by their name."""

    complaint_number = forms.CharField(
        label=_("Complaint number"),
        max_length=40,
        required=False,
        help_text=_("For a complainant: the report's number, e.g. PRM-2611-000001."),
    )
    participant_email = forms.EmailField(
        label=_("Participant's e-mail address"),
        max_length=254,
        required=False,
        help_text=_("For a participant of a bimtek or workshop: the address they registered with."),
    )
    forum_participant_name = forms.CharField(
        label=_("Forum participant's name"),
        max_length=150,
        required=False,
        help_text=_(
            "For a participant of a public consultation forum (they gave no e-mail): the name "
            "as the attendance list has it."
        ),
    )
    forum_participant_organisation = forms.CharField(
        label=_("Their organisation (optional)"),
        max_length=200,
        required=False,
        help_text=_("To tell apart two participants of the same name."),
    )
    kind = forms.ChoiceField(label=_("What the person asks"), choices=DataRequest.Kind.choices)
    details = forms.CharField(
        label=_("What was asked, and how it arrived (letter, telephone, at the counter)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = (data.get("complaint_number") or "").strip().upper()
        email = (data.get("participant_email") or "").strip()
        name = " ".join((data.get("forum_participant_name") or "").split())
        if sum(map(bool, (number, email, name))) != 1:
            raise forms.ValidationError(
                _(
                    "Give one of these: the complaint number, the participant's e-mail "
                    "address, or the forum participant's name."
                )
            )
        data["complaint_number"] = number
        data["forum_participant_name"] = name
        data["forum_participant_organisation"] = " ".join(
            (data.get("forum_participant_organisation") or "").split()
        )
        return data
