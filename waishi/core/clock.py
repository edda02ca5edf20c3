"""Today's date for rules that depend on it. Tests move the clock with the setting
`WAISHI_FROZEN_TODAY` (a date); production never sets it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone


def today() -> datetime.date:
    frozen: datetime.date | None = getattr(settings, "WAISHI_FROZEN_TODAY", None)
    if frozen:
        return frozen
    return timezone.localdate()


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days (Monday to Friday) before `day`: a lead time of "10
    working days before arrival". Public holidays are not known here; the office sets its lead
    times with them in mind."""
    found = day
    left = count
    while left > 0 and found > datetime.date.min:
        found -= datetime.timedelta(days=1)
        if found.weekday() < 5:
            left -= 1
    return found


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days (Monday to Friday) after `day`: a report "due within 5
    working days of departure"."""
    found = day
    left = count
    while left > 0 and found < datetime.date.max:
        found += datetime.timedelta(days=1)
        if found.weekday() < 5:
            left -= 1
    return found
