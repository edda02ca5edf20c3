"""Every account comes with its Person (waishi.people.services.person_for_account); this gives
one to the accounts made before that rule, so that their holders can apply for a trip."""

from django.db import migrations


def _name_parts(full_name: str) -> dict[str, str]:
    name = full_name.strip()
    if not name:
        return {}
    if any("\u4e00" <= char <= "\u9fff" for char in name):
        return {"name_zh": name}
    *given, family = name.split()
    return {"given_name": " ".join(given), "family_name": family}


def people_for_accounts(apps, schema_editor):
    User = apps.get_model("core", "User")
    Person = apps.get_model("people", "Person")
    for user in User.objects.filter(person__isnull=True).order_by("pk"):
        same_address = (
            list(Person.objects.filter(email__iexact=user.email, user=None)[:2])
            if user.email
            else []
        )
        if len(same_address) == 1:
            same_address[0].user = user
            same_address[0].save(update_fields=["user"])
            continue
        parts = _name_parts(user.full_name) or {"given_name": user.username}
        Person.objects.create(
            user=user, email=user.email, unit=user.units.order_by("pk").first(), **parts
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_country_in_core"),
        ("core", "0003_notifications"),
    ]

    operations = [migrations.RunPython(people_for_accounts, migrations.RunPython.noop)]
