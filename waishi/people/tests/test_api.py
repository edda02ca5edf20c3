"""/api/people/: scoped, numbers masked except for the office, a flat number of queries."""

import pytest
from django.urls import reverse

from waishi.people.tests.factories import DocumentFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_api_masks_numbers_except_for_office(client, personas, people):
    DocumentFactory(person=people["teacher"], number="E12345678")
    client.force_login(personas.head)
    data = client.get(reverse("person-list")).json()
    assert [d["number"] for p in data["results"] for d in p["documents"]] == ["E1234****"]
    client.force_login(personas.director)
    data = client.get(reverse("person-detail", args=[people["teacher"].pk])).json()
    assert [d["number"] for d in data["documents"]] == ["E12345678"]


@pytest.mark.parametrize("rows", [1, 3])
def test_person_api_query_count_is_flat(client, personas, rows, django_assert_num_queries):
    for _ in range(rows):
        DocumentFactory(person=PersonFactory(unit=personas.college))
    client.force_login(personas.office_staff)
    client.get(reverse("person-list"))
    with django_assert_num_queries(QUERIES_API):
        response = client.get(reverse("person-list"))
    assert response.json()["count"] == rows


QUERIES_API = 7
