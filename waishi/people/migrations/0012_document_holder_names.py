"""Each identity document keeps a copy of its holder's names: the passport register reads a
page of official passports in the people's order from one index (written here for the
documents there are)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_holder_names(apps, schema_editor):
    person = apps.get_model("people", "Person").objects.filter(pk=OuterRef("person_id"))
    apps.get_model("people", "IdentityDocument").objects.update(
        holder_family_name=Subquery(person.values("family_name")[:1]),
        holder_given_name=Subquery(person.values("given_name")[:1]),
        holder_name_zh=Subquery(person.values("name_zh")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_row_count"),
        ("people", "0011_person_row_count"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="identitydocument",
            name="document_official_passport",
        ),
        migrations.AddField(
            model_name="identitydocument",
            name="holder_family_name",
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name="identitydocument",
            name="holder_given_name",
            field=models.CharField(blank=True, editable=False, max_length=150),
        ),
        migrations.AddField(
            model_name="identitydocument",
            name="holder_name_zh",
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.RunPython(copy_holder_names, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="identitydocument",
            index=models.Index(
                condition=models.Q(("kind", "official_passport")),
                fields=[
                    "holder_family_name",
                    "holder_given_name",
                    "holder_name_zh",
                    "person",
                    "id",
                ],
                name="document_passport_register",
            ),
        ),
    ]
