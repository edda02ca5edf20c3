"""Factories of the travel app (and the people it needs, until `people` ships its own)."""

from __future__ import annotations

import datetime

import factory

from waishi.core import clock
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument, Person
from waishi.travel.enums import FundingSource, Purpose, TravellerRole
from waishi.travel.models import BudgetItem, Destination, PlannedTrip, Traveller, Trip


def country(code: str):
    from waishi.core.models import Country

    return Country.objects.get(code=code)


def days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    family_name = "Li"
    given_name = factory.Sequence(lambda n: f"Wei{n}")
    name_zh = factory.Sequence(lambda n: f"李{n}")
    position = "Professor"


class PassportFactory(factory.django.DjangoModelFactory[IdentityDocument]):
    class Meta:
        model = IdentityDocument

    person = factory.SubFactory(PersonFactory)
    kind = DocumentKind.OFFICIAL_PASSPORT
    number = factory.Sequence(lambda n: f"SE{n:07d}")
    expires_on = factory.LazyFunction(lambda: days(3 * 365))


class PlannedTripFactory(factory.django.DjangoModelFactory[PlannedTrip]):
    class Meta:
        model = PlannedTrip

    year = factory.LazyFunction(lambda: days(30).year)
    title = factory.Sequence(lambda n: f"Visit to partner {n}")
    countries = "France"
    purpose = Purpose.TALKS


class TripFactory(factory.django.DjangoModelFactory[Trip]):
    class Meta:
        model = Trip
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Talks in Paris {n}")
    purpose = Purpose.TALKS
    departure = factory.LazyFunction(lambda: days(30))
    return_date = factory.LazyFunction(lambda: days(36))
    outside_plan_reason = "Invitation came after the plan was filed."
    unit = factory.LazyAttribute(lambda t: t.applicant.units.first())

    @factory.post_generation
    def reference(self, create, extracted, **kwargs):
        if create:
            from waishi.travel.services import trip_assign_reference

            trip_assign_reference(self)


def traveller(trip: Trip, person: Person | None = None, *, leader: bool = False, **kw):
    person = person or PassportFactory(person__unit=trip.unit).person
    return Traveller.objects.create(
        trip=trip,
        person=person,
        role=TravellerRole.LEADER if leader else TravellerRole.MEMBER,
        position=person.position,
        unit=trip.unit,
        **kw,
    )


def destination(trip: Trip, code: str = "FR", city: str = "Paris", **kw) -> Destination:
    kw.setdefault("arrive", trip.departure)
    kw.setdefault("leave", trip.return_date)
    kw.setdefault("host_name", "Université Paris Cité")
    return Destination.objects.create(trip=trip, country=country(code), city=city, **kw)


def ready_trip(applicant, *, members: int = 1, **kw) -> Trip:
    """A complete draft: travellers with passports, one destination, a budget line."""
    trip = TripFactory(applicant=applicant, **kw)
    for i in range(members):
        traveller(trip, leader=(i == 0))
    destination(trip)
    BudgetItem.objects.create(trip=trip, item="Flights", amount=12000, source=FundingSource.UNIT)
    return trip
