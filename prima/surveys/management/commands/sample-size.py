"""`prima sample-size N`: the Krejcie–Morgan sample for a population of N service users."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prima.surveys.ikm import required_sample


class Command(BaseCommand):
    help = (
        "Print the minimum number of SKM respondents for a population of N service users in "
        "the period (Krejcie–Morgan, as PermenPANRB 14/2017 prescribes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("population", type=int, help="service users in the survey period")

    def handle(self, *args: Any, population: int, **options: Any) -> None:
        if population < 0:
            raise CommandError("The population cannot be negative.", returncode=2)
        self.stdout.write(str(required_sample(population)))
