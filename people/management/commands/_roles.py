"""What ``grant-role`` and ``end-role`` share: finding the user, the role and the organisation."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from core.roles import Role
from organisations.models import Organisation
from people.models import ROLE_ORGANISATION_KIND, User


def add_role_arguments(parser: CommandParser) -> None:
    parser.add_argument("username", help="The user's username or email address.")
    parser.add_argument(
        "role", choices=sorted(role.value for role in ROLE_ORGANISATION_KIND), help="The role."
    )
    parser.add_argument(
        "organisation",
        help="The organisation's code: a school number, an LA code, a region or provider code, "
        "WG for the nation.",
    )


def date_argument(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("Enter the date as YYYY-MM-DD, like 2026-09-01")) from None


def find(username: str, role: str, code: str) -> tuple[User, Organisation]:
    user = (
        User.objects.filter(username=username).first()
        or User.objects.filter(email__iexact=username).first()
    )
    if user is None:
        raise CommandError(
            _("No user has the username or email address %(name)s") % {"name": username}
        )
    # The organisation of the role's kind with that code; else one of another kind, which the
    # role service then refuses with a message saying what kind the role needs.
    kind = ROLE_ORGANISATION_KIND[Role(role)]
    found = sorted(Organisation.objects.filter(code=code), key=lambda org: org.kind != kind)
    if not found:
        raise CommandError(_("There is no organisation with the code %(code)s") % {"code": code})
    return user, found[0]
