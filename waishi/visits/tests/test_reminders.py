import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from waishi.core import clock
from waishi.core.models import Notification
from waishi.core.reminders import jobs
from waishi.visits import letters, policy, reminders, services
from waishi.visits.enums import Lodging
from waishi.visits.models import Summary
from waishi.visits.tests.factories import add_item, approved_visit, ready_visit

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)


def _told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_visits_jobs_are_registered():
    names = {job.name for job in jobs()}
    assert {name for name, _job in reminders.JOBS} <= names


def test_draft_not_approved_a_week_before_arrival_tells_the_host_unit_once(personas):
    visit = ready_visit(personas.teacher, arrival=20)
    before = visit.arrival - WEEK - datetime.timedelta(days=1)
    assert reminders.not_approved(before, print) == 0
    assert reminders.not_approved(visit.arrival - WEEK, print) == 1
    assert reminders.not_approved(visit.arrival - WEEK, print) == 0
    assert reminders.not_approved(visit.arrival, print) == 0
    assert _told("visits.not-approved") == {"teacher", "liaison"}


def test_visit_in_approval_tells_the_approvers_of_its_step(personas):
    visit = ready_visit(personas.teacher, arrival=20)
    services.visit_submit(visit, by=personas.teacher)
    assert reminders.not_approved(visit.arrival - WEEK, print) == 1
    assert _told("visits.not-approved") == {"head"}


def test_approved_visit_is_not_reminded_of_approval(personas):
    visit = approved_visit(personas, arrival=20)
    assert reminders.not_approved(visit.arrival - WEEK, print) == 0


def test_visa_case_without_letter_60_days_before_arrival_once(personas):
    visit = approved_visit(personas, arrival=90, visa_needed=True)
    sixty = visit.arrival - datetime.timedelta(days=60)
    assert reminders.visa_letter_missing(sixty - datetime.timedelta(days=1), print) == 0
    assert reminders.visa_letter_missing(sixty, print) == 1
    assert reminders.visa_letter_missing(sixty + datetime.timedelta(days=1), print) == 0
    assert _told("visits.visa-letter") == {"officer", "director"}


def test_visa_case_with_a_letter_is_not_reminded(personas):
    visit = approved_visit(personas, arrival=90, visa_needed=True)
    with override_settings(OFFICE_PHONE="+86 731 5829 2000"):
        letters.invitation_issue(visit, by=personas.office_staff)
    assert reminders.visa_letter_missing(visit.arrival - WEEK, print) == 0


def test_visa_case_not_yet_approved_also_tells_the_host_unit(personas):
    visit = ready_visit(personas.teacher, arrival=90, visa_needed=True)
    assert reminders.visa_letter_missing(visit.arrival - WEEK, print) == 1
    assert _told("visits.visa-letter") == {"officer", "director", "teacher", "liaison"}


def test_itinerary_missing_a_week_before_arrival_once(personas):
    visit = approved_visit(personas, arrival=30)
    planned = approved_visit(personas, arrival=30, itinerary="Day 1: talks; day 2: labs")
    add_item(planned, personas.teacher)
    early = visit.arrival - WEEK - datetime.timedelta(days=1)
    assert reminders.itinerary_missing(early, print) == 0
    assert reminders.itinerary_missing(visit.arrival - WEEK, print) == 1
    assert reminders.itinerary_missing(visit.arrival - WEEK, print) == 0
    assert not Notification.objects.filter(
        kind="visits.itinerary", url=planned.get_absolute_url()
    ).exists()
    assert _told("visits.itinerary") == {"teacher", "liaison"}


def test_summary_overdue_after_the_office_rule_once(personas, office_rule):
    office_rule("visits_summary_due_working_days", 5)
    visit = approved_visit(personas, arrival=30)
    due = policy.summary_due(visit)
    assert due == clock.working_days_after(visit.departure, 5)
    assert reminders.summary_overdue(due, print) == 0
    after = due + datetime.timedelta(days=1)
    assert reminders.summary_overdue(after, print) == 1
    assert reminders.summary_overdue(after + WEEK, print) == 0
    assert _told("visits.summary") == {"teacher", "liaison"}


def test_summary_filed_is_not_reminded(personas):
    visit = approved_visit(personas, arrival=30)
    Summary.objects.create(
        visit=visit, text="Done", filed_by=personas.teacher, filed_at=timezone.now()
    )
    assert reminders.summary_overdue(policy.summary_due(visit) + WEEK, print) == 0


def test_working_days_after_skips_the_weekend():
    friday = datetime.date(2026, 12, 4)
    assert clock.working_days_after(friday, 1) == datetime.date(2026, 12, 7)
    assert clock.working_days_after(friday, 5) == datetime.date(2026, 12, 11)
    assert clock.working_days_after(friday, 0) == friday


def test_remind_command_sends_each_visit_reminder_once(personas):
    visit = ready_visit(personas.teacher, arrival=20, visa_needed=True)
    day = (visit.arrival - WEEK).isoformat()
    call_command("remind", "--today", day)
    call_command("remind", "--today", day)
    kinds = list(
        Notification.objects.filter(kind__startswith="visits.", recipient=personas.teacher)
        .values_list("kind", flat=True)
        .order_by("kind")
    )
    assert kinds == ["visits.itinerary", "visits.not-approved", "visits.visa-letter"]


def test_stay_outside_a_hotel_not_registered_a_day_after_arrival_once(personas):
    visit = approved_visit(personas, arrival=30)
    guest = visit.guests.get()
    services.guest_lodging_set(
        guest, by=personas.teacher, lodging=Lodging.OUTSIDE, lodging_address="Campus guest house"
    )
    assert reminders.registration_missing(visit.arrival, print) == 0
    day_after = visit.arrival + datetime.timedelta(days=1)
    assert reminders.registration_missing(day_after, print) == 1
    assert reminders.registration_missing(day_after, print) == 0
    assert _told("visits.registration") == {"teacher", "liaison"}
    body = Notification.objects.filter(kind="visits.registration").values_list("body", flat=True)
    assert "Martin1" in body[0]


def test_stay_registered_is_not_reminded(personas):
    visit = approved_visit(personas, arrival=30)
    services.guest_lodging_set(
        visit.guests.get(),
        by=personas.teacher,
        lodging=Lodging.OUTSIDE,
        lodging_address="Campus guest house",
        registered_on=visit.arrival,
        registration_number="XT-2026-118",
    )
    assert reminders.registration_missing(visit.arrival + WEEK, print) == 0
