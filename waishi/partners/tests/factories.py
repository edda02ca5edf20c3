import factory

from waishi.core.models import Country
from waishi.partners import services
from waishi.partners.models import Contact, Institution


def country(code: str) -> Country:
    """A country loaded by migration 0002."""
    return Country.objects.get(code=code)


class InstitutionFactory(factory.django.DjangoModelFactory[Institution]):
    class Meta:
        model = Institution
        skip_postgeneration_save = True

    name_en = factory.Sequence(lambda n: f"University {n}")
    name_zh = factory.Sequence(lambda n: f"大学{n}")
    country = factory.LazyFunction(lambda: country("FR"))
    city = "Paris"

    @factory.post_generation
    def refresh_search(self, create, extracted, **kwargs):
        if create:
            services.institution_search_refresh(self)


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
