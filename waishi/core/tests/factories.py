import factory

from waishi.core import services
from waishi.core.enums import UnitKind
from waishi.core.models import Unit, User


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    name_zh = factory.Sequence(lambda n: f"学院{n}")
    name_en = factory.Sequence(lambda n: f"College {n}")
    code = factory.Sequence(lambda n: f"U{n}")
    kind = UnitKind.COLLEGE


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.edu")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def roles_and_units(self, create, extracted, **kwargs):
        if create and extracted:
            roles, units = extracted
            services.user_set_roles_and_units(self, roles, units)
        self.save()
