from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prima.documents.models import IssuedDocument
from prima.lib.forms import Form


class VerifyForm(Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("Ten letters and digits printed beside the QR code, e.g. 7KQ2M-X4PDA."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class WithdrawForm(Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public verification page, e.g. issued with a wrong name."),
    )


class DocumentFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *IssuedDocument.Kind.choices],
    )
