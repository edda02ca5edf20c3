"""A foreign participant's visa invitation letter (numbered in the one register, refused
before approval and when anything is missing) and attendance certificates as PDF."""

from __future__ import annotations

import re
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from waishi.conferences import letters
from waishi.conferences.tests.participant_helpers import add, conference
from waishi.core.models import Country, Letter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def phone(settings):
    settings.OFFICE_PHONE = "+86 731 5829 2000"


def test_the_letter_is_numbered_and_kept(personas, phone):
    record = conference(personas)
    participant = add(record, personas.liaison)
    letter = letters.invitation_issue(participant, by=personas.office_staff)
    assert letter.number == f"{letter.issued_at.year}-0001"
    assert letter.title == f"Visa invitation letter: {participant.person}"
    assert letter.kind == "conferences.invitation"
    with letter.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a_letter_is_refused_before_the_conference_is_approved(personas, phone):
    record = conference(personas, approved=False)
    participant = add(record, personas.liaison)
    with pytest.raises(ValidationError) as error:
        letters.invitation_issue(participant, by=personas.office_staff)
    assert error.value.messages == [
        "An invitation letter is issued only once the conference is approved."
    ]
    assert Letter.objects.count() == 0


def test_a_letter_lacking_what_the_consulate_requires_names_each_item(personas):
    record = conference(personas)
    participant = add(
        record, personas.liaison, birth_date=None, passport_number="", passport_expiry=None
    )
    with pytest.raises(ValidationError) as error:
        letters.invitation_issue(participant, by=personas.office_staff)
    assert error.value.messages == [
        "The letter cannot be issued; it lacks: the date of birth; the passport number; "
        "the passport's expiry date; the inviter's telephone (OFFICE_PHONE)."
    ]
    assert Letter.objects.count() == 0


def test_no_visa_letter_for_hong_kong_or_china(personas, phone):
    record = conference(personas)
    participant = add(record, personas.liaison, country=Country.objects.get(code="HK"))
    assert not participant.is_foreign
    with pytest.raises(ValidationError, match="not a foreign participant"):
        letters.invitation_issue(participant, by=personas.office_staff)


def test_only_the_office_issues_and_the_unit_downloads(client, personas, phone):
    record = conference(personas)
    participant = add(record, personas.liaison)
    with pytest.raises(PermissionDenied):
        letters.invitation_issue(participant, by=personas.head)
    client.force_login(personas.office_staff)
    response = client.post(reverse("conferences:letter.issue", args=[record.pk, participant.pk]))
    assert response.status_code == 302
    letter = Letter.objects.get()
    client.force_login(personas.liaison)
    page = client.get(reverse("conferences:participant.list", args=[record.pk])).content
    assert letter.number in page.decode()
    pdf = client.get(reverse("conferences:letter.pdf", args=[record.pk, participant.pk, letter.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def _pdf_title_has(pdf: bytes, name: str) -> bool:
    """WeasyPrint writes the document's title (which names the participant) into the PDF's
    information, as text or UTF-16, possibly inside a compressed object stream."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    wanted = (name.encode(), name.encode("utf-16-be"), name.encode("utf-16-be").hex().encode())
    return any(w in part or w.upper() in part.upper() for part in parts for w in wanted)


def test_the_certificate_is_a_pdf_with_the_participant_s_name(client, personas):
    record = conference(personas)
    participant = add(record, personas.liaison, family_name="Okonkwo", given_name="Ada")
    client.force_login(personas.liaison)
    response = client.get(
        reverse("conferences:participant.certificate", args=[record.pk, participant.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert _pdf_title_has(response.content, "Ada Okonkwo")
    assert not _pdf_title_has(response.content, "Claire Martin")
    chinese = add(
        record,
        personas.liaison,
        family_name="",
        given_name="",
        name_zh="王磊",
        country=Country.objects.get(code="CN"),
        passport_number="",
    )
    pdf = letters.certificate_pdf(chinese, by=personas.liaison)
    assert _pdf_title_has(pdf, "王磊")


def test_no_certificate_before_approval(personas):
    record = conference(personas, approved=False)
    participant = add(record, personas.liaison)
    with pytest.raises(PermissionDenied):
        letters.certificate_pdf(participant, by=personas.liaison)
