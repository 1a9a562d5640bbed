from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from prima.messaging import numbers
from prima.messaging.models import TEXT_LIMIT, Channel
from prima.registry.models import Service, ServiceUnit


def e164(raw: str) -> str:
    """A phone number as typed, in E.164, or the form's error."""
    number = numbers.normalise(raw)
    if number is None:
        raise forms.ValidationError(_("This is not a phone number."))
    return number


class PhoneForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    number = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        help_text=_("The citizen's number, e.g. 0812 0000 1708."),
    )
    text = forms.CharField(
        label=_("Message"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].initial = settings.PRIMA_MESSAGING_DEMO_NUMBER

    def clean_number(self) -> str:
        return e164(self.cleaned_data["number"])


class ReviewForm(forms.Form):
    FILE, DISMISS, PRANK = "file", "dismiss", "prank"
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (FILE, _("File it as a complaint")),
            (DISMISS, _("Dismiss: not a complaint")),
            (PRANK, _("Dismiss as a prank (counts towards blocking the number)")),
        ],
    )
    unit = forms.ModelChoiceField(
        label=_("Service unit"), queryset=ServiceUnit.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The complaint's text: the message as sent, which you may tidy up."),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.FILE:
            if not data.get("unit"):
                self.add_error("unit", _("Choose the unit the complaint is about."))
            if not (data.get("description") or "").strip():
                self.add_error("description", _("Write what happened."))
        return data


class InviteForm(forms.Form):
    LINK, BY_REPLY = "link", "reply"

    service = forms.ModelChoiceField(
        label=_("Service received"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("— the unit as a whole —"),
    )
    channel = forms.ChoiceField(
        label=_("Send by"), choices=Channel.choices, widget=forms.RadioSelect
    )
    number = forms.CharField(
        label=_("The citizen's phone number"),
        max_length=30,
        help_text=_("e.g. 0812 3456 7890. It is kept only to send this message."),
    )
    mode = forms.ChoiceField(
        label=_("How they answer"),
        widget=forms.RadioSelect,
        choices=[
            (LINK, _("A link to the survey form (works once, for 7 days)")),
            (BY_REPLY, _("Nine questions by reply, 1–4 (no internet needed)")),
        ],
        initial=LINK,
    )
    agreed = forms.BooleanField(
        label=_("The citizen agreed to receive this message"),
        help_text=_("Ask first. Their agreement is recorded with the number; they can reply STOP."),
    )

    def __init__(self, *args: Any, unit: ServiceUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Service.objects.filter(unit=unit, is_active=True).order_by("name")

    def clean_number(self) -> str:
        return e164(self.cleaned_data["number"])
