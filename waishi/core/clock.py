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
