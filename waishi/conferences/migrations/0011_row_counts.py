"""These tables keep their number of rows (core/row_counts.py): the API lists count without
reading them."""

from django.db import migrations

from waishi.core.row_counts import migration_operations

TABLES = (
    "conferences_conferenceversion",
    "conferences_participant",
    "conferences_session",
    "conferences_talk",
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_row_count"),
        ("conferences", "0010_list_order_indexes"),
    ]

    operations = [op for table in TABLES for op in migration_operations(table)]
