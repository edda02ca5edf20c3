import datetime

import factory

from waishi.partners.tests.factories import InstitutionFactory
from waishi.plans.enums import ActivityKind, MemberRole
from waishi.plans.models import Plan, PlanActivity, PlanMember


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    name_zh = factory.Sequence(lambda n: f"合作计划{n}")
    name_en = factory.Sequence(lambda n: f"Cooperation Plan {n}")
    starts_year = 2010


class MemberFactory(factory.django.DjangoModelFactory[PlanMember]):
    class Meta:
        model = PlanMember

    plan = factory.SubFactory(PlanFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = MemberRole.PAIRED


class ActivityFactory(factory.django.DjangoModelFactory[PlanActivity]):
    class Meta:
        model = PlanActivity

    plan = factory.SubFactory(PlanFactory)
    date = datetime.date(2024, 5, 10)
    kind = ActivityKind.VISIT
    description = "A delegation visited the paired university."
