"""Countries move to core: first their table takes core's name (core 0006 then takes the
model over), so that any migration still speaking of partners.Country finds the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_institution_institution_name_en_id_and_more")]

    operations = [migrations.AlterModelTable(name="country", table="core_country")]
