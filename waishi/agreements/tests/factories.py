import datetime

import factory

from waishi.agreements.enums import AgreementKind, Approval
from waishi.agreements.models import Agreement
from waishi.partners.tests.factories import InstitutionFactory


class AgreementFactory(factory.django.DjangoModelFactory[Agreement]):
    """An approved agreement signed 2024-01-01, in force until 2028-12-31."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    name_zh = factory.Sequence(lambda n: f"合作协议{n}")
    name_en = factory.Sequence(lambda n: f"Agreement {n}")
    kind = AgreementKind.STUDENT_EXCHANGE
    approval = Approval.APPROVED
    signed_on = datetime.date(2024, 1, 1)
    expires_on = datetime.date(2028, 12, 31)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create:
            self.parties.set(extracted if extracted is not None else [InstitutionFactory()])

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
