"""On PostgreSQL, the conferences search (`queries.ConferenceFilter.search`: a word anywhere in
the reference, a version's names, venue or city, or an organiser's name, case ignored) reads
trigram indexes (pg_trgm) instead of every version (issue #12: ~965 ms at scale 100). The
indexes are on the expression the search compares, UPPER(column), so `icontains` uses them.
SQLite has no such index and keeps reading every row: nothing is done there."""

from django.db import migrations

# The tables and columns the search looks in.
COLUMNS = (
    ("conferences_conference", "reference"),
    ("conferences_conferenceversion", "name_zh"),
    ("conferences_conferenceversion", "name_en"),
    ("conferences_conferenceversion", "venue"),
    ("conferences_conferenceversion", "city"),
    ("conferences_organiser", "name"),
)


def _index(table: str, column: str) -> str:
    return f"{table.removeprefix('conferences_')}_{column}_trgm"


def trigram_indexes_add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_index(table, column)}" ON "{table}" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def trigram_indexes_remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_index(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0005_public_registration"),
    ]

    operations = [
        migrations.RunPython(trigram_indexes_add, trigram_indexes_remove, elidable=False),
    ]
