from django.db import migrations


def load_countries(apps, schema_editor):
    from waishi.core.geography import country_rows

    Country = apps.get_model("partners", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create([
        Country(code=row.code, name_en=row.name_en, name_zh=row.name_zh, continent=row.continent)
        for row in country_rows()
        if row.code not in existing
    ])


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
