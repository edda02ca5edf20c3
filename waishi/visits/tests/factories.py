"""Factories and helpers of the visits app's tests."""

from __future__ import annotations

import datetime

from waishi.core import clock
from waishi.people.models import Person
from waishi.visits import approval, services
from waishi.visits.enums import GuestRank, GuestRole, StepKind, VisitKind
from waishi.visits.models import Visit
from waishi.workflow import services as workflow
from waishi.workflow.enums import Action, RequestState


def days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def country(code: str):
    from waishi.core.models import Country

    return Country.objects.get(code=code)


def staff_person(user) -> Person:
    """The Person of a member of staff (every account has one in use; tests make it)."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(
            user=user, name_zh=user.full_name, unit=user.units.order_by("pk").first()
        )
    return person


def draft_visit(user, *, arrival: int = 40, length: int = 3, **values) -> Visit:
    """A draft filed by `user` for their first unit, arriving `arrival` days from today."""
    defaults = {
        "title": "Delegation of the University of Lyon",
        "unit": user.units.order_by("pk").first(),
        "responsible": staff_person(user),
        "kind": VisitKind.DELEGATION,
        "purpose": "Talks on a joint master's programme",
        "arrival": days(arrival),
        "departure": days(arrival + length - 1),
        "places": "Xiangtan",
    }
    return services.visit_create(by=user, **(defaults | values))


def add_guest(visit: Visit, user, n: int = 1, **values):
    defaults = {
        "family_name": f"Martin{n}",
        "given_name": "Claire",
        "sex": "F",
        "birth_date": datetime.date(1970, 5, 1),
        "nationality": country("FR"),
        "passport_number": f"FR{n:07d}",
        "passport_expiry": days(3 * 365),
        "organisation": "Université de Lyon",
        "title": "Vice-president",
        "rank": GuestRank.OTHER,
        "role": GuestRole.HEAD if n == 1 else GuestRole.MEMBER,
    }
    return services.guest_add(visit, by=user, **(defaults | values))


def ready_visit(user, guests: int = 1, **values) -> Visit:
    visit = draft_visit(user, **values)
    for n in range(1, guests + 1):
        add_guest(visit, user, n)
    return visit


def decider(step, personas):
    return {
        StepKind.UNIT_HEAD: personas.head,
        StepKind.OFFICE: personas.office_staff,
        StepKind.LEADER: personas.leader,
    }[step.key]


def current_step(visit):
    request = approval.request_of(visit)
    if request is None or request.state != RequestState.PENDING:
        return None
    return request.current_step


def approve_all(visit, personas) -> Visit:
    while (step := current_step(visit)) is not None:
        workflow.approval_decide(
            approval.request_of(visit), by=decider(step, personas), action=Action.APPROVE
        )
        visit.refresh_from_db()
    return visit


def approved_visit(personas, **values) -> Visit:
    visit = ready_visit(personas.teacher, **values)
    services.visit_submit(visit, by=personas.teacher)
    return approve_all(visit, personas)


def add_item(visit: Visit, user, *, day: int = 0, hour: int = 9, **values):
    """An item of the visit's itinerary on its `day`-th day (from 0), at `hour`."""
    from django.utils import timezone

    from waishi.visits.enums import ItemKind

    starts = timezone.make_aware(
        datetime.datetime.combine(visit.arrival + datetime.timedelta(days=day), datetime.time(hour))
    )
    defaults = {
        "kind": ItemKind.MEETING,
        "title": "Talks with the School of Mathematics",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "place": "Main building, room 301",
    }
    return services.item_create(visit, by=user, **(defaults | values))


def closed_visit(personas, **values) -> Visit:
    """An approved visit whose guests have left, summary filed, closed by the host unit."""
    from django.test import override_settings

    visit = approved_visit(personas, **values)
    with override_settings(WAISHI_FROZEN_TODAY=visit.departure + datetime.timedelta(days=1)):
        services.summary_file(visit, by=personas.teacher, text="Talks on a joint programme")
        services.visit_close(visit, by=personas.teacher)
    visit.refresh_from_db()
    return visit
