import datetime

import factory
from django.core.files.base import ContentFile

from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument, Person

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_name = factory.Sequence(lambda n: f"Given{n}")
    name_zh = factory.Sequence(lambda n: f"人{n}")


class DocumentFactory(factory.django.DjangoModelFactory[IdentityDocument]):
    class Meta:
        model = IdentityDocument

    person = factory.SubFactory(PersonFactory)
    kind = DocumentKind.OFFICIAL_PASSPORT
    number = factory.Sequence(lambda n: f"E{n:08d}")
    issued_on = datetime.date(2020, 1, 1)
    expires_on = datetime.date(2030, 1, 1)


def with_scan(document: IdentityDocument) -> IdentityDocument:
    document.scan.save("scan.pdf", ContentFile(PDF_BYTES), save=True)
    return document
