"""What a document needs from the registry and the request: the agency's letterhead, the
printed reference to an issued document, a unit head as a signer."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from prima.documents.models import IssuedDocument
from prima.lib.http import absolute_url
from prima.lib.officials import Signer
from prima.lib.pdf import Issued, Letterhead
from prima.registry.models import Agency, ServiceUnit


def letterhead(agency: Agency, unit: ServiceUnit | None = None) -> Letterhead:
    """The kop surat: the government (or the agency) line, the office that issues, its
    address and contacts, and the agency's logo when uploaded."""
    lines = [agency.letterhead_title or agency.name]
    if unit is not None and unit.name.casefold() != lines[0].casefold():
        lines.append(unit.name)
    holder = unit if unit is not None and unit.address else agency
    address = " ".join(str(holder.address or "").split())
    contact = " · ".join(
        part
        for part in (
            f"Telp. {holder.phone}" if holder.phone else "",
            holder.email,
            holder.website,
        )
        if part
    )
    logo: bytes | None = None
    if agency.logo:
        try:
            with agency.logo.open("rb") as stored:
                logo = stored.read()
        except OSError:
            logo = None  # a missing file must not stop the document
    return Letterhead(lines=tuple(lines), address=address, contact=contact, logo=logo)


def place(agency: Agency, unit: ServiceUnit | None = None) -> str:
    """Where a document is signed: the agency's seat, else the unit's region's name without
    "Kabupaten"/"Kota" (Buru), else the agency's region."""
    if agency.seat:
        return agency.seat
    region = unit.region if unit is not None else agency.region
    if region is None:
        return ""
    name = region.name
    for prefix in ("Kabupaten ", "Kota ", "Kab. ", "Provinsi "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def verification_url(request: HttpRequest | None, document: IssuedDocument) -> str:
    """The public address of the document's verification page (PRIMA_PUBLIC_URL when set:
    a QR code must not carry an internal host)."""
    return absolute_url(reverse("verify_document", args=[document.code]), request)


def issued(request: HttpRequest | None, document: IssuedDocument) -> Issued:
    """What the PDF prints of an issued document: number, code and where to check it."""
    return Issued(
        number=document.number,
        code=document.display_code,
        url=verification_url(request, document),
    )


def unit_head(unit: ServiceUnit, role: str) -> Signer:
    """The unit's head as a signer; the name line stays open for a pen when not recorded."""
    return Signer(role=role, name=unit.head_name, position=unit.head_position, nip=unit.head_nip)
