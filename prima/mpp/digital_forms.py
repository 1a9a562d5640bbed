"""The form of one MPP Digital criterion: its state, evidence (an address or a file) and a
note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prima.lib.uploads import IMAGE, PDF, UploadField
from prima.mpp.models import NOTE_MAX, DigitalCriterion


class CriterionForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=DigitalCriterion.State.choices)
    evidence_url = forms.URLField(
        label=_("Evidence (address)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("A page that shows the criterion met, e.g. the MPP Digital queue page."),
    )
    evidence_file = UploadField(label=_("Evidence (file)"), kinds=(PDF, IMAGE), required=False)
    remove_file = forms.BooleanField(label=_("Remove the stored file"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, has_file: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_file:
            del self.fields["remove_file"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("evidence_file") and data.get("remove_file"):
            self.add_error("remove_file", _("Either upload a new file or remove the stored one."))
        return data
