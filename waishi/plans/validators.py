"""Rules a plan keeps; shared by forms, the API and the services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIRST_YEAR = 1950
LAST_YEAR = 2100


def plan_check(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not (values.get("name_zh") or "").strip() and not (values.get("name_en") or "").strip():
        errors.setdefault("name_zh", []).append(_("Give the name in Chinese or in English."))
    for key in ("starts_year", "ends_year"):
        year = values.get(key)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            errors.setdefault(key, []).append(
                _("Give a year between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
    starts, ends = values.get("starts_year"), values.get("ends_year")
    if starts and ends and ends < starts:
        errors.setdefault("ends_year", []).append(_("The plan cannot end before it starts."))
    if errors:
        raise ValidationError(errors)
