"""Factories and helpers of the conferences app's tests."""

from __future__ import annotations

import datetime

from waishi.conferences import approval
from waishi.conferences.enums import Discipline, StepKind
from waishi.conferences.models import ConferenceVersion
from waishi.core import clock
from waishi.people.models import Person
from waishi.workflow import services as workflow
from waishi.workflow.enums import Action, RequestState


def days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def staff_person(user) -> Person:
    """The Person of a member of staff (every account has one in use; tests make it)."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(
            user=user, name_zh=user.full_name, unit=user.units.order_by("pk").first()
        )
    return person


def version_values(start: int = 200, length: int = 3) -> dict[str, object]:
    return {
        "name_zh": "计算数学国际研讨会",
        "name_en": "International Workshop on Computational Mathematics",
        "discipline": Discipline.NATURAL,
        "starts_on": days(start),
        "ends_on": days(start + length - 1),
        "venue": "学术交流中心",
        "city": "湘潭",
        "expected_total": 80,
        "expected_foreign": 30,
        "expected_countries": 6,
    }


def draft_conference(user, *, start: int = 200, length: int = 3, **values) -> ConferenceVersion:
    """Version 1 of a draft conference declared by `user` for their first unit, `start` days
    from today (through the services: every office rule applies)."""
    from waishi.conferences import services

    defaults = version_values(start, length) | {
        "unit": user.units.order_by("pk").first(),
        "responsible": staff_person(user),
    }
    conference = services.conference_create(by=user, **(defaults | values))
    version = conference.current_version
    assert version is not None
    return version


def submitted_conference(user, **values) -> ConferenceVersion:
    from waishi.conferences import services

    version = draft_conference(user, **values)
    services.conference_submit(version.conference, by=user)
    version.refresh_from_db()
    return version


def decider(step, personas):
    return {
        StepKind.UNIT_HEAD: personas.head,
        StepKind.OFFICE: personas.office_staff,
        StepKind.LEADER: personas.leader,
    }[step.key]


def approve_all(version: ConferenceVersion, personas) -> list[str]:
    """Approve every step of the version's request; the keys of the steps decided."""
    steps = []
    while True:
        request = approval.request_of(version)
        if request is None or request.state != RequestState.PENDING:
            version.refresh_from_db()
            return steps
        steps.append(request.current_step.key)
        workflow.approval_decide(
            request, by=decider(request.current_step, personas), action=Action.APPROVE
        )


def approved_conference(personas, **values) -> ConferenceVersion:
    version = submitted_conference(personas.teacher, **values)
    approve_all(version, personas)
    return version


def ended_conference(personas, **values) -> ConferenceVersion:
    """An approved conference moved into the past (it ended yesterday), as after it was held:
    the declaration's lead times would refuse one declared in the past."""
    version = approved_conference(personas, **values)
    length = version.ends_on - version.starts_on
    version.starts_on, version.ends_on = days(-1) - length, days(-1)
    version.save(update_fields=["starts_on", "ends_on"])
    return version
