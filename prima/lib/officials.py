"""Who signs a document: a name, a position and a NIP (Nomor Induk Pegawai, the civil
servant's 18-digit number: birth date, appointment month, sex, sequence — BKN). Pure: no
Django models, so every app can describe its signers the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_NIP = re.compile(r"^\d{18}$")


def clean_nip(value: str) -> str:
    """A NIP as 18 digits; spaces and dots people type between the groups are dropped.
    Raises ValidationError otherwise."""
    digits = re.sub(r"[\s.]", "", value or "")
    if not digits:
        return ""
    if not _NIP.match(digits):
        raise ValidationError(_("A NIP has 18 digits."), code="nip")
    return digits


def validate_nip(value: str) -> None:
    clean_nip(value)


def format_nip(nip: str) -> str:
    """The NIP grouped as printed on decrees: 19800101 200501 1 001."""
    if not _NIP.match(nip or ""):
        return nip or ""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


@dataclass(frozen=True, slots=True)
class Signer:
    """One signature block: `role` is the line above the space ("Pimpinan forum,"), `name`
    the line under it; position and NIP below the name when known."""

    role: str
    name: str = ""
    position: str = ""
    nip: str = ""


class NipField(forms.CharField):
    """A NIP typed as printed (19800101 200501 1 001) or bare; cleaned to 18 digits."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        # Room for the spaces of the printed form, whatever the model field's 18 says.
        kwargs["max_length"] = 24
        kwargs.setdefault("label", "NIP")
        kwargs.setdefault("help_text", gettext_lazy("18 digits, printed under a signature."))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return clean_nip(super().clean(value) or "")
