"""Forms for the registry pages. Field lists are explicit: nothing else can be posted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from prima.lib import numbering
from prima.lib.forms import Form as PrimaForm
from prima.lib.forms import ModelForm as PrimaModelForm
from prima.lib.officials import NipField
from prima.lib.uploads import IMAGE, UploadField
from prima.registry import opening_hours
from prima.registry.models import Agency, CoordinationRegion, Region, Service, ServiceUnit
from prima.registry.queries import service_name_taken


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:  # type: ignore[override]
        if obj.level == Region.Level.REGENCY and obj.parent is not None:
            return f"{obj.display_name}, {obj.parent.name} ({obj.code})"
        return f"{obj.display_name} ({obj.code})"


def _regions() -> Any:
    return Region.objects.filter(is_active=True).select_related("parent").order_by("code")


class AgencyForm(PrimaModelForm):
    region = RegionChoiceField(
        queryset=_regions(),
        required=False,
        label=_("Region"),
        help_text=_("Required for regional governments; empty for ministries and agencies."),
    )

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "kind",
            "region",
            "address",
            "website",
            "email",
            "phone",
            "letterhead_title",
            "seat",
            "logo",
            "document_number_pattern",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["logo"] = UploadField(
            kinds=(IMAGE,),
            required=False,
            label=_("Logo"),
            help_text=_("Printed at the left of the letterhead. JPEG or PNG, at most 8 MB."),
        )
        # Left empty, the pattern goes back to Prima's default.
        self.fields["document_number_pattern"].required = False
        if self.instance.pk:
            # The code is permanent: other systems and exports refer to it.
            del self.fields["code"]

    def clean_document_number_pattern(self) -> str:
        pattern = str(self.cleaned_data.get("document_number_pattern") or "").strip()
        return pattern or numbering.DEFAULT_PATTERN

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, region = data.get("kind"), data.get("region")
        if kind in Agency.CENTRAL_KINDS and region is not None:
            self.add_error("region", _("Ministries and national agencies have no region."))
        expected = Agency.REGION_KIND_FOR.get(kind) if kind else None
        if expected is not None:
            if region is None:
                self.add_error("region", _("Choose the region this government administers."))
            elif region.kind != expected:
                self.add_error(
                    "region",
                    _("A %(kind)s must sit in a region of kind “%(region_kind)s”.")
                    % {
                        "kind": Agency.Kind(str(kind)).label,
                        "region_kind": Region.Kind(expected).label,
                    },
                )
        return data


_HOURS_MESSAGES = {
    "bad_range": _("Write a period as 08.00-15.00; separate periods with a comma."),
    "bad_time": _("Times run from 00.00 to 24.00."),
    "closes_before_opens": _("The closing time must be after the opening time."),
    "overlap": _("Two periods on the same day overlap."),
    "bad_day": _("Unknown day."),
}


class UnitForm(PrimaModelForm):
    region = RegionChoiceField(
        queryset=_regions(),
        label=_("Region"),
        help_text=_("The regency or city where the unit serves; a province for provincial units."),
    )

    class Meta:
        model = ServiceUnit
        fields = [
            "code",
            "name",
            "kind",
            "region",
            "address",
            "delivery_mode",
            "phone",
            "email",
            "website",
            "head_name",
            "head_position",
            "head_nip",
            "is_active",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"head_nip": NipField}

    def __init__(
        self,
        *args: Any,
        agency: Agency | None = None,
        editable: tuple[str, ...] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency or (self.instance.agency if self.instance.pk else None)
        if self.instance.pk:
            del self.fields["code"]
        week = opening_hours.by_day(opening_hours.parse(self.instance.opening_hours or []))
        for day in range(7):
            self.fields[f"hours_{day}"] = forms.CharField(
                label=opening_hours.day_names(get_language())[day],
                required=False,
                max_length=60,
                initial=opening_hours.format_day(week[day]),
                help_text=_("e.g. 08.00-12.00, 13.00-16.00; empty when closed") if day == 0 else "",
            )
        if editable is not None:
            for name in list(self.fields):
                base = "opening_hours" if name.startswith("hours_") else name
                if base not in editable:
                    del self.fields[name]

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        region = data.get("region")
        if region is not None and self.agency is not None and not self.agency.serves_in(region):
            self.add_error(
                "region",
                _("A unit of %(agency)s serves inside %(region)s.")
                % {"agency": self.agency.name, "region": self.agency.region},
            )
        if "hours_0" not in self.fields:
            return data
        periods: list[dict[str, object]] = []
        for day in range(7):
            text = data.get(f"hours_{day}") or ""
            try:
                periods.extend(p.as_dict() for p in opening_hours.parse_day_text(day, text))
            except opening_hours.OpeningHoursError as error:
                self.add_error(f"hours_{day}", _HOURS_MESSAGES.get(error.code, str(error)))
        data["opening_hours"] = periods
        return data

    def changes(self) -> dict[str, Any]:
        """The cleaned values to hand to an action (hours folded into opening_hours)."""
        values = {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith("hours_") and name != "code"
        }
        return values


class ServiceForm(PrimaModelForm):
    class Meta:
        model = Service
        fields = ["name", "kind", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, unit: ServiceUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if service_name_taken(self.unit, name, exclude_pk=self.instance.pk):
            raise forms.ValidationError(_("This unit already offers a service with this name."))
        return name


class CoordinationRegionForm(PrimaModelForm):
    provinces = forms.ModelMultipleChoiceField(
        queryset=Region.objects.filter(level=Region.Level.PROVINCE, is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Provinces"),
        help_text=_("A province ticked here leaves the coordination region it was in."),
    )

    class Meta:
        model = CoordinationRegion
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["provinces"].initial = list(self.instance.provinces.all())


class DirectoryFilterForm(PrimaForm):
    """Search and filters of the public directory and the staff unit list (GET)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. Disdukcapil Buru")}),
    )
    province = forms.ModelChoiceField(
        queryset=Region.objects.filter(level=Region.Level.PROVINCE, is_active=True),
        required=False,
        label=_("Province"),
        empty_label=_("All provinces"),
        to_field_name="code",
    )
    kind = forms.ChoiceField(
        choices=[("", _("All types")), *ServiceUnit.Kind.choices], required=False, label=_("Type")
    )


def directory_filters(params: QueryDict) -> tuple[DirectoryFilterForm, dict[str, Any]]:
    """The search form of the directory and the staff unit list, and the filters it gives
    for queries.search_units (an invalid value is ignored, never an error)."""
    form = DirectoryFilterForm(params or None)
    if not form.is_valid():
        return form, {}
    data = form.cleaned_data
    return form, {
        "q": data["q"],
        "region_prefix": data["province"].code if data["province"] else "",
        "kind": data["kind"],
    }
