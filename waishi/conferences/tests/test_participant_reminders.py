"""Reminders of the participants: the foreign participants' list falls due (once), and
`manage.py remind` deletes passport data after the conference."""

from __future__ import annotations

import datetime

import pytest

from waishi.conferences import policy, reminders
from waishi.conferences.models import Participant
from waishi.conferences.tests.participant_helpers import add, conference
from waishi.core.models import Country, Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def _say(line: str) -> None:
    pass


def test_the_participant_list_due_is_reminded_once_until_a_foreign_participant_is_added(
    personas,
):
    record = conference(personas)
    version = record.current_version
    assert version is not None
    # The list is due one month before the start: reminded within 30 days of that.
    early = version.starts_on - datetime.timedelta(days=100)
    assert reminders.participants_due(early, _say) == 0
    late = version.starts_on - datetime.timedelta(days=50)
    assert reminders.participants_due(late, _say) == 1
    assert reminders.participants_due(late, _say) == 0
    due = policy.months_before(version.starts_on, 1)
    assert Notification.objects.get(recipient=personas.teacher).title == (
        f"The participant list of “{version.name_zh}” is due by {due:%Y-%m-%d}"
    )
    other = conference(personas)
    add(other, personas.liaison, country=Country.objects.get(code="JP"))
    assert reminders.participants_due(late, _say) == 0


def test_remind_deletes_passport_data_after_the_conference(personas):
    record = conference(personas)
    add(record, personas.liaison)
    version = record.current_version
    assert version is not None
    assert reminders.passport_data(version.ends_on + datetime.timedelta(days=10), _say) == 0
    assert reminders.passport_data(version.ends_on + datetime.timedelta(days=181), _say) == 1
    assert Participant.objects.get().passport_number == ""
