"""Two-factor sign-in with django-otp: TOTP authenticator apps, and backup codes."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

import segno
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

if TYPE_CHECKING:
    from prima.accounts.models import User

BACKUP_CODE_COUNT = 10


def has_confirmed_device(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up, created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, for an authenticator app to scan."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def secret_base32(device: TOTPDevice) -> str:
    """The shared secret in the grouped base32 form apps accept when typed by hand."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def new_backup_codes(user: User, *, codes: list[str] | None = None) -> list[str]:
    """Replace the user's backup codes; each works once. Returned for showing once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = codes or [secrets.token_hex(4) for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
