"""Facet rows for what is offered to all of Wales (a region value of its own) and for learning
that names no role (counted under every role), for opportunities written before those rules."""

from django.db import migrations

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
            Facet(opportunity_id=pk, facet="audience", code="everyone")
            for pk in everyone.values_list("pk", flat=True).iterator()
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )


def backwards(apps, schema_editor):
    Facet = apps.get_model("catalogue", "Facet")
    Facet.objects.filter(facet="region", code="all-wales").delete()
    Facet.objects.filter(facet="audience", code="everyone").delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_booking_reminded")]

    operations = [migrations.RunPython(forwards, backwards)]
