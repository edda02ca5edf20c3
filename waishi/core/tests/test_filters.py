"""Every list checks its filters' input (`waishi.core.listing.bound_numbers`): the API answers
400 saying what the filter takes, a list page leaves the bad value out, applies the others and
says so. Never a server error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

YEAR = "Enter a year from 1 to 9999."


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _warnings(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("year", ["0", "-5", "10000"])
def test_the_api_refuses_a_year_that_is_not_one(client, personas, year):
    client.force_login(personas.office_staff)
    response = client.get("/api/trips/", {"year": year})
    assert (response.status_code, response.json()) == (400, {"year": [YEAR]})


def test_the_api_still_filters_by_a_real_year(client, personas):
    client.force_login(personas.office_staff)
    response = client.get("/api/trips/", {"year": "2026"})
    assert (response.status_code, response.json()["count"]) == (200, 0)


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("/api/agreements/", {"expiring_within": "1e15"}, "expiring_within"),
        ("/api/programs/", {"home_unit": "x"}, "home_unit"),
        ("/api/passport-loans/", {"state": "lost"}, "state"),
    ],
)
def test_other_lists_answer_400_naming_the_filter(client, personas, url, query, field):
    client.force_login(personas.office_staff)
    response = client.get(url, query)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_list_page_ignores_a_bad_year_and_says_so(client, personas):
    client.force_login(personas.office_staff)
    response = client.get("/staff/travel/trips/", {"year": "0", "status": "approved"})
    assert response.status_code == 200
    assert _warnings(response) == [f"The filter “Year” was ignored: {YEAR}"]
    # The other filter still applies.
    assert response.context["filter"].form.cleaned_data["status"] == "approved"
    assert "year" not in response.context["filter"].data


@pytest.mark.parametrize(
    ("url", "query", "label"),
    [
        ("/staff/travel/plans/", {"year": "10000"}, "Year"),
        ("/staff/agreements/", {"expiring_within": "99999999999999"}, "Expires within (days)"),
        ("/staff/travel/plans/report/", {"year": "-5"}, "Year"),
    ],
)
def test_other_list_pages_ignore_a_bad_value_and_say_so(client, personas, url, query, label):
    client.force_login(personas.office_staff)
    response = client.get(url, query)
    assert response.status_code == 200
    [warning] = _warnings(response)
    assert warning.startswith(f"The filter “{label}” was ignored: ")
