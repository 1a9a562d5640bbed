"""Forms of the innovation registry's staff pages. Choices that depend on who is asking (units,
services, innovations) are passed in by the view from prima.innovation.access."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.innovation.actions import NO_START
from prima.innovation.models import (
    Innovation,
    InnovationFile,
    Measure,
    Replication,
    SustainabilityReport,
    TeamMember,
)
from prima.innovation.models.registry import Stage, Status
from prima.lib.forms import CountedCharField, CountedTextarea, DateInput, Form, ModelForm
from prima.lib.uploads import IMAGE, PDF, UploadField
from prima.registry.models import Service, ServiceUnit
from prima.standards.models import ServiceStandard

_COUNTED = {"summary", "problem", "description", "notes", "adaptation"}


class _Counted(ModelForm):
    """Long texts with their limit stated under the box (prima.lib.forms.CountedCharField)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in _COUNTED & set(self.fields):
            old = self.fields[name]
            self.fields[name] = CountedCharField(
                label=old.label,
                help_text=old.help_text,
                required=old.required,
                max_length=old.max_length,  # type: ignore[attr-defined]
                widget=CountedTextarea(attrs={"rows": 4}),
            )


class InnovationForm(_Counted):
    """An innovation: what it is, since when, how far along, who is behind it."""

    unit = forms.ModelChoiceField(label=_("Service unit"), queryset=ServiceUnit.objects.none())
    services = forms.ModelMultipleChoiceField(
        label=_("Services it changed"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    standards = forms.ModelMultipleChoiceField(
        label=_("Service standards it changed"),
        queryset=ServiceStandard.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decree_file = UploadField(label=_("Decree file"), kinds=(PDF,), required=False)

    class Meta:
        model = Innovation
        fields = [
            "title",
            "summary",
            "problem",
            "description",
            "theme",
            "kind",
            "stage",
            "started_on",
            "status",
            "decree_number",
            "decree_date",
            "website",
            "jippnas_id",
        ]
        widgets = {"started_on": DateInput(), "decree_date": DateInput()}

    def __init__(
        self,
        *args: Any,
        units: QuerySet[ServiceUnit] | None = None,
        unit: ServiceUnit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if unit is not None:  # editing: the unit stays
            del self.fields["unit"]
            chosen = ServiceUnit.objects.filter(pk=unit.pk)
        else:
            self.fields["unit"].queryset = (units or ServiceUnit.objects.none()).order_by("name")  # type: ignore[attr-defined]
            chosen = self.fields["unit"].queryset  # type: ignore[attr-defined]
        self.fields["services"].queryset = Service.objects.filter(unit__in=chosen).select_related(  # type: ignore[attr-defined]
            "unit"
        )
        self.fields["standards"].queryset = ServiceStandard.objects.filter(  # type: ignore[attr-defined]
            service__unit__in=chosen
        ).select_related("service")
        self.fields["standards"].label_from_instance = _standard_label  # type: ignore[attr-defined]
        if unit is None:
            self.fields["services"].help_text = _(
                "Only services of the unit you choose are kept; you can add them later."
            )
        if self.instance.pk:
            self.initial.setdefault("services", list(self.instance.services.all()))
            self.initial.setdefault("standards", list(self.instance.standards.all()))
            self.fields["decree_file"].help_text = _(
                "PDF, at most 10 MB. Leave empty to keep the file already stored."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        stage = data.get("stage")
        if stage and stage != Stage.INISIATIF and not data.get("started_on"):
            self.add_error("started_on", NO_START)
        return data

    def fields_for_action(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        decree = self.cleaned_data.get("decree_file")
        data["decree_file"] = decree if decree else None
        if not self.instance.pk and data["decree_file"] is None:
            data.pop("decree_file")
        return data


def _standard_label(standard: ServiceStandard) -> str:
    return f"{standard.service.name} — v{standard.version} ({standard.get_status_display()})"


class TeamMemberForm(ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "role", "position"]


class MeasureForm(ModelForm):
    class Meta:
        model = Measure
        fields = ["name", "unit_of_measure", "before", "after", "measured_on", "source"]
        widgets = {"measured_on": DateInput()}


class FileForm(ModelForm):
    file = UploadField(label=_("File"), kinds=(PDF, IMAGE))

    class Meta:
        model = InnovationFile
        fields = ["title", "file", "is_public"]


class ReportForm(_Counted):
    """The yearly sustainability report: is it still running, anchored, funded, supported."""

    file = UploadField(label=_("Evidence"), kinds=(PDF, IMAGE), required=False)

    class Meta:
        model = SustainabilityReport
        fields = [
            "year",
            "status",
            "institutionalisation",
            "legal_basis",
            "funded",
            "budget_source",
            "has_facilities",
            "has_team_decree",
            "notes",
            "file",
        ]
        labels = {"status": _("Status today")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].initial = this_year
        self.fields["year"].widget.attrs.update({"min": 2000, "max": this_year})
        self.fields["status"].choices = Status.choices  # type: ignore[attr-defined]


class ReplicationForm(_Counted):
    """A replication recorded from the innovation replicated: who adopted it, under which
    agreement, what they adapted, how it goes."""

    agreement_file = UploadField(label=_("Agreement file"), kinds=(PDF,), required=False)

    class Meta:
        model = Replication
        fields = [
            "adopter_unit",
            "adopter_innovation",
            "started_on",
            "agreement",
            "agreement_file",
            "adaptation",
            "state",
        ]
        widgets = {"started_on": DateInput()}
        help_texts = {
            "adopter_innovation": _(
                "If the adopting unit registered its version, choose it: it is then marked "
                "as a replication and both pages link to each other."
            )
        }

    def __init__(
        self,
        *args: Any,
        units: QuerySet[ServiceUnit],
        innovations: QuerySet[Innovation],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["adopter_unit"]
        else:
            self.fields["adopter_unit"].queryset = units.select_related("agency").order_by("name")  # type: ignore[attr-defined]
        self.fields["adopter_innovation"].queryset = innovations.select_related("unit").order_by(  # type: ignore[attr-defined]
            "title"
        )
        self.fields["adopter_innovation"].label_from_instance = _innovation_label  # type: ignore[attr-defined]

    def fields_for_action(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data["agreement_file"] = data.get("agreement_file") or None
        return data


class SourceForm(Form):
    """From the adopter's side: the innovation this one replicates."""

    source = forms.ModelChoiceField(
        label=_("Innovation it replicates"), queryset=Innovation.objects.none()
    )
    started_on = forms.DateField(label=_("Replication started"), widget=DateInput())
    agreement = forms.CharField(
        label=_("Agreement"),
        max_length=200,
        required=False,
        help_text=_("The cooperation agreement (PKS) or memorandum, with its number."),
    )
    adaptation = CountedCharField(
        label=_("What was adapted"),
        max_length=Replication._meta.get_field("adaptation").max_length or 2000,
        required=False,
    )
    state = forms.ChoiceField(label=_("State"), choices=Replication.State.choices)

    def __init__(self, *args: Any, innovations: QuerySet[Innovation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = innovations.select_related("unit").order_by("title")  # type: ignore[attr-defined]
        self.fields["source"].label_from_instance = _innovation_label  # type: ignore[attr-defined]


def _innovation_label(innovation: Innovation) -> str:
    return f"{innovation.title} — {innovation.unit.name}"
