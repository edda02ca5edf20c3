"""The participants' API: scoped to the conferences a user sees, passports whole only for
the office, and adding through the same service as the pages."""

from __future__ import annotations

import pytest

from waishi.conferences.tests.participant_helpers import add, conference

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

URL = "/api/conference-participants/"


def test_list_and_detail_are_scoped_and_mask_passports(client, personas):
    record = conference(personas)
    participant = add(record, personas.liaison)
    client.force_login(personas.liaison)
    rows = client.get(URL, {"conference": record.pk}).json()["results"]
    assert [(r["name"], r["country"], r["passport_number"]) for r in rows] == [
        ("Claire Martin", "FR", "•••345")
    ]
    client.force_login(personas.office_staff)
    detail = client.get(f"{URL}{participant.pk}/").json()
    assert detail["passport_number"] == "18AB12345"
    client.force_login(personas.other_teacher)
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{participant.pk}/").status_code == 404


def test_create_goes_through_the_service(client, personas):
    record = conference(personas)
    client.force_login(personas.liaison)
    body = {"conference": record.pk, "family_name": "Sato", "given_name": "Kenji",
            "country": "JP", "role": "speaker", "birth_date": "1980-02-03"}  # fmt: skip
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["is_foreign"] is True
    again = client.post(URL, body, content_type="application/json")
    assert again.status_code == 400
    assert "already takes part" in again.json()["detail"][0]
    client.force_login(personas.other_teacher)
    response = client.post(URL, body | {"family_name": "Other"}, content_type="application/json")
    assert response.status_code == 400  # a conference it does not see


def test_a_country_code_with_a_nul_character_is_refused_and_adds_nobody(client, personas):
    from waishi.conferences.models import Participant

    record = conference(personas)
    client.force_login(personas.liaison)
    body = {"conference": record.pk, "family_name": "Sato", "country": "\x00JP"}
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["country"] == ["Invalid value."]
    assert not Participant.objects.filter(conference=record).exists()
