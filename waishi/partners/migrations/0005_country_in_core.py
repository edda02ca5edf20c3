"""Country has moved to core (core 0006 took over the table 0004 renamed): partners' foreign
keys follow, and the model leaves partners' state. No change to the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("confucius", "0002_country_in_core"),
        ("core", "0006_country"),
        ("partners", "0004_country_table"),
        ("people", "0005_country_in_core"),
        ("travel", "0003_country_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='institution',
                    name='country',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='institutions', to='core.country', verbose_name='country'),
                ),
                migrations.AlterField(
                    model_name='historicalinstitution',
                    name='country',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.country', verbose_name='country'),
                ),
                migrations.DeleteModel(
                    name='Country',
                ),
            ],
        ),
    ]
