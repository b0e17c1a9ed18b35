"""The roles a person can hold, and the groups of them that access rules are written in.

Roles are the shared vocabulary of the access policy: every app names them when it registers its
actions, so they live in the kit. Which kind of organisation each role is granted on is a rule
of role grants (``people.services.role_grant_create``), kept in the database too.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    PL_LEAD = "pl_lead", _("Professional learning lead")
    HEADTEACHER = "headteacher", _("Headteacher")
    GOVERNOR = "governor", _("Governor")
    CLUSTER_LEAD = "cluster_lead", _("Cluster lead")
    LA_OFFICER = "la_officer", _("Local authority officer")
    REGION_OFFICER = "region_officer", _("Region officer")
    NATIONAL_OFFICER = "national_officer", _("National officer")
    PROVIDER_ADMIN = "provider_admin", _("Provider administrator")
    ENDORSEMENT_PANEL = "endorsement_panel", _("Endorsement panel member")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")


EVERY_ROLE = frozenset(Role.values)
SCHOOL_LEADERS = frozenset({Role.HEADTEACHER, Role.PL_LEAD})
OFFICERS = frozenset({Role.LA_OFFICER, Role.REGION_OFFICER, Role.NATIONAL_OFFICER})
# Granted on the nation, these reach every organisation in Wales without looking at the graph.
NATIONWIDE = frozenset({Role.NATIONAL_OFFICER, Role.PLATFORM_ADMIN, Role.ENDORSEMENT_PANEL})
