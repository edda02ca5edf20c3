"""Reads of the conferences app, scoped to the user asking: the only door to conferences."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from waishi.conferences.models import Conference, ConferenceVersion, Forecast
from waishi.core.models import AnyUser, Unit
from waishi.core.permissions import is_office, reads_everything, unit_ids_of
from waishi.people.models import Person


def conferences_for_user(user: AnyUser | None) -> QuerySet[Conference]:
    """Conferences a user may see: all for the office and those who read every register (the
    university leaders who approve major ones among them); those of their units (and the
    units beneath: the unit head approves them) for everyone else, and those they filed.
    Other units see nothing of them."""
    conferences = Conference.objects.select_related(
        "unit", "applicant", "responsible", "current_version"
    )
    if not (user and user.is_authenticated):
        return conferences.none()
    if reads_everything(user):
        return conferences
    return conferences.filter(Q(applicant=user) | Q(unit_id__in=unit_ids_of(user)))


def versions_for_user(user: AnyUser | None) -> QuerySet[ConferenceVersion]:
    """Versions of the conferences the user may see."""
    return ConferenceVersion.objects.filter(conference__in=conferences_for_user(user).values("pk"))


def forecasts_for_user(user: AnyUser | None) -> QuerySet[Forecast]:
    """Forecasts a user may see: all for those who read every register, their units'
    otherwise."""
    forecasts = Forecast.objects.select_related("unit", "entered_by")
    if not (user and user.is_authenticated):
        return forecasts.none()
    if reads_everything(user):
        return forecasts
    return forecasts.filter(Q(entered_by=user) | Q(unit_id__in=unit_ids_of(user)))


def units_for_user(user: AnyUser) -> QuerySet[Unit]:
    """Units a user may declare or forecast a conference for: every active unit for the
    office, their own for everyone else."""
    if is_office(user):
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=unit_ids_of(user), is_active=True)


def responsibles_for_user(user: AnyUser | None) -> QuerySet[Person]:
    """Who may answer for a conference: the university's own staff (people with a unit) for
    the office; the people of their units, and themselves, for everyone else."""
    people = Person.objects.select_related("unit")
    if not (user and user.is_authenticated):
        return people.none()
    if is_office(user):
        return people.filter(unit__isnull=False)
    return people.filter(Q(user=user) | Q(unit_id__in=unit_ids_of(user)))


def open_forecasts(unit: Unit | None) -> QuerySet[Forecast]:
    """The unit's forecasts not yet declared (a declaration picks its forecast from these)."""
    if unit is None:
        return Forecast.objects.none()
    return Forecast.objects.filter(unit=unit, conference__isnull=True).order_by("-year", "pk")
