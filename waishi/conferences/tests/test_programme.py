"""The programme: sessions and talks by hand, and the import of a pretalx schedule export
or a frab schedule (all or nothing, speakers matched to participants)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waishi.conferences import programme
from waishi.conferences.models import Session, Talk
from waishi.conferences.schedule import parse_schedule
from waishi.conferences.tests.participant_helpers import add, conference
from waishi.core.models import Country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_pretalx_export_becomes_sessions_and_talks_with_speakers_matched(client, personas):
    record = conference(personas)
    claire = add(record, personas.liaison)  # Claire Martin speaks in the export
    client.force_login(personas.liaison)
    upload = SimpleUploadedFile("schedule.json", (FIXTURES / "pretalx_schedule.json").read_bytes())
    response = client.post(
        reverse("conferences:programme.import", args=[record.pk]), {"file": upload}
    )
    assert response.status_code == 302, response.content.decode()[:600]
    assert record.sessions.count() == 3  # day 1: two rooms; day 2: one
    assert Talk.objects.filter(session__conference=record).count() == 4
    keynote = Talk.objects.get(title_en="Machine-learned potentials for battery cathodes")
    assert list(keynote.speakers.all()) == [claire]
    assert keynote.minutes == 45 and keynote.starts == datetime.time(9, 0)
    chinese = Talk.objects.get(title_zh="高通量计算筛选固态电解质")
    assert chinese.speaker_names == "王磊; Kenji Sato"
    page = client.get(reverse("conferences:programme", args=[record.pk])).content.decode()
    assert "Machine-learned potentials for battery cathodes" in page
    assert "Claire Martin" in page and "Kenji Sato" in page


def test_a_frab_schedule_imports_too_and_replaces_only_when_asked(personas):
    record = conference(personas)
    schedule = parse_schedule((FIXTURES / "frab_schedule.xml").read_bytes())
    assert programme.programme_import(record, schedule, by=personas.liaison) == (2, 3)
    with pytest.raises(ValidationError, match="already has a programme"):
        programme.programme_import(record, schedule, by=personas.liaison)
    assert programme.programme_import(record, schedule, by=personas.liaison, replace=True) == (
        2,
        3,
    )
    assert Session.objects.filter(conference=record).count() == 2


def test_a_broken_export_writes_nothing_and_says_why(client, personas):
    record = conference(personas)
    client.force_login(personas.liaison)
    bad = SimpleUploadedFile(
        "schedule.json",
        b'{"schedule": {"conference": {"title": "X", "days": [{"index": 1, "date": "2027-05-11",'
        b' "rooms": {"A": [{"title": "Opening", "start": "09:00", "duration": "soon"}]}}]}}}',
    )
    response = client.post(reverse("conferences:programme.import", args=[record.pk]), {"file": bad})
    assert response.status_code == 200
    assert "the duration “soon” is not hours and minutes" in response.content.decode()
    assert record.sessions.count() == 0


def test_sessions_and_talks_by_hand(client, personas):
    record = conference(personas)
    speaker = add(record, personas.liaison, country=Country.objects.get(code="JP"))
    client.force_login(personas.liaison)
    response = client.post(
        reverse("conferences:session.create", args=[record.pk]),
        {"day": "2027-05-11", "starts": "09:00", "ends": "10:30", "room": "Hall A",
         "title_zh": "开幕式", "title_en": "Opening"},
    )  # fmt: skip
    assert response.status_code == 302
    session = record.sessions.get()
    response = client.post(
        reverse("conferences:talk.create", args=[record.pk, session.pk]),
        {"starts": "09:10", "minutes": "30", "title_en": "Welcome", "speakers": [speaker.pk]},
    )
    assert response.status_code == 302
    assert list(session.talks.get().speakers.all()) == [speaker]
    # A session must end after it starts; a talk needs a title.
    with pytest.raises(ValidationError):
        programme.session_create(
            record,
            by=personas.liaison,
            day=datetime.date(2027, 5, 11),
            starts=datetime.time(10),
            ends=datetime.time(9),
            title_en="Backwards",
        )
    with pytest.raises(ValidationError, match="Give a title"):
        programme.talk_create(session, by=personas.liaison, starts=datetime.time(9), minutes=5)
    with pytest.raises(PermissionDenied):
        programme.talk_create(
            session, by=personas.other_teacher, starts=datetime.time(9), minutes=5, title_en="X"
        )
    client.post(reverse("conferences:session.delete", args=[record.pk, session.pk]))
    assert record.sessions.count() == 0 and Talk.objects.count() == 0
