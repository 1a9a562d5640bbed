"""What each persona may do with a complaint, as get_complaint_for_user returns it with the
complaint (issue 17, item 3): pages read these rights instead of re-deriving roles."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from prima.accounts.models import AuditEvent
from prima.complaints import actions, workflow
from prima.complaints.access import (
    ComplaintRights,
    can_keep_shared_templates,
    get_complaint_for_user,
)
from prima.complaints.tests.factories import file
from prima.test import sign_in

NONE = ComplaintRights(read=False, coordinate=False, follow_up=False)
READ = ComplaintRights(read=True, coordinate=False, follow_up=False)
COORDINATE = ComplaintRights(read=True, coordinate=True, follow_up=False)
FOLLOW_UP = ComplaintRights(read=True, coordinate=False, follow_up=True)


@pytest.mark.parametrize(
    ("persona", "dispatched", "rights"),
    [
        ("siti", False, COORDINATE),  # the agency's administrator: its coordinator
        ("ratna", False, COORDINATE),  # national administrators coordinate everywhere
        ("abdul", False, NONE),  # the unit, before the coordinator dispatches it
        ("abdul", True, FOLLOW_UP),  # the unit, once dispatched to it
        ("yohanis", True, READ),  # the province's evaluator reads
        ("marthen", True, NONE),  # another agency
    ],
)
def test_each_persona_gets_the_rights_of_their_role(world, persona, dispatched, rights):
    complaint = file(world).complaint
    if dispatched:
        actions.verify(complaint, actor=world.siti, unit=world.buru_dukcapil)
    user = getattr(world, persona)
    if not rights.read:
        with pytest.raises(Http404):
            get_complaint_for_user(user, complaint.pk)
        assert AuditEvent.objects.filter(kind="access_denied", actor=user).exists()
        return
    found, given = get_complaint_for_user(user, complaint.pk)
    assert found == complaint and given == rights


def test_the_role_the_state_machine_checks_follows_from_the_rights():
    assert COORDINATE.role == workflow.COORDINATOR and COORDINATE.see_identity
    assert FOLLOW_UP.role == workflow.UNIT and FOLLOW_UP.change and not FOLLOW_UP.see_identity
    assert READ.role is None and not READ.change


def test_who_only_reads_cannot_fetch_a_complaint_to_act_on_it(world):
    complaint = file(world).complaint
    with pytest.raises(Http404):
        get_complaint_for_user(world.yohanis, complaint.pk, write=True)


def test_asking_for_an_attachment_that_does_not_exist_is_a_recorded_refusal(client, world):
    sign_in(client, world.siti)
    assert client.get(reverse("manage:complaint_attachment", args=[999999])).status_code == 404
    refusal = AuditEvent.objects.get(kind="access_denied", actor=world.siti)
    assert refusal.detail["object_type"] == "complaint_attachment"


def test_a_tracking_page_opened_without_the_code_is_a_404_that_writes_nothing(client, world):
    # Anonymous guessing must not be able to fill the audit log: not a staff refusal.
    complaint = file(world).complaint
    url = reverse("complaints:tracked", args=[complaint.public_id])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(kind="access_denied").exists()


def test_only_a_national_administrator_keeps_the_templates_for_every_agency(world):
    assert can_keep_shared_templates(world.ratna)
    assert not can_keep_shared_templates(world.siti)
