from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import DomainError
from people import services
from people.management.commands._roles import add_role_arguments, date_argument, find


class Command(BaseCommand):
    help = (
        "Give USERNAME a ROLE over ORGANISATION (and what lies below it): "
        "hawl grant-role USERNAME ROLE ORGANISATION [--from DATE] [--to DATE]."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_role_arguments(parser)
        parser.add_argument("--from", dest="starts_on", type=date_argument, default=None)
        parser.add_argument("--to", dest="ends_on", type=date_argument, default=None)

    def handle(
        self,
        *args: Any,
        username: str,
        role: str,
        organisation: str,
        starts_on: datetime.date | None,
        ends_on: datetime.date | None,
        **options: Any,
    ) -> None:
        user, found = find(username, role, organisation)
        try:
            grant = services.role_grant_create(
                user=user, role=role, organisation=found, starts_on=starts_on, ends_on=ends_on
            )
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{user.username}: {grant.get_role_display()} of {found} from {grant.starts_on}"
            + (f" to {grant.ends_on}" if grant.ends_on else "")
        )
