"""The conferences API: the same rules and scopes as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from waishi.conferences.models import Conference
from waishi.conferences.tests.factories import (
    approved_conference,
    days,
    draft_conference,
    staff_person,
)

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _declaration(personas, start: int = 200, **values):
    return {
        "unit": personas.college.pk,
        "responsible": staff_person(personas.teacher).pk,
        "name_zh": "计算数学国际研讨会",
        "name_en": "International Workshop on Computational Mathematics",
        "discipline": "natural",
        "starts_on": days(start).isoformat(),
        "ends_on": days(start + 2).isoformat(),
        "expected_total": 80,
        "expected_foreign": 30,
        "countries": ["CN", "FR", "DE", "HK"],
        "organisers": [{"name": "Université de Lyon", "role": "co_organiser"}],
    } | values


def test_declare_submit_and_read(personas):
    client = _client(personas.teacher)
    response = client.post("/api/conferences/", _declaration(personas), format="json")
    assert response.status_code == 201, response.data
    body = response.data
    assert body["current_version"]["expected_countries"] == 3
    assert body["current_version"]["size_class"] == "general"
    assert body["current_version"]["organisers"][0]["name"] == "Université de Lyon"
    submitted = client.post(f"/api/conferences/{body['id']}/submit/")
    assert submitted.data["status"] == "in_approval"
    versions = client.get("/api/conference-versions/", {"conference": body["id"]})
    assert [v["number"] for v in versions.data["results"]] == [1]


def test_a_late_declaration_is_refused_with_the_rule_named(personas):
    response = _client(personas.teacher).post(
        "/api/conferences/", _declaration(personas, start=91), format="json"
    )
    assert response.status_code == 400
    # The site's language (Chinese) names the rule as the office reads it.
    assert "会议：线下会议须在开幕前若干个月申报" in str(response.data)
    assert not Conference.objects.exists()


def test_a_major_conference_not_forecast_is_refused(personas):
    client = _client(personas.teacher)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        "/api/conferences/",
        _declaration(personas, start=250, expected_foreign=300, expected_total=400),
        format="json",
    )
    assert response.status_code == 400
    assert "Forecast: a major conference" in str(response.data)


def test_each_sees_their_own(personas):
    mine = draft_conference(personas.teacher).conference
    draft_conference(personas.other_teacher, name_zh="化学国际会议")
    ids = [c["id"] for c in _client(personas.teacher).get("/api/conferences/").data["results"]]
    assert ids == [mine.pk]
    assert len(_client(personas.auditor).get("/api/conferences/").data["results"]) == 2
    assert _client(personas.other_teacher).get(f"/api/conferences/{mine.pk}/").status_code == 404


def test_change_makes_a_new_version(personas):
    version = approved_conference(personas)
    client = _client(personas.teacher)
    data = _declaration(personas) | {"venue": "逸夫楼", "change_reason": "会场调整"}
    response = client.post(f"/api/conferences/{version.conference_id}/change/", data, format="json")
    assert response.status_code == 200, response.data
    assert response.data["current_version"]["number"] == 2
    assert response.data["current_version"]["venue"] == "逸夫楼"
    versions = client.get("/api/conference-versions/", {"conference": version.conference_id})
    assert [v["status"] for v in versions.data["results"]] == ["approved", "draft"]
