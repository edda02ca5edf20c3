"""The conferences reminders: sent once, to those who must act."""

from __future__ import annotations

import datetime

import pytest

from waishi.conferences import policy, reminders
from waishi.conferences.models import Forecast
from waishi.conferences.tests.factories import draft_conference
from waishi.core.models import Notification

pytestmark = pytest.mark.django_db


def _quiet(line: str) -> None:
    pass


def test_the_forecast_window_opens_once(personas):
    assert reminders.forecast_window_opens(datetime.date(2026, 8, 31), _quiet) == 0
    assert reminders.forecast_window_opens(datetime.date(2026, 9, 1), _quiet) == 1
    assert reminders.forecast_window_opens(datetime.date(2026, 9, 2), _quiet) == 0
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert told == {personas.liaison.pk, personas.head.pk}
    # The March supplement is a window of its own.
    assert reminders.forecast_window_opens(datetime.date(2027, 3, 1), _quiet) == 1


def test_an_application_due_by_class(personas):
    start = datetime.date(2027, 9, 10)
    Forecast.objects.create(
        unit=personas.college,
        year=2027,
        name="计算数学国际研讨会",
        expected_start=start,
        entered_by=personas.teacher,
    )
    Forecast.objects.create(
        unit=personas.college,
        year=2027,
        name="重大会议",
        expected_start=start,
        size_class="major",
        entered_by=personas.teacher,
    )
    general_due = policy.months_before(start, 4)
    major_due = policy.months_before(start, 6)
    assert reminders.applications_due(major_due - datetime.timedelta(40), _quiet) == 0
    assert reminders.applications_due(major_due - datetime.timedelta(10), _quiet) == 1
    assert reminders.applications_due(general_due - datetime.timedelta(10), _quiet) == 1
    assert reminders.applications_due(general_due - datetime.timedelta(9), _quiet) == 0
    titles = list(Notification.objects.values_list("title", flat=True))
    assert any(general_due.isoformat() in title for title in titles)


def test_a_draft_close_to_its_deadline(personas, settings):
    version = draft_conference(personas.teacher, start=140)
    due = policy.months_before(version.starts_on, 4)
    assert reminders.applications_due(due - datetime.timedelta(5), _quiet) == 1
    assert reminders.applications_due(due - datetime.timedelta(4), _quiet) == 0
    assert Notification.objects.filter(recipient=personas.teacher).exists()


def test_a_summary_due_then_overdue_once_each(personas, settings):
    from waishi.conferences import summary
    from waishi.conferences.models import Conference
    from waishi.conferences.tests.factories import ended_conference

    version = ended_conference(personas)
    conference = Conference.objects.get(pk=version.conference_id)
    due = summary.due_on(conference)
    assert due is not None
    # Long before its due date: nothing.
    assert reminders.summaries_due(due - datetime.timedelta(days=40), _quiet) == 0
    soon = due - datetime.timedelta(days=10)
    assert reminders.summaries_due(soon, _quiet) == 1
    assert reminders.summaries_due(soon, _quiet) == 0
    told = set(
        Notification.objects.filter(kind="conferences.summary_due").values_list(
            "recipient", flat=True
        )
    )
    assert personas.teacher.pk in told and personas.liaison.pk in told
    assert personas.head.pk not in told

    late = due + datetime.timedelta(days=1)
    assert reminders.summaries_due(late, _quiet) == 1
    assert reminders.summaries_due(late + datetime.timedelta(days=1), _quiet) == 0
    overdue = Notification.objects.filter(kind="conferences.summary_overdue")
    assert personas.head.pk in set(overdue.values_list("recipient", flat=True))


def test_no_reminder_for_a_filed_summary(personas):
    from waishi.conferences import summary
    from waishi.conferences.models import Conference, Summary
    from waishi.conferences.tests.factories import ended_conference

    version = ended_conference(personas)
    conference = Conference.objects.get(pk=version.conference_id)
    Summary.objects.create(
        conference=conference,
        review="…",
        actual_total=1,
        written_by=personas.teacher,
        filed_at="2026-01-01T00:00:00Z",
    )
    due = summary.due_on(conference)
    assert due is not None
    assert reminders.summaries_due(due + datetime.timedelta(days=1), _quiet) == 0
