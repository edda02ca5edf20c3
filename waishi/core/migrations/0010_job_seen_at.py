from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="seen_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
