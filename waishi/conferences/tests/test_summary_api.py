"""The summaries API: the same scopes, services and messages as the summary page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from waishi.conferences import summary as summaries
from waishi.conferences.enums import ConferenceStatus
from waishi.conferences.models import Conference, Summary
from waishi.conferences.tests.factories import approved_conference, ended_conference
from waishi.core.tests import files

pytestmark = pytest.mark.django_db
REVIEW = "这次会议讨论了计算数学的新方法。" * 200  # 3,200 characters


def _client(user, language: str = "en") -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    return client


def _ended(personas) -> Conference:
    return Conference.objects.get(pk=ended_conference(personas).conference_id)


def _written(personas, photos: int = 0) -> Summary:
    conference = _ended(personas)
    summary = summaries.summary_save(
        conference,
        by=personas.teacher,
        review=REVIEW,
        actual_total=82,
        actual_foreign=31,
        actual_countries=6,
    )
    for n in range(photos):
        summaries.photo_add(
            conference,
            by=personas.teacher,
            image=SimpleUploadedFile(f"p{n}.jpg", files.JPEG),
            caption=f"Session {n + 1}",
        )
    return summary


def test_write_change_and_read(personas):
    conference = _ended(personas)
    client = _client(personas.teacher)
    values = {"conference": conference.pk, "review": "会议综述。", "actual_total": 80}
    response = client.post("/api/conference-summaries/", values, format="json")
    assert response.status_code == 201, response.data
    body = response.data
    assert body["reference"] == conference.reference
    assert body["review_length"] == 5
    assert body["filed_at"] is None
    assert any("3000" in problem for problem in body["problems"])
    changed = client.patch(
        f"/api/conference-summaries/{body['id']}/", {"actual_foreign": 20}, format="json"
    )
    assert changed.status_code == 200, changed.data
    assert (changed.data["review"], changed.data["actual_total"]) == ("会议综述。", 80)
    assert changed.data["actual_foreign"] == 20
    read = client.get(f"/api/conference-summaries/{body['id']}/")
    assert read.data["actual_foreign"] == 20


def test_bad_counts_are_refused_in_either_language_and_change_nothing(personas):
    summary = _written(personas)
    url = f"/api/conference-summaries/{summary.pk}/"
    values = {"actual_total": 10, "actual_foreign": 30}
    response = _client(personas.teacher).patch(url, values, format="json")
    assert response.status_code == 400
    assert "More foreign participants (30) than participants in all (10)." in str(
        response.data["actual_foreign"]
    )
    chinese = _client(personas.teacher, "zh-hans").patch(url, values, format="json")
    assert chinese.status_code == 400
    assert "外" in str(chinese.data["actual_foreign"])
    summary.refresh_from_db()
    assert (summary.actual_total, summary.actual_foreign) == (82, 31)


def test_not_before_the_conference_begins(personas):
    version = approved_conference(personas)
    response = _client(personas.teacher).post(
        "/api/conference-summaries/",
        {"conference": version.conference_id, "review": "会议综述。"},
        format="json",
    )
    assert response.status_code == 400
    assert "once the conference has begun" in str(response.data["detail"])
    assert not Summary.objects.exists()


def test_filing_names_the_rules_it_breaks_then_files(personas):
    summary = _written(personas, photos=1)
    client = _client(personas.teacher)
    refused = client.post(f"/api/conference-summaries/{summary.pk}/file/")
    assert refused.status_code == 400
    told = " ".join(refused.data["detail"])
    assert "The summary has 1 photos" in told and "asks for 3" in told
    summary.refresh_from_db()
    assert summary.filed_at is None
    for n in range(2):
        summaries.photo_add(
            summary.conference,
            by=personas.teacher,
            image=SimpleUploadedFile(f"q{n}.jpg", files.JPEG),
            caption="合影",
        )
    filed = client.post(f"/api/conference-summaries/{summary.pk}/file/")
    assert filed.status_code == 200, filed.data
    assert filed.data["filed_at"] and filed.data["problems"] == []
    assert [p["caption"] for p in filed.data["photos"]] == ["Session 1", "合影", "合影"]
    assert Conference.objects.get(pk=summary.conference_id).status == ConferenceStatus.CLOSED
    assert client.get("/api/conference-summaries/", {"filed": "true"}).data["count"] == 1
    assert client.get("/api/conference-summaries/", {"filed": "false"}).data["count"] == 0


def test_a_short_review_is_refused_naming_the_length_rule(personas):
    summary = _written(personas, photos=3)
    Summary.objects.filter(pk=summary.pk).update(review="太短。")
    response = _client(personas.teacher).post(f"/api/conference-summaries/{summary.pk}/file/")
    assert response.status_code == 400
    assert "The academic review has 3 characters" in " ".join(response.data["detail"])


def test_each_sees_their_own_and_others_may_not_write(personas):
    summary = _written(personas)
    listed = _client(personas.teacher).get(
        "/api/conference-summaries/", {"conference": summary.conference_id}
    )
    assert [s["id"] for s in listed.data["results"]] == [summary.pk]
    outsider = _client(personas.other_teacher)
    assert outsider.get("/api/conference-summaries/").data["count"] == 0
    assert outsider.get(f"/api/conference-summaries/{summary.pk}/").status_code == 404
    # A reader sees it, but may not write it: the service's refusal is a 403.
    auditor = _client(personas.auditor)
    assert auditor.get(f"/api/conference-summaries/{summary.pk}/").status_code == 200
    response = auditor.patch(
        f"/api/conference-summaries/{summary.pk}/", {"review": "改写"}, format="json"
    )
    assert response.status_code == 403
    summary.refresh_from_db()
    assert summary.review == REVIEW
