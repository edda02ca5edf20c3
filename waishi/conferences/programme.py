"""A conference's programme: sessions (a day, a time, a room) and their talks, entered by
hand or imported from the schedule export of pretalx or frab (`schedule.parse_schedule`).

A talk's speakers are the conference's participants where their names match, and names
otherwise (`Talk.speaker_names`). An import writes the whole schedule or nothing: one
session per day and room, its talks inside."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waishi.conferences.models import Conference, Participant, Session, Talk
from waishi.conferences.schedule import Schedule
from waishi.conferences.schedule import Talk as ScheduledTalk
from waishi.core.forms import stripped_values
from waishi.core.history import history_by
from waishi.core.models import User
from waishi.core.permissions import require

SESSION_FIELDS = ("day", "starts", "ends", "room", "title_zh", "title_en", "chair")
TALK_FIELDS = (
    "starts",
    "minutes",
    "title_zh",
    "title_en",
    "abstract",
    "language",
    "speaker_names",
    "external_key",
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _require(conference: Conference, by: User) -> None:
    require(by.has_perm("conferences.edit_programme", conference))


def _titled(values: dict[str, Any]) -> None:
    if not (values.get("title_zh") or values.get("title_en")):
        raise ValidationError({"title_zh": _("Give a title in Chinese or in English.")})


@transaction.atomic
def session_create(conference: Conference, *, by: User, **values: Any) -> Session:
    """Add a session to the programme. Raises ValidationError. Side effects: history."""
    _require(conference, by)
    values = stripped_values(values, SESSION_FIELDS)
    _titled(values)
    session = Session(conference=conference, **values)
    session.full_clean(exclude=["conference"])
    history_by(session, by)
    session.save()
    return session


@transaction.atomic
def session_update(session: Session, *, by: User, **values: Any) -> Session:
    """Change a session (the fields given; the others stay). Raises ValidationError and
    changes nothing on bad input. Side effects: history."""
    _require(session.conference, by)
    current = Session.objects.select_for_update().get(pk=session.pk)
    values = stripped_values(values, SESSION_FIELDS)
    for key, value in values.items():
        setattr(current, key, value)
    _titled({"title_zh": current.title_zh, "title_en": current.title_en})
    current.full_clean(exclude=["conference"])
    history_by(current, by)
    current.save()
    return current


@transaction.atomic
def session_delete(session: Session, *, by: User) -> None:
    """Take a session off the programme, with its talks."""
    _require(session.conference, by)
    for talk in session.talks.all():
        history_by(talk, by)
        talk.delete()
    history_by(session, by)
    session.delete()


@transaction.atomic
def talk_create(
    session: Session, *, by: User, speakers: Iterable[Participant] = (), **values: Any
) -> Talk:
    """Add a talk to a session; its speakers are participants of the same conference.
    Raises ValidationError. Side effects: history."""
    _require(session.conference, by)
    values = stripped_values(values, TALK_FIELDS)
    _titled(values)
    speakers = list(speakers)
    if any(p.conference_id != session.conference_id for p in speakers):
        raise ValidationError({"speakers": _("A speaker must be a participant of the conference.")})
    talk = Talk(session=session, **values)
    talk.full_clean(exclude=["session"])
    history_by(talk, by)
    talk.save()
    talk.speakers.set(speakers)
    return talk


@transaction.atomic
def talk_update(
    talk: Talk, *, by: User, speakers: Iterable[Participant] | None = None, **values: Any
) -> Talk:
    """Change a talk (the fields given; the others stay; `speakers`, when given, replaces
    them). Raises ValidationError and changes nothing on bad input. Side effects: history,
    the speakers' change with it."""
    _require(talk.session.conference, by)
    current = Talk.objects.select_for_update().select_related("session").get(pk=talk.pk)
    values = stripped_values(values, TALK_FIELDS)
    for key, value in values.items():
        setattr(current, key, value)
    _titled({"title_zh": current.title_zh, "title_en": current.title_en})
    chosen = None if speakers is None else list(speakers)
    if chosen and any(p.conference_id != current.session.conference_id for p in chosen):
        raise ValidationError({"speakers": _("A speaker must be a participant of the conference.")})
    current.full_clean(exclude=["session"])
    history_by(current, by)
    current.save()
    if chosen is not None:
        current.speakers.set(chosen)
    return current


@transaction.atomic
def talk_delete(talk: Talk, *, by: User) -> None:
    """Take a talk off the programme. Side effects: history."""
    _require(talk.session.conference, by)
    history_by(talk, by)
    talk.delete()


# The import ----------------------------------------------------------------------------------


def _names(participant: Participant) -> set[str]:
    person = participant.person
    latin = " ".join(p for p in (person.given_name, person.family_name) if p)
    reverse = " ".join(p for p in (person.family_name, person.given_name) if p)
    return {n.casefold() for n in (latin, reverse, person.name_zh, person.passport_name) if n}


def _titles(text: str) -> dict[str, str]:
    key = "title_zh" if _CJK.search(text) else "title_en"
    return {key: text[:300]}


def _minutes(talk: ScheduledTalk) -> int:
    return max(1, round(talk.duration.total_seconds() / 60))


def programme_import(
    conference: Conference, schedule: Schedule, *, by: User, replace: bool = False
) -> tuple[int, int]:
    """Write the schedule as the conference's programme, all or nothing: a session per day
    and room, the talks in it, speakers matched to participants by name. A programme already
    entered is refused unless `replace`. Returns (sessions, talks). Raises ValidationError.
    Side effects: history of every row written or deleted."""
    _require(conference, by)
    with transaction.atomic():
        existing = list(conference.sessions.all())
        if existing and not replace:
            raise ValidationError(
                _(
                    "The conference already has a programme: tick “Replace the programme” to "
                    "import over it."
                )
            )
        for session in existing:
            session_delete(session, by=by)
        participants = list(conference.participants.select_related("person"))
        by_name: dict[str, Participant] = {}
        for participant in participants:
            for name in _names(participant):
                by_name.setdefault(name, participant)
        groups: dict[tuple[datetime.date, str], list[ScheduledTalk]] = defaultdict(list)
        for talk in schedule.talks:
            groups[(talk.start.date(), talk.room)].append(talk)
        sessions = talks = 0
        for (day, room), items in sorted(groups.items()):
            items.sort(key=lambda t: t.start)
            ends = max(t.end for t in items)
            last = ends.time() if ends.date() == day else datetime.time(23, 59)
            session = session_create(
                conference,
                by=by,
                day=day,
                starts=items[0].start.time(),
                ends=max(last, (items[0].start + datetime.timedelta(minutes=1)).time()),
                room=room[:200],
                **_titles(room or schedule.title),
            )
            sessions += 1
            for item in items:
                matched = [
                    by_name[s.name.casefold()]
                    for s in item.speakers
                    if s.name.casefold() in by_name
                ]
                others = [s.name for s in item.speakers if s.name.casefold() not in by_name]
                talk_create(
                    session,
                    by=by,
                    speakers=matched,
                    starts=item.start.time(),
                    minutes=_minutes(item),
                    abstract=item.abstract,
                    language=item.language[:20],
                    speaker_names="; ".join(others)[:500],
                    external_key=item.key[:100],
                    **_titles(item.title),
                )
                talks += 1
    return sessions, talks
