"""The programme's API and its editing pages: sessions and talks changed and taken off
through the same services, with their history, refused with the same messages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from waishi.conferences import programme
from waishi.conferences.models import Conference, Session, Talk
from waishi.conferences.tests.participant_helpers import add, conference

pytestmark = pytest.mark.django_db


def _client(user, language: str = "en") -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    return client


def _session(record: Conference, by) -> Session:
    assert record.current_version is not None
    return programme.session_create(
        record,
        by=by,
        day=record.current_version.starts_on,
        starts=datetime.time(9),
        ends=datetime.time(10, 30),
        room="逸夫楼 101",
        title_zh="开幕式",
    )


def _talk(session: Session, by, **values) -> Talk:
    return programme.talk_create(
        session,
        by=by,
        starts=datetime.time(9, 15),
        minutes=30,
        title_en="Machine-learned potentials",
        **values,
    )


def test_sessions_with_their_talks_are_listed_for_those_who_see_the_conference(personas):
    record = conference(personas)
    claire = add(record, personas.liaison)
    session = _session(record, personas.liaison)
    _talk(session, personas.liaison, speakers=[claire], speaker_names="王磊")
    response = _client(personas.teacher).get("/api/conference-sessions/", {"conference": record.pk})
    assert response.status_code == 200
    (listed,) = response.data["results"]
    assert (listed["title_zh"], listed["room"]) == ("开幕式", "逸夫楼 101")
    (talk,) = listed["talks"]
    assert talk["title_en"] == "Machine-learned potentials"
    assert talk["speaker_display"] == ["Claire Martin", "王磊"]
    assert _client(personas.other_teacher).get("/api/conference-sessions/").data["count"] == 0
    url = f"/api/conference-sessions/{session.pk}/"
    assert _client(personas.other_teacher).get(url).status_code == 404


def test_add_change_and_remove_through_the_api(personas):
    record = conference(personas)
    client = _client(personas.liaison)
    assert record.current_version is not None
    day = record.current_version.starts_on.isoformat()
    created = client.post(
        "/api/conference-sessions/",
        {"conference": record.pk, "day": day, "starts": "14:00", "ends": "15:00", "title_en": "A"},
        format="json",
    )
    assert created.status_code == 201, created.data
    pk = created.data["id"]
    changed = client.patch(f"/api/conference-sessions/{pk}/", {"chair": "张教授"}, format="json")
    assert changed.status_code == 200, changed.data
    assert (changed.data["chair"], changed.data["title_en"]) == ("张教授", "A")
    added = client.post(
        f"/api/conference-sessions/{pk}/talks/",
        {"starts": "14:10", "minutes": 20, "title_zh": "固态电解质"},
        format="json",
    )
    assert added.status_code == 201, added.data
    talk_pk = added.data["talks"][0]["id"]
    edited = client.patch(f"/api/conference-talks/{talk_pk}/", {"minutes": 25}, format="json")
    assert (edited.data["minutes"], edited.data["title_zh"]) == (25, "固态电解质")
    assert client.delete(f"/api/conference-talks/{talk_pk}/").status_code == 204
    assert not Talk.objects.filter(pk=talk_pk).exists()
    assert client.delete(f"/api/conference-sessions/{pk}/").status_code == 204
    assert not Session.objects.filter(pk=pk).exists()


def test_bad_input_is_refused_in_either_language_and_changes_nothing(personas):
    record = conference(personas)
    session = _session(record, personas.liaison)
    url = f"/api/conference-sessions/{session.pk}/"
    untitled = {"title_zh": "", "title_en": ""}
    response = _client(personas.liaison).patch(url, untitled, format="json")
    assert response.status_code == 400
    assert "Give a title in Chinese or in English." in str(response.data["title_zh"])
    chinese = _client(personas.liaison, "zh-hans").patch(url, untitled, format="json")
    assert chinese.status_code == 400
    assert "Give a title" not in str(chinese.data["title_zh"])
    backwards = _client(personas.liaison).patch(url, {"ends": "08:00"}, format="json")
    assert backwards.status_code == 400
    session.refresh_from_db()
    assert (session.title_zh, session.ends) == ("开幕式", datetime.time(10, 30))


def test_a_speaker_of_another_conference_is_refused(personas):
    record = conference(personas)
    other = conference(personas, name_zh="化学国际会议")
    stranger = add(other, personas.liaison)
    talk = _talk(_session(record, personas.liaison), personas.liaison)
    response = _client(personas.liaison).patch(
        f"/api/conference-talks/{talk.pk}/", {"speakers": [stranger.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "A speaker must be a participant of the conference." in str(response.data)
    assert not talk.speakers.exists()


def test_readers_see_the_programme_but_may_not_change_it(personas):
    record = conference(personas)
    session = _session(record, personas.liaison)
    auditor = _client(personas.auditor)
    assert auditor.get(f"/api/conference-sessions/{session.pk}/").status_code == 200
    refused = auditor.patch(f"/api/conference-sessions/{session.pk}/", {"chair": "X"})
    assert refused.status_code == 403
    assert auditor.delete(f"/api/conference-sessions/{session.pk}/").status_code == 403
    assert Session.objects.filter(pk=session.pk, chair="").exists()


def test_the_programme_page_edits_a_session_and_a_talk_with_their_history(
    client, personas, english_pages
):
    record = conference(personas)
    claire = add(record, personas.liaison)
    session = _session(record, personas.liaison)
    talk = _talk(session, personas.liaison)
    client.force_login(personas.liaison)
    page = client.get(reverse("conferences:programme", args=[record.pk])).content.decode()
    edit_talk = reverse("conferences:talk.update", args=[record.pk, talk.pk])
    remove_talk = reverse("conferences:talk.delete", args=[record.pk, talk.pk])
    assert edit_talk in page and remove_talk in page
    assert "Take the talk “Machine-learned potentials” off the programme?" in page
    form = client.get(edit_talk).content.decode()
    assert "Machine-learned potentials" in form and "History" in form
    response = client.post(
        edit_talk,
        {
            "starts": "09:20",
            "minutes": "40",
            "title_en": "Learned potentials",
            "speakers": [claire.pk],
        },
    )
    assert response.status_code == 302
    talk.refresh_from_db()
    assert (talk.minutes, talk.title_en) == (40, "Learned potentials")
    assert list(talk.speakers.all()) == [claire]
    assert "Machine-learned potentials" in client.get(edit_talk).content.decode()  # history
    untitled = client.post(edit_talk, {"starts": "09:20", "minutes": "40"})
    assert "Give a title in Chinese or in English." in untitled.content.decode()
    edit_session = reverse("conferences:session.update", args=[record.pk, session.pk])
    assert edit_session in page
    assert record.current_version is not None
    day = record.current_version.starts_on.isoformat()
    saved = client.post(
        edit_session, {"day": day, "starts": "09:00", "ends": "11:00", "title_zh": "开幕式"}
    )
    assert saved.status_code == 302
    session.refresh_from_db()
    assert session.ends == datetime.time(11)
    removed = client.post(remove_talk, follow=True).content.decode()
    assert "The talk has been taken off the programme." in removed
    assert not Talk.objects.filter(pk=talk.pk).exists()
    again = client.post(remove_talk, follow=True).content.decode()
    assert "The talk is off the programme already." in again


def test_the_programme_page_in_chinese(client, personas):
    record = conference(personas)
    _talk(_session(record, personas.liaison), personas.liaison)
    client.force_login(personas.liaison)
    page = client.get(
        reverse("conferences:programme", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "移除该报告" in page and "编辑分会场" in page
