"""Writes of cooperative programs and their cohorts. Every write is atomic and leaves a line
in the history of what it touched (who, and why when the change itself does not say)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from waishi.core.clock import today
from waishi.core.forms import stripped_values
from waishi.core.history import history_by
from waishi.core.models import User
from waishi.partners.models import Institution
from waishi.programs.enums import ProgramStatus
from waishi.programs.models import Cohort, Program
from waishi.programs.validators import cohort_check, program_check

PROGRAM_FIELDS = (
    "name_zh",
    "name_en",
    "agreement",
    "home_unit",
    "level",
    "mode",
    "discipline",
    "approval_number",
    "approval_date",
    "valid_until",
    "annual_quota",
    "tuition",
    "status",
    "notes",
    "responsible",
)
COHORT_FIELDS = ("intake_year", "quota", "enrolled", "transferred_abroad", "graduated", "notes")


@transaction.atomic
def program_create(
    *, by: User | None = None, partners: Iterable[Institution] = (), **values: Any
) -> Program:
    """Record a program with its partners. Raises ValidationError on a broken rule.
    Side effects: history of the program."""
    values = stripped_values(values, PROGRAM_FIELDS)
    program_check({**values, "partners": list(partners)})
    program = Program(**values)
    history_by(program, by)
    program.save()
    program.partners.set(partners)
    return program


@transaction.atomic
def program_update(
    program: Program,
    *,
    by: User | None = None,
    partners: Iterable[Institution] | None = None,
    **values: Any,
) -> Program:
    """Change a program (not its end: see `program_end`). Raises ValidationError.
    Side effects: history of the program."""
    values = stripped_values(values, PROGRAM_FIELDS)
    current = Program.objects.select_for_update().get(pk=program.pk)
    check = {f: getattr(current, f) for f in PROGRAM_FIELDS} | values
    if partners is not None:
        check["partners"] = list(partners)
    program_check(check, instance=current)
    for key, value in values.items():
        setattr(current, key, value)
    history_by(current, by)
    current.save()
    if partners is not None:
        current.partners.set(partners)
    program.refresh_from_db()
    return current


@transaction.atomic
def program_end(
    program: Program,
    *,
    by: User | None = None,
    ended_on: datetime.date | None = None,
    reason: str = "",
) -> Program:
    """End a program for good (no more intakes; its record and cohorts stay).
    Side effects: history of the program, with the reason."""
    current = Program.objects.select_for_update().get(pk=program.pk)
    if current.status == ProgramStatus.ENDED:
        raise ValidationError(_("This program has already ended."))
    ended_on = ended_on or today()
    if current.approval_date and ended_on < current.approval_date:
        raise ValidationError({"ended_on": _("A program cannot end before it was approved.")})
    current.status = ProgramStatus.ENDED
    current.ended_on = ended_on
    current.end_reason = reason.strip()
    history_by(current, by, reason.strip())
    current.save()
    program.refresh_from_db()
    return current


@transaction.atomic
def cohort_save(
    program: Program, *, by: User | None = None, cohort: Cohort | None = None, **values: Any
) -> Cohort:
    """Record (or correct) one intake year of a program. Raises ValidationError when the
    figures cannot be true or the year is already recorded. Side effects: history."""
    values = stripped_values(values, COHORT_FIELDS)
    merged = ({f: getattr(cohort, f) for f in COHORT_FIELDS} if cohort else {}) | values
    cohort_check(merged)
    year = merged.get("intake_year")
    same_year = Q(intake_year__isnull=True) if year is None else Q(intake_year=year)
    clash = Cohort.objects.filter(same_year, program=program)
    if cohort is not None:
        clash = clash.exclude(pk=cohort.pk)
    if clash.exists():
        raise ValidationError(
            {"intake_year": _("The intake of %(year)s is already recorded.") % {"year": year}}
        )
    cohort = cohort or Cohort(program=program)
    for key, value in values.items():
        setattr(cohort, key, value)
    history_by(cohort, by)
    cohort.save()
    return cohort


def programs_merge_partner(source: Institution, target: Institution) -> int:
    """Partner merge hook: programs of `source` become programs of `target`. Returns how many
    programs moved. Runs inside the merge's transaction."""
    moved = 0
    for program in Program.objects.filter(partners=source):
        program.partners.remove(source)
        program.partners.add(target)
        moved += 1
    return moved
