"""The guests' Excel import (all or nothing, problems by row) and export."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from waishi.people.models import Person
from waishi.visits.excel import GUESTS
from waishi.visits.tests.factories import draft_visit, ready_visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

HEADERS = [c.header for c in GUESTS.imported]


def _workbook(rows: list[dict[str, object]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = GUESTS.title
    sheet.append(HEADERS)
    keys = [c.key for c in GUESTS.imported]
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("guests.xlsx", out.getvalue())


THREE = [
    {"family_name": "Martin1", "given_name": "Claire", "nationality": "FR",
     "passport_number": "FR0000001", "role": "head", "rank": "bureau", "sex": "F"},
    {"family_name": "Durand", "given_name": "Paul", "nationality": "France",
     "passport_number": "FR7654321", "birth_date": "1950-03-02"},
    {"family_name": "Tanaka", "given_name": "Yuki", "nationality": "JP",
     "passport_number": "TK1234567"},
]  # fmt: skip


def _upload(client, visit, rows):
    response = client.post(
        reverse("visits:guest.import", args=[visit.pk]), {"file": _workbook(rows)}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def test_three_guests_imported_and_a_returning_guest_is_the_same_person(client, personas):
    earlier = ready_visit(personas.teacher)  # Martin1 with passport FR0000001 came before
    visit = draft_visit(personas.teacher, title="Second visit")
    client.force_login(personas.liaison)
    preview = _upload(client, visit, THREE)
    page = client.get(preview).content.decode()
    assert "3 guests will be added to the visit." in page
    response = client.post(preview)
    assert response["Location"] == visit.get_absolute_url() + "#guests"
    names = sorted(visit.guests.values_list("person__family_name", flat=True))
    assert names == ["Durand", "Martin1", "Tanaka"]
    assert visit.guests.get(role="head").person == earlier.guests.get().person
    assert Person.objects.filter(family_name="Martin1").count() == 1


def test_an_import_with_a_bad_row_adds_nothing_and_names_each_problem(client, personas):
    visit = draft_visit(personas.teacher)
    client.force_login(personas.teacher)
    rows = [
        *THREE,
        {"family_name": "", "given_name": "", "nationality": "XX"},
        {"family_name": "Second", "role": "head"},
    ]
    preview = _upload(client, visit, rows)
    page = client.get(preview).content.decode()
    assert "Nothing has been imported" in page
    problems = re.findall(r"<tr><td>[^<]*</td><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td>", page)
    assert (
        "5",
        "Nationality 国籍",
        "Unknown country “XX”: write its two-letter code, e.g. FR.",
    ) in problems
    assert any(row == "6" and "heads the delegation" in message for row, _c, message in problems)
    client.post(preview)
    assert visit.guests.count() == 0
    report = client.get(preview + "?problems=xlsx")
    book = load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    assert book.active.max_row >= 3


def test_export_lists_guests_with_passports_masked_for_readers_outside_the_office(client, personas):
    ready_visit(personas.teacher, guests=2)
    client.force_login(personas.auditor)
    response = client.get(reverse("visits:visit.export"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [[c.value for c in row] for row in book.active.iter_rows(min_row=2)]
    assert len(values) == 2
    assert {row[7] for row in values} == {"FR000****"}
    client.force_login(personas.office_staff)
    response = client.get(reverse("visits:visit.export"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {row[7].value for row in book.active.iter_rows(min_row=2)} == {"FR0000001", "FR0000002"}


def test_a_large_guest_list_is_previewed_and_added_by_the_background_worker(
    client, personas, settings
):
    # Every file counts as large; the task runs inside the request (the immediate backend).
    settings.IMPORT_INLINE_KB = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    visit = draft_visit(personas.teacher, title="Large delegation")
    client.force_login(personas.liaison)
    preview = _upload(client, visit, THREE)
    job = client.get(preview)["Location"]
    assert job.startswith("/staff/jobs/")
    assert client.get(job)["Location"] == preview
    assert "3 guests will be added to the visit." in client.get(preview).content.decode()
    job = client.post(preview)["Location"]
    page = client.get(job).content.decode()
    assert "Imported: 3 guests added." in page
    assert visit.get_absolute_url() + "#guests" in page
    assert visit.guests.count() == 3
