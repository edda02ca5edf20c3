import datetime

import pytest

from waishi.core.models import Notification
from waishi.core.reminders import jobs
from waishi.travel import reminders, services
from waishi.travel.models import PassportLoan, Trip
from waishi.travel.tests.factories import ready_trip
from waishi.travel.tests.helpers import approved

pytestmark = pytest.mark.django_db


def _out_and_back(personas):
    trip = approved(ready_trip(personas.teacher), personas)
    document = trip.travellers.get().person.documents.get()
    loan = services.passport_check_out(document, trip, personas.office_staff)
    Notification.objects.all().delete()
    return trip, loan


def test_travel_jobs_are_registered():
    assert {"travel.passports", "travel.reports"} <= {job.name for job in jobs()}


def test_passport_overdue_reminded_once_per_week(personas):
    _trip, loan = _out_and_back(personas)
    say: list[str] = []
    on_time = loan.due_back
    assert reminders.passports_overdue(on_time, say.append) == 0
    later = on_time + datetime.timedelta(days=1)
    assert reminders.passports_overdue(later, say.append) == 1
    assert reminders.passports_overdue(later, say.append) == 0
    assert reminders.passports_overdue(later + datetime.timedelta(days=7), say.append) == 1
    assert PassportLoan.objects.get(pk=loan.pk).reminders == 2
    recipients = set(
        Notification.objects.filter(kind="travel.passport_overdue").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"teacher", "liaison", "officer", "director"}


def test_passport_checked_in_is_not_reminded(personas):
    _trip, loan = _out_and_back(personas)
    services.passport_check_in(loan, personas.office_staff)
    assert reminders.passports_overdue(loan.due_back + datetime.timedelta(days=3), print) == 0


def test_report_due_then_overdue(personas):
    trip, _loan = _out_and_back(personas)
    day_after = trip.return_date + datetime.timedelta(days=1)
    assert reminders.reports_due(day_after - datetime.timedelta(days=1), print) == 0
    # Due in 14 days: not yet within the week before.
    assert reminders.reports_due(day_after, print) == 0
    due_soon = trip.report_due - datetime.timedelta(days=3)
    assert reminders.reports_due(due_soon, print) == 1
    assert reminders.reports_due(due_soon, print) == 0
    overdue = trip.report_due + datetime.timedelta(days=1)
    assert reminders.reports_due(overdue, print) == 1
    assert Trip.objects.get(pk=trip.pk).report_reminders == 1
    assert set(Notification.objects.values_list("kind", flat=True)) == {"travel.report"}


def test_remind_command_runs_travel_jobs(personas, settings):
    from django.core.management import call_command

    _trip, loan = _out_and_back(personas)
    day = (loan.due_back + datetime.timedelta(days=1)).isoformat()
    call_command("remind", "--today", day)
    assert Notification.objects.filter(kind="travel.passport_overdue").count() == 4
    assert Notification.objects.filter(kind="travel.report").count() == 1
