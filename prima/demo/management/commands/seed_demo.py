"""Load the demo data and print the demo log-ins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prima.demo import data
from prima.demo.seed import seed, totp_secret_base32


class Command(BaseCommand):
    help = (
        "Load the demo data (regions of the 2020 KemenPANRB technical guidance with their "
        "agencies, service units and services, one account per role, and satisfaction "
        "surveys with generated answers at six units, service standards with a public "
        "consultation forum, maklumat and facilities at two units, complaints in every "
        "state, two PEKPPP evaluation cycles) and print the "
        "log-ins. Safe to run again. Refused when PRIMA_ENV=production."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Demo accounts have published passwords: never load them in production."
            )
        report = seed()
        self.stdout.write(
            f"Demo data ready: {report.agencies} agencies, {report.units} service units, "
            f"{report.services} services, {report.users} accounts and "
            f"{report.survey_periods} survey periods, {report.standards} standard versions, "
            f"{report.complaints} complaints, {report.evaluation_lokus} PEKPPP lokus, "
            f"{report.coaching_events} coaching events, {report.innovations} innovations, "
            f"{report.recognition_programmes} recognition programmes and {report.mpps} MPP added "
            "this time."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo log-ins (password for all: {data.DEMO_PASSWORD})")
        for person in data.USERS:
            self.stdout.write(f"  {person.username:<24} {person.description}")
        self.stdout.write("")
        self.stdout.write(
            "admin.nasional signs in with a second factor: use a backup code "
            f"({', '.join(data.DEMO_BACKUP_CODES[:3])}, … each works once; running "
            "`prima seed_demo` again restores them) or add this key to an authenticator "
            f"app: {totp_secret_base32()}"
        )
