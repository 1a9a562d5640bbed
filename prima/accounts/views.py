"""Signing in and out, the second factor, one's own password, profile and API tokens."""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts import actions, twofactor
from prima.accounts.access import get_api_token_for_user
from prima.accounts.audit import record_event
from prima.accounts.forms import LoginForm, OTPForm, PasswordChangeForm, ProfileForm, TokenForm
from prima.accounts.models import AuditEvent
from prima.accounts.requests import AuthenticatedHttpRequest


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What django-axes shows after too many failures: when to try again (HTTP 429)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second sign-in step: a code from the authenticator app or a backup code."""
    user = request.user
    next_url = _safe_next(request, reverse("manage:home"))
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(next_url)
    if not twofactor.has_confirmed_device(user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?next={next_url}")
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            record_event(
                AuditEvent.Kind.OTP_VERIFIED, actor=user, detail={"device": type(device).__name__}
            )
            return redirect(next_url)
        record_event(AuditEvent.Kind.OTP_FAILED, actor=user)
        form.add_error(
            "token",
            _("That code is not valid. Codes change every 30 seconds; try the current one."),
        )
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


@login_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "memberships": user.memberships.select_related("agency", "unit", "region"),
        "two_factor": twofactor.confirmed_totp(user) is not None,
        "must_use_two_factor": user.must_use_two_factor,
        "backup_codes_left": sum(
            d.token_set.count()
            for d in user.staticdevice_set.all()  # type: ignore[attr-defined]
        ),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(user, actor=user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("accounts:account")
    return render(
        request,
        "accounts/form.html",
        {"form": form, "title": _("Your details"), "privacy": "staff_profile"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = PasswordChangeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        actions.set_password(user, actor=user, password=form.cleaned_data["new_password"])
        update_session_auth_hash(request, user)  # keep this session, end the others
        messages.success(
            request, _("Your password has been changed. Other sessions were signed out.")
        )
        return redirect("accounts:account")
    return render(request, "accounts/form.html", {"form": form, "title": _("Change password")})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Scan a QR code, type a code from the app, receive backup codes."""
    user = request.user
    if twofactor.has_confirmed_device(user) and not user.is_verified():  # type: ignore[attr-defined]
        # Replacing an authenticator needs the current one first.
        return redirect(f"{reverse('accounts:otp_verify')}?next={request.path}")
    device = twofactor.pending_totp(user)
    form = OTPForm(request.POST or None)
    form.fields["token"].help_text = _("The 6-digit code your app shows after scanning.")
    if request.method == "POST" and form.is_valid():
        codes = actions.confirm_totp(user, device, token=form.cleaned_data["token"])
        if codes is not None:
            device.refresh_from_db()
            django_otp.login(request, device)
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": _safe_next(request, reverse("accounts:account"))},
            )
        form.add_error(
            "token",
            _("That code does not match. Check the time on your phone and try the current code."),
        )
    context = {
        "form": form,
        "qr_svg": twofactor.qr_svg(device),
        "secret": twofactor.secret_base32(device),
        "next": _safe_next(request, ""),
        "required": user.must_use_two_factor,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_POST
def backup_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not twofactor.has_confirmed_device(user):
        return redirect("accounts:two_factor_setup")
    codes = actions.regenerate_backup_codes(user)
    return render(
        request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("accounts:account")}
    )


@login_required
@require_POST
def two_factor_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    try:
        actions.disable_two_factor(user, actor=user)
    except ValueError:
        messages.error(request, _("National administrators must keep two-factor sign-in."))
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:account")


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = TokenForm(request.POST or None)
    created: str | None = None
    if request.method == "POST" and form.is_valid():
        _token, created = actions.create_api_token(
            user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        form = TokenForm()
    context = {"form": form, "tokens": user.api_tokens.all(), "created": created}
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_api_token_for_user(request.user, pk)
    actions.revoke_api_token(token, actor=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")
