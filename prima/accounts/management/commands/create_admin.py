"""Create the first national administrator, with a generated password."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prima.accounts import actions
from prima.accounts.models import Role, User


class Command(BaseCommand):
    help = (
        "Create a national administrator with a generated password (printed once). Prima "
        "ships no default account; this is how a new installation gets its first one. The "
        "administrator sets up two-factor sign-in at first sign-in."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, help="Full name.")

    def handle(self, *args: Any, username: str, email: str, name: str, **options: Any) -> None:
        if User.objects.filter(username=username).exists():
            raise CommandError(f"An account named {username!r} exists already.")
        password = secrets.token_urlsafe(18)
        actions.create_user(
            actor=None,
            username=username,
            full_name=name,
            email=email,
            password=password,
            grant={"role": Role.NATIONAL_ADMIN},
        )
        self.stdout.write(f"Created national administrator {username}.")
        self.stdout.write(f"Password (shown once): {password}")
