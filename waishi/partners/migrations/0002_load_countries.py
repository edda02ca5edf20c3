from django.db import migrations


def load_countries(apps, schema_editor):
    from waishi.partners.countries import country_rows

    Country = apps.get_model("partners", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create([
        Country(code=code, name_en=name_en, name_zh=name_zh, continent=continent)
        for code, name_en, name_zh, continent in country_rows()
        if code not in existing
    ])


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
