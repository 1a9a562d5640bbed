"""A workshop is a lokakarya: one kind of event, not two side by side (issue 16, items 11 and
12: "Workshop" appeared beside "Lokakarya" in the Indonesian interface)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from prima.coaching.forms import EventForm
from prima.coaching.models import Event
from prima.coaching.tests.test_flow import _as, make_event


def test_there_is_one_kind_for_a_workshop():
    assert "workshop" not in Event.Kind.values
    labels = [str(label).lower() for label in Event.Kind.labels]
    assert sum("workshop" in label for label in labels) == 1
    assert "workshop" not in dict(EventForm.base_fields["kind"].choices)


@pytest.mark.django_db
def test_the_migration_moves_workshops_to_lokakarya_with_their_history(world):
    event = make_event(world)
    Event.objects.filter(pk=event.pk).update(kind="workshop")
    Event.history.filter(id=event.pk).update(kind="workshop")
    migration = importlib.import_module("prima.coaching.migrations.0004_lokakarya_for_workshop")
    migration.merge(apps, None)
    event.refresh_from_db()
    assert event.kind == Event.Kind.LOKAKARYA
    assert set(Event.history.filter(id=event.pk).values_list("kind", flat=True)) == {"lokakarya"}


@pytest.mark.django_db
def test_the_old_workshop_filter_still_finds_the_lokakarya(client, world):
    event = make_event(world)
    Event.objects.filter(pk=event.pk).update(kind=Event.Kind.LOKAKARYA, title="Lokakarya SP")
    make_event(world)  # a bimtek
    response = client.get("/api/v1/coaching/events/", {"kind": "workshop"})
    assert response.status_code == 200
    assert [e["kind"] for e in response.json()["results"]] == ["lokakarya"]
    _as(client, world.ratna)
    page = client.get(reverse("manage:coaching_events"), {"kind": "workshop"}).content.decode()
    assert "Lokakarya SP" in page and "Bimtek Standar Pelayanan" not in page
