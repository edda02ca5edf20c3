"""Countries and units keep the sort key of their name in each language (core/names.py), so
lists of them are sorted, and cut into pages, by the database; existing rows get theirs."""

from django.db import migrations, models


def sort_keys_fill(apps, schema_editor):
    from waishi.core.names import SORT_KEYS, sort_keys

    for name in ("Country", "Unit"):
        model = apps.get_model("core", name)
        rows = list(model.objects.all())
        for row in rows:
            for field, key in sort_keys(row).items():
                setattr(row, field, key)
        model.objects.bulk_update(rows, SORT_KEYS, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_country"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="sort_en",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="country",
            name="sort_zh",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="unit",
            name="sort_en",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="unit",
            name="sort_zh",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(sort_keys_fill, migrations.RunPython.noop),
    ]
