"""The demo's personal data (docs/guide/privacy.md): something on each staff page of the
privacy app, so a newcomer sees what they are for. Rahmawati, who complained to Disdukcapil
Kabupaten Buru, asked yesterday to have her e-mail address corrected (the request queue of
admin.buru and admin.nasional); an incident in Kabupaten Buru, discovered this morning, with its
report of the people it may have touched — among them those in the complaints list its
compromised account downloaded (admin.nasional); and a dry run of the retention purge
(its report). Idempotent: nothing is added when the demo incident exists."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from prima.accounts.audit import record_list_download
from prima.accounts.models import User
from prima.complaints.models import Complaint
from prima.privacy import breach, datarequests
from prima.privacy.models import DataRequest, Incident, RecordKind
from prima.privacy.retention import purge

INCIDENT_TITLE = "Kata sandi operator Disdukcapil Kabupaten Buru diketahui pihak lain"


@transaction.atomic
def seed_privacy(*, now: dt.datetime | None = None) -> int:
    if Incident.objects.filter(title=INCIDENT_TITLE).exists():
        return 0
    now = now or timezone.now()
    added = 0
    complaint = Complaint.objects.filter(
        title="KTP-el belum jadi setelah tiga minggu", identity__isnull=False
    ).first()
    if complaint is not None:
        datarequests.file_request(
            complaint,
            kind=DataRequest.Kind.CORRECTION,
            details="Alamat e-mail saya sudah berganti; mohon diperbarui.",
            corrections={"email": "rahmawati.baru@demo.prima.invalid"},
            now=now - dt.timedelta(days=1),
        )
        added += 1
    national = User.objects.filter(username="admin.nasional").first()
    operator = User.objects.filter(username="operator.dukcapil.buru").first()
    accounts = [operator] if operator is not None else []
    agencies = set()
    for user in accounts:
        for membership in user.memberships.select_related("agency", "unit__agency"):
            agency = membership.agency or (membership.unit.agency if membership.unit else None)
            if agency is not None:
                agencies.add(agency)
    incident = Incident.objects.create(
        title=INCIDENT_TITLE,
        scope_saved=breach.scope_snapshot(accounts, agencies, []),
        what_happened=(
            "Kata sandi akun operator ditulis pada kertas di meja loket dan difoto pengunjung; "
            "foto itu beredar di grup percakapan."
        ),
        how_discovered="Laporan kepala dinas kepada admin nasional.",
        discovered_at=now - dt.timedelta(hours=10),
        started_at=now - dt.timedelta(days=7),
        ended_at=now - dt.timedelta(hours=9),
        record_kinds=[RecordKind.COMPLAINT_IDENTITY, RecordKind.COMPLAINT_TEXT],
        measures=(
            "Kata sandi akun diganti dan semua sesinya diakhiri; log keamanan tujuh hari "
            "terakhir diperiksa."
        ),
        created_by=national,
    )
    if operator is not None:
        # Two days before the discovery, the account downloaded its unit's complaints queue:
        # the report names each complainant in that file (rule 6).
        queue = Complaint.objects.filter(unit__code="8104-DUKCAPIL").order_by("pk")
        record_list_download(
            operator,
            "complaints",
            ids=list(queue.values_list("pk", flat=True)),
            at=now - dt.timedelta(days=2),
        )
        incident.accounts.add(operator)
        incident.agencies.add(*agencies)
    added += 1
    purge(dry_run=True, now=now)
    return added
