"""PostgreSQL's planner learns how facet and code go together (which codes each facet has, and
how often), so a filtered search starts from the full-text index, not from thousands of facet
rows each searched by hand. SQLite has no such statistics and needs none (FTS5 drives)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE STATISTICS IF NOT EXISTS facet_code_stats (mcv, ndistinct) "
            "ON facet, code FROM catalogue_facet"
        )
        schema_editor.execute("ANALYZE catalogue_facet")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP STATISTICS IF EXISTS facet_code_stats")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_next_session")]

    operations = [migrations.RunPython(create, drop)]
