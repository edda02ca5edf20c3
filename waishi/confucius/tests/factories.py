import datetime

import factory

from waishi.confucius.enums import DispatchRole, InstituteStatus
from waishi.confucius.models import Dispatch, Institute, YearlyFigures
from waishi.partners.tests.factories import InstitutionFactory
from waishi.people.models import Person


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    family_name = factory.Sequence(lambda n: f"Wang{n}")
    given_name = "Fang"
    name_zh = factory.Sequence(lambda n: f"王芳{n}")


class InstituteFactory(factory.django.DjangoModelFactory[Institute]):
    class Meta:
        model = Institute

    name_zh = factory.Sequence(lambda n: f"孔子学院{n}")
    name_en = factory.Sequence(lambda n: f"Confucius Institute {n}")
    host = factory.SubFactory(InstitutionFactory)
    country = factory.LazyAttribute(lambda o: o.host.country)
    city = "Paris"
    founded_on = datetime.date(2012, 9, 1)
    status = InstituteStatus.OPERATING


class DispatchFactory(factory.django.DjangoModelFactory[Dispatch]):
    class Meta:
        model = Dispatch

    institute = factory.SubFactory(InstituteFactory)
    person = factory.SubFactory(PersonFactory)
    role = DispatchRole.TEACHER
    starts_on = datetime.date(2024, 9, 1)
    ends_on = datetime.date(2026, 7, 31)


class FiguresFactory(factory.django.DjangoModelFactory[YearlyFigures]):
    class Meta:
        model = YearlyFigures

    institute = factory.SubFactory(InstituteFactory)
    year = factory.Sequence(lambda n: 2015 + n)
    students = 800
    classes = 40
    events = 25
