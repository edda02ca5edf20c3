"""The document-expiry reminder."""

import datetime

import pytest

from waishi.core.models import Notification
from waishi.people import reminders
from waishi.people.tests.conftest import TODAY
from waishi.people.tests.factories import DocumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_expiry_reminder_once_per_threshold(personas, people):
    document = DocumentFactory(
        person=people["teacher"], expires_on=TODAY + datetime.timedelta(days=100)
    )
    DocumentFactory(person=people["visitor"], expires_on=TODAY + datetime.timedelta(days=500))
    assert reminders.documents_remind_expiring(TODAY, lambda s: None) == 1
    assert reminders.documents_remind_expiring(TODAY, lambda s: None) == 0
    recipients = set(
        Notification.objects.filter(kind="people.document_expiring").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"teacher", "officer"}
    # Crossing the 30-day threshold reminds again, once.
    later = document.expires_on - datetime.timedelta(days=20)
    assert reminders.documents_remind_expiring(later, lambda s: None) == 1
    assert reminders.documents_remind_expiring(later, lambda s: None) == 0


def test_expiry_reminder_never_logs_number(personas, people, caplog):
    DocumentFactory(
        person=people["teacher"], number="E99887766", expires_on=TODAY + datetime.timedelta(days=10)
    )
    reminders.documents_remind_expiring(TODAY, lambda s: None)
    body = Notification.objects.filter(recipient=personas.teacher).get().body
    assert "E99887766" not in body and "E9988****" in body
    assert "E99887766" not in caplog.text
