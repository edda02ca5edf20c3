"""The public list of upcoming conferences and its calendar feed: only what was approved, as
approved, never a draft or a change still in approval."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from waishi.conferences import services
from waishi.conferences.models import Conference
from waishi.conferences.tests.factories import approved_conference, draft_conference

pytestmark = pytest.mark.django_db


def test_lists_approved_conferences_only_as_approved(client, personas, english_pages):
    approved = approved_conference(personas)
    draft_conference(personas.teacher, name_zh="未批准的会议", name_en="Not Yet Approved")
    conference = Conference.objects.get(pk=approved.conference_id)
    # A change in approval shows nowhere until approved: the approved version still does.
    services.conference_change(
        conference,
        by=personas.teacher,
        name_en="A Renamed Workshop",
        change_reason="A wider scope.",
    )
    response = client.get(reverse("conferences:public.list"))
    assert response.status_code == 200
    assert "International Workshop on Computational Mathematics" in response.text
    assert "Not Yet Approved" not in response.text
    assert "A Renamed Workshop" not in response.text
    assert "1 approved international conference is coming up" in response.text


def test_past_conferences_leave_the_list(client, personas, settings, english_pages):
    version = approved_conference(personas)
    settings.WAISHI_FROZEN_TODAY = version.ends_on + datetime.timedelta(days=1)
    response = client.get(reverse("conferences:public.list"))
    assert "No international conference is announced at the moment." in response.text


def test_chinese_by_default(client, personas):
    approved_conference(personas)
    response = client.get(reverse("conferences:public.list"))
    assert "计算数学国际研讨会</a></h2>" in response.text


def test_the_calendar_feed_has_one_all_day_event_each(client, personas, english_pages):
    version = approved_conference(personas)
    draft_conference(personas.teacher, name_en="Not Yet Approved")
    response = client.get(reverse("conferences:public.calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == version.name_en
    assert event.decoded("dtstart") == version.starts_on
    assert event.decoded("dtend") == version.ends_on + datetime.timedelta(days=1)
    assert "湘潭" in str(event["location"])
