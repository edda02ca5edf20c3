"""The rules a trip application must meet, shared by the form, the API and `trip_submit`.

Every message names the rule it applies, in both languages (through gettext)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from waishi.core import clock, uploads
from waishi.core.uploads import Upload, upload_check
from waishi.people.enums import DocumentKind
from waishi.travel import policy
from waishi.travel.enums import GOING

if TYPE_CHECKING:
    from waishi.travel.models import Destination, Traveller, Trip


def validate_upload(file: Upload | None) -> None:
    """Type (by content) and size of an uploaded file (invitation letter, report attachment)."""
    if file:
        upload_check(file, uploads.LETTERS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def check_dates(departure: datetime.date | None, return_date: datetime.date | None) -> list[str]:
    if departure and return_date and return_date < departure:
        return [_("Rule “return after departure”: the return date is before the departure.")]
    return []


def check_future(departure: datetime.date) -> list[str]:
    if departure <= clock.today():
        return [
            _(
                "Rule “starts in the future”: the departure (%(date)s) must be after today "
                "when the application is submitted."
            )
            % {"date": departure.isoformat()}
        ]
    return []


def check_destinations(
    destinations: Iterable[Destination],
    departure: datetime.date | None,
    return_date: datetime.date | None,
) -> list[str]:
    """Countries per trip, days per country, and each stay within the trip's dates."""
    errors: list[str] = []
    days_in: dict[int, int] = {}
    names: dict[int, str] = {}
    for dest in destinations:
        if dest.leave < dest.arrive:
            errors.append(
                _("Rule “leave after arrival”: %(place)s is left before it is reached.")
                % {"place": dest.city}
            )
            continue
        if departure and return_date and (dest.arrive < departure or dest.leave > return_date):
            errors.append(
                _("Rule “within the trip”: the stay in %(place)s is outside the trip's dates.")
                % {"place": dest.city}
            )
        days_in[dest.country_id] = (
            days_in.get(dest.country_id, 0) + (dest.leave - dest.arrive).days + 1
        )
        names[dest.country_id] = str(dest.country)
    most = policy.MAX_COUNTRIES_PER_TRIP.value()
    if len(days_in) > most:
        errors.append(
            _("Rule “at most %(most)d countries per trip”: this trip visits %(count)d.")
            % {"most": most, "count": len(days_in)}
        )
    longest = policy.MAX_DAYS_PER_COUNTRY.value()
    for country_id, days in days_in.items():
        if days > longest:
            errors.append(
                _("Rule “at most %(most)d days per country”: %(days)d days in %(country)s.")
                % {"most": longest, "days": days, "country": names[country_id]}
            )
    return errors


def check_passports(travellers: Iterable[Traveller], return_date: datetime.date) -> list[str]:
    """Each traveller holds a passport valid six months past the return, or notes one is
    being applied for."""
    from waishi.people.models import IdentityDocument

    months = policy.PASSPORT_VALID_MONTHS_AFTER.value()
    needed = add_months(return_date, months)
    errors = []
    for traveller in travellers:
        if traveller.passport_note.strip():
            continue
        valid = IdentityDocument.objects.filter(
            person_id=traveller.person_id,
            kind__in=DocumentKind.passports(),
            expires_on__gte=needed,
        ).exists()
        if not valid:
            errors.append(
                _(
                    "Rule “valid passport”: %(person)s has no passport valid until %(date)s "
                    "(the return plus %(months)d months); add one or note that it is being "
                    "applied for."
                )
                % {"person": traveller.person, "date": needed.isoformat(), "months": months}
            )
    return errors


def check_overlap(trip: Trip, travellers: Iterable[Traveller]) -> list[str]:
    """No traveller has another approved trip on overlapping days."""
    from waishi.travel.models import Traveller

    people = [t.person_id for t in travellers]
    clashes = (
        Traveller.objects.filter(
            person_id__in=people,
            trip__status__in=GOING,
            trip__departure__lte=trip.return_date,
            trip__return_date__gte=trip.departure,
        )
        .exclude(Q(trip_id=trip.pk) if trip.pk else Q(pk__in=[]))
        .select_related("person", "trip")
    )
    return [
        _(
            "Rule “no overlapping trips”: %(person)s is already approved for %(trip)s "
            "(%(start)s – %(end)s)."
        )
        % {
            "person": c.person,
            "trip": c.trip.title,
            "start": c.trip.departure.isoformat(),
            "end": c.trip.return_date.isoformat(),
        }
        for c in clashes
    ]


def check_plan(trip: Trip) -> list[str]:
    if trip.planned_trip_id is None and not trip.outside_plan_reason.strip():
        return [
            _(
                "Rule “annual plan”: choose the planned trip this carries out, or say why it "
                "is outside the plan."
            )
        ]
    return []


def trip_problems(trip: Trip, *, after_the_fact: bool = False) -> list[str]:
    """Everything that keeps a saved trip from being submitted; `after_the_fact`, from being
    recorded by the office once it has begun (no rule on the start or the passports then)."""
    travellers = list(trip.travellers.all())
    destinations = list(trip.destinations.select_related("country"))
    errors = check_dates(trip.departure, trip.return_date)
    if not after_the_fact:
        errors += check_future(trip.departure)
    if not travellers:
        errors.append(_("Rule “travellers”: add at least one traveller."))
    if not destinations:
        errors.append(_("Rule “destinations”: add at least one destination."))
    errors += check_destinations(destinations, trip.departure, trip.return_date)
    if not after_the_fact:
        errors += check_passports(travellers, trip.return_date)
    errors += check_overlap(trip, travellers)
    errors += check_plan(trip)
    return errors
