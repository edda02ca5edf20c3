import pytest
from django.urls import reverse

from waishi.agreements.models import Agreement
from waishi.agreements.tests.factories import AgreementFactory
from waishi.partners.tests.factories import InstitutionFactory

LIST = reverse("agreement-list")


def test_api_list_scoped_like_the_pages(client, personas):
    ours = AgreementFactory(units=[personas.college])
    AgreementFactory(units=[personas.other_college])
    client.force_login(personas.liaison)
    body = client.get(LIST).json()
    assert [(row["id"], row["status"]) for row in body["results"]] == [(ours.pk, "in_force")]
    client.force_login(personas.outsider)
    assert client.get(LIST).status_code == 403


def test_api_list_query_count_same_at_1_and_3_rows(client, personas, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.auditor)
    AgreementFactory(units=[personas.college])
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    AgreementFactory(parties=[InstitutionFactory(), InstitutionFactory()])
    AgreementFactory()
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get(LIST).json()
    assert body["count"] == 3


def test_api_create_by_office_only(client, personas):
    partner = InstitutionFactory()
    payload = {
        "name_zh": "框架协议",
        "kind": "mou",
        "parties": [partner.pk],
        "units": ["MATH"],
        "signed_on": "2025-01-01",
        "expires_on": "2024-01-01",
    }
    client.force_login(personas.auditor)
    assert client.post(LIST, payload, content_type="application/json").status_code == 403
    client.force_login(personas.office_staff)
    response = client.post(LIST, payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["expires_on"] == [
        "The expiry date cannot be before the agreement takes effect.",
        "The expiry date cannot be before the signing date.",
    ]
    payload["expires_on"] = "2029-12-31"
    response = client.post(LIST, payload, content_type="application/json")
    assert response.status_code == 201
    agreement = Agreement.objects.get()
    assert (response.json()["status"], list(agreement.units.all())) == (
        "draft",
        [personas.college],
    )


@pytest.mark.parametrize("query", ["?status=in_force", "?kind=student_exchange"])
def test_api_filters(client, personas, query):
    shown = AgreementFactory()
    AgreementFactory(kind="research", terminated_on="2024-06-01", termination_reason="x")
    client.force_login(personas.office_staff)
    assert [r["id"] for r in client.get(LIST + query).json()["results"]] == [shown.pk]
