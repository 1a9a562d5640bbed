"""An innovation not confirmed for a year shows as unknown, not alive (issue 23), and its
yearly report falls due eleven whole months after the last confirmation — the boundaries,
table by table, and the same rule in the database filters as in Python."""

from __future__ import annotations

import datetime as dt

import pytest

from prima.innovation import queries
from prima.innovation.models import Innovation
from prima.innovation.models.registry import UNKNOWN, months_between, status_on
from prima.innovation.tests.test_registry_actions import register

D = dt.date


@pytest.mark.parametrize(
    ("confirmed", "today", "shown"),
    [
        (D(2025, 3, 1), D(2025, 3, 1), "aktif"),
        (D(2025, 3, 1), D(2026, 2, 28), "aktif"),
        (D(2025, 3, 1), D(2026, 3, 1), "aktif"),  # 365 days: still confirmed
        (D(2025, 3, 1), D(2026, 3, 2), UNKNOWN),  # 366 days: unknown
        (D(2023, 3, 1), D(2024, 2, 29), "aktif"),  # a leap year: 365 days
        (D(2023, 3, 1), D(2024, 3, 1), UNKNOWN),  # 366 days
        (D(2020, 1, 1), D(2026, 1, 1), UNKNOWN),
    ],
)
def test_the_status_turns_unknown_the_day_after_a_full_year(confirmed, today, shown):
    assert status_on("aktif", confirmed, today) == shown


@pytest.mark.parametrize(
    ("start", "day", "months"),
    [
        (D(2025, 3, 1), D(2026, 2, 28), 11),
        (D(2025, 3, 1), D(2026, 3, 1), 12),
        (D(2025, 3, 15), D(2026, 2, 14), 10),
        (D(2025, 3, 15), D(2026, 2, 15), 11),
        (D(2025, 3, 31), D(2026, 2, 28), 11),  # the 31st completes on a short month's end
        (D(2025, 3, 31), D(2026, 2, 27), 10),
        (D(2024, 3, 31), D(2025, 2, 28), 11),
        (D(2023, 3, 30), D(2024, 2, 29), 11),  # leap February's last day
        (D(2023, 3, 30), D(2024, 2, 28), 10),
        (D(2026, 3, 1), D(2026, 2, 1), -1),
    ],
)
def test_whole_months_between_two_days(start, day, months):
    assert months_between(start, day) == months


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def test_the_due_cutoff_agrees_with_whole_months_on_every_day_of_two_years():
    # For every "today" over two years (a leap February among them) and every confirmation
    # day within thirteen months before it: due by the cutoff date (the database filter) is
    # due by months_between (the page's rule).
    for today in _days(D(2023, 1, 1), D(2024, 12, 31))[::3]:
        cutoff = queries.due_cutoff(today)
        for confirmed in _days(today - dt.timedelta(days=400), today):
            assert (confirmed <= cutoff) == (
                months_between(confirmed, today) >= queries.DUE_AFTER_MONTHS
            ), (today, confirmed)


@pytest.mark.parametrize(
    ("confirmed", "state"),
    [
        (D(2025, 6, 10), ""),  # 9 months
        (D(2025, 4, 11), ""),  # 10 months and 30 days
        (D(2025, 4, 10), "due"),  # 11 months
        (D(2025, 3, 10), "due"),  # 12 months, 365 days
        (D(2025, 3, 9), "overdue"),  # 366 days: unknown
    ],
)
def test_a_report_is_due_from_eleven_months_and_overdue_once_unknown(confirmed, state):
    innovation = Innovation(status="aktif", status_confirmed_on=confirmed)
    assert queries.report_state(innovation, D(2026, 3, 10)) == state


@pytest.mark.django_db
def test_the_filters_show_the_status_as_of_today_at_its_boundary(world):
    today = D(2026, 3, 10)
    fresh = register(world, title="Fresh")
    edge = register(world, title="Edge")
    stale = register(world, title="Stale")
    due = register(world, title="Due")
    for innovation, confirmed in [
        (fresh, today),
        (edge, today - dt.timedelta(days=365)),
        (stale, today - dt.timedelta(days=366)),
        (due, D(2025, 4, 10)),
    ]:
        Innovation.objects.filter(pk=innovation.pk).update(status_confirmed_on=confirmed)

    def titles(**params: str) -> set[str]:
        filters = queries.filters_from(params)
        rows = queries.filter_innovations(Innovation.objects.all(), filters, today=today)
        return set(rows.values_list("title", flat=True))

    assert titles(status="aktif") == {"Fresh", "Edge", "Due"}
    assert titles(status=UNKNOWN) == {"Stale"}
    due_rows = queries.reports_due(Innovation.objects.all(), today=today)
    assert [i.title for i in due_rows] == ["Stale", "Edge", "Due"]
