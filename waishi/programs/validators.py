"""The rules a program and a cohort must keep, shared by model forms, the API and services
so that every door refuses the same input with the same message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from waishi.programs.enums import ProgramStatus

if TYPE_CHECKING:
    from waishi.programs.models import Program

FIRST_YEAR = 1980
LAST_YEAR = 2100


def program_check(values: dict[str, Any], instance: Program | None = None) -> None:
    """Raise ValidationError (by field) when the values break a program rule:
    a name in at least one language; a running program has its approval number; the approval
    is valid after it was given; an ended program is not reopened by an edit."""
    errors: dict[str, list[str]] = {}
    if not (values.get("name_zh") or "").strip() and not (values.get("name_en") or "").strip():
        errors.setdefault("name_zh", []).append(_("Give the name in Chinese or in English."))
    status = values.get("status")
    if status == ProgramStatus.RUNNING and not (values.get("approval_number") or "").strip():
        errors.setdefault("approval_number", []).append(
            _("A running program needs its Ministry of Education approval number.")
        )
    approved, valid_until = values.get("approval_date"), values.get("valid_until")
    if approved and valid_until and valid_until < approved:
        errors.setdefault("valid_until", []).append(
            _("The approval cannot end before the date it was given.")
        )
    if (
        instance is not None
        and instance.pk
        and instance.status == ProgramStatus.ENDED
        and status not in (None, ProgramStatus.ENDED)
    ):
        errors.setdefault("status", []).append(
            _("This program has ended; record a new program instead of reopening it.")
        )
    if status == ProgramStatus.ENDED and (instance is None or instance.status != status):
        errors.setdefault("status", []).append(
            _("End a program with “End program”, which records the date and the reason.")
        )
    if "partners" in values and not values.get("partners"):
        errors.setdefault("partners", []).append(_("Choose at least one partner institution."))
    if errors:
        raise ValidationError(errors)


def cohort_check(values: dict[str, Any]) -> None:
    """Raise ValidationError (by field) when a cohort's figures cannot be true: a sensible
    intake year, and nobody transferred abroad or graduated who was not enrolled."""
    errors: dict[str, list[str]] = {}
    year = values.get("intake_year")
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        errors.setdefault("intake_year", []).append(
            _("Give a year between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    enrolled = values.get("enrolled") or 0
    if (values.get("transferred_abroad") or 0) > enrolled:
        errors.setdefault("transferred_abroad", []).append(
            _("More students transferred abroad than were enrolled.")
        )
    if (values.get("graduated") or 0) > enrolled:
        errors.setdefault("graduated", []).append(_("More students graduated than were enrolled."))
    if errors:
        raise ValidationError(errors)
