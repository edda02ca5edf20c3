"""The table keeps its number of rows (core/row_counts.py): the list counts without reading them."""

from django.db import migrations

from waishi.core.row_counts import migration_operations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_row_count"),
        ("visits", "0008_gift_goes_with_its_guest"),
    ]

    operations = migration_operations("visits_visit")
