import pytest
from django.utils import translation
from rest_framework.test import APIClient

from waishi.partners.tests.factories import InstitutionFactory
from waishi.programs.api import ProgramSerializer
from waishi.programs.models import Program
from waishi.programs.tests.factories import CohortFactory, ProgramFactory

pytestmark = pytest.mark.django_db

URL = "/api/programs/"


@pytest.fixture
def api():
    client = APIClient()
    client.cookies["django_language"] = "en"
    return client


def test_api_lists_only_the_programs_the_user_may_see(api, personas):
    mine = ProgramFactory(home_unit=personas.college)
    CohortFactory(program=mine, intake_year=2020, enrolled=40)
    ProgramFactory(home_unit=personas.other_college)
    api.force_authenticate(personas.liaison)
    body = api.get(URL).json()
    assert [r["id"] for r in body["results"]] == [mine.pk]
    assert body["results"][0]["cohorts"] == [
        {
            "id": mine.cohorts.get().pk,
            "intake_year": 2020,
            "quota": None,
            "enrolled": 40,
            "transferred_abroad": 0,
            "graduated": 0,
        }
    ]
    api.force_authenticate(personas.teacher)
    assert api.get(URL).status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_api_list_query_count_is_fixed(api, personas, rows, django_assert_num_queries):
    for _ in range(rows):
        CohortFactory(program=ProgramFactory(partners=[InstitutionFactory()]))
    api.force_authenticate(personas.auditor)
    with django_assert_num_queries(5):
        response = api.get(URL)
    assert response.json()["count"] == rows


def test_api_create_by_the_office_and_refused_to_the_auditor(api, personas):
    partner = InstitutionFactory()
    payload = {
        "name_zh": "机械工程",
        "name_en": "Mechanical Engineering",
        "partners": [partner.pk],
        "home_unit": personas.college.pk,
        "level": "bachelor",
        "mode": "2+2",
        "approval_number": "MOE43FR2A20121234N",
        "status": "running",
    }
    api.force_authenticate(personas.auditor)
    assert api.post(URL, payload, format="json").status_code == 403
    api.force_authenticate(personas.office_staff)
    response = api.post(URL, payload, format="json")
    assert response.status_code == 201
    program = Program.objects.get()
    assert (program.name_en, list(program.partners.all())) == ("Mechanical Engineering", [partner])
    assert program.history.first().history_user == personas.office_staff


def test_api_refuses_what_the_form_refuses_with_the_same_message(api, personas):
    program = ProgramFactory()
    api.force_authenticate(personas.office_staff)
    response = api.patch(f"{URL}{program.pk}/", {"approval_number": ""}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "approval_number": ["A running program needs its Ministry of Education approval number."]
    }


@pytest.mark.django_db
def test_the_api_refuses_the_same_amounts_with_the_same_message():
    serializer = ProgramSerializer(data={"tuition": "-1", "annual_quota": 0})
    with translation.override("en"):
        assert not serializer.is_valid()
        assert (serializer.errors["tuition"], serializer.errors["annual_quota"]) == (
            ["Enter an amount greater than zero."],
            ["Enter a number of 1 or more."],
        )
