"""A conference's participants: the Excel import (all or nothing, problems by row), the
same person found again, countries counted with Hong Kong apart, the list page, the export
and the deletion of passport data after the conference."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from waishi.conferences import participants
from waishi.conferences.models import Participant
from waishi.conferences.tests.participant_helpers import add, conference, forty, workbook
from waishi.core import clock
from waishi.core.models import Country
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument, Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def _upload(client, record, rows):
    response = client.post(
        reverse("conferences:participant.import", args=[record.pk]), {"file": workbook(rows)}
    )
    assert response.status_code == 302, response.content.decode()[:800]
    return response["Location"]


def test_forty_participants_from_six_places_count_five_countries_and_hong_kong_apart(
    client, personas
):
    record = conference(personas)
    client.force_login(personas.liaison)
    preview = _upload(client, record, forty())
    page = client.get(preview).content.decode()
    assert "40 participants will be added to the conference." in page
    response = client.post(preview)
    assert response.status_code == 302
    assert record.participants.count() == 40
    figures = participants.participant_figures(record)
    assert (figures.places.countries, figures.places.regions_of_china) == (5, 1)
    # Foreign: not China, and Hong Kong is not foreign either.
    assert figures.foreign == record.participants.exclude(country__code__in=["CN", "HK"]).count()
    listing = client.get(reverse("conferences:participant.list", args=[record.pk])).content
    assert (
        "40 participants, 27 foreign; from 5 countries and 1 of Hong Kong, Macao and Taiwan"
        in " ".join(listing.decode().split())
    ), re.search(r'class="subtitle">(.*?)</p>', listing.decode(), re.S)


def test_a_row_error_refuses_the_whole_file_and_changes_nothing(client, personas):
    record = conference(personas)
    rows = forty()
    rows[17]["country"] = "Atlantis"
    rows[30]["email"] = "not an address"
    people_before = Person.objects.count()
    client.force_login(personas.liaison)
    preview = _upload(client, record, rows)
    page = client.get(preview).content.decode()
    assert "Unknown country “Atlantis”" in page
    assert "Enter a valid e-mail address." in page
    response = client.post(preview)
    assert response.status_code == 200  # the problems again, nothing written
    assert record.participants.count() == 0
    assert Person.objects.count() == people_before


def test_a_rule_broken_by_one_row_is_named_by_its_row_and_nothing_is_kept(personas):
    from waishi.conferences import excel

    record = conference(personas)
    rows = forty()[:3]
    rows.append(dict(rows[0]))  # the same person twice
    plan = excel.import_plan(record, workbook(rows), by=personas.liaison)
    assert [(p.row, p.message) for p in plan.problems] == [
        (5, "Given00 Family00 already takes part in this conference.")
    ]
    assert record.participants.count() == 0
    with pytest.raises(ValidationError):
        excel.import_apply(plan, by=personas.liaison)


def test_a_foreign_guest_who_came_before_is_the_same_person(personas):
    france = Country.objects.get(code="FR")
    known = Person.objects.create(family_name="Martin", given_name="Claire", nationality=france)
    IdentityDocument.objects.create(
        person=known, kind=DocumentKind.ORDINARY_PASSPORT, number="18AB12345"
    )
    record = conference(personas)
    participant = add(record, personas.liaison)
    assert participant.person == known
    assert participant.is_foreign
    other = conference(personas)
    again = add(other, personas.liaison, passport_number="", family_name="Martin")
    # Without the passport, by names, date of birth and nationality (filled in the first time
    # only when the register lacked them: here it matches by the passport's holder).
    assert Person.objects.filter(family_name="Martin").count() in (1, 2)
    assert again.person.family_name == "Martin"


def test_only_the_organising_unit_and_the_office_add_participants(personas):
    record = conference(personas)
    with pytest.raises(PermissionDenied):
        add(record, personas.other_teacher)
    assert add(record, personas.office_staff).conference == record


def test_the_list_searches_filters_and_pages(client, personas):
    record = conference(personas)
    client.force_login(personas.liaison)
    client.post(_upload(client, record, forty()))
    url = reverse("conferences:participant.list", args=[record.pk])
    page = client.get(url + "?q=Family07").content.decode()
    assert "Given07 Family07" in page and "Given08 Family08" not in page
    japan = Country.objects.get(code="JP")
    page = client.get(url + f"?country={japan.pk}").content.decode()
    assert page.count("University JP") == 7
    # 25 a page.
    assert client.get(url).content.decode().count('id="participant-') == 25
    assert client.get(url + "?page=2").content.decode().count('id="participant-') == 15
    # A bad filter is left out, never a server error.
    assert client.get(url + "?country=abc").status_code == 200


def test_export_masks_passports_except_for_the_office(client, personas):
    record = conference(personas)
    add(record, personas.liaison)
    url = reverse("conferences:participant.export", args=[record.pk])

    def cells(user):
        client.force_login(user)
        response = client.get(url)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        return [[c.value for c in row] for row in book.active.iter_rows()]

    assert "18AB12345" in cells(personas.office_staff)[1]
    assert "•••345" in cells(personas.liaison)[1]
    template = client.get(reverse("conferences:participant.import_template"))
    assert template.status_code == 200


def test_passport_data_is_deleted_the_rule_s_days_after_the_conference(personas, office_rule):
    record = conference(personas)
    kept = add(record, personas.liaison)
    version = record.current_version
    assert version is not None
    ended = version.ends_on
    assert participants.passport_data_delete(ended + datetime.timedelta(days=180)) == 0
    assert participants.passport_data_delete(ended + datetime.timedelta(days=181)) == 1
    kept.refresh_from_db()
    assert (kept.passport_number, kept.passport_expires_on) == ("", None)
    assert kept.passport_deleted_on == ended + datetime.timedelta(days=181)
    # The history never kept the number.
    assert not hasattr(kept.history.first(), "passport_number")
    assert not hasattr(kept.history.first(), "passport_expires_on")
    office_rule("conferences_passport_deletion_days", 30)
    other = conference(personas)
    add(other, personas.liaison, family_name="Durand", passport_number="FR7654321")
    assert other.current_version is not None
    end = other.current_version.ends_on
    assert participants.passport_data_delete(end + datetime.timedelta(days=31)) == 1


def test_the_command_deletes_what_is_due(personas, settings):
    record = conference(personas)
    add(record, personas.liaison)
    assert record.current_version is not None
    settings.WAISHI_FROZEN_TODAY = record.current_version.ends_on + datetime.timedelta(days=200)
    out = io.StringIO()
    call_command("conferences_passports", "--dry-run", stdout=out)
    assert "1 participant(s) or registration(s) would lose" in out.getvalue()
    call_command("conferences_passports", stdout=out)
    assert Participant.objects.get().passport_number == ""
    assert clock.today() == settings.WAISHI_FROZEN_TODAY


def test_a_large_list_is_previewed_and_added_by_the_background_worker(client, personas, settings):
    # Every file counts as large; the task runs inside the request (the immediate backend).
    settings.IMPORT_INLINE_KB = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    record = conference(personas)
    client.force_login(personas.liaison)
    preview = _upload(client, record, forty())
    job = client.get(preview)["Location"]
    assert job.startswith("/staff/jobs/")
    assert client.get(job)["Location"] == preview
    assert (
        "40 participants will be added to the conference." in client.get(preview).content.decode()
    )
    job = client.post(preview)["Location"]
    page = client.get(job).content.decode()
    assert "Imported: 40 participants added." in page
    assert reverse("conferences:participant.list", args=[record.pk]) in page
    assert record.participants.count() == 40


def test_the_organisers_change_a_participant_s_place(client, personas):
    record = conference(personas)
    participant = add(record, personas.liaison)
    url = reverse("conferences:participant.update", args=[record.pk, participant.pk])
    client.force_login(personas.liaison)
    assert 'value="18AB12345"' in client.get(url).content.decode()
    japan = Country.objects.get(code="JP")
    response = client.post(
        url,
        {"country": japan.pk, "organisation": "Kyoto University", "role": "speaker",
         "passport_number": "tk 1234567", "needs_visa_letter": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (participant.country, participant.role, participant.passport_number) == (
        japan,
        "speaker",
        "TK1234567",
    )
    assert participant.needs_visa_letter and participant.passport_expires_on is None
    client.force_login(personas.other_teacher)
    assert client.get(url).status_code == 404
