"""The visa invitation letter: numbered in the one register, refused before approval and
when anything the consulate requires is missing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from waishi.core.models import Letter
from waishi.visits import letters
from waishi.visits.tests.factories import add_guest, approved_visit, ready_visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

PHONE = "+86 731 5829 2000"


@pytest.fixture
def phone(settings):
    settings.OFFICE_PHONE = PHONE


def test_letters_are_numbered_in_one_series_and_keep_their_pdf(personas, phone):
    visit = approved_visit(personas, guests=2)
    first = letters.invitation_issue(visit, by=personas.office_staff)
    second = letters.invitation_issue(
        visit, by=personas.office_staff, guest=visit.guests.get(role="member")
    )
    year = first.issued_at.year
    assert (first.number, second.number) == (f"{year}-0001", f"{year}-0002")
    assert second.title == f"Visa invitation letter: {visit.guests.get(role='member').person}"
    with first.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert Letter.history.filter(history_type="+").count() == 2


def test_a_letter_is_refused_before_approval(personas, phone):
    visit = ready_visit(personas.teacher)
    with pytest.raises(ValidationError) as error:
        letters.invitation_issue(visit, by=personas.office_staff)
    assert error.value.messages == [
        "An invitation letter is issued only once the visit is approved."
    ]
    assert Letter.objects.count() == 0


def test_a_letter_missing_what_the_consulate_requires_is_refused_with_the_list(personas):
    visit = approved_visit(personas)
    guest = visit.guests.get()
    guest.person.birth_date = None
    guest.person.save()
    with pytest.raises(ValidationError) as error:
        letters.invitation_issue(visit, by=personas.office_staff)
    assert error.value.messages == [
        f"The letter cannot be issued; it lacks: {guest.person}: date of birth; "
        "the inviter's telephone (OFFICE_PHONE)."
    ]
    assert Letter.objects.count() == 0


def test_only_the_office_issues_letters(personas, phone):
    visit = approved_visit(personas)
    with pytest.raises(PermissionDenied):
        letters.invitation_issue(visit, by=personas.teacher)


def test_the_office_issues_from_the_page_and_the_unit_downloads_it(client, personas, phone):
    visit = approved_visit(personas)
    client.force_login(personas.office_staff)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "Issue the invitation letter" in page
    response = client.post(reverse("visits:letter.issue", args=[visit.pk]), follow=True)
    letter = Letter.objects.get()
    assert f"Invitation letter {letter.number} has been issued." in response.content.decode()
    client.force_login(personas.liaison)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert f"No. {letter.number}" in page and "Issue the invitation letter" not in page
    pdf = client.get(reverse("visits:letter.pdf", args=[visit.pk, letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_a_guest_added_later_without_a_passport_blocks_the_letter(personas, phone):
    visit = approved_visit(personas)
    # An approved visit is no longer edited: a guest without a passport came in before.
    visit2 = ready_visit(personas.teacher, title="Other")
    add_guest(visit2, personas.teacher, 2, passport_number="", birth_date=None)
    assert letters.invitation_missing(visit2, list(visit2.guests.all())) != []
    assert letters.invitation_missing(visit, list(visit.guests.all())) == []


def test_the_api_issues_and_lists_letters(client, personas, settings):
    visit = approved_visit(personas)
    client.force_login(personas.office_staff)
    response = client.post(f"/api/visits/{visit.pk}/letters/", {}, content_type="application/json")
    assert response.status_code == 400
    assert "the inviter's telephone (OFFICE_PHONE)" in response.json()["detail"][0]
    settings.OFFICE_PHONE = PHONE
    response = client.post(f"/api/visits/{visit.pk}/letters/", {}, content_type="application/json")
    assert response.status_code == 201
    number = response.json()["number"]
    client.force_login(personas.liaison)
    assert [x["number"] for x in client.get(f"/api/visits/{visit.pk}/").json()["letters"]] == [
        number
    ]
    response = client.post(f"/api/visits/{visit.pk}/letters/", {}, content_type="application/json")
    assert response.status_code == 403
