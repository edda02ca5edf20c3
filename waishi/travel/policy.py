"""The office's rules for trips abroad, in one place.

The workflow engineer's policy store did not exist when travel was built; these are the
defaults, and `setting(name)` reads an override from Django settings (`WAISHI_TRAVEL_<NAME>`)
so tests and deployments can change them. When an office-editable policy store lands, only
this module changes."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Longest stay in one country, in days.
    "MAX_DAYS_PER_COUNTRY": 30,
    # Most countries one trip may visit.
    "MAX_COUNTRIES_PER_TRIP": 3,
    # A trip longer than this many days goes to a university leader.
    "LEADER_APPROVAL_DAYS": 14,
    # A passport is due back this many days after the return date.
    "PASSPORT_DUE_DAYS": 7,
    # The post-trip report is due this many days after the actual return.
    "REPORT_DUE_DAYS": 15,
    # The gate: hold a unit's new applications while it has overdue items.
    "GATE_ENABLED": False,
    # ... once an overdue item has had at least this many reminders.
    "GATE_REMINDER_THRESHOLD": 2,
    # A passport must stay valid this many months after the return date.
    "PASSPORT_VALID_MONTHS_AFTER": 6,
    # Unit codes of the offices that decide steps of the chain.
    "OFFICE_UNIT_CODE": "IECO",
    "RESEARCH_UNIT_CODE": "RES",
}


def setting(name: str) -> Any:
    return getattr(settings, f"WAISHI_TRAVEL_{name}", DEFAULTS[name])
