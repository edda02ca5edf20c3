"""The conferences and forecasts keep their number of rows (core/row_counts.py): their lists
count without reading them."""

from django.db import migrations

from waishi.core.row_counts import migration_operations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_row_count"),
        ("conferences", "0006_search_trigram"),
    ]

    operations = [
        *migration_operations("conferences_conference"),
        *migration_operations("conferences_forecast"),
    ]
