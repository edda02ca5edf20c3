"""Reminder jobs of the travel app, run by `manage.py remind`.

Each reminder is claimed with `reminder_once` so a run every few minutes sends it once. An
overdue passport or report is reminded again each week it stays overdue (a new key per
week), and the count of reminders feeds the gate (`services.unit_is_gated`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import F

from waishi.core import changes
from waishi.core.models import User
from waishi.core.notifications import notify, reminder_once
from waishi.travel import services
from waishi.travel.enums import TripStatus
from waishi.travel.models import PassportLoan, Trip

REPORT_DUE_SOON_DAYS = 7


def _travellers_users(trip: Trip) -> list[User]:
    return [t.person.user for t in trip.travellers.select_related("person__user") if t.person.user]


def passports_overdue(today: datetime.date, say: Callable[[str], None]) -> int:
    """Passports not back by their due date: the holder, the applicant, the unit's liaisons
    and the office are told."""
    sent = 0
    loans = PassportLoan.objects.filter(
        checked_in_at__isnull=True, due_back__lt=today
    ).select_related("trip__applicant", "document__person__user")
    for loan in loans:
        week = (today - loan.due_back).days // 7
        if not reminder_once(f"travel:passport-overdue:{loan.pk}:{week}"):
            continue
        changes.update(PassportLoan.objects.filter(pk=loan.pk), reminders=F("reminders") + 1)
        holder = loan.document.person.user
        recipients = [loan.trip.applicant, holder, *services.unit_liaisons(loan.trip.unit_id)]
        recipients += services.office_users()
        notify(
            recipients,
            "travel/notice/passport_overdue",
            {"loan": loan, "trip": loan.trip, "days": (today - loan.due_back).days},
            url=loan.trip.get_absolute_url(),
            kind="travel.passport_overdue",
        )
        sent += 1
    say(f"travel: {sent} overdue passport reminder(s)")
    return sent


def reports_due(today: datetime.date, say: Callable[[str], None]) -> int:
    """Reports of ended trips: once when the report falls due within a week, then weekly
    while it is overdue."""
    sent = 0
    trips = Trip.objects.filter(
        status__in=[TripStatus.APPROVED, TripStatus.BACK],
        return_date__lt=today,
        report_due__isnull=False,
    ).select_related("applicant")
    for trip in trips:
        due = trip.report_due
        if due is None:  # not asked for (`report_due__isnull=False`), but typed so
            continue
        if due >= today:
            if due - today > datetime.timedelta(days=REPORT_DUE_SOON_DAYS):
                continue
            key, template = f"travel:report-due:{trip.pk}", "travel/notice/report_due"
        else:
            week = (today - due).days // 7
            key = f"travel:report-overdue:{trip.pk}:{week}"
            if reminder_once(key):
                changes.update(
                    Trip.objects.filter(pk=trip.pk), report_reminders=F("report_reminders") + 1
                )
                sent += _tell_report(trip, "travel/notice/report_overdue", today)
            continue
        if reminder_once(key):
            sent += _tell_report(trip, template, today)
    say(f"travel: {sent} report reminder(s)")
    return sent


def _tell_report(trip: Trip, template: str, today: datetime.date) -> int:
    recipients = [trip.applicant, *_travellers_users(trip)[:1]]
    if template.endswith("overdue"):
        recipients += services.unit_liaisons(trip.unit_id)
    notify(
        recipients,
        template,
        {"trip": trip, "due": trip.report_due},
        url=trip.get_absolute_url(),
        kind="travel.report",
    )
    return 1
