"""The version's approval chain: unit head, office, and the leader for a major conference;
a change after approval is a new version approved again, the old one kept."""

from __future__ import annotations

import datetime

import pytest

from waishi.conferences import services
from waishi.conferences.enums import ConferenceStatus, VersionStatus
from waishi.conferences.models import Conference, Forecast
from waishi.conferences.tests.factories import (
    approve_all,
    approved_conference,
    days,
    submitted_conference,
)
from waishi.core import clock

pytestmark = pytest.mark.django_db
WEEK = datetime.timedelta(days=7)


def test_general_goes_to_unit_head_and_office(personas):
    version = submitted_conference(personas.teacher)
    assert version.conference.status == ConferenceStatus.IN_APPROVAL
    assert version.submitted_at is not None
    assert approve_all(version, personas) == ["unit_head", "office"]
    assert version.status == VersionStatus.APPROVED
    assert version.approved_on == clock.today()
    assert version.conference.status == ConferenceStatus.APPROVED


def test_major_goes_to_the_leader_too(personas):
    forecast = Forecast.objects.create(
        unit=personas.college, year=days(250).year, name="大会", entered_by=personas.teacher
    )
    version = submitted_conference(
        personas.teacher, start=250, expected_foreign=300, expected_total=400, forecast=forecast
    )
    assert version.is_major
    assert approve_all(version, personas) == ["unit_head", "office", "leader"]


def test_a_change_is_a_new_version_and_the_old_is_kept(personas):
    first = approved_conference(personas)
    conference = Conference.objects.get(pk=first.conference_id)
    second = services.conference_change(
        conference,
        by=personas.teacher,
        starts_on=first.starts_on + WEEK,
        ends_on=first.ends_on + WEEK,
        change_reason="The hall is taken that week.",
    )
    assert second.number == 2
    assert second.name_zh == first.name_zh
    conference.refresh_from_db()
    assert conference.current_version == second
    assert conference.status == ConferenceStatus.APPROVED
    services.conference_submit(conference, by=personas.teacher)
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.CHANGING
    assert conference.has_approval
    approve_all(second, personas)
    first.refresh_from_db()
    conference.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert second.status == VersionStatus.APPROVED
    assert conference.approved_version() == second
    assert list(conference.versions.values_list("number", flat=True)) == [1, 2]


def test_a_change_withdrawn_leaves_the_approved_version_in_force(personas):
    first = approved_conference(personas)
    conference = Conference.objects.get(pk=first.conference_id)
    services.conference_change(conference, by=personas.teacher, change_reason="More guests.")
    services.conference_submit(conference, by=personas.teacher)
    services.conference_withdraw(conference, by=personas.teacher)
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.APPROVED
    assert conference.current_version == first
    assert conference.versions.get(number=2).status == VersionStatus.WITHDRAWN
