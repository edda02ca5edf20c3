"""Who may be put on a trip (`travel.add_traveller`), asked alike by the travellers picker,
the application form and the trip page, for each role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waishi.core.enums import Role
from waishi.core.tests.factories import UserFactory
from waishi.people.tests.factories import PersonFactory
from waishi.travel.models import Trip
from waishi.travel.tests.factories import PassportFactory, days, ready_trip, traveller
from waishi.travel.tests.test_views import _form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

PICK = reverse("core:pick", args=["travellers"])


@pytest.fixture
def people(personas):
    """A colleague of the college, one of another college, and a visiting scholar (no unit)."""
    return {
        "colleague": PersonFactory(
            name_zh="周数学", email="zhou@univ.example", unit=personas.college, position="Dean"
        ),
        "chemist": PersonFactory(
            name_zh="周化学", email="zhou.chem@univ.example", unit=personas.other_college
        ),
        "visitor": PersonFactory(
            name_zh="周访问", email="zhou.visit@abroad.example", unit=None, position="Professor"
        ),
    }


def _found(client, user, text):
    client.force_login(user)
    return {row["text"]: row["id"] for row in client.get(PICK, {"q": text}).json()["results"]}


def test_a_staff_member_finds_colleagues_by_name_with_no_email(client, personas, people):
    found = _found(client, personas.teacher, "周")
    # Colleagues of any unit, shown with their unit; the visiting scholar is not found.
    assert found == {
        f"{people['chemist'].display_name} (College of Chemistry)": people["chemist"].pk,
        f"{people['colleague'].display_name} (School of Mathematics)": people["colleague"].pk,
    }
    assert not any("@" in text for text in found)
    # Nothing is found by e-mail.
    assert _found(client, personas.teacher, "zhou@univ.example") == {}


def test_a_unit_liaison_finds_the_people_of_their_units(client, personas, people):
    liaison = UserFactory(
        username="liaison-only", roles_and_units=([Role.UNIT_LIAISON], [personas.college])
    )
    assert list(_found(client, liaison, "周").values()) == [people["colleague"].pk]


def test_a_unit_head_finds_the_people_of_their_units(client, personas, people):
    head = UserFactory(
        username="head-only", roles_and_units=([Role.UNIT_HEAD], [personas.other_college])
    )
    assert list(_found(client, head, "周").values()) == [people["chemist"].pk]


def test_the_office_finds_everyone(client, personas, people):
    assert set(_found(client, personas.office_staff, "周").values()) == {
        p.pk for p in people.values()
    }


def test_a_user_without_the_right_to_apply_finds_nobody(client, personas, people):
    client.force_login(personas.auditor)
    response = client.get(PICK, {"q": "周"})
    assert (response.status_code, response.json()) == (403, {"error": "not allowed"})


def test_the_rule_answers_as_the_picker(personas, people):
    assert personas.teacher.has_perm("travel.add_traveller", people["chemist"])
    assert not personas.teacher.has_perm("travel.add_traveller", people["visitor"])
    assert personas.office_staff.has_perm("travel.add_traveller", people["visitor"])


def test_the_form_refuses_a_person_the_applicant_may_not_add(client, personas, people):
    client.force_login(personas.teacher)
    data = _form_data(personas)
    data["travellers-0-person"] = people["visitor"].pk
    response = client.post(reverse("travel:trip.create"), data)
    assert Trip.objects.count() == 0
    assert "Select a valid choice" in response.content.decode()


def test_the_form_accepts_a_colleague_and_takes_their_position(client, personas, people):
    PassportFactory(person=people["colleague"])
    client.force_login(personas.teacher)
    data = _form_data(personas)
    data["travellers-0-person"] = people["colleague"].pk
    data["travellers-0-position"] = ""
    client.post(reverse("travel:trip.create"), data)
    assert [(t.person, t.position) for t in Trip.objects.get().travellers.all()] == [
        (people["colleague"], "Dean")
    ]


def test_editing_keeps_a_traveller_the_office_added(client, personas, people):
    trip = ready_trip(personas.teacher)
    kept = traveller(trip, people["visitor"])
    client.force_login(personas.teacher)
    html = client.get(reverse("travel:trip.update", args=[trip.pk])).content.decode()
    assert f'<option value="{people["visitor"].pk}" selected>' in html
    assert kept.person.display_name in html


def test_passport_problems_show_only_to_those_who_may_edit(client, personas, people):
    trip = ready_trip(personas.teacher, departure=days(30), return_date=days(36))
    traveller(trip, people["colleague"])  # no passport
    rule = "has no passport valid until"
    client.force_login(personas.teacher)
    assert rule in client.get(trip.get_absolute_url()).content.decode()
    client.force_login(personas.liaison)  # reads the unit's trips, does not edit them
    html = client.get(trip.get_absolute_url()).content.decode()
    assert trip.title in html and rule not in html
