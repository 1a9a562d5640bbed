"""Who sees and withdraws issued documents in the staff area: the documents of the agencies
in the user's scope; withdrawing is for those who change the agency (its administrators and
national administrators) or administer the unit that issued it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from prima.accounts.access import deny
from prima.documents.models import IssuedDocument
from prima.registry.access import agencies_visible_to, agency_rights, unit_rights

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class DocumentRights:
    read: bool
    withdraw: bool


def documents_visible_to(user: AnyUser) -> QuerySet[IssuedDocument]:
    return IssuedDocument.objects.filter(agency__in=agencies_visible_to(user))


def document_rights(user: AnyUser, document: IssuedDocument) -> DocumentRights:
    agency = agency_rights(user, document.agency)
    unit = unit_rights(user, document.unit) if document.unit is not None else None
    return DocumentRights(
        read=agency.read or (unit is not None and unit.read),
        withdraw=agency.change or (unit is not None and unit.administer),
    )


def get_document_for_user(
    user: AnyUser, code: str, *, write: bool = False
) -> tuple[IssuedDocument, DocumentRights]:
    document = (
        IssuedDocument.objects.select_related("agency", "agency__region", "unit", "unit__agency")
        .filter(code=code)
        .first()
    )
    if document is None:
        deny(user, "issued_document", code, write=write)
    rights = document_rights(user, document)
    if not (rights.withdraw if write else rights.read):
        deny(user, "issued_document", code, write=write)
    return document, rights
