"""The office's rules for trips abroad, kept in the office-policy store of `people`
(edited by the director at /staff/policy/, history kept).

`register_rules()` declares them (AppConfig.ready); `setting(NAME)` reads one. A Django setting
`WAISHI_TRAVEL_<NAME>` wins over the store, for tests and for a deployment that pins a value.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from waishi.people import policy as store

# NAME: (kind, default, label, minimum)
RULES: dict[str, tuple[str, Any, Any, int | None]] = {
    "MAX_DAYS_PER_COUNTRY": (store.INT, 30, _("Trips: maximum days in one country"), 1),
    "MAX_COUNTRIES_PER_TRIP": (store.INT, 3, _("Trips: maximum countries per trip"), 1),
    "LEADER_APPROVAL_DAYS": (
        store.INT,
        14,
        _("Trips: longer than this many days go to a university leader"),
        1,
    ),
    "PASSPORT_DUE_DAYS": (
        store.INT,
        7,
        _("Trips: passport due back this many days after the return"),
        0,
    ),
    "REPORT_DUE_DAYS": (
        store.INT,
        15,
        _("Trips: report due this many days after the return"),
        1,
    ),
    "GATE_ENABLED": (
        store.BOOL,
        False,
        _("Trips: hold a unit's new applications while it has overdue passports or reports"),
        None,
    ),
    "GATE_REMINDER_THRESHOLD": (
        store.INT,
        2,
        _("Trips: the hold starts after this many reminders of an overdue item"),
        1,
    ),
    "PASSPORT_VALID_MONTHS_AFTER": (
        store.INT,
        6,
        _("Trips: passport valid this many months after the return"),
        0,
    ),
    "OFFICE_UNIT_CODE": (
        store.STR,
        "IECO",
        _("Trips: unit code of the international office"),
        None,
    ),
    "RESEARCH_UNIT_CODE": (store.STR, "RES", _("Trips: unit code of the research office"), None),
}


def key_of(name: str) -> str:
    return f"travel_{name.lower()}"


def register_rules() -> None:
    for name, (kind, default, label, minimum) in RULES.items():
        store.register(
            store.PolicyRule(key_of(name), kind, default, label, minimum=minimum, app="travel")
        )


def setting(name: str) -> Any:
    pinned = getattr(settings, f"WAISHI_TRAVEL_{name}", None)
    if pinned is not None:
        return pinned
    return store.get(key_of(name))
