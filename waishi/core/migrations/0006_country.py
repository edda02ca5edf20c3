"""Countries move from partners to core: the model takes over the table (and its rows) that
partners made and 0004 renamed core_country; Hong Kong, Macao and Taiwan get their own kind;
names and kinds are brought up to the checked list of core/geography.py."""

from django.db import migrations, models

import waishi.core.names


def countries_refresh(apps, schema_editor):
    from waishi.core.geography import countries_load

    countries_load(apps.get_model("core", "Country"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_unit_duty"),
        ("partners", "0004_country_table"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Country",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.CharField(max_length=2, unique=True, verbose_name="ISO code")),
                        ("name_en", models.CharField(max_length=100, verbose_name="name (English)")),
                        ("name_zh", models.CharField(max_length=100, verbose_name="name (Chinese)")),
                        ("continent", models.CharField(choices=[("asia", "Asia"), ("europe", "Europe"), ("americas", "Americas"), ("oceania", "Oceania"), ("africa", "Africa"), ("antarctica", "Antarctica")], max_length=20, verbose_name="continent")),
                    ],
                    options={
                        "verbose_name": "country",
                        "verbose_name_plural": "countries",
                        "ordering": ["name_en"],
                    },
                    bases=(waishi.core.names.BilingualName, models.Model),
                ),
            ],
        ),
        migrations.AddField(
            model_name="country",
            name="kind",
            field=models.CharField(choices=[("country", "Country or territory"), ("region_of_china", "Hong Kong, Macao or Taiwan")], default="country", max_length=20, verbose_name="kind"),
        ),
        migrations.RunPython(countries_refresh, migrations.RunPython.noop),
    ]
