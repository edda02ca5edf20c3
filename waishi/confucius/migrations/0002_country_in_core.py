"""Foreign keys to countries now point at core.Country: the same table (renamed by partners
0004), so only the migration state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("confucius", "0001_initial"),
        ("core", "0006_country"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalinstitute',
                    name='country',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.country', verbose_name='country'),
                ),
                migrations.AlterField(
                    model_name='institute',
                    name='country',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country'),
                ),
            ],
        ),
    ]
