"""The version's approval chain: unit head, office, and the leader for a major conference;
a change after approval is a new version approved again, the old one kept."""

from __future__ import annotations

import datetime

import pytest

from waishi.conferences import approval
from waishi.conferences.enums import (
    ConferenceStatus,
    SizeClass,
    StepKind,
    VersionStatus,
)
from waishi.conferences.models import Conference, ConferenceVersion
from waishi.conferences.tests.factories import approve_all, draft_conference
from waishi.core import clock
from waishi.workflow import services as workflow

pytestmark = pytest.mark.django_db


def test_general_goes_to_unit_head_and_office(personas):
    version = draft_conference(personas.teacher)
    workflow.approval_submit(version, kind=approval.KIND, by=personas.teacher)
    version.conference.refresh_from_db()
    assert version.conference.status == ConferenceStatus.IN_APPROVAL
    assert approve_all(version, personas) == [StepKind.UNIT_HEAD, StepKind.OFFICE]
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    assert version.approved_on == clock.today()
    assert version.conference.status == ConferenceStatus.APPROVED


def test_major_goes_to_the_leader_too(personas):
    version = draft_conference(personas.teacher, size_class=SizeClass.MAJOR)
    workflow.approval_submit(version, kind=approval.KIND, by=personas.teacher)
    assert approve_all(version, personas) == [
        StepKind.UNIT_HEAD,
        StepKind.OFFICE,
        StepKind.LEADER,
    ]


def test_a_change_is_a_new_version_and_the_old_is_kept(personas):
    first = draft_conference(personas.teacher)
    workflow.approval_submit(first, kind=approval.KIND, by=personas.teacher)
    approve_all(first, personas)
    conference = Conference.objects.get(pk=first.conference_id)
    second = ConferenceVersion.objects.create(
        conference=conference,
        number=2,
        name_zh=first.name_zh,
        name_en=first.name_en,
        discipline=first.discipline,
        starts_on=first.starts_on + datetime.timedelta(days=7),
        ends_on=first.ends_on + datetime.timedelta(days=7),
        expected_total=80,
        expected_foreign=30,
        expected_countries=6,
        created_by=personas.teacher,
    )
    workflow.approval_submit(second, kind=approval.KIND, by=personas.teacher)
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.CHANGING
    assert conference.has_approval
    approve_all(second, personas)
    first.refresh_from_db()
    second.refresh_from_db()
    conference.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert second.status == VersionStatus.APPROVED
    assert conference.approved_version() == second
    assert conference.versions.count() == 2
