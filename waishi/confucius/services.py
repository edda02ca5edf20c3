"""Writes of Confucius Institutes, the staff sent to them and their yearly figures. Every
write is atomic and leaves a line in the history of what it touched."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from waishi.confucius.enums import InstituteStatus
from waishi.confucius.models import Dispatch, Institute, YearlyFigures
from waishi.confucius.validators import dispatch_check, figures_check, institute_check
from waishi.core.clock import today
from waishi.core.forms import stripped_values
from waishi.core.history import history_by
from waishi.core.models import User
from waishi.partners.models import Institution

INSTITUTE_FIELDS = (
    "name_zh",
    "name_en",
    "host",
    "country",
    "city",
    "founded_on",
    "home_unit",
    "chinese_director",
    "foreign_director",
    "website",
    "status",
    "notes",
)
DISPATCH_FIELDS = ("person", "role", "starts_on", "ends_on", "returned_on", "notes")
FIGURES_FIELDS = (
    "year",
    "students",
    "classes",
    "events",
    "hsk_takers",
    "hskk_takers",
    "scholarships_recommended",
    "notes",
)


@transaction.atomic
def institute_create(*, by: User | None = None, **values: Any) -> Institute:
    """Record an institute. Its country defaults to the host's. Raises ValidationError.
    Side effects: history."""
    values = stripped_values(values, INSTITUTE_FIELDS)
    if not values.get("country") and values.get("host") is not None:
        values["country"] = values["host"].country
    institute_check(values)
    institute = Institute(**values)
    history_by(institute, by)
    institute.save()
    return institute


@transaction.atomic
def institute_update(institute: Institute, *, by: User | None = None, **values: Any) -> Institute:
    """Change an institute (not its closing: see `institute_close`). Raises ValidationError.
    Side effects: history."""
    values = stripped_values(values, INSTITUTE_FIELDS)
    current = Institute.objects.select_for_update().get(pk=institute.pk)
    if "country" in values and not values["country"]:
        values["country"] = (values.get("host") or current.host).country
    institute_check({f: getattr(current, f) for f in INSTITUTE_FIELDS} | values, current)
    for key, value in values.items():
        setattr(current, key, value)
    history_by(current, by)
    current.save()
    return current


@transaction.atomic
def institute_close(
    institute: Institute,
    *,
    by: User | None = None,
    closed_on: datetime.date | None = None,
    reason: str = "",
) -> Institute:
    """Close an institute for good; its record, postings and figures stay.
    Side effects: history, with the reason."""
    current = Institute.objects.select_for_update().get(pk=institute.pk)
    if current.status == InstituteStatus.CLOSED:
        raise ValidationError(_("This institute has already closed."))
    closed_on = closed_on or today()
    if current.founded_on and closed_on < current.founded_on:
        raise ValidationError({"closed_on": _("An institute cannot close before it was founded.")})
    current.status = InstituteStatus.CLOSED
    current.closed_on = closed_on
    current.close_reason = reason.strip()
    history_by(current, by, reason.strip())
    current.save()
    return current


@transaction.atomic
def dispatch_save(
    institute: Institute, *, by: User | None = None, dispatch: Dispatch | None = None, **values: Any
) -> Dispatch:
    """Record (or correct) a posting of a teacher or volunteer. Raises ValidationError.
    Side effects: history."""
    values = stripped_values(values, DISPATCH_FIELDS)
    merged = ({f: getattr(dispatch, f) for f in DISPATCH_FIELDS} if dispatch else {}) | values
    dispatch_check(merged)
    dispatch = dispatch or Dispatch(institute=institute)
    for key, value in values.items():
        setattr(dispatch, key, value)
    history_by(dispatch, by)
    dispatch.save()
    return dispatch


@transaction.atomic
def figures_save(
    institute: Institute,
    *,
    by: User | None = None,
    figures: YearlyFigures | None = None,
    **values: Any,
) -> YearlyFigures:
    """Record (or correct) one year's figures. Raises ValidationError when the year is out of
    range or already recorded. Side effects: history."""
    values = stripped_values(values, FIGURES_FIELDS)
    merged = ({f: getattr(figures, f) for f in FIGURES_FIELDS} if figures else {}) | values
    figures_check(merged)
    year = merged.get("year")
    same_year = Q(year__isnull=True) if year is None else Q(year=year)
    clash = YearlyFigures.objects.filter(same_year, institute=institute)
    if figures is not None:
        clash = clash.exclude(pk=figures.pk)
    if clash.exists():
        raise ValidationError(
            {"year": _("The figures of %(year)s are already recorded.") % {"year": merged["year"]}}
        )
    figures = figures or YearlyFigures(institute=institute)
    for key, value in values.items():
        setattr(figures, key, value)
    history_by(figures, by)
    figures.save()
    return figures


def institutes_merge_partner(source: Institution, target: Institution) -> int:
    """Partner merge hook: institutes hosted by `source` are hosted by `target`. Returns how
    many moved. Runs inside the merge's transaction."""
    moved = 0
    for institute in Institute.objects.filter(host=source):
        institute.host = target
        history_by(institute, None, "partner merge")
        institute.save()
        moved += 1
    return moved
