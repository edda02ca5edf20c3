"""Rules an institute, a posting and a year's figures keep; shared by forms, the API and the
services so every door refuses the same input with the same message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from waishi.confucius.enums import InstituteStatus

if TYPE_CHECKING:
    from waishi.confucius.models import Institute

FIRST_YEAR = 2004  # the first Confucius Institute opened in 2004
LAST_YEAR = 2100


def institute_check(values: dict[str, Any], instance: Institute | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if not (values.get("name_zh") or "").strip() and not (values.get("name_en") or "").strip():
        errors.setdefault("name_zh", []).append(_("Give the name in Chinese or in English."))
    chinese, foreign = values.get("chinese_director"), values.get("foreign_director")
    if chinese is not None and foreign is not None and chinese == foreign:
        errors.setdefault("foreign_director", []).append(
            _("The Chinese and the foreign director are two different people.")
        )
    status = values.get("status")
    was_closed = instance is not None and instance.status == InstituteStatus.CLOSED
    if was_closed and status not in (None, InstituteStatus.CLOSED):
        errors.setdefault("status", []).append(
            _("This institute has closed; record a new one instead of reopening it.")
        )
    if status == InstituteStatus.CLOSED and not was_closed:
        errors.setdefault("status", []).append(
            _("Close an institute with “Close institute”, which records the date and the reason.")
        )
    if errors:
        raise ValidationError(errors)


def dispatch_check(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    starts, ends, back = values.get("starts_on"), values.get("ends_on"), values.get("returned_on")
    if starts and ends and ends < starts:
        errors.setdefault("ends_on", []).append(_("The term cannot end before it starts."))
    if starts and back and back < starts:
        errors.setdefault("returned_on", []).append(
            _("The person cannot come back before the term starts.")
        )
    if errors:
        raise ValidationError(errors)


def figures_check(values: dict[str, Any]) -> None:
    year = values.get("year")
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("Give a year between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
