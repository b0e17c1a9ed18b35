"""Facet rows for what is offered to all of Wales (a region value of its own) and for learning
that names no role (found under every role), for opportunities written before those rules."""

from django.db import migrations

# people.RoleType's values when this was written.
ROLES = ("teacher", "teaching_assistant", "hlta", "supply_teacher", "leader", "other")


def forwards(apps, schema_editor):
    Opportunity = apps.get_model("catalogue", "Opportunity")
    Facet = apps.get_model("catalogue", "Facet")
    Audience = apps.get_model("catalogue", "Audience")
    wales = Opportunity.objects.filter(region__isnull=True).values_list("pk", flat=True)
    Facet.objects.bulk_create(
        (Facet(opportunity_id=pk, facet="region", code="all-wales") for pk in wales.iterator()),
        batch_size=5000,
        ignore_conflicts=True,
    )
    everyone = Opportunity.objects.exclude(pk__in=Audience.objects.values("opportunity_id"))
    Facet.objects.bulk_create(
        (
            Facet(opportunity_id=pk, facet="audience", code=role)
            for pk in everyone.values_list("pk", flat=True).iterator()
            for role in ROLES
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )


def backwards(apps, schema_editor):
    Facet = apps.get_model("catalogue", "Facet")
    Facet.objects.filter(facet="region", code="all-wales").delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_booking_reminded")]

    operations = [migrations.RunPython(forwards, backwards)]
