"""The one store of office rules: typed reads, the director's page, its history."""

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import translation

from waishi.agreements import policy as agreement_policy
from waishi.core import policy
from waishi.core.services import policy_set
from waishi.people import policy as people_policy
from waishi.travel import policy as travel_policy

pytestmark = pytest.mark.django_db


def test_rules_read_their_default_until_the_office_changes_them(personas):
    assert people_policy.PASSPORT_WARNING_DAYS.value() == 180
    assert travel_policy.GATE_ENABLED.value() is False
    assert agreement_policy.REMINDER_DAYS.value() == (180, 90, 30)
    policy_set("passport_expiry_warning_days", "120", by=personas.director)
    policy_set("travel_gate_enabled", "1", by=personas.director)
    policy_set("agreements_reminder_days", "30, 180,90,30", by=personas.director)
    assert people_policy.PASSPORT_WARNING_DAYS.value() == 120
    assert travel_policy.GATE_ENABLED.value() is True
    assert agreement_policy.REMINDER_DAYS.value() == (180, 90, 30)
    policy_set("agreements_reminder_days", "60", by=personas.director)
    assert agreement_policy.REMINDER_DAYS.value() == (60,)


def test_a_value_outside_the_bounds_is_refused_with_the_rules_name(personas):
    with pytest.raises(ValidationError) as refused:
        policy_set("passport_expiry_warning_days", "-5", by=personas.director)
    assert refused.value.messages == ["“护照到期预警（天）”不能小于 0。"]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        policy_set("agreements_reminder_days", "90,soon", by=personas.director)
    assert refused.value.messages == [
        "“Agreements: reminders (days before expiry)” must be a whole number."
    ]
    assert people_policy.PASSPORT_WARNING_DAYS.value() == 180


def test_an_undeclared_rule_fails_loudly():
    with pytest.raises(ImproperlyConfigured):
        policy.rule_of("no_such_rule")
    with pytest.raises(ImproperlyConfigured):
        policy_set("no_such_rule", "1", by=None)


def test_two_apps_cannot_declare_one_key():
    with pytest.raises(ImproperlyConfigured):
        policy.register("plans", [people_policy.PASSPORT_WARNING_DAYS])


def test_policy_page_lists_every_app_rule_with_its_value(client, personas, office_rule):
    office_rule("travel_max_countries_per_trip", 5)
    client.force_login(personas.auditor)
    html = client.get("/staff/policy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for label in (
        "Passport expiry warning (days)",
        "Trips: maximum countries per trip",
        "Agreements: reminders (days before expiry)",
        "Approval reminder (days waiting)",
    ):
        assert label in html
    assert "180, 90, 30" in html
    assert "Change</a>" not in html  # the auditor reads, never changes


def test_director_changes_a_rule_and_the_change_is_shown_with_who(client, personas):
    client.force_login(personas.director)
    url = reverse("core:policy.update", args=["passport_expiry_warning_days"])
    response = client.post(url, {"value": "-5"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert people_policy.PASSPORT_WARNING_DAYS.value() == 180
    response = client.post(url, {"value": "120"})
    assert response["Location"] == "/staff/policy/"
    assert people_policy.PASSPORT_WARNING_DAYS.value() == 120
    client.post(url, {"value": "90"})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="90"' in html
    assert "<del>180</del> → <ins>120</ins>" in html
    assert "<del>120</del> → <ins>90</ins>" in html
    assert html.count(personas.director.display_name) >= 2
    listing = client.get("/staff/policy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Passport expiry warning (days)</span>: <del>120</del> → <ins>90</ins>" in listing


def test_a_switch_and_a_day_list_are_edited_on_their_own_fields(client, personas):
    client.force_login(personas.admin)
    client.post(reverse("core:policy.update", args=["travel_gate_enabled"]), {"value": "on"})
    assert travel_policy.GATE_ENABLED.value() is True
    client.post(reverse("core:policy.update", args=["travel_gate_enabled"]), {})
    assert travel_policy.GATE_ENABLED.value() is False
    url = reverse("core:policy.update", args=["agreements_reminder_days"])
    html = client.get(url).content.decode()
    assert 'value="180,90,30"' in html
    client.post(url, {"value": "120,60"})
    assert agreement_policy.REMINDER_DAYS.value() == (120, 60)


def test_office_staff_cannot_change_a_rule(client, personas):
    client.force_login(personas.office_staff)
    url = reverse("core:policy.update", args=["passport_expiry_warning_days"])
    assert client.post(url, {"value": "10"}).status_code == 403
    assert people_policy.PASSPORT_WARNING_DAYS.value() == 180


def test_an_unknown_rule_has_no_page(client, personas):
    client.force_login(personas.director)
    assert client.get("/staff/policy/no_such_rule/").status_code == 404
