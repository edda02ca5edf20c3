"""The visits API: scoped like the pages, writing through the same services."""

from __future__ import annotations

import datetime

import pytest

from waishi.visits.enums import VisitStatus
from waishi.visits.models import AuthorisedLetter, Cost, Gift, Visit
from waishi.visits.tests.factories import (
    add_guest,
    approved_visit,
    days,
    ready_visit,
    staff_person,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def test_api_lists_what_each_role_may_see(client, personas):
    mine = ready_visit(personas.teacher)
    ready_visit(personas.other_teacher, title="Chemistry")
    client.force_login(personas.liaison)
    assert [v["id"] for v in client.get("/api/visits/").json()["results"]] == [mine.pk]
    client.force_login(personas.auditor)
    assert client.get("/api/visits/").json()["count"] == 2
    client.force_login(personas.other_teacher)
    assert client.get(f"/api/visits/{mine.pk}/").status_code == 404


def test_api_masks_passports_except_for_the_office(client, personas):
    visit = ready_visit(personas.teacher)
    client.force_login(personas.teacher)
    guest = client.get(f"/api/visits/{visit.pk}/").json()["guests"][0]
    assert guest["passport_number"] == "FR000****"
    assert guest["role"] == "head" and guest["nationality"] == "FR"
    client.force_login(personas.office_staff)
    guest = client.get(f"/api/visits/{visit.pk}/").json()["guests"][0]
    assert guest["passport_number"] == "FR0000001"


@pytest.mark.parametrize("rows", [1, 3])
def test_api_query_count_is_flat(client, personas, rows, django_assert_max_num_queries):
    for n in range(rows):
        visit = ready_visit(personas.teacher, title=f"Visit {n}")
        add_guest(visit, personas.teacher, 2)
    client.force_login(personas.office_staff)
    with django_assert_max_num_queries(12):
        response = client.get("/api/visits/")
    assert response.json()["count"] == rows


def test_api_files_a_visit_adds_a_guest_and_submits_it(client, personas):
    client.force_login(personas.liaison)
    response = client.post(
        "/api/visits/",
        {
            "title": "From Lyon",
            "unit": personas.college.pk,
            "responsible": staff_person(personas.liaison).pk,
            "kind": "delegation",
            "purpose": "Talks",
            "arrival": days(40).isoformat(),
            "departure": days(41).isoformat(),
            "places": "Xiangtan",
            "budget": [{"item": "meals", "amount": "600.00"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["budget"][0]["amount"] == "600.00"
    response = client.post(
        f"/api/visits/{pk}/guests/",
        {"family_name": "Dupont", "nationality": "FR", "role": "head", "rank": "bureau"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert [g["name"] for g in response.json()["guests"]] == ["Dupont"]
    response = client.post(f"/api/visits/{pk}/submit/", {}, content_type="application/json")
    assert response.json()["status"] == VisitStatus.IN_APPROVAL
    response = client.patch(
        f"/api/visits/{pk}/", {"title": "Changed"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": ["This request has been submitted (In approval) and can no longer be edited."]
    }
    assert Visit.objects.get(pk=pk).title == "From Lyon"


def test_api_refuses_a_budget_line_of_zero_as_the_page_does(client, personas):
    client.force_login(personas.liaison)
    visit = ready_visit(personas.liaison)
    response = client.patch(
        f"/api/visits/{visit.pk}/",
        {"budget": [{"item": "gifts", "amount": "0"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"budget": {"0": {"amount": ["Enter an amount greater than zero."]}}}


def test_api_late_submission_needs_its_reason(client, personas):
    visit = ready_visit(personas.teacher, arrival=3)
    client.force_login(personas.teacher)
    response = client.post(f"/api/visits/{visit.pk}/submit/", {}, content_type="application/json")
    assert response.status_code == 400
    assert "say why it is filed late." in response.json()["detail"][0]
    response = client.post(
        f"/api/visits/{visit.pk}/submit/",
        {"late_reason": "Short notice"},
        content_type="application/json",
    )
    assert response.json()["filed_late"] is True


# Costs, gifts, reasons, the summary, the authorised unit's letter, closing and reopening ---


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _put(client, url, data):
    return client.put(url, data, content_type="application/json")


def test_api_costs_by_role_and_refused_input(client, personas):
    visit = approved_visit(personas)
    draft = ready_visit(personas.teacher, title="Not approved")
    cost = {"visit": visit.pk, "item": "meals", "amount": "300.00"}
    client.force_login(personas.auditor)  # reads, never writes
    assert _post(client, "/api/visit-costs/", cost).status_code == 403
    client.force_login(personas.other_teacher)  # another unit: the visit is not theirs
    response = _post(client, "/api/visit-costs/", cost)
    assert response.status_code == 400 and "visit" in response.json()
    client.force_login(personas.liaison)
    response = _post(client, "/api/visit-costs/", cost | {"amount": "0"})
    assert response.json() == {"amount": ["Enter an amount greater than zero."]}
    response = _post(client, "/api/visit-costs/", cost | {"visit": draft.pk})
    assert response.status_code == 400
    assert response.json() == {
        "detail": ["Costs and gifts are recorded once the visit is approved, until it is closed."]
    }
    assert not Cost.objects.exists()
    response = _post(client, "/api/visit-costs/", cost)
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert client.get(f"/api/visit-costs/?visit={visit.pk}").json()["count"] == 1
    client.force_login(personas.other_teacher)
    assert client.get("/api/visit-costs/").json()["count"] == 0
    assert client.delete(f"/api/visit-costs/{pk}/").status_code == 404
    client.force_login(personas.office_staff)
    assert client.delete(f"/api/visit-costs/{pk}/").status_code == 204
    assert not Cost.objects.exists()
    assert Cost.history.filter(id=pk).latest().history_user == personas.office_staff


def test_api_gifts_and_the_office_receiving_them(client, personas):
    visit = approved_visit(personas)
    gift = {
        "visit": visit.pk,
        "direction": "received",
        "description": "Porcelain vase",
        "value": "600.00",
        "given_on": visit.arrival.isoformat(),
    }
    client.force_login(personas.teacher)
    response = _post(client, "/api/visit-gifts/", gift)
    assert response.json() == {"counterpart": ["Say to or from whom: a guest, or another person."]}
    assert not Gift.objects.exists()
    response = _post(client, "/api/visit-gifts/", gift | {"guest": visit.guests.get().pk})
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["handed_on"] is None
    assert _post(client, f"/api/visit-gifts/{pk}/handed/").status_code == 403
    client.force_login(personas.office_staff)
    response = _post(client, f"/api/visit-gifts/{pk}/handed/")
    assert response.status_code == 200
    assert response.json()["handed_on"] == str(Gift.objects.get(pk=pk).handed_on)


def test_api_reasons_summary_close_and_reopen(client, personas, settings):
    visit = approved_visit(personas, length=7)  # over the 5 days hosted
    client.force_login(personas.teacher)
    base = f"/api/visits/{visit.pk}"
    response = _put(client, f"{base}/summary/", {"text": "Talks"})
    assert response.json() == {
        "detail": [f"The summary is filed once the guests have arrived ({visit.arrival})."]
    }
    assert client.get(f"{base}/summary/").status_code == 404
    settings.WAISHI_FROZEN_TODAY = visit.departure + datetime.timedelta(days=1)
    response = _post(client, f"{base}/close/")
    assert response.status_code == 400
    assert response.json()["detail"] == [
        "Days hosted is over the reception standard: give the reason.",
        "File the visit's summary first.",
    ]
    assert _post(client, f"{base}/reasons/", {"standard": "nothing"}).status_code == 400
    response = _post(client, f"{base}/reasons/", {"standard": "days", "reason": "Summer school"})
    assert response.json() == [{"standard": "days", "reason": "Summer school"}]
    client.force_login(personas.auditor)
    assert _put(client, f"{base}/summary/", {"text": "Mine"}).status_code == 403
    assert _post(client, f"{base}/close/").status_code == 403
    client.force_login(personas.teacher)
    response = _put(client, f"{base}/summary/", {"text": "A summer school"})
    assert response.status_code == 200
    assert response.json()["text"] == "A summer school" and response.json()["photos"] == []
    response = _post(client, f"{base}/close/")
    assert response.json()["status"] == VisitStatus.CLOSED
    assert _post(client, f"{base}/reopen/").status_code == 403
    client.force_login(personas.auditor)
    assert client.get(f"{base}/summary/").json()["text"] == "A summer school"
    client.force_login(personas.office_staff)
    response = _post(client, f"{base}/reopen/")
    assert response.json()["status"] == VisitStatus.APPROVED
    response = _post(client, f"{base}/reopen/")
    assert response.json() == {"detail": ["Only a closed visit is reopened."]}


def test_api_authorised_letter_for_the_office(client, personas):
    visit = approved_visit(personas, visa_needed=True)
    url = f"/api/visits/{visit.pk}/authorised-letter/"
    letter = {"authority": "Hunan Foreign Affairs Office", "filed_on": days(0).isoformat()}
    client.force_login(personas.teacher)
    assert client.get(url).status_code == 404
    assert _put(client, url, letter).status_code == 403
    client.force_login(personas.office_staff)
    response = _put(client, url, letter | {"issued_on": days(-1).isoformat(), "number": "X1"})
    refused = "The letter cannot be issued before it was asked for."
    assert response.json() == {"issued_on": [refused]}
    assert not AuthorisedLetter.objects.exists()
    response = _put(client, url, letter)
    assert response.status_code == 200, response.json()
    client.force_login(personas.liaison)
    assert client.get(url).json()["authority"] == "Hunan Foreign Affairs Office"
