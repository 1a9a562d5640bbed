"""`prima remind_coaching_tasks`: e-mail the agencies whose follow-up tasks from a coaching
event are coming due or overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import timezone

from prima.accounts.models import Role, User
from prima.coaching import actions, queries
from prima.coaching.models import FollowUpTask
from prima.lib.http import absolute_url

# Days before the deadline on which a reminder goes out; once overdue, every seven days.
REMIND_BEFORE = (14, 7, 1, 0)


def should_remind(days_left: int) -> bool:
    return days_left in REMIND_BEFORE or (days_left < 0 and days_left % 7 == 0)


def recipients(task: FollowUpTask) -> list[str]:
    """The agency's administrators, and the people from the agency who attended the event."""
    admins = User.objects.filter(
        memberships__role=Role.AGENCY_ADMIN,
        memberships__agency_id=task.agency_id,
        is_active=True,
    ).exclude(email="")
    attendees = task.event.participants.filter(
        agency_id=task.agency_id, attended_at__isnull=False
    ).exclude(email="")
    addresses = set(admins.values_list("email", flat=True))
    addresses |= set(attendees.values_list("email", flat=True))
    return sorted(addresses)


def message(task: FollowUpTask, days_left: int) -> tuple[str, str]:
    """Subject and body, in Indonesian (the language of the letters they replace)."""
    due = f"{task.due_on:%d-%m-%Y}"
    when = (
        "hari ini"
        if days_left == 0
        else f"{days_left} hari lagi ({due})"
        if days_left > 0
        else f"terlambat {-days_left} hari (batas waktu {due})"
    )
    subject = f"Tindak lanjut {task.event.title}: {task.title} — {when}"
    body = (
        f"Yth. {task.agency.name},\n\n"
        f"Hasil {task.event.get_kind_display()} “{task.event.title}” harap ditindaklanjuti dan "
        f"dilaporkan perkembangannya. Tugas: {task.title}. Batas waktu: {when}. "
        f"Kemajuan saat ini: {task.progress}%.\n\n"
        "Laporkan kemajuan dengan bukti (standar pelayanan yang ditetapkan, hasil SKM yang "
        f"dipublikasikan, atau dokumen) di Prima: "
        f"{absolute_url(reverse('manage:coaching_task', args=[task.pk]))}\n"
    )
    return subject, body


class Command(BaseCommand):
    help = (
        "Send reminders for follow-up tasks of coaching events: 14, 7 and 1 days before the "
        "deadline, on the day, then weekly while overdue. Each reminder goes once, however "
        "often the command runs; run it daily from a timer."
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
        sent = 0
        for task in queries.reminders_due(today=today, before=REMIND_BEFORE):
            days_left = (task.due_on - today).days
            if not should_remind(days_left):
                continue
            if any(r.days_left == days_left for r in task.reminders.all()):
                continue
            to = recipients(task)
            if options["verbosity"]:
                self.stdout.write(
                    f"{task.agency.code} · {task.title}: {days_left:+d} days → {len(to)}"
                )
            if dry_run or not to:
                continue
            subject, body = message(task, days_left)
            send_mail(subject, body, None, to)
            actions.record_reminder(task, actor=None, days_left=days_left, recipients=len(to))
            sent += 1
        if options["verbosity"]:
            self.stdout.write(f"{sent} reminder(s) sent.")
