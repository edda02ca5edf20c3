"""Reminder jobs of the visits app, run by `manage.py remind` (registered in apps.py).

Each is claimed with `reminder_once` under a key of the visit, so a run every few minutes
sends it once, and goes to those who must act:

- not yet approved 7 days before arrival: the approvers of the step it waits at, or the host
  unit while it is a draft or returned;
- a guest needs a visa and no invitation letter is out 60 days before arrival: the office
  (and the host unit while the visit is not yet approved);
- no itinerary 7 days before arrival: the host unit;
- a guest staying outside a hotel with no accommodation registration 24 hours after arrival:
  the host unit;
- the summary overdue (the office rule's working days after departure): the host unit;
- an authorised unit's letter not issued by its due date, and the guests' departure
  registration (销签) not recorded by its due date: the office.

The host unit is the one who filed the visit, its responsible person and the unit's
liaisons."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat

from waishi.core.enums import Role
from waishi.core.models import Letter, ReminderSent, User
from waishi.core.notifications import notify, reminder_once
from waishi.visits import letters, policy
from waishi.visits.enums import Lodging, VisitStatus
from waishi.visits.models import AuthorisedLetter, Guest, ItineraryItem, Summary, Visit

APPROVAL_DAYS_BEFORE = 7
VISA_LETTER_DAYS_BEFORE = 60
ITINERARY_DAYS_BEFORE = 7
# The stay is registered within 24 hours of arrival; reminded for a month after.
REGISTRATION_LOOKBACK_DAYS = 30
# A summary is asked for only of visits that ended this recently (not of years of history).
SUMMARY_LOOKBACK_DAYS = 90

# Not yet decided: the host unit or its approvers still have to act.
UNDECIDED = (VisitStatus.DRAFT, VisitStatus.RETURNED, VisitStatus.IN_APPROVAL)
# Still to happen (a rejected or withdrawn visit is reminded of nothing).
LIVE = (*UNDECIDED, VisitStatus.APPROVED)


def office_users() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, groups__name__in=[Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR]
        ).distinct()
    )


def host_users(visit: Visit) -> list[User]:
    """Who acts for the host unit: the filer, the responsible person, the unit's liaisons."""
    found: list[User] = [visit.applicant]
    responsible = visit.responsible.user
    if responsible is not None:
        found.append(responsible)
    found += User.objects.filter(
        is_active=True, groups__name=Role.UNIT_LIAISON, units=visit.unit_id
    ).order_by("pk")
    return found


def approvers_now(visit: Visit) -> list[User]:
    """Who may decide the step the visit's approval waits at (none when it waits nowhere)."""
    from waishi.visits.approval import request_of
    from waishi.workflow.queries import approvers_of

    request = request_of(visit)
    if request is None or request.current_step is None:
        return []
    return approvers_of(request.current_step)


def _arriving_within(visits: QuerySet[Visit], today: datetime.date, days: int) -> QuerySet[Visit]:
    return visits.filter(arrival__gte=today, arrival__lte=today + datetime.timedelta(days=days))


def _not_reminded(visits: QuerySet[Visit], key: str) -> QuerySet[Visit]:
    """Leave out the visits already reminded under `key` (so each run reads only new ones)."""
    claimed = ReminderSent.objects.filter(
        key=Concat(Value(f"visits:{key}:"), Cast(OuterRef("pk"), CharField()))
    )
    return visits.filter(~Exists(claimed))


def _send(
    visits: Iterable[Visit],
    key: str,
    template: str,
    recipients: Callable[[Visit], list[User]],
    context: Callable[[Visit], dict[str, object]] = lambda visit: {},
) -> int:
    sent = 0
    if isinstance(visits, QuerySet):
        visits = _not_reminded(visits, key)
    for visit in visits:
        if not reminder_once(f"visits:{key}:{visit.pk}"):
            continue
        notify(
            recipients(visit),
            f"visits/notice/{template}",
            {"visit": visit, **context(visit)},
            url=visit.get_absolute_url(),
            kind=f"visits.{key}",
        )
        sent += 1
    return sent


def _base() -> QuerySet[Visit]:
    return Visit.objects.select_related("applicant", "responsible__user", "unit")


def not_approved(today: datetime.date, say: Callable[[str], None]) -> int:
    """A visit not yet approved within a week of its arrival."""
    visits = _arriving_within(
        _base().filter(status__in=UNDECIDED), today, APPROVAL_DAYS_BEFORE
    ).order_by("arrival", "pk")

    def recipients(visit: Visit) -> list[User]:
        if visit.status == VisitStatus.IN_APPROVAL:
            return approvers_now(visit)
        return host_users(visit)

    sent = _send(visits, "not-approved", "not_approved", recipients)
    say(f"visits: {sent} visit(s) not yet approved a week before arrival")
    return sent


def visa_letter_missing(today: datetime.date, say: Callable[[str], None]) -> int:
    """A guest needs a visa and no invitation letter is out 60 days before arrival."""
    issued = Letter.objects.filter(
        kind=letters.KIND,
        content_type__app_label="visits",
        content_type__model="visit",
        object_id=OuterRef("pk"),
    )
    visits = (
        _arriving_within(
            _base().filter(status__in=LIVE, visa_needed=True), today, VISA_LETTER_DAYS_BEFORE
        )
        .filter(~Exists(issued))
        .order_by("arrival", "pk")
    )

    def recipients(visit: Visit) -> list[User]:
        if visit.status == VisitStatus.APPROVED:
            return office_users()
        return office_users() + host_users(visit)

    sent = _send(visits, "visa-letter", "visa_letter_missing", recipients)
    say(f"visits: {sent} visa case(s) without an invitation letter")
    return sent


def without_itinerary(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """Visits with no item in their itinerary yet."""
    return visits.filter(~Exists(ItineraryItem.objects.filter(visit=OuterRef("pk"))))


def itinerary_missing(today: datetime.date, say: Callable[[str], None]) -> int:
    """No itinerary a week before arrival."""
    visits = without_itinerary(
        _arriving_within(_base().filter(status__in=LIVE), today, ITINERARY_DAYS_BEFORE)
    ).order_by("arrival", "pk")
    sent = _send(visits, "itinerary", "itinerary_missing", host_users)
    say(f"visits: {sent} visit(s) without an itinerary a week before arrival")
    return sent


def registration_missing(today: datetime.date, say: Callable[[str], None]) -> int:
    """A guest of an approved visit stays outside a hotel and their accommodation
    registration is not recorded 24 hours after arrival (the day after)."""
    missing = Guest.objects.filter(
        visit=OuterRef("pk"), lodging=Lodging.OUTSIDE, registered_on__isnull=True
    )
    visits = (
        _base()
        .filter(
            status=VisitStatus.APPROVED,
            arrival__lt=today,
            arrival__gte=today - datetime.timedelta(days=REGISTRATION_LOOKBACK_DAYS),
            departure__gte=today - datetime.timedelta(days=1),
        )
        .filter(Exists(missing))
        .order_by("arrival", "pk")
    )

    def context(visit: Visit) -> dict[str, object]:
        guests = visit.guests.filter(lodging=Lodging.OUTSIDE, registered_on__isnull=True)
        return {"guests": [str(guest.person) for guest in guests.select_related("person")]}

    sent = _send(visits, "registration", "registration_missing", host_users, context)
    say(f"visits: {sent} visit(s) with a stay not registered")
    return sent


def summary_overdue(today: datetime.date, say: Callable[[str], None]) -> int:
    """An approved visit over whose summary is past its due date (the office rule's working
    days after departure)."""
    filed = Summary.objects.filter(visit=OuterRef("pk"))
    # Due at the earliest the day after departure: only visits over are looked at.
    candidates = (
        _base()
        .filter(
            status=VisitStatus.APPROVED,
            # N working days are at least N days.
            departure__lt=today - datetime.timedelta(days=policy.SUMMARY_DUE_WORKING_DAYS.value()),
            departure__gte=today - datetime.timedelta(days=SUMMARY_LOOKBACK_DAYS),
        )
        .filter(~Exists(filed))
        .order_by("departure", "pk")
    )
    candidates = _not_reminded(candidates, "summary")
    overdue = [visit for visit in candidates if policy.summary_due(visit) < today]
    sent = _send(
        overdue,
        "summary",
        "summary_overdue",
        host_users,
        lambda visit: {"due": policy.summary_due(visit)},
    )
    say(f"visits: {sent} summary reminder(s)")
    return sent


def authorised_letter_late(today: datetime.date, say: Callable[[str], None]) -> int:
    """An authorised unit's letter asked for and not issued by its due date (the office
    rule's working days after the request)."""
    letters_open = AuthorisedLetter.objects.filter(
        issued_on__isnull=True, visit__status__in=LIVE
    ).select_related("visit")
    late = [
        letter.visit
        for letter in letters_open
        if policy.authorised_letter_due(letter.filed_on) < today
    ]
    sent = _send(late, "authorised-letter", "authorised_letter_late", lambda visit: office_users())
    say(f"visits: {sent} authorised unit's letter(s) late")
    return sent


def departure_registration_overdue(today: datetime.date, say: Callable[[str], None]) -> int:
    """The guests' departure registration (销签) not recorded by its due date (the office
    rule's days after departure), for visits with an authorised unit's letter."""
    days = policy.DEPARTURE_REGISTRATION_DAYS.value()
    visits = (
        _base()
        .filter(
            authorised_letter__isnull=False,
            authorised_letter__departure_registered_on__isnull=True,
            status__in=(VisitStatus.APPROVED, VisitStatus.CLOSED),
            departure__lt=today - datetime.timedelta(days=days),
            departure__gte=today - datetime.timedelta(days=days + SUMMARY_LOOKBACK_DAYS),
        )
        .order_by("departure", "pk")
    )
    sent = _send(
        visits,
        "departure-registration",
        "departure_registration_overdue",
        lambda visit: office_users(),
        lambda visit: {"due": policy.departure_registration_due(visit)},
    )
    say(f"visits: {sent} departure registration(s) overdue")
    return sent


JOBS = (
    ("visits.not_approved", not_approved),
    ("visits.visa_letters", visa_letter_missing),
    ("visits.itinerary", itinerary_missing),
    ("visits.registrations", registration_missing),
    ("visits.summaries", summary_overdue),
    ("visits.authorised_letters", authorised_letter_late),
    ("visits.departure_registrations", departure_registration_overdue),
)
