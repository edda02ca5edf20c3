from waishi.core.testing import LOGGED_IN, OFFICE, WITH_ROLE, AccessCase


def _partner(p):
    from waishi.partners.tests.factories import InstitutionFactory

    return {"pk": InstitutionFactory().pk}


def _contact(p):
    from waishi.partners.tests.factories import ContactFactory

    contact = ContactFactory()
    return {"pk": contact.institution_id, "contact_pk": contact.pk}


def _other_name(p):
    from waishi.partners import services
    from waishi.partners.tests.factories import InstitutionFactory

    institution = InstitutionFactory()
    other = services.other_name_add(institution, name="Old Name")
    return {"pk": institution.pk, "name_pk": other.pk}


def _country(p):
    from waishi.core.models import Country

    return {"pk": Country.objects.get(code="FR").pk}


CASES = [
    AccessCase("partners:institution.list", WITH_ROLE),
    AccessCase("partners:institution.export", WITH_ROLE),
    AccessCase("partners:institution.create", OFFICE),
    AccessCase("partners:institution.detail", WITH_ROLE, kwargs=_partner),
    AccessCase("partners:institution.update", OFFICE, kwargs=_partner),
    AccessCase("partners:institution.end", OFFICE, kwargs=_partner),
    AccessCase("partners:institution.merge", OFFICE, kwargs=_partner),
    AccessCase("partners:contact.create", OFFICE, kwargs=_partner),
    AccessCase("partners:contact.update", OFFICE, kwargs=_contact),
    AccessCase("partners:contact.remove", OFFICE, kwargs=_contact),
    AccessCase("partners:other_name.create", OFFICE, kwargs=_partner),
    AccessCase("partners:other_name.update", OFFICE, kwargs=_other_name),
    AccessCase("partners:other_name.remove", OFFICE, kwargs=_other_name),
    AccessCase("partners:import.upload", OFFICE),
    AccessCase("partners:import.template", OFFICE),
    # An unknown token is 404 even for the office; the walk checks nobody else gets 200.
    AccessCase(
        "partners:import.preview",
        frozenset(),
        kwargs=lambda p: {"token": "0" * 32},
        notes="a real token lives in the uploader's session; see test_excel.py",
    ),
    AccessCase("partner-list", WITH_ROLE),
    AccessCase("partner-detail", WITH_ROLE, kwargs=_partner),
    AccessCase("country-list", LOGGED_IN),
    AccessCase("country-detail", LOGGED_IN, kwargs=_country),
]
