# Search opportunities' titles, summaries and descriptions in both languages (core.search).

from django.db import migrations

from core.search import CreateFullTextIndex


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0003_facets"),
    ]

    operations = [
        CreateFullTextIndex(
            "opportunity",
            "opportunity_search",
            {
                "title_en": "A",
                "title_cy": "A",
                "summary_en": "B",
                "summary_cy": "B",
                "description_en": "C",
                "description_cy": "C",
            },
        ),
    ]
