import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from waishi.partners import hooks, queries, services
from waishi.partners.enums import PartnerStatus
from waishi.partners.models import Contact, Institution, InstitutionName
from waishi.partners.tests.factories import ContactFactory, InstitutionFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_our_merge_hooks(monkeypatch):
    # Later apps test their own merge hooks; this module registers its own.
    monkeypatch.setattr("waishi.partners.hooks._mergers", [])


@pytest.fixture(autouse=True)
def _english():
    # History reasons are written in the language of the person acting; test them in English.
    with translation.override("en"):
        yield


def _search(text, user):
    return set(
        queries.institution_search(queries.institutions_for_user(user), text).values_list(
            "name_en", flat=True
        )
    )


@pytest.fixture
def registry(personas):
    orleans = services.institution_create(
        name_en="University of Orléans", name_zh="奥尔良大学", country=country("FR")
    )
    services.other_name_add(orleans, name="Université d'Orléans")
    services.institution_create(
        name_en="Moscow State University", name_zh="莫斯科国立大学", country=country("RU")
    )
    services.institution_create(name_en="Charles University", country=country("CZ"))
    return orleans


def test_search_orleans_without_accent_finds_university_of_orleans(registry, personas):
    assert _search("orleans", personas.teacher) == {"University of Orléans"}


def test_search_by_part_of_a_word_and_case_blind(registry, personas):
    assert _search("MOSC", personas.teacher) == {"Moscow State University"}
    assert _search("univ", personas.teacher) == {
        "University of Orléans",
        "Moscow State University",
        "Charles University",
    }


def test_search_by_chinese_name(registry, personas):
    assert _search("奥尔良", personas.teacher) == {"University of Orléans"}
    assert _search("国立", personas.teacher) == {"Moscow State University"}


def test_search_by_other_name_with_accents(registry, personas):
    assert _search("universite d'orleans", personas.teacher) == {"University of Orléans"}
    assert _search("Université", personas.teacher) == {"University of Orléans"}


def test_search_every_word_must_match(registry, personas):
    assert _search("state moscow", personas.teacher) == {"Moscow State University"}
    assert _search("state orleans", personas.teacher) == set()


def test_institutions_for_user_hidden_from_outsider_and_anonymous(registry, personas):
    from django.contrib.auth.models import AnonymousUser

    assert queries.institutions_for_user(personas.outsider).count() == 0
    assert queries.institutions_for_user(AnonymousUser()).count() == 0
    assert queries.institutions_for_user(personas.auditor).count() == 3
    assert queries.institutions_for_user(personas.teacher).count() == 3


def test_duplicate_refused_case_and_accent_blind_with_link(registry):
    with pytest.raises(services.DuplicateInstitution) as caught:
        services.institution_create(name_en="university of orleans", country=country("FR"))
    assert caught.value.existing == registry
    assert f"/staff/partners/{registry.pk}/" in caught.value.messages[0]
    assert Institution.objects.filter(country__code="FR").count() == 1


def test_duplicate_refused_on_chinese_name(registry):
    with pytest.raises(services.DuplicateInstitution):
        services.institution_create(
            name_en="Orleans Uni", name_zh="奥尔良大学", country=country("FR")
        )


def test_same_name_in_another_country_is_allowed(registry):
    other = services.institution_create(name_en="University of Orléans", country=country("BE"))
    assert other.country.code == "BE"


def test_update_into_a_duplicate_is_refused(registry):
    charles = Institution.objects.get(name_en="Charles University")
    with pytest.raises(services.DuplicateInstitution):
        services.institution_update(charles, name_en="University of Orleans", country=country("FR"))
    charles.refresh_from_db()
    assert charles.name_en == "Charles University"


def test_missing_english_name_refused():
    with pytest.raises(ValidationError) as caught:
        services.institution_create(name_en="  ", country=country("FR"))
    assert caught.value.message_dict == {"name_en": ["The English name is required."]}


def test_end_partnership_keeps_date_and_reason_in_history(registry, personas):
    services.institution_end(
        registry, by=personas.office_staff, ended_on=datetime.date(2026, 7, 1), reason="No exchange"
    )
    registry.refresh_from_db()
    assert registry.status == PartnerStatus.ENDED
    last = registry.history.order_by("-history_date", "-pk").first()
    assert last.history_change_reason == "Partnership ended on 2026-07-01: No exchange"
    assert last.history_user == personas.office_staff


def test_contact_primary_moves_to_the_new_primary(registry):
    first = services.contact_add(registry, name="Anne")
    second = services.contact_add(registry, name="Bob", is_primary=True)
    first.refresh_from_db()
    assert (first.is_primary, second.is_primary) == (False, True)
    services.contact_remove(second)
    first.refresh_from_db()
    assert first.is_primary is True
    assert Contact.history.filter(name="Bob", history_type="-").count() == 1


def test_first_contact_becomes_primary(registry):
    assert services.contact_add(registry, name="Anne").is_primary is True


def test_other_name_same_as_main_name_refused(registry):
    with pytest.raises(ValidationError):
        services.other_name_add(registry, name="university of orleans")


def test_merge_moves_contacts_names_and_hooked_rows_with_history(registry, personas):
    duplicate = services.institution_create(
        name_en="Univ. Orleans", name_zh="奥尔良", country=country("FR"), city="Orléans"
    )
    services.other_name_add(duplicate, name="UO")
    ContactFactory(institution=registry, name="Anne", is_primary=True)
    moved_contact = services.contact_add(duplicate, name="Claude")
    moved_by_hook = []

    def hook(source, target):
        moved_by_hook.append((source.pk, target.pk))
        return 4

    hooks.register_merge(hook)
    moved = services.institution_merge(duplicate, registry, by=personas.office_staff)
    duplicate_pk = moved_by_hook[0][0]
    assert moved_by_hook == [(duplicate_pk, registry.pk)]
    assert moved == 1 + 3 + 4
    assert not Institution.objects.filter(pk=duplicate_pk).exists()
    moved_contact.refresh_from_db()
    assert moved_contact.institution == registry
    assert moved_contact.is_primary is False  # the survivor keeps its primary contact
    assert set(
        InstitutionName.objects.filter(institution=registry).values_list("name", flat=True)
    ) == {
        "Université d'Orléans",
        "Univ. Orleans",
        "奥尔良",
        "UO",
    }
    registry.refresh_from_db()
    assert registry.city == "Paris" or registry.city == "Orléans"
    assert _search("UO", personas.teacher) == {"University of Orléans"}
    target_reason = registry.history.order_by("-history_date", "-pk").first().history_change_reason
    assert target_reason == (
        f"Merged with “Univ. Orleans” (#{duplicate_pk}): 1 contacts, 3 names and "
        "4 linked records moved here."
    )
    source_history = Institution.history.filter(id=duplicate_pk, history_type="-").get()
    assert source_history.history_change_reason == (
        f"Merged into “University of Orléans” (#{registry.pk}); this record was a duplicate."
    )


def test_merge_with_itself_refused(registry):
    with pytest.raises(ValidationError):
        services.institution_merge(registry, registry)


def test_merge_fills_empty_fields_of_survivor(personas):
    target = InstitutionFactory(name_en="Target U", name_zh="", city="")
    source = InstitutionFactory(name_en="Target Univ", name_zh="目标大学", city="Lyon")
    services.institution_merge(source, target)
    target.refresh_from_db()
    assert (target.name_zh, target.city) == ("目标大学", "Lyon")
