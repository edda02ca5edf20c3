"""The visits API: scoped like the pages, writing through the same services."""

from __future__ import annotations

import pytest

from waishi.visits.enums import VisitStatus
from waishi.visits.models import Visit
from waishi.visits.tests.factories import add_guest, days, ready_visit, staff_person

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
