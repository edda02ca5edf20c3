"""The conference lists' order (start, then conference) read from one index of the versions,
on SQLite too (which sorted every conference for a page: some 300 ms at scale 100)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0008_search_text"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="conferenceversion",
            index=models.Index(
                fields=["starts_on", "conference", "id"], name="conference_version_list_order"
            ),
        ),
    ]
