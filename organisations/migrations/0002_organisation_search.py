# Search organisations' names in both languages (core.search): the schools directory's q.

from django.db import migrations

from core.search import CreateFullTextIndex


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0001_initial'),
    ]

    operations = [
        CreateFullTextIndex(
            'organisation', 'organisation_search', {'name_en': 'A', 'name_cy': 'A'}
        ),
    ]
