"""`prima remind_readiness_deadlines`: e-mail a unit's operators and its agency's
administrators about the compliance calendar's deadlines (prima.insights Deadline) falling due
within a week — an SKM period ending, results to publish, SKM follow-up actions, the yearly SKM
and FKP. Standard reviews and complaint answers have reminders of their own
(`remind_standard_reviews`, the complaint clock) and are left out here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from prima.insights import links
from prima.insights.models import Deadline
from prima.lib.http import absolute_url
from prima.registry.models import ServiceUnit
from prima.standards.management.commands.remind_standard_reviews import recipients

# Days before the due date on which a reminder goes out; once overdue, every seven days.
REMIND_BEFORE = (7, 1, 0)
# Reminded elsewhere: the review by remind_standard_reviews, the answer by the complaint clock.
REMINDED_ELSEWHERE = (Deadline.Kind.STANDARD_REVIEW, Deadline.Kind.COMPLAINT)


def should_remind(days_left: int) -> bool:
    return days_left in REMIND_BEFORE or (days_left < 0 and days_left % 7 == 0)


def _when(due_on: dt.date, days_left: int) -> str:
    if days_left == 0:
        return "hari ini"
    if days_left > 0:
        return f"{days_left} hari lagi ({due_on:%d-%m-%Y})"
    return f"terlambat {-days_left} hari (jatuh tempo {due_on:%d-%m-%Y})"


def message(unit: ServiceUnit, due: list[Deadline], today: dt.date) -> tuple[str, str]:
    """Subject and body, in Indonesian like the other reminders: one letter per unit."""
    lines = []
    for d in due:
        what = str(d.get_kind_display())
        if d.subject:
            what = f"{what}: {d.subject}"
        url = absolute_url(links.deadline_link(d.target, d.key, unit.code))
        lines.append(f"- {what} — {_when(d.due_on, (d.due_on - today).days)}\n  {url}")
    subject = f"Kewajiban {unit.name} yang jatuh tempo: {len(due)}"
    body = (
        f"Kewajiban pelayanan publik {unit.name} berikut jatuh tempo dalam sepekan atau sudah "
        "lewat. Semuanya dinilai dalam evaluasi PEKPPP.\n\n" + "\n".join(lines) + "\n"
    )
    return subject, body


class Command(BaseCommand):
    help = (
        "Send reminders for a unit's readiness deadlines (SKM periods ending, results to "
        "publish, SKM follow-up actions, the yearly SKM and FKP): 7 and 1 days before, on the "
        "day, then weekly while overdue; one e-mail per unit. Run it daily from a timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be sent, send nothing"
        )
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="the day to act as (YYYY-MM-DD)"
        )

    def handle(
        self, *args: Any, dry_run: bool = False, today: dt.date | None = None, **options: Any
    ) -> None:
        today = today or timezone.localdate()
        by_unit: dict[int, list[Deadline]] = defaultdict(list)
        units: dict[int, ServiceUnit] = {}
        rows = (
            Deadline.objects.filter(due_on__lte=today + dt.timedelta(days=max(REMIND_BEFORE)))
            .exclude(kind__in=REMINDED_ELSEWHERE)
            .select_related("unit")
            .order_by("unit_id", "due_on", "pk")
        )
        for d in rows.iterator():
            if should_remind((d.due_on - today).days):
                by_unit[d.unit_id].append(d)
                units[d.unit_id] = d.unit
        sent = 0
        for unit_id, due in by_unit.items():
            unit = units[unit_id]
            to = recipients(unit)
            if options["verbosity"]:
                self.stdout.write(f"{unit.code}: {len(due)} deadline(s) → {len(to)}")
            if dry_run or not to:
                continue
            subject, body = message(unit, due, today)
            send_mail(subject, body, None, to)
            sent += 1
        if options["verbosity"]:
            self.stdout.write(f"{sent} reminder(s) sent.")
