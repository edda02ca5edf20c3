"""The people app's services and queries: who sees whom, the expiry flags, and writes that
check the same rules as the pages, whatever door they come through."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from waishi.core.tests.files import EXE
from waishi.people import queries, services
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument, Person
from waishi.people.tests.conftest import TODAY
from waishi.people.tests.factories import PDF_BYTES, DocumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def names(queryset):
    return {p.family_name for p in queryset}


def test_people_for_user_scopes_each_role(personas, people):
    everyone = {"Li", "Zhou", "Wang", "Smith"}
    assert names(queries.people_for_user(personas.office_staff)) == everyone
    assert names(queries.people_for_user(personas.auditor)) == everyone
    assert names(queries.people_for_user(personas.leader)) == everyone
    assert names(queries.people_for_user(personas.liaison)) == {"Li", "Zhou"}
    assert names(queries.people_for_user(personas.head)) == {"Li", "Zhou"}
    assert names(queries.people_for_user(personas.teacher)) == {"Li"}
    assert names(queries.people_for_user(personas.other_teacher)) == set()
    assert names(queries.people_for_user(personas.outsider)) == set()


def test_expiry_flags_follow_policy(personas, people, office_rule):
    soon = DocumentFactory(
        person=people["teacher"], expires_on=TODAY + datetime.timedelta(days=100)
    )
    gone = DocumentFactory(person=people["teacher"], expires_on=TODAY - datetime.timedelta(days=1))
    later = DocumentFactory(
        person=people["teacher"], expires_on=TODAY + datetime.timedelta(days=400)
    )
    visa = DocumentFactory(
        person=people["teacher"],
        kind=DocumentKind.VISA,
        expires_on=TODAY + datetime.timedelta(days=100),
    )
    assert [queries.expiry_flag(d) for d in (soon, gone, later, visa)] == [
        "expiring",
        "expired",
        "",
        "",
    ]
    office_rule("passport_expiry_warning_days", 60)
    assert queries.expiry_flag(soon) == ""


def test_scan_checked_by_content_outside_the_page_too(people):
    # The Django admin and any serializer validate through the model field.
    document = DocumentFactory(person=people["teacher"])
    document.scan = SimpleUploadedFile("passport.pdf", EXE)
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    assert caught.value.error_dict["scan"][0].code == "program"


def test_person_create_keeps_who_and_the_passport_spelling(personas):
    person = services.person_create(
        by=personas.office_staff, name_zh=" 赵六 ", passport_name="zhao liu", unit=personas.college
    )
    assert (person.name_zh, person.passport_name) == ("赵六", "ZHAO LIU")
    assert person.history.get().history_user == personas.office_staff


def test_person_without_any_name_is_refused_by_the_service(personas):
    with pytest.raises(ValidationError) as caught:
        services.person_create(by=personas.office_staff, email="x@example.edu")
    assert caught.value.messages == ["Give at least one name: Chinese, family or given."]
    assert Person.objects.count() == 0


def test_person_update_changes_only_what_it_is_given(personas, people):
    services.person_update(people["visitor"], by=personas.office_staff, position="Professor")
    people["visitor"].refresh_from_db()
    assert (people["visitor"].family_name, people["visitor"].position) == ("Smith", "Professor")
    assert people["visitor"].history.first().history_user == personas.office_staff


def test_document_create_checks_number_dates_and_scan_as_the_page(personas, people):
    document = services.document_create(
        people["teacher"],
        by=personas.office_staff,
        kind=DocumentKind.OFFICIAL_PASSPORT,
        number="se 123 4567",
        issued_on=datetime.date(2022, 1, 1),
        expires_on=datetime.date(2032, 1, 1),
        scan=SimpleUploadedFile("passport.pdf", PDF_BYTES),
    )
    assert (document.number, document.person) == ("SE1234567", people["teacher"])
    with pytest.raises(ValidationError) as caught:
        services.document_create(
            people["colleague"],
            by=personas.office_staff,
            kind=DocumentKind.OFFICIAL_PASSPORT,
            number="SE1234567",
            issued_on=datetime.date(2022, 1, 1),
            expires_on=datetime.date(2021, 1, 1),
        )
    assert caught.value.message_dict == {
        "number": ["A document of this kind with this number exists."],
        "expires_on": ["The expiry date must be after the date of issue."],
    }
    with pytest.raises(ValidationError) as caught:
        services.document_create(
            people["colleague"],
            by=personas.office_staff,
            kind=DocumentKind.VISA,
            number="V1",
            scan=SimpleUploadedFile("visa.pdf", EXE),
        )
    assert list(caught.value.message_dict) == ["scan"]
    assert IdentityDocument.objects.count() == 1


def test_document_update_keeps_the_scan_unless_a_new_one_comes(personas, people):
    document = services.document_create(
        people["teacher"],
        by=personas.office_staff,
        kind=DocumentKind.VISA,
        number="V1",
        scan=SimpleUploadedFile("visa.pdf", PDF_BYTES),
    )
    stored = document.scan.name
    document = services.document_update(
        document, by=personas.office_staff, number="V2", scan=document.scan
    )
    assert (document.number, document.scan.name) == ("V2", stored)
