"""`ensure_administrator` used to name the first administrator "Administrator", and the
account's Person took that word as a family name, so `/staff/` greeted "欢迎，Administrator". It
is a role, not the person's name: the account and its Person become what the command makes
now (no full name; the Person named after the user name, which no page uses as a name). The
administrator types their own name on their profile. Nothing else is touched: an account or
Person whose name someone changed keeps it."""

from django.db import migrations

PLACEHOLDER = "Administrator"


def drop_placeholder(apps, schema_editor):
    User = apps.get_model("core", "User")
    Person = apps.get_model("people", "Person")
    for user in User.objects.filter(is_superuser=True, full_name=PLACEHOLDER):
        user.full_name = ""
        user.save(update_fields=["full_name"])
        Person.objects.filter(
            user=user, family_name=PLACEHOLDER, given_name="", name_zh="", passport_name=""
        ).update(family_name="", given_name=user.username)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_people_for_accounts"),
        ("core", "0006_country"),
    ]

    operations = [migrations.RunPython(drop_placeholder, migrations.RunPython.noop)]
