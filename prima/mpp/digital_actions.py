"""Writes of the MPP Digital readiness checklist: one criterion at a time, in one transaction,
its history naming who changed it (django-simple-history via prima.lib.history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prima.lib.history import save_recorded
from prima.mpp.models import DigitalCriterion, Mpp

if TYPE_CHECKING:
    from prima.accounts.models import User


def save_criterion(
    mpp: Mpp,
    *,
    code: str,
    actor: User,
    state: str,
    evidence_url: str = "",
    evidence_file: Any = None,
    remove_file: bool = False,
    note: str = "",
) -> DigitalCriterion:
    """Set one criterion's state, evidence and note; the row is made on first use. A new file
    replaces the stored one; `remove_file` drops it."""
    if code not in DigitalCriterion.Code.values:
        raise ValidationError(_("Unknown MPP Digital criterion."))
    if state not in DigitalCriterion.State.values:
        raise ValidationError(_("Unknown state."))
    with transaction.atomic():
        row = DigitalCriterion.objects.select_for_update().filter(
            mpp=mpp, code=code
        ).first() or DigitalCriterion(mpp=mpp, code=code)
        row.state = state
        row.evidence_url = evidence_url.strip()
        row.note = note.strip()
        row.updated_by = actor
        if evidence_file is not None and hasattr(evidence_file, "read"):
            row.evidence_file.save(evidence_file.name, evidence_file, save=False)
        elif remove_file:
            row.evidence_file = None  # type: ignore[assignment]
        row.full_clean()
        save_recorded(row, actor)
    return row
