"""Foreign keys to countries now point at core.Country: the same table (renamed by partners
0004), so only the migration state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_country"),
        ("people", "0004_office_rules_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalidentitydocument',
                    name='issuing_country',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.country', verbose_name='issuing country'),
                ),
                migrations.AlterField(
                    model_name='historicalperson',
                    name='nationality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.country', verbose_name='nationality'),
                ),
                migrations.AlterField(
                    model_name='identitydocument',
                    name='issuing_country',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='issuing country'),
                ),
                migrations.AlterField(
                    model_name='person',
                    name='nationality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='nationality'),
                ),
            ],
        ),
    ]
