"""One rule of "overdue" (issue 17, item 5): Complaint.is_overdue and
Complaint.objects.overdue agree at the boundaries — the queue and its filter, the complaint
page, the clock's escalation and the evaluation's coaching priorities all read them."""

from __future__ import annotations

import datetime as dt

import pytest

from prima.complaints.models import Complaint, Status
from prima.complaints.tests.factories import file

NOW = dt.datetime(2026, 11, 27, 3, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("status", "due_at", "overdue"),
    [
        # The staff's deadlines: overdue only once the due time has passed.
        (Status.RECEIVED, NOW - SECOND, True),
        (Status.RECEIVED, NOW, False),  # due exactly now: not yet
        (Status.RECEIVED, NOW + SECOND, False),
        (Status.DISPATCHED, NOW - SECOND, True),
        (Status.DISPATCHED, NOW, False),
        (Status.IN_PROGRESS, NOW - SECOND, True),
        (Status.IN_PROGRESS, NOW + SECOND, False),
        (Status.REOPENED, NOW - SECOND, True),
        (Status.REOPENED, NOW, False),
        # An answered complaint past its time closes (the complainant's window): not overdue.
        (Status.RESPONDED, NOW - SECOND, False),
        # The paused clock: postponed for the complainant's information.
        (Status.POSTPONED, NOW - SECOND, False),
        (Status.POSTPONED, None, False),
        # Closed states are never overdue, whatever due time is left on them.
        (Status.CLOSED, NOW - SECOND, False),
        (Status.CLOSED, None, False),
        (Status.ARCHIVED, NOW - SECOND, False),
        (Status.ARCHIVED, None, False),
        # No due time, no deadline.
        (Status.RECEIVED, None, False),
    ],
)
def test_a_complaint_is_overdue_only_past_a_staff_deadline(world, status, due_at, overdue):
    complaint = file(world).complaint
    Complaint.objects.filter(pk=complaint.pk).update(status=status, due_at=due_at)
    complaint.refresh_from_db()
    assert complaint.is_overdue(NOW) is overdue
    assert Complaint.objects.overdue(NOW).filter(pk=complaint.pk).exists() is overdue
