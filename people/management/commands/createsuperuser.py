"""``hawl createsuperuser``: Django's command, and the account is a platform administrator.

Hawl's access policy reads role grants, not Django's flags, so a superuser without a grant could
do nothing. This one gets the platform administrator role on the nation in the same transaction,
so it can use the Django admin and the whole API, as Django users expect.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.management.commands import createsuperuser
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models.signals import post_save

from core.roles import Role
from organisations.models import Organisation, OrganisationKind
from people import services
from people.models import User


class Command(createsuperuser.Command):
    help = "Create a platform administrator: a Django superuser with the role on the nation."

    def handle(self, *args: Any, **options: Any) -> None:
        nation = Organisation.objects.filter(kind=OrganisationKind.NATION).first()
        if nation is None:
            raise CommandError("Load the reference data first: hawl load-reference")
        made: list[User] = []

        def remember(sender: type, instance: User, created: bool = False, **kw: Any) -> None:
            if created:
                made.append(instance)

        post_save.connect(remember, sender=User, weak=False)
        try:
            with transaction.atomic():
                super().handle(*args, **options)
                for user in made:
                    services.role_grant_create(
                        user=user, role=Role.PLATFORM_ADMIN, organisation=nation
                    )
        finally:
            post_save.disconnect(remember, sender=User)
