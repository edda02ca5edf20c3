"""The agreements' expiring window and reminder days move from their own one-row table
(`AgreementPolicy`, edited in the Django admin) to core's store of office rules. A value the
office changed from its default is copied there with the history of its changes."""

from django.db import migrations

DEFAULTS = {"agreements_expiring_window_days": "180", "agreements_reminder_days": "180,90,30"}


def _day_list(text):
    days = {int(part) for part in (text or "").split(",") if part.strip().isdigit()}
    return ",".join(str(day) for day in sorted(days - {0}, reverse=True))


def _values(row):
    return {
        "agreements_expiring_window_days": str(row.expiring_window_days),
        "agreements_reminder_days": _day_list(row.reminder_days),
    }


def copy_to_core(apps, schema_editor):
    AgreementPolicy = apps.get_model("agreements", "AgreementPolicy")
    HistoricalAgreementPolicy = apps.get_model("agreements", "HistoricalAgreementPolicy")
    PolicyValue = apps.get_model("core", "PolicyValue")
    HistoricalPolicyValue = apps.get_model("core", "HistoricalPolicyValue")
    row = AgreementPolicy.objects.filter(pk=1).first()
    if row is None:
        return
    past = list(
        HistoricalAgreementPolicy.objects.filter(id=1).order_by("history_date", "history_id")
    )
    for key, current in _values(row).items():
        if current == DEFAULTS[key]:
            continue
        value = PolicyValue.objects.create(key=key, value=current)
        before = DEFAULTS[key]
        for record in past:
            seen = _values(record)[key]
            if seen == before:
                continue
            HistoricalPolicyValue.objects.create(
                id=value.pk,
                key=key,
                value=seen,
                updated_at=record.history_date,
                history_date=record.history_date,
                history_change_reason=record.history_change_reason,
                history_type="~" if before != DEFAULTS[key] else "+",
                history_user_id=record.history_user_id,
            )
            before = seen


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_upload_checked_by_content"),
        ("core", "0004_office_rules"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="AgreementPolicy",
        ),
        migrations.DeleteModel(
            name="HistoricalAgreementPolicy",
        ),
    ]
