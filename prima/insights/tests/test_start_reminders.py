"""`prima remind_readiness_deadlines`: the compliance calendar's deadlines a week away reach
the unit's operators and its agency's administrators, through the same recipients as the
standard-review reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prima.insights import store
from prima.surveys.tests.factories import make_period

pytestmark = pytest.mark.django_db


def _period_ending_in(world, days: int):
    today = timezone.localdate()
    period = make_period(
        world,
        name="Triwulan IV",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=days),
    )
    store.rebuild()
    return period


def test_a_period_ending_in_a_week_is_reminded_to_the_operator_and_the_administrator(world):
    period = _period_ending_in(world, 7)
    call_command("remind_readiness_deadlines", verbosity=0)
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert sorted(letter.to) == sorted([world.abdul.email, world.siti.email])
    assert "Triwulan IV" in letter.body
    assert reverse("manage:survey_period", args=[period.pk]) in letter.body
    assert world.buru_dukcapil.name in letter.subject


@pytest.mark.parametrize(("days", "sent"), [(7, 1), (6, 0), (1, 1), (0, 1), (3, 0)])
def test_reminders_go_on_the_set_days_only(world, days, sent):
    _period_ending_in(world, 10)
    today = timezone.localdate() + dt.timedelta(days=10 - days)
    call_command("remind_readiness_deadlines", today=today, verbosity=0)
    assert len(mail.outbox) == sent


def test_a_dry_run_sends_nothing(world):
    _period_ending_in(world, 7)
    call_command("remind_readiness_deadlines", dry_run=True, verbosity=0)
    assert mail.outbox == []


def test_complaints_and_standard_reviews_are_left_to_their_own_reminders(world):
    from prima.complaints.models import Complaint
    from prima.complaints.tests.factories import file
    from prima.insights.models import Deadline

    complaint = file(world).complaint
    Complaint.objects.filter(pk=complaint.pk).update(
        status="dispatched", due_at=timezone.now() + dt.timedelta(days=1)
    )
    store.rebuild()
    assert Deadline.objects.filter(kind=Deadline.Kind.COMPLAINT).exists()
    call_command("remind_readiness_deadlines", verbosity=0)
    assert mail.outbox == []
