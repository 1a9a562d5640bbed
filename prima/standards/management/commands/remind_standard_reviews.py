"""`prima remind_standard_reviews`: e-mail the people who look after a standard whose periodic
review is coming due or overdue."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from prima.accounts.models import Role, User
from prima.lib.http import absolute_url
from prima.registry.models import ServiceUnit
from prima.standards import queries

# Days before the due date on which a reminder goes out; once overdue, every seven days.
REMIND_BEFORE = (30, 7, 1, 0)


def should_remind(days_left: int) -> bool:
    return days_left in REMIND_BEFORE or (days_left < 0 and days_left % 7 == 0)


def recipients(unit: ServiceUnit) -> list[str]:
    """The unit's operators and its agency's administrators, active and with an address."""
    users = User.objects.filter(
        Q(memberships__role=Role.UNIT_OPERATOR, memberships__unit=unit)
        | Q(memberships__role=Role.AGENCY_ADMIN, memberships__agency_id=unit.agency_id),
        is_active=True,
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


class Command(BaseCommand):
    help = (
        "Send reminders for service standards whose yearly review falls due: 30, 7 and 1 "
        "days before, on the day, then weekly while overdue. Run it daily from a timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be sent, send nothing"
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        today = timezone.localdate()
        due = queries.reviews_due(ServiceUnit.objects.all(), today=today, within_days=30)
        sent = 0
        for standard in due:
            assert standard.review_due_on is not None
            days_left = (standard.review_due_on - today).days
            if not should_remind(days_left):
                continue
            unit = standard.service.unit
            to = recipients(unit)
            when = (
                f"jatuh tempo {standard.review_due_on:%d-%m-%Y}"
                if days_left >= 0
                else f"terlambat {-days_left} hari (jatuh tempo {standard.review_due_on:%d-%m-%Y})"
            )
            subject = f"Peninjauan standar pelayanan {standard.service.name}: {when}"
            body = (
                f"Standar pelayanan {standard.service.name} di {unit.name} (versi "
                f"{standard.version}, {standard.decree_number}) perlu ditinjau ulang: {when}.\n\n"
                "Peninjauan berkala dinilai dalam indikator PEKPPP 4.a.K. Mulai peninjauan di "
                f"Prima: {absolute_url(reverse('manage:standard_detail', args=[standard.pk]))}\n"
            )
            if options["verbosity"]:
                self.stdout.write(f"{unit.code} · {standard.service.name}: {when} → {len(to)}")
            if to and not dry_run:
                send_mail(subject, body, None, to)
                sent += 1
        if options["verbosity"]:
            self.stdout.write(f"{sent} reminder(s) sent.")
