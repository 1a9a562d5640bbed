"""The demo's recognition programme at Disdukcapil Kabupaten Buru, seeded through the
actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prima.accounts.models import Role
from prima.demo.recognition import seed_recognition
from prima.recognition import evidence
from prima.recognition.models import Award, ConflictDeclaration, Nomination, Programme, Score
from prima.test import make_user

pytestmark = pytest.mark.django_db


def test_the_demo_programme_is_decided_awarded_and_published(world, client):
    make_user("admin.buru", role=Role.AGENCY_ADMIN, agency=world.buru)
    make_user("operator.dukcapil.buru", role=Role.UNIT_OPERATOR, unit=world.buru_dukcapil)
    assert seed_recognition() == 1
    assert seed_recognition() == 0  # idempotent
    programme = Programme.objects.get()
    assert programme.unit == world.buru_dukcapil and programme.status == Programme.Status.OPEN
    decision = programme.decisions.get()
    ranks = [(p.rank, p.nomination.staff_name) for p in decision.placements.all()]
    assert ranks[0] == (1, "Nurul Hasanah Tuasikal")
    conflicted = ConflictDeclaration.objects.get(has_conflict=True)
    assert not Score.objects.filter(
        nomination=conflicted.nomination, member=conflicted.member
    ).exists()
    assert Award.objects.count() == 3 and not any(a.is_financial for a in Award.objects.all())
    assert Nomination.objects.filter(placement__isnull=True).count() == 1  # this quarter's
    page = client.get(reverse("recognition:programme", args=[programme.pk])).content.decode()
    assert "Nurul Hasanah Tuasikal" in page
    found = evidence.findings(
        world.buru_dukcapil, year=decision.round_start.year, today=decision.decree_date
    )
    assert found["recognition.award_criteria"].level == 5
