"""A conference's programme as the tools people already use export it: pretalx's schedule
export (`/<event>/schedule/export/schedule.json`, the frab-compatible JSON) and frab's
schedule XML (`schedule.xml`, which pretalx, frab and others write).

`parse_schedule(data)` reads either (told apart by the first character) into typed,
immutable dataclasses: the days, the rooms and each talk's start, duration, title,
speakers, abstract and language. Nothing here touches the database; the programme's import
(`programme_import` in services) writes what it returns.

A file that is not such an export raises `ScheduleError` with a message in the reader's
language naming where it went wrong (day, room and talk). The XML is read by the standard
library's parser with every document type declaration refused, so entities cannot expand
(the "billion laughs") nor reach outside the file."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn
from xml.etree import ElementTree
from xml.parsers.expat import ExpatError, ParserCreate

from django.utils.translation import gettext as _

# A programme larger than this is not a conference's (and would only load the server).
MAX_TALKS = 2000
MAX_DURATION = datetime.timedelta(hours=24)

_DURATION = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


class ScheduleError(ValueError):
    """The file is not a schedule export this reader understands; the message says where."""


@dataclass(frozen=True)
class Speaker:
    name: str
    code: str = ""
    biography: str = ""


@dataclass(frozen=True)
class Talk:
    """One slot of the programme, at the venue's wall-clock time."""

    key: str
    start: datetime.datetime
    duration: datetime.timedelta
    room: str
    title: str
    subtitle: str = ""
    track: str = ""
    kind: str = ""
    language: str = ""
    abstract: str = ""
    speakers: tuple[Speaker, ...] = ()

    @property
    def end(self) -> datetime.datetime:
        return self.start + self.duration


@dataclass(frozen=True)
class Day:
    index: int
    date: datetime.date
    talks: tuple[Talk, ...] = ()


@dataclass(frozen=True)
class Schedule:
    title: str
    acronym: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    time_zone: str = ""
    rooms: tuple[str, ...] = ()
    days: tuple[Day, ...] = field(default_factory=tuple)

    @property
    def talks(self) -> Iterator[Talk]:
        for day in self.days:
            yield from day.talks


def parse_schedule(data: bytes | str) -> Schedule:
    """Read a pretalx/frab schedule export (JSON or XML). Raises ScheduleError."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise ScheduleError(_("The file is not text in UTF-8.")) from None
    start = text.lstrip("\ufeff \t\r\n")[:1]
    if start == "{":
        return parse_json(text)
    if start == "<":
        return parse_xml(text)
    raise ScheduleError(
        _(
            "The file is neither a pretalx schedule export (JSON) nor a frab schedule (XML): "
            "export it from the conference tool as schedule.json or schedule.xml."
        )
    )


# Shared checks -------------------------------------------------------------------------------


def _where(day: int | None = None, room: str = "", talk: str = "") -> str:
    parts = []
    if day is not None:
        parts.append(_("day %(day)s") % {"day": day})
    if room:
        parts.append(_("room “%(room)s”") % {"room": room})
    if talk:
        parts.append(_("talk “%(talk)s”") % {"talk": talk})
    return ", ".join(parts)


def _fail(message: str, where: str = "") -> ScheduleError:
    if where:
        return ScheduleError(
            _("%(where)s: %(message)s")
            % {"where": where[:1].upper() + where[1:], "message": message}
        )
    return ScheduleError(message)


def _date(value: Any, where: str, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise _fail(
            _("%(what)s “%(value)s” is not a date (YYYY-MM-DD).") % {"what": what, "value": value},
            where,
        ) from None


def _duration(value: Any, where: str) -> datetime.timedelta:
    found = _DURATION.match(str(value or ""))
    if not found:
        raise _fail(
            _("the duration “%(value)s” is not hours and minutes (HH:MM).") % {"value": value},
            where,
        )
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    if minutes > 59 or seconds > 59:
        raise _fail(
            _("the duration “%(value)s” is not hours and minutes (HH:MM).") % {"value": value},
            where,
        )
    duration = datetime.timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if duration > MAX_DURATION:
        raise _fail(_("a talk lasts at most 24 hours."), where)
    return duration


def _start(day: datetime.date, moment: Any, clock: Any, where: str) -> datetime.datetime:
    """The talk's start at the venue: its full date and time when given (a talk after
    midnight belongs to the day before in these exports), else the day's date and the
    time."""
    if moment:
        try:
            start = datetime.datetime.fromisoformat(str(moment).strip())
        except ValueError:
            raise _fail(
                _("the start “%(value)s” is not a date and time.") % {"value": moment}, where
            ) from None
        # The wall clock as the export writes it, in the conference's time zone.
        return start.replace(tzinfo=None)
    found = _TIME.match(str(clock or ""))
    if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise _fail(_("the start “%(value)s” is not a time (HH:MM).") % {"value": clock}, where)
    return datetime.datetime.combine(day, datetime.time(int(found.group(1)), int(found.group(2))))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping):
        # pretalx writes some texts per language: take English, else the first.
        value = value.get("en") or next(iter(value.values()), "")
    return str(value).strip()


def _counted(total: int) -> None:
    if total > MAX_TALKS:
        raise ScheduleError(
            _("The schedule has more than %(max)s talks; a conference's programme has fewer.")
            % {"max": MAX_TALKS}
        )


def _finish(
    title: str,
    acronym: str,
    start: datetime.date | None,
    end: datetime.date | None,
    time_zone: str,
    rooms: list[str],
    days: list[Day],
) -> Schedule:
    if not title:
        raise ScheduleError(_("The schedule does not name its conference (its title)."))
    if not days:
        raise ScheduleError(_("The schedule has no days."))
    for day in days:
        for talk in day.talks:
            if talk.room not in rooms:
                rooms.append(talk.room)
    return Schedule(
        title=title,
        acronym=acronym,
        start=start,
        end=end,
        time_zone=time_zone,
        rooms=tuple(rooms),
        days=tuple(days),
    )


# pretalx / frab JSON -------------------------------------------------------------------------


def _json_speakers(persons: Any, where: str) -> tuple[Speaker, ...]:
    if persons is None:
        return ()
    if not isinstance(persons, list):
        raise _fail(_("its speakers (“persons”) are not a list."), where)
    speakers = []
    for person in persons:
        if isinstance(person, str):
            name, code, biography = person, "", ""
        elif isinstance(person, Mapping):
            name = _text(person.get("public_name") or person.get("name"))
            code = _text(person.get("code") or person.get("guid") or person.get("id"))
            biography = _text(person.get("biography"))
        else:
            raise _fail(_("a speaker is neither a name nor a record."), where)
        if name.strip():
            speakers.append(Speaker(name=name.strip(), code=code, biography=biography))
    return tuple(speakers)


def _json_talk(item: Any, day_date: datetime.date, room: str, where: str) -> Talk:
    if not isinstance(item, Mapping):
        raise _fail(_("a talk is not a record."), where)
    title = _text(item.get("title"))
    where = ", ".join(part for part in (where, _where(talk=title)) if part) if title else where
    if not title:
        raise _fail(_("a talk has no title."), where)
    return Talk(
        key=_text(item.get("guid") or item.get("code") or item.get("id")),
        start=_start(day_date, item.get("date"), item.get("start"), where),
        duration=_duration(item.get("duration"), where),
        room=_text(item.get("room")) or room,
        title=title,
        subtitle=_text(item.get("subtitle")),
        track=_text(item.get("track")),
        kind=_text(item.get("type")),
        language=_text(item.get("language")),
        abstract=_text(item.get("abstract")) or _text(item.get("description")),
        speakers=_json_speakers(item.get("persons"), where),
    )


def parse_json(text: str) -> Schedule:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ScheduleError(
            _("The file is not valid JSON (%(error)s).") % {"error": str(error)[:200]}
        ) from None
    schedule = document.get("schedule") if isinstance(document, Mapping) else None
    conference = schedule.get("conference") if isinstance(schedule, Mapping) else None
    if not isinstance(conference, Mapping):
        raise ScheduleError(
            _(
                "The JSON is not a pretalx schedule export: it has no “schedule” with a "
                "“conference” in it."
            )
        )
    raw_days = conference.get("days")
    if not isinstance(raw_days, list):
        raise ScheduleError(_("The schedule's “days” are missing or not a list."))
    rooms: list[str] = []
    for room in conference.get("rooms") or []:
        name = _text(room.get("name") if isinstance(room, Mapping) else room)
        if name and name not in rooms:
            rooms.append(name)
    days: list[Day] = []
    total = 0
    for position, raw in enumerate(raw_days, start=1):
        if not isinstance(raw, Mapping):
            raise _fail(_("the day is not a record."), _where(position))
        raw_index = raw.get("index")
        index = raw_index if isinstance(raw_index, int) else position
        where = _where(index)
        day_date = _date(raw.get("date"), where, _("the date"))
        talks: list[Talk] = []
        day_rooms = raw.get("rooms") or {}
        if not isinstance(day_rooms, Mapping):
            raise _fail(_("its rooms are not a record of room names."), where)
        for room, items in day_rooms.items():
            room_where = ", ".join((where, _where(room=str(room))))
            if not isinstance(items, list):
                raise _fail(_("its talks are not a list."), room_where)
            total += len(items)
            _counted(total)
            talks.extend(_json_talk(item, day_date, str(room), room_where) for item in items)
        talks.sort(key=lambda talk: (talk.start, talk.room))
        days.append(Day(index=index, date=day_date, talks=tuple(talks)))
    return _finish(
        title=_text(conference.get("title")),
        acronym=_text(conference.get("acronym")),
        start=_date(conference["start"], "", _("the start")) if conference.get("start") else None,
        end=_date(conference["end"], "", _("the end")) if conference.get("end") else None,
        time_zone=_text(conference.get("time_zone_name")),
        rooms=rooms,
        days=days,
    )


# frab XML ------------------------------------------------------------------------------------


def _refuse_declaration(*args: Any) -> NoReturn:
    raise ScheduleError(
        _("The XML declares a document type or entities, which a schedule never needs.")
    )


def _xml_root(text: str) -> ElementTree.Element:
    """The document's tree, built by expat with every DTD, entity and external reference
    refused before it is read (as defusedxml does)."""
    builder = ElementTree.TreeBuilder()
    expat = ParserCreate()
    expat.StartDoctypeDeclHandler = _refuse_declaration
    expat.EntityDeclHandler = _refuse_declaration
    expat.UnparsedEntityDeclHandler = _refuse_declaration
    expat.ExternalEntityRefHandler = _refuse_declaration
    expat.StartElementHandler = builder.start
    expat.EndElementHandler = builder.end
    expat.CharacterDataHandler = builder.data
    expat.buffer_text = True
    try:
        expat.Parse(text, True)
        return builder.close()
    except (ExpatError, AssertionError, IndexError) as error:
        raise ScheduleError(
            _("The file is not valid XML (%(error)s).") % {"error": str(error)[:200]}
        ) from None


def _child_text(element: ElementTree.Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _xml_talk(event: ElementTree.Element, day_date: datetime.date, room: str, where: str) -> Talk:
    title = _child_text(event, "title")
    if not title:
        raise _fail(_("a talk has no title."), where)
    where = ", ".join(part for part in (where, _where(talk=title)) if part)
    speakers = tuple(
        Speaker(name=(person.text or "").strip(), code=person.get("guid") or person.get("id") or "")
        for person in event.iterfind("persons/person")
        if (person.text or "").strip()
    )
    return Talk(
        key=event.get("guid") or event.get("id") or "",
        start=_start(day_date, _child_text(event, "date"), _child_text(event, "start"), where),
        duration=_duration(_child_text(event, "duration"), where),
        room=_child_text(event, "room") or room,
        title=title,
        subtitle=_child_text(event, "subtitle"),
        track=_child_text(event, "track"),
        kind=_child_text(event, "type"),
        language=_child_text(event, "language"),
        abstract=_child_text(event, "abstract") or _child_text(event, "description"),
        speakers=speakers,
    )


def parse_xml(text: str) -> Schedule:
    root = _xml_root(text)
    if root.tag != "schedule" or root.find("conference") is None:
        raise ScheduleError(
            _("The XML is not a frab schedule: it has no <schedule> with a <conference> in it.")
        )
    conference = root.find("conference")
    assert conference is not None
    rooms: list[str] = []
    for room in conference.iterfind("rooms/room"):
        name = (room.get("name") or room.text or "").strip()
        if name and name not in rooms:
            rooms.append(name)
    days: list[Day] = []
    total = 0
    for position, day in enumerate(root.iterfind("day"), start=1):
        raw_index = day.get("index", "")
        index = int(raw_index) if raw_index.isdigit() else position
        where = _where(index)
        day_date = _date(day.get("date"), where, _("the date"))
        talks: list[Talk] = []
        for room in day.iterfind("room"):
            name = (room.get("name") or "").strip()
            room_where = ", ".join((where, _where(room=name)))
            events = room.findall("event")
            total += len(events)
            _counted(total)
            talks.extend(_xml_talk(event, day_date, name, room_where) for event in events)
        talks.sort(key=lambda talk: (talk.start, talk.room))
        days.append(Day(index=index, date=day_date, talks=tuple(talks)))
    start, end = _child_text(conference, "start"), _child_text(conference, "end")
    return _finish(
        title=_child_text(conference, "title"),
        acronym=_child_text(conference, "acronym"),
        start=_date(start, "", _("the start")) if start else None,
        end=_date(end, "", _("the end")) if end else None,
        time_zone=_child_text(conference, "time_zone_name"),
        rooms=rooms,
        days=days,
    )
