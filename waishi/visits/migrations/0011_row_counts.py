"""These tables keep their number of rows (core/row_counts.py): the API lists count without
reading them."""

from django.db import migrations

from waishi.core.row_counts import migration_operations

TABLES = ("visits_itineraryitem", "visits_cost", "visits_gift")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_row_count"),
        ("visits", "0010_list_order_indexes"),
    ]

    operations = [op for table in TABLES for op in migration_operations(table)]
