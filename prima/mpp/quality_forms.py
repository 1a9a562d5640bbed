"""Forms of the MPP's quality pages: sending a complaint on to its tenant."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prima.mpp.models import Mpp, Tenant

NOTE_MAX = 1000


class ForwardForm(forms.Form):
    tenant = forms.ModelChoiceField(
        label=_("Tenant the complaint is about"),
        queryset=Tenant.objects.none(),
        help_text=_(
            "It goes to the tenant's own office when that office is in Prima; otherwise it "
            "stays with the MPP, the tenant recorded."
        ),
    )
    note = forms.CharField(
        label=_("Note for the timeline"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, mpp: Mpp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tenant"].queryset = Tenant.objects.filter(mpp=mpp).order_by("name")  # type: ignore[attr-defined]
