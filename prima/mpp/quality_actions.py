"""Writes for complaints filed at the MPP: record which tenant a complaint is about, and send
it on to the tenant's own office with the complaints app's own steps (docs/guide/mpp-quality.md).

The complaints app knows nothing of MPPs (it sits below this app): a complaint filed on the
MPP's unit is recorded here by a post_save signal (apps.py), and the MPP's coordinator sends
it on with `forward_to_tenant`, which calls complaints.actions.verify (the tenant's office is
a unit of the same agency) or reroute (another agency, whose coordinator then verifies it).
The state machine, the clock, the timeline and the privacy rules are the complaints app's:
the complainant's identity stays with the coordinators and never reaches the tenant's unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prima.complaints import actions as complaint_actions
from prima.complaints.models import Complaint
from prima.mpp.models import ComplaintAtMpp, Mpp, Offering, Tenant

if TYPE_CHECKING:
    from prima.accounts.models import User


def record_complaint_at_mpp(complaint: Complaint) -> ComplaintAtMpp | None:
    """Record a complaint filed on an MPP's unit, with the tenant whose service it names (if
    any). Nothing for a complaint filed elsewhere; the same record when called again."""
    if complaint.unit_id is None:
        return None
    mpp = Mpp.objects.filter(unit_id=complaint.unit_id).first()
    if mpp is None:
        return None
    offering = (
        Offering.objects.filter(service_id=complaint.service_id, tenant__mpp=mpp)
        .select_related("tenant")
        .first()
        if complaint.service_id
        else None
    )
    record, _created = ComplaintAtMpp.objects.get_or_create(
        complaint=complaint,
        defaults={
            "mpp": mpp,
            "offering": offering,
            "tenant": offering.tenant if offering else None,
        },
    )
    return record


def complaint_saved(sender: Any, instance: Complaint, created: bool, **_kwargs: Any) -> None:
    """post_save of complaints.Complaint (connected in apps.py): a new complaint on an MPP's
    unit is recorded with its tenant."""
    if created and instance.unit_id is not None:
        record_complaint_at_mpp(instance)


def forward_to_tenant(
    record: ComplaintAtMpp, *, actor: User, tenant: Tenant, note: str = ""
) -> ComplaintAtMpp:
    """Teruskan ke instansi: record `tenant` as the one the complaint is about and send the
    complaint to its own office when that office is in Prima — verified and dispatched to the
    home unit (and the same service there) when it belongs to the complaint's agency, else
    rerouted to the home unit's agency. A tenant without an office in Prima keeps the
    complaint at the MPP, the tenant recorded and a note in the timeline. Only the
    complaint's coordinator may do it (the view checks access; the complaints app checks the
    role and the state again)."""
    if tenant.mpp_id != record.mpp_id:
        raise ValidationError(_("Choose a tenant of this MPP."))
    note = note.strip()
    with transaction.atomic():
        offering = (
            record.offering if record.offering and record.offering.tenant_id == tenant.pk else None
        )
        named = record.complaint.service_id
        if offering is None and named is not None:
            offering = tenant.offerings.filter(service_id=named).first()
        record.tenant = tenant
        record.offering = offering
        record.save(update_fields=["tenant", "offering"])
        complaint = record.complaint
        home = tenant.home_unit
        said = note or _("Sent on to the tenant %(tenant)s.") % {"tenant": tenant.name}
        if home is None:
            complaint_actions.add_note(
                complaint,
                actor=actor,
                note=_(
                    "About the tenant %(tenant)s, whose office is not in Prima: "
                    "the MPP follows it up."
                )
                % {"tenant": tenant.name},
            )
        elif home.agency_id == complaint.agency_id:
            service = offering.home_service if offering else None
            record.complaint = complaint_actions.verify(
                complaint,
                actor=actor,
                unit=home,
                note=said,
                service=service if service is not None and service.unit_id == home.pk else None,
            )
        else:
            record.complaint = complaint_actions.reroute(
                complaint,
                actor=actor,
                agency=home.agency,
                note=said + " " + _("For %(unit)s.") % {"unit": home.name},
            )
    return record
