"""Forms for signing in, two-factor, tokens, and managing people and roles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Role, User
from prima.accounts.scope import scope_for
from prima.lib.forms import Form as PrimaForm
from prima.lib.forms import ModelForm as PrimaModelForm
from prima.lib.officials import NipField
from prima.registry.models import Agency, Region, ServiceUnit

# Long enough for any passphrase; short enough that hashing one cannot tie up a worker.
PASSWORD_MAX_LENGTH = 256


class LoginForm(AuthenticationForm):
    username = UsernameField(max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "The user name and password do not match. Both are case-sensitive. After "
            "%(limit)s failed attempts sign-in is paused for a while."
        ),
        "inactive": _("This account is deactivated."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")

    def get_invalid_login_error(self) -> forms.ValidationError:
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class OTPForm(PrimaForm):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return "".join(str(self.cleaned_data["token"]).split())


class PasswordChangeForm(PrimaForm):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters. A long phrase is easier to remember and harder to guess."
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_old_password(self) -> str:
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("Your current password is not correct."))
        return str(value)

    def clean_new_password(self) -> str:
        value = str(self.cleaned_data["new_password"])
        validate_password(value, self.user)
        return value


class SetPasswordForm(PrimaForm):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Give it to the person in a safe way; they can change it after signing in."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        value = str(self.cleaned_data["password"])
        validate_password(value, self.user)
        return value


class TokenForm(PrimaForm):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “SIPP sync”.")
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("1 year"))],
        initial=90,
    )


class ProfileForm(PrimaModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "position", "nip", "phone"]
        field_classes = {"nip": NipField}


class UserCreateForm(PrimaModelForm):
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Give it to the person in a safe way; they can change it after signing in."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "position", "phone"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            candidate = User(
                username=data.get("username", ""),
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
            )
            try:
                validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class GrantRoleForm(PrimaForm):
    """A role and its scope. The choices offered are only those the actor may grant:
    national administrators grant anything; agency administrators grant administration of
    their own agencies and operation of those agencies' units."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(),
        required=False,
        label=_("Region"),
        help_text=_("Evaluators only: a province or regency to evaluate within."),
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label=_("Agency"),
        help_text=_("For agency administrators, or evaluators of one agency."),
    )
    unit = forms.ModelChoiceField(
        queryset=ServiceUnit.objects.none(),
        required=False,
        label=_("Service unit"),
        help_text=_("For service-unit operators."),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_for(actor)
        role_field: forms.ChoiceField = self.fields["role"]  # type: ignore[assignment]
        region_field: forms.ModelChoiceField = self.fields["region"]  # type: ignore[assignment]
        agency_field: forms.ModelChoiceField = self.fields["agency"]  # type: ignore[assignment]
        unit_field: forms.ModelChoiceField = self.fields["unit"]  # type: ignore[assignment]
        if scope.national_admin:
            region_field.queryset = Region.objects.filter(is_active=True).order_by("code")
            agency_field.queryset = Agency.objects.order_by("name")
            unit_field.queryset = ServiceUnit.objects.select_related("agency").order_by("name")
        else:
            role_field.choices = [
                (Role.AGENCY_ADMIN.value, Role.AGENCY_ADMIN.label),
                (Role.UNIT_OPERATOR.value, Role.UNIT_OPERATOR.label),
            ]
            del self.fields["region"]
            agency_field.queryset = Agency.objects.filter(pk__in=scope.admin_agency_ids)
            unit_field.queryset = ServiceUnit.objects.filter(
                agency_id__in=scope.admin_agency_ids
            ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        region, agency, unit = data.get("region"), data.get("agency"), data.get("unit")
        if role == Role.NATIONAL_ADMIN and (region or agency or unit):
            raise forms.ValidationError(
                _(
                    "National administrators act for the whole country: "
                    "leave region, agency and unit empty."
                )
            )
        if role == Role.EVALUATOR:
            if unit is not None:
                self.add_error("unit", _("Evaluators are given a region or an agency, not a unit."))
            if region is not None and agency is not None:
                raise forms.ValidationError(
                    _(
                        "Give an evaluator a region or an agency, not both "
                        "(or neither, for the whole country)."
                    )
                )
        if role == Role.AGENCY_ADMIN:
            if agency is None:
                self.add_error("agency", _("Choose the agency this person administers."))
            if region is not None or unit is not None:
                raise forms.ValidationError(_("An agency administrator is given an agency only."))
        if role == Role.UNIT_OPERATOR:
            if unit is None:
                self.add_error("unit", _("Choose the unit this person operates."))
            if region is not None or agency is not None:
                raise forms.ValidationError(_("A unit operator is given a unit only."))
        return data

    def grant(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "region": data.get("region"),
            "agency": data.get("agency"),
            "unit": data.get("unit"),
        }
