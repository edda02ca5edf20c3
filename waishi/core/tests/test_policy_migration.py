"""The values the office set in the old stores (people's `OfficePolicy`, agreements'
`AgreementPolicy`) arrive in core's one store with their history."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("core", "0004_office_rules"),
    ("people", "0003_scan_checked_by_content"),
    ("agreements", "0002_upload_checked_by_content"),
]
AFTER = [("people", "0004_office_rules_in_core"), ("agreements", "0003_office_rules_in_core")]


@pytest.mark.django_db(transaction=True)
def test_old_policy_values_move_to_core_with_their_history():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("core", "User")
    director = User.objects.create(username="director")
    when = timezone.now() - datetime.timedelta(days=10)
    OfficePolicy = old.get_model("people", "OfficePolicy")
    Historical = old.get_model("people", "HistoricalOfficePolicy")
    row = OfficePolicy.objects.create(key="passport_expiry_warning_days", value="120")
    Historical.objects.create(
        id=row.pk,
        key=row.key,
        value="120",
        updated_at=when,
        history_date=when,
        history_type="+",
        history_user=director,
    )
    OfficePolicy.objects.create(key="travel_office_unit_code", value="X1")  # not copied
    AgreementPolicy = old.get_model("agreements", "AgreementPolicy")
    AgreementPolicy.objects.create(pk=1, expiring_window_days=180, reminder_days="90, 30,x")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    PolicyValue = new.get_model("core", "PolicyValue")
    assert dict(PolicyValue.objects.values_list("key", "value")) == {
        "passport_expiry_warning_days": "120",
        "agreements_reminder_days": "90,30",
    }
    history = new.get_model("core", "HistoricalPolicyValue").objects.get(
        key="passport_expiry_warning_days"
    )
    assert (history.value, history.history_user_id, history.history_date) == (
        "120",
        director.pk,
        when,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
