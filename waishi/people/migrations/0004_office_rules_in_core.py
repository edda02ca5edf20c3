"""The office's rules move to core's one store (`core.PolicyValue`): each value the office
set, with its history, is copied there before the old table goes. The unit codes of the
trip chain are not copied: the deciding units now come from the units register."""

from django.db import migrations
from django.utils import timezone

NOT_COPIED = {"travel_office_unit_code", "travel_research_unit_code"}


def copy_to_core(apps, schema_editor):
    OfficePolicy = apps.get_model("people", "OfficePolicy")
    HistoricalOfficePolicy = apps.get_model("people", "HistoricalOfficePolicy")
    PolicyValue = apps.get_model("core", "PolicyValue")
    HistoricalPolicyValue = apps.get_model("core", "HistoricalPolicyValue")
    for row in OfficePolicy.objects.exclude(key__in=NOT_COPIED).order_by("key"):
        value, _created = PolicyValue.objects.update_or_create(
            key=row.key, defaults={"value": row.value}
        )
        past = HistoricalOfficePolicy.objects.filter(id=row.pk).order_by(
            "history_date", "history_id"
        )
        for record in past:
            HistoricalPolicyValue.objects.create(
                id=value.pk,
                key=row.key,
                value=record.value,
                updated_at=record.updated_at,
                history_date=record.history_date,
                history_change_reason=record.history_change_reason,
                history_type=record.history_type,
                history_user_id=record.history_user_id,
            )
        if not past.exists():
            HistoricalPolicyValue.objects.create(
                id=value.pk,
                key=row.key,
                value=row.value,
                updated_at=row.updated_at,
                history_date=row.updated_at or timezone.now(),
                history_type="+",
            )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_scan_checked_by_content"),
        ("core", "0004_office_rules"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="historicalofficepolicy",
            name="history_user",
        ),
        migrations.DeleteModel(
            name="OfficePolicy",
        ),
        migrations.DeleteModel(
            name="HistoricalOfficePolicy",
        ),
    ]
