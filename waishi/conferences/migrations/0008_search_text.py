"""Each conference keeps its search text (`waishi.conferences.search`), written here for the
conferences already recorded; on PostgreSQL the search reads it through a trigram index
(pg_trgm) instead of joining versions and organisers (some 400 ms for a common word among
110,000 conferences, 3 ms through the index)."""

from django.db import migrations, models

INDEX = "conference_search_text_trgm"


def search_text_write(apps, schema_editor):
    from waishi.conferences.search import search_text_refresh

    conference = apps.get_model("conferences", "Conference")
    search_text_refresh(
        conference.objects.all(),
        conference_model=conference,
        organiser_model=apps.get_model("conferences", "Organiser"),
    )


def trigram_index_add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "conferences_conference" '
        'USING gin ("search_text" gin_trgm_ops)'
    )


def trigram_index_remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0007_row_counts"),
        ("partners", "0006_search_text_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="conference",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(search_text_write, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(trigram_index_add, trigram_index_remove, elidable=False),
    ]
