"""The programme's reader: pretalx's schedule JSON and frab's XML into typed records, and
a clear refusal (naming the day, room and talk) for anything else."""

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from waishi.conferences.schedule import ScheduleError, parse_schedule

FIXTURES = Path(__file__).parent / "fixtures"


def _read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_pretalx_json_reads_days_rooms_talks_and_speakers():
    schedule = parse_schedule(_read("pretalx_schedule.json"))
    assert schedule.title == "International Conference on Computational Materials 2027"
    assert schedule.acronym == "iccm2027"
    assert schedule.start == datetime.date(2027, 5, 11)
    assert schedule.time_zone == "Asia/Shanghai"
    assert schedule.rooms == ("Main Hall 主会场", "Room B201")
    assert [day.date for day in schedule.days] == [
        datetime.date(2027, 5, 11),
        datetime.date(2027, 5, 12),
    ]
    talks = list(schedule.talks)
    assert len(talks) == 4
    first = talks[0]
    assert first.title == "Machine-learned potentials for battery cathodes"
    assert first.start == datetime.datetime(2027, 5, 11, 9, 0)
    assert first.duration == datetime.timedelta(minutes=45)
    assert first.end == datetime.datetime(2027, 5, 11, 9, 45)
    assert first.room == "Main Hall 主会场"
    assert first.kind == "Keynote"
    assert first.language == "en"
    assert [s.name for s in first.speakers] == ["Claire Martin"]
    assert first.speakers[0].biography == "Professor at Université de Lyon."
    chinese = talks[1]
    assert chinese.title == "高通量计算筛选固态电解质"
    assert chinese.language == "zh"
    assert [s.name for s in chinese.speakers] == ["王磊", "Kenji Sato"]
    workshop = talks[2]
    assert workshop.duration == datetime.timedelta(hours=1, minutes=30)
    assert workshop.track == ""
    # The description stands in for a missing abstract.
    assert talks[3].abstract == "Why shared datasets matter."


def test_frab_xml_reads_the_same_shape():
    schedule = parse_schedule(_read("frab_schedule.xml"))
    assert schedule.title == "Workshop on Silk Road Studies 2027"
    assert schedule.rooms == ("Lecture Hall 1", "Seminar Room 3")
    talks = list(schedule.talks)
    assert [t.title for t in talks] == [
        "Caravans and credit on the Silk Road",
        "Night session: reading Sogdian letters",
        "敦煌文书中的粟特人",
    ]
    assert talks[0].start == datetime.datetime(2027, 9, 20, 9, 0)
    assert [s.name for s in talks[0].speakers] == ["Étienne de la Vaissière", "李娜"]
    assert talks[0].track == "Economic history"
    # Without a full date, the day's date and the start time.
    assert talks[1].start == datetime.datetime(2027, 9, 20, 23, 30)
    assert talks[2].duration == datetime.timedelta(minutes=30)
    assert talks[2].abstract == "讨论敦煌文书所见粟特人的社会生活。"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"day,room,title\n", "neither a pretalx schedule export"),
        (b"{not json", "not valid JSON"),
        (b'{"events": []}', "not a pretalx schedule export"),
        (b'{"schedule": {"conference": {"title": "X", "days": []}}}', "no days"),
        (b"<html><body/></html>", "not a frab schedule"),
        (b"<schedule><conference>", "not valid XML"),
        (b"\xff\xfe\x00bad", "not text in UTF-8"),
    ],
)
def test_what_is_not_a_schedule_is_refused_saying_why(data, message):
    with pytest.raises(ScheduleError, match=message):
        parse_schedule(data)


def test_a_bad_talk_is_named_by_day_room_and_title():
    data = (
        b'{"schedule": {"conference": {"title": "X", "days": [{"index": 2, "date": "2027-05-12",'
        b' "rooms": {"Hall A": [{"title": "Opening", "start": "09:00", "duration": "ninety"}]}}'
        b"]}}}"
    )
    with pytest.raises(ScheduleError) as refused:
        parse_schedule(data)
    assert str(refused.value) == (
        "Day 2, room “Hall A”, talk “Opening”: the duration “ninety” is not hours and "
        "minutes (HH:MM)."
    )


def test_a_talk_without_a_title_or_time_is_refused():
    untitled = (
        b"<schedule><conference><title>X</title></conference>"
        b"<day index='1' date='2027-01-02'><room name='A'><event><start>9:00</start>"
        b"<duration>0:30</duration></event></room></day></schedule>"
    )
    with pytest.raises(ScheduleError, match="Day 1, room “A”: a talk has no title"):
        parse_schedule(untitled)
    late = untitled.replace(b"<event>", b"<event><title>T</title>").replace(b"9:00", b"25:00")
    with pytest.raises(ScheduleError, match="is not a time"):
        parse_schedule(late)
    bad_date = untitled.replace(b"2027-01-02", b"2 January")
    with pytest.raises(ScheduleError, match="is not a date"):
        parse_schedule(bad_date)


def test_xml_entities_are_refused_before_they_expand():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE schedule [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<schedule><conference><title>&b;</title></conference></schedule>"
    )
    with pytest.raises(ScheduleError, match="document type or entities"):
        parse_schedule(bomb)
    external = (
        b'<?xml version="1.0"?><!DOCTYPE schedule SYSTEM "file:///etc/passwd">'
        b"<schedule><conference><title>X</title></conference></schedule>"
    )
    with pytest.raises(ScheduleError, match="document type or entities"):
        parse_schedule(external)


def test_too_many_talks_are_refused(monkeypatch):
    monkeypatch.setattr("waishi.conferences.schedule.MAX_TALKS", 2)
    with pytest.raises(ScheduleError, match="more than 2 talks"):
        parse_schedule(_read("pretalx_schedule.json"))


def test_the_refusal_is_in_the_reader_s_language():
    with translation.override("zh-hans"), pytest.raises(ScheduleError) as refused:
        parse_schedule(b"{not json")
    assert "JSON" in str(refused.value)
    assert "not valid" not in str(refused.value)
