"""The conference's summary: written once the conference has begun, filed only when it meets
the office's rules (review length, 3 to 5 captioned photos, participants), which closes the
conference and lifts the unit's block on new declarations."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waishi.conferences import policy, services
from waishi.conferences import summary as summaries
from waishi.conferences.enums import ConferenceStatus
from waishi.conferences.models import Conference, Summary, SummaryPhoto
from waishi.conferences.tests.factories import approved_conference
from waishi.core.services import policy_set
from waishi.core.tests import files

pytestmark = pytest.mark.django_db
REVIEW = "这次会议讨论了计算数学的新方法。" * 200  # 3,200 characters


def _after(settings, version, days: int = 1) -> None:
    settings.WAISHI_FROZEN_TODAY = version.ends_on + datetime.timedelta(days=days)


def _photos(conference: Conference, by, count: int) -> None:
    for n in range(count):
        summaries.photo_add(
            conference,
            by=by,
            image=SimpleUploadedFile(f"p{n}.jpg", files.JPEG),
            caption=f"Session {n + 1}",
        )


def _written(personas, settings) -> Conference:
    version = approved_conference(personas)
    _after(settings, version)
    conference = Conference.objects.get(pk=version.conference_id)
    summaries.summary_save(
        conference,
        by=personas.teacher,
        review=REVIEW,
        actual_total=82,
        actual_foreign=31,
        actual_countries=6,
    )
    return conference


def test_not_before_the_conference_begins(personas):
    version = approved_conference(personas)
    conference = Conference.objects.get(pk=version.conference_id)
    with pytest.raises(ValidationError, match="once the conference has begun"):
        summaries.summary_save(
            conference,
            by=personas.teacher,
            review=REVIEW,
            actual_total=10,
            actual_foreign=5,
            actual_countries=3,
        )
    assert not Summary.objects.exists()


def test_other_units_may_not_write_it(personas, settings):
    version = approved_conference(personas)
    _after(settings, version)
    conference = Conference.objects.get(pk=version.conference_id)
    with pytest.raises(PermissionDenied):
        summaries.summary_save(
            conference,
            by=personas.other_teacher,
            review=REVIEW,
            actual_total=10,
            actual_foreign=5,
            actual_countries=3,
        )


def test_bad_counts_change_nothing(personas, settings):
    conference = _written(personas, settings)
    with pytest.raises(ValidationError) as refused:
        summaries.summary_save(
            conference,
            by=personas.teacher,
            review="Shorter",
            actual_total=10,
            actual_foreign=50,
            actual_countries=3,
        )
    assert "More foreign participants (50) than participants in all (10)." in str(refused.value)
    assert Summary.objects.get().review == REVIEW


def test_filing_names_every_rule_it_breaks_and_changes_nothing(personas, settings):
    conference = _written(personas, settings)
    Summary.objects.update(review="Too short.")
    _photos(conference, personas.teacher, 2)
    with pytest.raises(ValidationError) as refused:
        summaries.summary_file(conference, by=personas.teacher)
    text = " ".join(refused.value.messages)
    assert "has 9 characters" in text
    assert str(policy.SUMMARY_MIN_CHARACTERS.label) in text
    assert "has 2 photos" in text
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.APPROVED
    assert Summary.objects.get().filed_at is None


def test_at_most_five_photos(personas, settings):
    conference = _written(personas, settings)
    _photos(conference, personas.teacher, 5)
    with pytest.raises(ValidationError, match="has its 5 photos already"):
        _photos(conference, personas.teacher, 1)
    assert SummaryPhoto.objects.count() == 5


def test_a_photo_is_checked_by_its_content(personas, settings):
    conference = _written(personas, settings)
    with pytest.raises(ValidationError):
        summaries.photo_add(
            conference,
            by=personas.teacher,
            image=SimpleUploadedFile("evil.jpg", files.HTML),
            caption="Evil",
        )
    assert not SummaryPhoto.objects.exists()


def test_filing_closes_it_and_lifts_the_units_block(personas, settings):
    conference = _written(personas, settings)
    # Past its due date: the unit may declare nothing new.
    due = summaries.due_on(conference)
    assert due is not None
    settings.WAISHI_FROZEN_TODAY = due + datetime.timedelta(days=1)
    assert list(services.overdue_summaries(personas.college)) == [conference]
    _photos(conference, personas.teacher, 3)
    summaries.summary_file(conference, by=personas.teacher)
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.CLOSED
    assert Summary.objects.get().filed_at is not None
    assert not services.overdue_summaries(personas.college).exists()
    with pytest.raises(ValidationError, match="closed"):
        _photos(conference, personas.teacher, 1)


def test_the_office_rule_sets_the_length(personas, settings):
    conference = _written(personas, settings)
    policy_set(policy.SUMMARY_MIN_CHARACTERS.key, "5000", by=personas.director)
    _photos(conference, personas.teacher, 3)
    with pytest.raises(ValidationError, match="asks for 5000"):
        summaries.summary_file(conference, by=personas.teacher)


def test_summary_page_writes_files_and_shows_it(client, personas, settings, english_pages):
    version = approved_conference(personas)
    _after(settings, version)
    conference = Conference.objects.get(pk=version.conference_id)
    page = reverse("conferences:summary", args=[conference.pk])
    client.force_login(personas.teacher)
    response = client.get(page)
    assert response.status_code == 200
    assert "Save the summary" in response.text

    response = client.post(
        page,
        {"review": "Short", "actual_total": 10, "actual_foreign": 20, "actual_countries": 3},
    )
    assert "nothing has been saved" in response.text
    assert not Summary.objects.exists()

    response = client.post(
        page,
        {"review": REVIEW, "actual_total": 82, "actual_foreign": 31, "actual_countries": 6},
        follow=True,
    )
    assert "The summary has been saved." in response.text
    assert "has 0 photos" in response.text
    for n in range(3):
        client.post(
            reverse("conferences:summary.photo.create", args=[conference.pk]),
            {"image": SimpleUploadedFile(f"p{n}.png", files.PNG), "caption": f"Panel {n}"},
        )
    response = client.get(page)
    assert "The summary meets the office's rules" in response.text
    photo = SummaryPhoto.objects.first()
    assert photo is not None
    shown = client.get(reverse("conferences:summary.photo", args=[conference.pk, photo.pk]))
    assert shown.status_code == 200
    response = client.post(reverse("conferences:summary.file", args=[conference.pk]), follow=True)
    assert "the conference is closed" in response.text
    assert "Save the summary" not in response.text

    client.force_login(personas.other_teacher)
    assert client.get(page).status_code == 404
