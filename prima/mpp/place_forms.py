"""Forms of the MPP place pages: the profile, a closure, a tenant, a counter, a service offered.
Choices that depend on the MPP (managing units, services, tenants) are passed in by the view.
Dates are checked here with the actions' own messages, so a mistake shows beside its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from prima.lib.forms import DateInput, Form, ModelForm
from prima.lib.uploads import PDF, UploadField
from prima.mpp.models import Closure, Counter, Mpp, Tenant
from prima.mpp.place_actions import (
    LEFT_BEFORE_JOINING,
    NO_REGISTRATION_URL,
    date_problems,
)
from prima.registry.models import Agency, Service, ServiceUnit


class MppForm(ModelForm):
    """The MPP profile. Address, opening hours and contacts are the unit's (registry)."""

    legal_basis_file = UploadField(label=_("Legal basis (file)"), kinds=(PDF,), required=False)

    class Meta:
        model = Mpp
        fields = [
            "manager",
            "legal_basis",
            "proposed_on",
            "soft_launched_on",
            "inaugurated_on",
            "latitude",
            "longitude",
            "is_digital_pilot",
            "digital_url",
            "is_published",
        ]
        widgets = {
            "proposed_on": DateInput(),
            "soft_launched_on": DateInput(),
            "inaugurated_on": DateInput(),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
        }

    def __init__(self, *args: Any, managers: QuerySet[ServiceUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers  # type: ignore[attr-defined]
        self.fields["manager"].help_text = _(
            "Usually the DPMPTSP of the same regency or city; its staff manage the MPP too."
        )
        self.fields["latitude"].help_text = _("e.g. -3.6954 (south is negative)")
        self.fields["longitude"].help_text = _("e.g. 128.1814")
        self.fields["digital_url"].help_text = _("Where the MPP Digital is, when it has one.")
        if self.instance.pk and self.instance.legal_basis_file:
            self.fields["legal_basis_file"].help_text = _(
                "PDF, at most 10 MB. Leave empty to keep the file already stored."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = date_problems(
            data.get("proposed_on"), data.get("soft_launched_on"), data.get("inaugurated_on")
        )
        for name, message in problems.items():
            self.add_error(name, message)
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data

    def fields_for_action(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        upload = self.cleaned_data.get("legal_basis_file")
        data["legal_basis_file"] = upload if upload else None
        if upload is False:  # "clear" ticked
            data["legal_basis_file"] = False
        return data


class ClosureForm(ModelForm):
    class Meta:
        model = Closure
        fields = ["date", "reason"]
        widgets = {"date": DateInput()}


def _unit_by_code(code: str) -> ServiceUnit:
    unit = ServiceUnit.objects.filter(code__iexact=code.strip()).first()
    if unit is None:
        raise forms.ValidationError(
            _(
                "No service unit has the code %(code)s. "
                "Check it in the registry (e.g. 8171-DUKCAPIL)."
            ),
            params={"code": code},
        )
    return unit


def _agency_by_code(code: str) -> Agency:
    agency = Agency.objects.filter(code__iexact=code.strip()).first()
    if agency is None:
        raise forms.ValidationError(
            _("No agency has the code %(code)s. Check it in the registry (e.g. pemkot-ambon)."),
            params={"code": code},
        )
    return agency


class TenantForm(ModelForm):
    """A tenant. Its agency and home office are given by their registry codes: the registry
    holds thousands of units, too many for a list."""

    agency = forms.CharField(
        label=_("Agency (code)"),
        required=False,
        max_length=64,
        help_text=_(
            "Optional; the agency's code in the registry. Taken from the home office when empty."
        ),
    )
    home_unit = forms.CharField(
        label=_("Home office (unit code)"),
        required=False,
        max_length=32,
        help_text=_(
            "Optional; the tenant's own service unit when it is registered in Prima, "
            "e.g. 8171-DUKCAPIL. Its standards say what to bring."
        ),
    )
    agreement_file = UploadField(label=_("Agreement (PKS/MoU)"), kinds=(PDF,), required=False)

    class Meta:
        model = Tenant
        fields = [
            "name",
            "kind",
            "agency",
            "home_unit",
            "agreement_number",
            "agreement_signed_on",
            "joined_on",
            "left_on",
            "floor",
            "note",
        ]
        widgets = {
            "agreement_signed_on": DateInput(),
            "joined_on": DateInput(),
            "left_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tenant = self.instance
        if tenant.pk:
            self.initial["agency"] = tenant.agency.code if tenant.agency_id else ""  # type: ignore[union-attr]
            self.initial["home_unit"] = tenant.home_unit.code if tenant.home_unit_id else ""  # type: ignore[union-attr]
            if tenant.agreement_file:
                self.fields["agreement_file"].help_text = _(
                    "PDF, at most 10 MB. Leave empty to keep the file already stored."
                )
        self.fields["left_on"].help_text = _(
            "When the tenant left the MPP. It stays in the records, no longer shown to the public."
        )
        self.fields["floor"].help_text = _("e.g. Lantai 1")

    def clean_agency(self) -> Agency | None:
        code = self.cleaned_data.get("agency") or ""
        return _agency_by_code(code) if code.strip() else None

    def clean_home_unit(self) -> ServiceUnit | None:
        code = self.cleaned_data.get("home_unit") or ""
        return _unit_by_code(code) if code.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        joined, left = data.get("joined_on"), data.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", LEFT_BEFORE_JOINING)
        return data

    def fields_for_action(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        upload = self.cleaned_data.get("agreement_file")
        data["agreement_file"] = upload if upload else None
        if upload is False:
            data["agreement_file"] = False
        return data


class CounterForm(ModelForm):
    class Meta:
        model = Counter
        fields = ["code", "floor", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["floor"].help_text = _("Empty: the tenant's floor.")
        self.fields["is_active"].help_text = _(
            "Untick to retire the counter; its daily figures are kept."
        )


class OfferingForm(Form):
    """A service offered at the MPP. Adding one picks a service of the MPP's unit no tenant
    offers yet, or names a new one (created in the registry as a service of the MPP)."""

    tenant = forms.ModelChoiceField(label=_("Tenant"), queryset=Tenant.objects.none())
    service = forms.ModelChoiceField(
        label=_("Service of the MPP"),
        queryset=Service.objects.none(),
        required=False,
        help_text=_("A service of the MPP's unit that no tenant offers yet."),
    )
    new_name = forms.CharField(
        label=_("Or a new service: its name"),
        required=False,
        max_length=200,
        help_text=_("Added to the MPP's services in the registry, so SKM and complaints list it."),
    )
    new_kind = forms.ChoiceField(
        label=_("Group of the new service"),
        choices=Service.Kind.choices,
        required=False,
    )
    home_service = forms.ModelChoiceField(
        label=_("Same service at the home office"),
        queryset=Service.objects.none(),
        required=False,
        help_text=_(
            "Among the services of the tenant's home office. Its published standard says what "
            "to bring when the MPP's service has none of its own."
        ),
    )
    walk_in = forms.BooleanField(label=_("Walk-in"), required=False, initial=True)
    pre_registration = forms.BooleanField(
        label=_("Online pre-registration required"), required=False
    )
    registration_url = forms.URLField(
        label=_("Pre-registration address"), required=False, max_length=200, assume_scheme="https"
    )
    digital = forms.BooleanField(label=_("Also online (digital)"), required=False)
    daily_quota = forms.IntegerField(
        label=_("Daily quota"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("Queue numbers given per day; empty when there is no quota."),
    )
    is_active = forms.BooleanField(
        label=_("Offered"),
        required=False,
        initial=True,
        help_text=_("Untick to withdraw the service from the MPP; its figures are kept."),
    )

    def __init__(
        self,
        *args: Any,
        tenants: QuerySet[Tenant],
        services: QuerySet[Service] | None,
        home_services: QuerySet[Service],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tenant"].queryset = tenants  # type: ignore[attr-defined]
        self.fields["home_service"].queryset = home_services  # type: ignore[attr-defined]
        self.fields["home_service"].label_from_instance = _service_with_unit  # type: ignore[attr-defined]
        if services is None:  # editing: the service stays
            for name in ("tenant", "service", "new_name", "new_kind"):
                del self.fields[name]
        else:
            self.fields["service"].queryset = services  # type: ignore[attr-defined]
            del self.fields["is_active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        adding = "service" in self.fields
        if (
            adding
            and not data.get("service")
            and not data.get("new_name")
            and not (self.has_error("service") or self.has_error("new_name"))
        ):
            self.add_error("service", _("Choose a service of the MPP, or name a new one."))
        if "service" in self.fields and data.get("service") and data.get("new_name"):
            self.add_error("new_name", _("Choose a service or name a new one, not both."))
        if (
            data.get("pre_registration")
            and not data.get("registration_url")
            and not self.has_error("registration_url")
        ):
            self.add_error("registration_url", NO_REGISTRATION_URL)
        return data

    def fields_for_action(self) -> dict[str, Any]:
        names = (
            "home_service",
            "walk_in",
            "pre_registration",
            "registration_url",
            "digital",
            "daily_quota",
            "is_active",
        )
        return {name: self.cleaned_data[name] for name in names if name in self.fields}


def _service_with_unit(service: Service) -> str:
    return f"{service.name} — {service.unit.name}"
