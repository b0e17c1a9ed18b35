from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from people import services
from people.models import User


class Command(BaseCommand):
    help = "Create an API Bearer token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--label", default="")

    def handle(self, *args: Any, username: str, label: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}")
        self.stdout.write(services.api_token_create(user=user, label=label))
