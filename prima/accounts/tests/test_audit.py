"""The security log is append-only; record changes keep who, when, before and after."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import translation

from prima.accounts.audit import record_event
from prima.accounts.models import AuditEvent, Membership
from prima.lib.history import describe
from prima.registry.models import ServiceUnit
from prima.test import sign_in

pytestmark = pytest.mark.django_db


def test_an_audit_event_cannot_be_changed_or_deleted_through_the_orm(world):
    event = record_event(AuditEvent.Kind.LOGIN_SUCCEEDED, actor=world.siti)
    event.username = "someone else"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_on_postgresql_the_database_itself_refuses_to_change_the_log(world):
    from django.db import DatabaseError

    event = record_event(AuditEvent.Kind.LOGIN_SUCCEEDED, actor=world.siti)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET username = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [event.pk])


def test_a_unit_change_records_who_and_the_values_before_and_after(world):
    client = sign_in(Client(), world.abdul)
    response = client.post(
        "/manage/units/8104-DUKCAPIL/edit/",
        {
            "address": "Jl. Pattimura, Namlea",
            "delivery_mode": "luring",
            "phone": "0913-21000",
            "email": "",
            "website": "",
            "hours_0": "08.00-14.00",
            **{f"hours_{d}": "" for d in range(1, 7)},
        },
    )
    assert response.status_code == 302
    latest = ServiceUnit.history.filter(id=world.buru_dukcapil.pk).latest()
    assert latest.history_user == world.abdul
    with translation.override("en"):
        [change] = describe([latest])
    fields = {f.name: (f.old, f.new) for f in change.fields}
    assert fields["address"] == ("—", "Jl. Pattimura, Namlea")
    assert fields["phone"] == ("—", "0913-21000")
    assert fields["opening hours · Monday"] == ("08.00-15.00", "08.00-14.00")
    assert fields["opening hours · Tuesday"] == ("08.00-15.00", "Closed")
    page = client.get("/manage/units/8104-DUKCAPIL/history/").content.decode()
    assert "Jl. Pattimura, Namlea" in page and "Abdul" in page


def test_granting_and_revoking_a_role_is_logged_for_the_agency(world):
    client = sign_in(Client(), world.siti)
    response = client.post(
        f"/manage/users/{world.abdul.pk}/grant/",
        {"grant-role": "agency_admin", "grant-agency": world.buru.pk},
    )
    assert response.status_code == 302
    granted = AuditEvent.objects.get(kind=AuditEvent.Kind.ROLE_GRANTED)
    assert granted.agency == world.buru and granted.actor == world.siti
    membership = Membership.objects.get(user=world.abdul, role="agency_admin")
    client.post(f"/manage/roles/{membership.pk}/revoke/")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ROLE_REVOKED, agency=world.buru).exists()
    # Ambon's administrator does not see Buru's events in the security log.
    ambon_log = sign_in(Client(), world.marthen).get("/manage/audit/")
    kinds = {event.kind for event in ambon_log.context["page"].object_list}
    assert AuditEvent.Kind.ROLE_GRANTED not in kinds and AuditEvent.Kind.ROLE_REVOKED not in kinds


def test_the_security_log_exports_as_csv_without_formula_injection(world):
    record_event(AuditEvent.Kind.LOGIN_FAILED, username='=HYPERLINK("http://x")')
    response = sign_in(Client(), world.ratna).get("/manage/audit/?format=csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_change_history_page_lists_changes_across_records(world):
    page = sign_in(Client(), world.ratna).get("/manage/changes/?source=unit").content.decode()
    assert "Disdukcapil Kabupaten Buru" in page


def test_the_security_log_names_records_roles_and_refusals_in_indonesian(world):
    from prima.accounts import actions

    actions.grant_role(world.abdul, actor=world.siti, role="unit_operator", unit=world.buru_rsud)
    refused = sign_in(Client(), world.marthen).get("/manage/units/8104-DUKCAPIL/")
    assert refused.status_code == 404
    assert sign_in(Client(), world.siti).get("/manage/changes/").status_code == 404
    page = sign_in(Client(), world.ratna).get("/manage/audit/").content.decode()
    assert "pengguna: Abdul" in page
    assert "Peran: Operator unit layanan" in page and "Cakupan: RSUD Namlea (8104-RSUD)" in page
    assert "Jenis data: unit layanan" in page and "Akses: melihat" in page
    assert "Jenis data: riwayat perubahan<br>Data: semua data" in page
    for raw in ("accounts.user", "object_type", "write:", "False", "unit_operator", "role:"):
        assert raw not in page, raw


def test_every_kind_of_record_an_access_check_refuses_has_a_name():
    """Each object type named in a deny() call reads as words in the security log."""
    import re
    from pathlib import Path

    from prima.accounts.queries import object_type_name

    root = Path(__file__).resolve().parents[2]
    named = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        named |= set(re.findall(r"deny\(\s*\w+(?:\.\w+)?,\s*\"([\w.]+)\"", path.read_text()))
    named |= {"evaluation.contest", "evaluation.evidence", "forum_photo", "complaint_transition"}
    assert len(named) > 30
    with translation.override("id"):
        assert [t for t in sorted(named) if object_type_name(t) in ("", t)] == []
