"""Reminder jobs of the conferences app, run by `manage.py remind` (registered in apps.py).

Each is claimed with `reminder_once` under a key, so a run every few minutes sends it once:

- the forecast window opens (1 September, and the March supplement; office rules): the
  liaisons and heads of every unit, once a window;
- an application is due, by class: a conference forecast and not yet declared, or a
  declaration still a draft, within `DUE_SOON_DAYS` of the last day to apply for its class
  (6 months before a major one, 4 before one on site, 2 before one online): who forecast or
  declared it and the unit's liaisons;
- a summary due within `DUE_SOON_DAYS` and not filed: who filed the conference, its
  responsible person and the unit's liaisons; once it is overdue, the unit's heads as well;
- the foreign participants' list is due (`PARTICIPANTS_MONTHS` before the start) and none is
  recorded: who filed the conference and the unit's liaisons, once;
- passport data is deleted the rule's days after the conference (`participants`), and
  registrations never confirmed once their link has run out (`registrations`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TypeVar

from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat

from waishi.conferences import policy, services, summary
from waishi.conferences.enums import EDITABLE, HAS_APPROVAL, ConferenceStatus, Format, SizeClass
from waishi.conferences.models import Conference, Forecast
from waishi.core.enums import Role
from waishi.core.models import ReminderSent, User
from waishi.core.notifications import notify, reminder_once

M = TypeVar("M", Conference, Forecast)

# Reminded this many days before the last day to apply.
DUE_SOON_DAYS = 30
# A summary is asked for only of conferences due this recently (not of years of history).
SUMMARY_LOOKBACK_DAYS = 90


def unit_users(unit_id: int) -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__name=Role.UNIT_LIAISON, units=unit_id)
        .distinct()
        .order_by("pk")
    )


def _not_reminded(rows: QuerySet[M], key: str) -> QuerySet[M]:
    claimed = ReminderSent.objects.filter(
        key=Concat(Value(f"conferences:{key}:"), Cast(OuterRef("pk"), CharField()))
    )
    return rows.filter(~Exists(claimed))


def forecast_window_opens(today: datetime.date, say: Callable[[str], None]) -> int:
    """On the day a forecast window opens (or the first run after, while it is open)."""
    window = policy.forecast_window_on(today)
    if window is None or not reminder_once(
        f"conferences:forecast-window:{window.year}-{window.half}"
    ):
        say("conferences: no forecast window opening")
        return 0
    recipients = User.objects.filter(
        is_active=True, groups__name__in=[Role.UNIT_LIAISON, Role.UNIT_HEAD]
    ).distinct()
    from django.urls import reverse

    made = notify(
        recipients.order_by("pk"),
        "conferences/notice/forecast_window",
        {"window": window},
        url=reverse("conferences:forecast.list"),
        kind="conferences.forecast_window",
    )
    say(f"conferences: forecast window open, {len(made)} user(s) told")
    return 1


def _forecast_due(forecast: Forecast) -> datetime.date | None:
    start = forecast.expected_start
    if start is None and forecast.expected_month:
        start = datetime.date(forecast.year, forecast.expected_month, 1)
    if start is None:
        return None
    rule = services.application_rule(Format.ONSITE, forecast.size_class == SizeClass.MAJOR)
    return policy.months_before(start, rule.value())


def applications_due(today: datetime.date, say: Callable[[str], None]) -> int:
    """A conference forecast and not declared, or a declaration still a draft, whose last
    day to apply (by its class) is within `DUE_SOON_DAYS`."""
    sent = 0
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    # The forecasts of this year and the next that are not declared yet.
    forecasts = _not_reminded(
        Forecast.objects.filter(
            conference__isnull=True, year__in=[today.year, today.year + 1]
        ).select_related("unit", "entered_by"),
        "forecast-due",
    ).order_by("pk")
    for forecast in forecasts:
        due = _forecast_due(forecast)
        if due is None or not (today <= due <= horizon):
            continue
        if not reminder_once(f"conferences:forecast-due:{forecast.pk}"):
            continue
        from django.urls import reverse

        notify(
            [forecast.entered_by, *unit_users(forecast.unit_id)],
            "conferences/notice/application_due",
            {
                "name": forecast.name,
                "due": due,
                "size_class": SizeClass(forecast.size_class).label,
            },
            url=reverse("conferences:conference.create"),
            kind="conferences.application_due",
        )
        sent += 1
    drafts = _not_reminded(
        Conference.objects.filter(
            current_version__number=1,
            current_version__status__in=list(EDITABLE),
            current_version__starts_on__gte=today,
        ).select_related("current_version", "applicant", "unit"),
        "draft-due",
    ).order_by("pk")
    for conference in drafts:
        version = conference.current_version
        assert version is not None
        due = services.version_deadlines(version).application.date
        if not (today <= due <= horizon):
            continue
        if not reminder_once(f"conferences:draft-due:{conference.pk}"):
            continue
        notify(
            [conference.applicant, *unit_users(conference.unit_id)],
            "conferences/notice/application_due",
            {
                "name": version.name_zh,
                "due": due,
                "size_class": SizeClass(version.size_class).label,
            },
            url=conference.get_absolute_url(),
            kind="conferences.application_due",
        )
        sent += 1
    say(f"conferences: {sent} application(s) due within {DUE_SOON_DAYS} days")
    return sent


# Participants ---------------------------------------------------------------------------------


def participants_due(today: datetime.date, say: Callable[[str], None]) -> int:
    """An approved conference whose foreign participants' list (for their visas) is due
    within `DUE_SOON_DAYS` (`PARTICIPANTS_MONTHS` before the start) and that has no foreign
    participant yet: who filed it and the unit's liaisons, once."""
    from django.urls import reverse

    sent = 0
    rows = _not_reminded(
        Conference.objects.filter(
            status__in=list(HAS_APPROVAL), current_version__starts_on__gt=today
        )
        .exclude(participants__is_foreign=True)
        .select_related("current_version", "applicant", "unit"),
        "participants-due",
    ).order_by("pk")
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    for conference in rows:
        version = conference.current_version
        assert version is not None
        due = policy.months_before(version.starts_on, policy.PARTICIPANTS_MONTHS.value())
        if not (due <= horizon):
            continue
        if not reminder_once(f"conferences:participants-due:{conference.pk}"):
            continue
        notify(
            [conference.applicant, *unit_users(conference.unit_id)],
            "conferences/notice/participants_due",
            {"name": version.name_zh, "due": due},
            url=reverse("conferences:participant.list", args=[conference.pk]),
            kind="conferences.participants_due",
        )
        sent += 1
    say(f"conferences: {sent} participant list(s) due within {DUE_SOON_DAYS} days")
    return sent


def passport_data(today: datetime.date, say: Callable[[str], None]) -> int:
    """Delete participants' passport data the rule's days after their conference (also
    `manage.py conferences_passports`)."""
    from waishi.conferences.participants import passport_data_delete

    count = passport_data_delete(today)
    say(f"conferences: passport data of {count} participant(s) or registration(s) deleted")
    return count


def unconfirmed_registrations(today: datetime.date, say: Callable[[str], None]) -> int:
    """Delete public registrations never confirmed whose confirmation link has run out."""
    from waishi.conferences.registrations import unconfirmed_delete

    count = unconfirmed_delete()
    say(f"conferences: {count} unconfirmed registration(s) deleted")
    return count


def _unfiled(today: datetime.date, ended_on_or_before: datetime.date) -> QuerySet[Conference]:
    """Approved conferences over by `ended_on_or_before` (and within `SUMMARY_LOOKBACK_DAYS`
    of their due date) whose summary is not filed."""
    months = policy.SUMMARY_MONTHS.value()
    oldest = policy.months_before(today - datetime.timedelta(days=SUMMARY_LOOKBACK_DAYS), months)
    return (
        Conference.objects.filter(
            status__in=[ConferenceStatus.APPROVED, ConferenceStatus.CHANGING],
            current_version__ends_on__lte=ended_on_or_before,
            current_version__ends_on__gte=oldest,
        )
        .exclude(summary__filed_at__isnull=False)
        .select_related("current_version", "applicant", "responsible__user", "unit")
        .order_by("current_version__ends_on", "pk")
    )


def _summary_recipients(conference: Conference, *, heads: bool) -> list[User]:
    """Who writes the summary: the filer, the responsible person and the unit's liaisons;
    the unit's heads as well once it is overdue."""
    found = [conference.applicant, *unit_users(conference.unit_id)]
    if conference.responsible.user is not None:
        found.append(conference.responsible.user)
    if heads:
        found += User.objects.filter(
            is_active=True, groups__name=Role.UNIT_HEAD, units=conference.unit_id
        ).order_by("pk")
    return found


def _summary_notice(today: datetime.date, key: str, *, overdue: bool) -> int:
    from django.urls import reverse

    months = policy.SUMMARY_MONTHS.value()
    # Due by the horizon: the conference ended the rule's months before it (or earlier).
    horizon = today if overdue else today + datetime.timedelta(days=DUE_SOON_DAYS)
    sent = 0
    for conference in _not_reminded(_unfiled(today, policy.months_before(horizon, months)), key):
        due = summary.due_on(conference)
        if due is None or (due >= today if overdue else not today <= due <= horizon):
            continue
        if not reminder_once(f"conferences:{key}:{conference.pk}"):
            continue
        version = conference.current_version
        assert version is not None
        notify(
            _summary_recipients(conference, heads=overdue),
            f"conferences/notice/{key.replace('-', '_')}",
            {"name": version.name_zh, "reference": conference.reference, "due": due},
            url=reverse("conferences:summary", args=[conference.pk]),
            kind=f"conferences.{key.replace('-', '_')}",
        )
        sent += 1
    return sent


def summaries_due(today: datetime.date, say: Callable[[str], None]) -> int:
    """A summary due within `DUE_SOON_DAYS`, not filed: the unit. Past its due date: the
    unit and its heads (while the office keeps the block on, the unit can declare nothing
    new until it is filed)."""
    soon = _summary_notice(today, "summary-due", overdue=False)
    late = _summary_notice(today, "summary-overdue", overdue=True)
    say(f"conferences: {soon} summary(ies) due soon, {late} overdue")
    return soon + late


JOBS = (
    ("conferences.forecast_window", forecast_window_opens),
    ("conferences.applications_due", applications_due),
    ("conferences.participants_due", participants_due),
    ("conferences.passport_data", passport_data),
    ("conferences.unconfirmed_registrations", unconfirmed_registrations),
    ("conferences.summaries", summaries_due),
)
