"""Writes to accounts: people, their roles, their second factor and their API tokens.

Each action runs in one transaction, records its actor in the record history, and writes a
security event to the audit log. The actor is None only where a command writes (create_admin,
the demo seed). A person's own second factor and API tokens are theirs alone: those actions
take the person, who is the actor. The second-factor devices are django-otp's models, which
keep no history (and hold secrets a history must not copy): their audit events record every
change and who made it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from prima.accounts import twofactor
from prima.accounts.audit import record_event
from prima.accounts.models import ApiToken, AuditEvent, Membership, Role, User
from prima.lib.history import delete_recorded, save_fields_recorded, save_recorded
from prima.registry.models import Agency, Region, ServiceUnit


def _agency_of(membership: Membership) -> Agency | None:
    if membership.agency is not None:
        return membership.agency
    if membership.unit is not None:
        return membership.unit.agency
    return None


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    email: str,
    password: str | None = None,
    position: str = "",
    phone: str = "",
    nip: str = "",
    grant: dict[str, Any] | None = None,
) -> User:
    """A new staff account, with its first role when `grant` is given (role, region,
    agency, unit). Without a password it cannot sign in until one is set. `actor` is None
    when a command creates it (create_admin, the demo seed)."""
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        position=position,
        phone=phone,
        nip=nip,
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user._history_user = actor  # type: ignore[attr-defined]
    user.full_clean(exclude=["password"])
    user.save()
    record_event(AuditEvent.Kind.USER_CREATED, actor=actor, target=user)
    if grant:
        grant_role(user, actor=actor, **grant)
    return user


PROFILE_FIELDS = ("full_name", "email", "position", "nip", "phone")


@transaction.atomic
def update_profile(user: User, *, actor: User, **changes: Any) -> User:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not a profile field: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(user, name, value)
    user._history_user = actor  # type: ignore[attr-defined]
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def set_password(user: User, *, actor: User, password: str) -> None:
    """Set a password, by its owner or an administrator. Other sessions of the user end,
    because Django ties each session to a hash of the password."""
    validate_password(password, user)
    user.set_password(password)
    save_fields_recorded(user, actor, ["password"])
    kind = (
        AuditEvent.Kind.PASSWORD_CHANGED
        if actor.pk == user.pk
        else AuditEvent.Kind.PASSWORD_SET_BY_ADMIN
    )
    record_event(kind, actor=actor, target=user)


@transaction.atomic
def set_active(user: User, *, actor: User, active: bool) -> User:
    """Deactivate or reactivate an account. A deactivated user's sessions stop working at
    once (Django's ModelBackend returns no user for an inactive account) and their API
    tokens are refused."""
    if actor.pk == user.pk and not active:
        raise ValueError("You cannot deactivate your own account.")
    user.is_active = active
    save_fields_recorded(user, actor, ["is_active"])
    kind = AuditEvent.Kind.USER_REACTIVATED if active else AuditEvent.Kind.USER_DEACTIVATED
    record_event(kind, actor=actor, target=user)
    return user


@transaction.atomic
def grant_role(
    user: User,
    *,
    actor: User | None,
    role: str,
    region: Region | None = None,
    agency: Agency | None = None,
    unit: ServiceUnit | None = None,
) -> Membership:
    """Give a user a role for a scope; granting the same role twice changes nothing.
    `actor` is None when a command grants it (create_admin, the demo seed)."""
    existing = Membership.objects.filter(
        user=user, role=role, region=region, agency=agency, unit=unit
    ).first()
    if existing is not None:
        return existing
    membership = Membership(
        user=user, role=role, region=region, agency=agency, unit=unit, granted_by=actor
    )
    membership._history_user = actor  # type: ignore[attr-defined]
    membership.full_clean()
    membership.save()
    record_event(
        AuditEvent.Kind.ROLE_GRANTED,
        actor=actor,
        target=user,
        agency=_agency_of(membership),
        detail={"role": role, "scope": membership.scope_label},
    )
    return membership


@transaction.atomic
def revoke_role(membership: Membership, *, actor: User) -> None:
    if (
        membership.role == Role.NATIONAL_ADMIN
        and not Membership.objects.filter(role=Role.NATIONAL_ADMIN, user__is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValueError("The last national administrator cannot lose the role.")
    record_event(
        AuditEvent.Kind.ROLE_REVOKED,
        actor=actor,
        target=membership.user,
        agency=_agency_of(membership),
        detail={"role": membership.role, "scope": membership.scope_label},
    )
    delete_recorded(membership, actor)


# --- two-factor -----------------------------------------------------------------------------
@transaction.atomic
def confirm_totp(user: User, device: TOTPDevice, *, token: str) -> list[str] | None:
    """Confirm the authenticator `user` is setting up (they are the actor) with a code from
    it. Returns fresh backup codes on success (shown once), None if the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = twofactor.new_backup_codes(user)
    record_event(AuditEvent.Kind.TWO_FACTOR_ENABLED, actor=user, target=user)
    return codes


@transaction.atomic
def regenerate_backup_codes(user: User) -> list[str]:
    """New backup codes for `user`, by themselves (the actor); the old ones stop working."""
    codes = twofactor.new_backup_codes(user)
    record_event(AuditEvent.Kind.BACKUP_CODES_CREATED, actor=user, target=user)
    return codes


@transaction.atomic
def disable_two_factor(user: User, *, actor: User) -> None:
    """Remove every second factor of a user: by themselves (not allowed for national
    administrators, who must keep one), or by an administrator when a phone is lost."""
    if actor.pk == user.pk and user.must_use_two_factor:
        raise ValueError("National administrators must keep two-factor sign-in.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_event(AuditEvent.Kind.TWO_FACTOR_DISABLED, actor=actor, target=user)


# --- API tokens -----------------------------------------------------------------------------
@transaction.atomic
def create_api_token(user: User, *, name: str, days: int | None = 90) -> tuple[ApiToken, str]:
    """A new token of `user`, by themselves (the actor); the raw value is returned once and
    never stored."""
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        digest=ApiToken.digest_of(raw),
        hint=raw[-4:],
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    save_recorded(token, user)
    record_event(AuditEvent.Kind.TOKEN_CREATED, actor=user, target=token, detail={"name": name})
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        save_recorded(token, actor)
        record_event(AuditEvent.Kind.TOKEN_REVOKED, actor=actor, target=token)
