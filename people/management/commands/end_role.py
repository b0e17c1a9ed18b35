from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import DomainError
from people import services
from people.management.commands._roles import add_role_arguments, date_argument, find


class Command(BaseCommand):
    help = (
        "End USERNAME's ROLE over ORGANISATION: --on is its last day (today by default): "
        "hawl end-role USERNAME ROLE ORGANISATION [--on DATE]."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_role_arguments(parser)
        parser.add_argument("--on", type=date_argument, default=None)

    def handle(
        self,
        *args: Any,
        username: str,
        role: str,
        organisation: str,
        on: datetime.date | None,
        **options: Any,
    ) -> None:
        user, found = find(username, role, organisation)
        try:
            grant = services.role_grant_in_force(user=user, role=role, organisation=found, on=on)
            grant = services.role_grant_end(grant=grant, on=on)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{user.username}: {grant.get_role_display()} of {found} ends on {grant.ends_on}"
        )
