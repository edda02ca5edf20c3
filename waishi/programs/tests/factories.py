import datetime

import factory

from waishi.core.tests.factories import UnitFactory
from waishi.partners.tests.factories import InstitutionFactory
from waishi.programs.enums import ProgramLevel, ProgramMode, ProgramStatus
from waishi.programs.models import Cohort, Program


class ProgramFactory(factory.django.DjangoModelFactory[Program]):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    name_zh = factory.Sequence(lambda n: f"合作项目{n}")
    name_en = factory.Sequence(lambda n: f"Joint Program {n}")
    home_unit = factory.SubFactory(UnitFactory)
    level = ProgramLevel.BACHELOR
    mode = ProgramMode.TWO_PLUS_TWO
    discipline = "Mechanical Engineering"
    approval_number = factory.Sequence(lambda n: f"MOE43FR2A2012{n:04d}N")
    approval_date = datetime.date(2012, 6, 1)
    annual_quota = 60
    status = ProgramStatus.RUNNING

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if not create:
            return
        self.partners.set(extracted if extracted is not None else [InstitutionFactory()])


class CohortFactory(factory.django.DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory)
    intake_year = factory.Sequence(lambda n: 2015 + n)
    enrolled = 50
