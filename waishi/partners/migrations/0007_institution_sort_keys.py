"""Partner institutions keep the sort key of their name in each language (core/names.py), as
countries and units do, so the public directory is sorted and cut by the database; existing
rows get theirs."""

from django.db import migrations, models


def sort_keys_fill(apps, schema_editor):
    from waishi.core.names import SORT_KEYS, sort_keys

    Institution = apps.get_model("partners", "Institution")
    rows = list(Institution.objects.only("pk", "name_en", "name_zh"))
    for row in rows:
        for field, key in sort_keys(row).items():
            setattr(row, field, key)
    Institution.objects.bulk_update(rows, SORT_KEYS, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_search_text_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="sort_en",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="institution",
            name="sort_zh",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(sort_keys_fill, migrations.RunPython.noop),
    ]
