"""On PostgreSQL, the partner search (`queries.institution_search`: each folded word anywhere in
the folded names, `search_text LIKE '%word%'`) reads a trigram index (pg_trgm) instead of every
partner. SQLite has no such index and keeps reading every row: nothing is done there."""

from django.db import migrations

INDEX = "institution_search_text_trgm"


def trigram_index_add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "partners_institution" '
        'USING gin ("search_text" gin_trgm_ops)'
    )


def trigram_index_remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_country_in_core"),
    ]

    operations = [
        migrations.RunPython(trigram_index_add, trigram_index_remove, elidable=False),
    ]
