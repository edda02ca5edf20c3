"""The table keeps its number of rows (core/row_counts.py): the list counts without reading them."""

from django.db import migrations

from waishi.core.row_counts import migration_operations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_row_count"),
        ("travel", "0007_departure_index_covers_report"),
    ]

    operations = migration_operations("travel_trip")
