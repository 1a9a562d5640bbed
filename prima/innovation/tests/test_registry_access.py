"""Who may see and change an innovation and a replication (issue 23): the unit's rights, one
row per persona; refusals are 404s recorded in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from prima.accounts.models import AuditEvent
from prima.innovation import access, actions
from prima.innovation.tests.test_registry_actions import register

pytestmark = pytest.mark.django_db

# persona → (read, change) for an innovation of Disdukcapil Kabupaten Buru
RIGHTS = [
    ("ratna", True, True),  # national administrator
    ("yohanis", True, False),  # evaluator for Maluku: reads
    ("siti", True, True),  # Buru's administrator
    ("abdul", True, True),  # the unit's operator
    ("marthen", False, False),  # Ambon's administrator: not Buru
]


def _refusals() -> int:
    return AuditEvent.objects.filter(
        kind=AuditEvent.Kind.ACCESS_DENIED, detail__object_type="innovation"
    ).count()


@pytest.mark.parametrize(("persona", "read", "change"), RIGHTS)
def test_an_innovation_has_its_units_rights(world, persona, read, change):
    innovation = register(world)
    user = getattr(world, persona)
    if read:
        _found, rights = access.get_innovation_for_user(user, innovation.pk)
        assert (rights.read, rights.change, rights.publish) == (True, change, change)
        assert innovation in access.innovations_visible_to(user)
    else:
        with pytest.raises(Http404):
            access.get_innovation_for_user(user, innovation.pk)
        assert innovation not in access.innovations_visible_to(user)
    if change:
        access.get_innovation_for_user(user, innovation.pk, write=True)
    else:
        before = _refusals()
        with pytest.raises(Http404):
            access.get_innovation_for_user(user, innovation.pk, write=True)
        assert _refusals() == before + 1


def test_a_missing_innovation_is_refused_like_a_forbidden_one(world):
    with pytest.raises(Http404):
        access.get_innovation_for_user(world.ratna, 999999)
    assert _refusals() == 1


@pytest.mark.parametrize(
    ("persona", "units"),
    [
        ("ratna", {"8104-DUKCAPIL", "8104-RSUD", "8171-DUKCAPIL", "9601-DUKCAPIL"}),
        ("siti", {"8104-DUKCAPIL", "8104-RSUD"}),
        ("abdul", {"8104-DUKCAPIL"}),
        ("yohanis", set()),  # evaluators read, they do not register
        ("marthen", {"8171-DUKCAPIL"}),
    ],
)
def test_who_registers_innovations_for_which_units(world, persona, units):
    user = getattr(world, persona)
    found = set(access.units_registering(user).values_list("code", flat=True))
    assert found == units
    assert access.can_register(user) == bool(units)


def test_the_public_sees_published_innovations_of_listed_units_only(world):
    listed = register(world, title="Listed")
    hidden = register(world, title="Hidden", unit=world.buru_rsud, actor=world.siti)
    draft = register(world, title="Draft")
    actions.publish_innovation(listed, actor=world.abdul)
    hidden.is_published = True  # published before the unit was taken off the directory
    hidden.save()
    assert list(access.public_innovations()) == [listed]
    assert access.get_public_innovation(listed.pk) == listed
    for other in (hidden, draft):
        with pytest.raises(Http404):
            access.get_public_innovation(other.pk)


@pytest.mark.parametrize(
    ("persona", "read", "change"),
    [
        ("abdul", True, True),  # the source's operator
        ("marthen", True, True),  # the adopter's administrator
        ("yohanis", True, False),  # reads both sides in Maluku
        ("ratna", True, True),
    ],
)
def test_a_replication_may_be_changed_from_either_side(world, persona, read, change):
    source = register(world)
    replication = actions.record_replication(
        source, actor=world.abdul, adopter_unit=world.ambon_dukcapil, started_on=dt.date(2025, 1, 1)
    )
    user = getattr(world, persona)
    _found, rights = access.get_replication_for_user(user, replication.pk)
    assert (rights.read, rights.change) == (read, change)


def test_a_replication_between_others_is_refused(world):
    source = register(world, unit=world.ambon_dukcapil, actor=world.marthen)
    replication = actions.record_replication(
        source,
        actor=world.ratna,
        adopter_unit=world.sorong_dukcapil,
        started_on=dt.date(2025, 1, 1),
    )
    with pytest.raises(Http404):
        access.get_replication_for_user(world.abdul, replication.pk)
