"""Issuing and withdrawing documents. An app that makes a document to be signed calls `issue`
with what the document is of and what it states, and prints the number and code it gets
back; calling it again for the same subject returns the same document, its contents brought
up to date (the history keeps the earlier ones)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from prima.accounts.models import User
from prima.documents.models import IssuedDocument, NumberSequence
from prima.lib import numbering
from prima.lib.history import Reason, save_recorded
from prima.lib.officials import Signer
from prima.registry.models import Agency, ServiceUnit

# Crockford's base 32: no I, L, O or U, so a code read aloud or typed is not mistaken.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})

UPDATED = Reason(gettext_noop("contents brought up to date"))
WITHDRAWN = Reason(gettext_noop("withdrawn"))


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A code as people type it — lower case, with the hyphen or spaces, O for 0 — in the
    stored form; "" when it cannot be one."""
    code = "".join((typed or "").split()).replace("-", "").upper().translate(_TYPED)
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return ""
    return code


def _signers(signers: Sequence[Signer]) -> list[dict[str, str]]:
    return [
        {"role": signer.role.rstrip(","), "name": signer.name, "position": signer.position}
        for signer in signers
    ]


def _next_number(agency: Agency, unit: ServiceUnit | None, kind: str) -> str:
    today = timezone.localdate()
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
        agency=agency, year=today.year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return numbering.render(
        agency.document_number_pattern,
        sequence=sequence.last,
        kind=IssuedDocument.KIND_CODES[IssuedDocument.Kind(kind)],
        agency=agency.code,
        unit=unit.code if unit is not None else "",
        day=today,
    )


def issue(
    *,
    kind: str,
    subject: str,
    agency: Agency,
    title: str,
    unit: ServiceUnit | None = None,
    recipient: str = "",
    signers: Sequence[Signer] = (),
    facts: Sequence[tuple[str, Any]] = (),
    actor: User | None,
) -> IssuedDocument:
    """The document of `kind` for `subject`, numbered in the agency's sequence the first time
    and kept up to date with what it states afterwards. `actor` is the staff member who
    generated it (None when a citizen or participant downloads their copy). Once withdrawn,
    a public download gets the withdrawn document back (the caller refuses it) and a staff
    download issues a new one with a new number."""
    contents = {
        "title": title[:300],
        "recipient": recipient[:300],
        "signers": _signers(signers),
        "facts": [[str(label), str(value)] for label, value in facts],
        "unit": unit,
    }
    for _attempt in range(3):
        try:
            with transaction.atomic():
                document = (
                    IssuedDocument.objects.select_for_update()
                    .filter(kind=kind, subject=subject)
                    .first()
                )
                if document is not None and document.is_withdrawn:
                    if actor is None:
                        return document  # a public download: the caller says it was withdrawn
                    # Withdrawn (issued with a wrong name, say) and downloaded again by staff
                    # after the correction: a new document with a new number; the withdrawn
                    # one keeps its page and says so.
                    document.subject = f"{subject}#{document.pk}"[:80]
                    document.save(update_fields=["subject"])
                    document = None
                if document is not None:
                    changed = [
                        name for name, value in contents.items() if getattr(document, name) != value
                    ]
                    if changed:
                        for name in changed:
                            setattr(document, name, contents[name])
                        save_recorded(document, actor, UPDATED)
                    return document
                document = IssuedDocument(
                    kind=kind,
                    subject=subject,
                    agency=agency,
                    code=new_code(),
                    number=_next_number(agency, unit, kind),
                    issued_by=actor,
                    **contents,
                )
                save_recorded(document, actor)
                return document
        except IntegrityError:
            # Another request issued the same document at the same moment (or, once in a
            # quadrillion, drew the same code): read it again.
            continue
    raise RuntimeError(f"could not issue {kind} {subject}")


def withdraw(document: IssuedDocument, *, actor: User, reason: str) -> None:
    """Mark the document withdrawn: the verification page says so, with the reason."""
    if document.is_withdrawn:
        return
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = actor
    document.withdrawal_reason = reason.strip()[:1000]
    save_recorded(document, actor, WITHDRAWN)
