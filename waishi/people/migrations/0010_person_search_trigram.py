"""On PostgreSQL, the people search (`queries.person_search`: any word anywhere in a name or
the e-mail, case ignored) reads trigram indexes (pg_trgm) instead of every row. The indexes
are on the expression the search compares, UPPER(column), so `icontains` uses them. SQLite
has no such index and keeps reading every row: nothing is done there."""

from django.db import migrations

# The columns `person_search` looks in.
COLUMNS = ("family_name", "given_name", "name_zh", "passport_name", "email")


def _index(column: str) -> str:
    return f"person_{column}_trgm"


def trigram_indexes_add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_index(column)}" ON "people_person" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def trigram_indexes_remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_index(column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0009_official_passport_index"),
    ]

    operations = [
        migrations.RunPython(trigram_indexes_add, trigram_indexes_remove, elidable=False),
    ]
