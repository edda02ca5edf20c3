"""The itinerary out of Waishi: the bilingual PDF for the guests, and the items as events of
the calendar feeds of the university's people taking part (joined to the travel feed through
`waishi.travel.hooks.register_calendar`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_stubs_ext import StrOrPromise

from waishi.core import clock
from waishi.core.letters import pdf_from_html
from waishi.core.models import User
from waishi.people.models import Person
from waishi.visits.enums import ItemKind
from waishi.visits.models import ItineraryItem, Visit

if TYPE_CHECKING:
    from icalendar import Event

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# An item with no end shows as this long in a calendar.
DEFAULT_LENGTH = datetime.timedelta(hours=1)


def items_of(visit: Visit) -> QuerySet[ItineraryItem]:
    """The visit's itinerary in order, with its people."""
    people = Person.objects.order_by("name_zh", "family_name", "pk")
    return visit.items.prefetch_related(
        Prefetch("present", queryset=people),
        Prefetch("escorts", queryset=people),
        Prefetch("interpreters", queryset=people),
    ).order_by("starts_at", "pk")


def _both(label: StrOrPromise) -> tuple[str, str]:
    with translation.override("zh-hans"):
        zh = str(label)
    with translation.override("en"):
        en = str(label)
    return zh, en


def _names(people: Iterable[Person]) -> str:
    return "; ".join(person.display_name for person in people)


class ItemRow(TypedDict):
    """An item of a day of the itinerary, as the pages and the printed itinerary show it."""

    item: ItineraryItem
    starts: datetime.datetime
    ends: datetime.datetime | None
    kind_zh: str
    kind_en: str
    present: str
    escorts: str
    interpreters: str


class Day(TypedDict):
    day: datetime.date
    weekday_zh: str
    weekday_en: str
    rows: list[ItemRow]


def days_of(visit: Visit) -> list[Day]:
    """The itinerary by day, each item with its kind in both languages and its people."""
    days: dict[datetime.date, list[ItemRow]] = {}
    for item in items_of(visit):
        starts = timezone.localtime(item.starts_at)
        ends = timezone.localtime(item.ends_at) if item.ends_at else None
        kind_zh, kind_en = _both(ItemKind(item.kind).label)
        days.setdefault(starts.date(), []).append(
            {
                "item": item,
                "starts": starts,
                "ends": ends,
                "kind_zh": kind_zh,
                "kind_en": kind_en,
                "present": _names(item.present.all()),
                "escorts": _names(item.escorts.all()),
                "interpreters": _names(item.interpreters.all()),
            }
        )
    return [
        {
            "day": day,
            "weekday_zh": WEEKDAYS_ZH[day.weekday()],
            "weekday_en": WEEKDAYS_EN[day.weekday()],
            "rows": rows,
        }
        for day, rows in sorted(days.items())
    ]


def itinerary_pdf(visit: Visit) -> bytes:
    """The itinerary for the guests: bilingual, by day, with Chinese fonts."""
    guests = visit.guests.select_related("person").order_by("role", "pk")
    html = render_to_string(
        "visits/itinerary/itinerary_pdf.html",
        {
            "visit": visit,
            "guests": guests,
            "days": days_of(visit),
            "today": clock.today(),
            "home": {
                "name_zh": settings.HOME_INSTITUTION_NAME_ZH,
                "name_en": settings.HOME_INSTITUTION_NAME_EN,
                "office_zh": settings.OFFICE_NAME_ZH,
                "office_en": settings.OFFICE_NAME_EN,
                "phone": settings.OFFICE_PHONE,
            },
        },
    )
    return pdf_from_html(html)


def calendar_events(user: User, base_url: str) -> list[Event]:
    """The itinerary items the user takes part in, as iCalendar events (for their feed)."""
    from icalendar import Event

    from waishi.visits.queries import items_of_person_calendar

    host = base_url.rstrip("/")
    stamp = timezone.now()
    events = []
    for item in items_of_person_calendar(user).order_by("starts_at", "pk")[:2000]:
        event = Event()
        event.add("uid", f"visit-item-{item.pk}@waishi")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at or item.starts_at + DEFAULT_LENGTH)
        event.add("summary", f"{item.title} – {item.visit.title}")
        event.add("location", item.place)
        event.add("status", "CONFIRMED" if item.visit.status == "approved" else "TENTATIVE")
        event.add("url", host + item.visit.get_absolute_url())
        events.append(event)
    return events


def report_pdf(visit: Visit) -> bytes:
    """The reception report form (外宾接待经费呈报表) for reimbursement, in Chinese: the
    guests, the days, each cost item with its budget, actual cost and standard, the
    standards gone over with their reasons, the gifts, and room for the signatures."""
    from waishi.visits.standards import reception

    with translation.override("zh-hans"):
        found = reception(visit)
        html = render_to_string(
            "visits/report/report_pdf.html",
            {
                "visit": visit,
                "guests": visit.guests.select_related("person__nationality").order_by("role", "pk"),
                "reception": found,
                "gifts": visit.gifts.select_related("guest__person").order_by("given_on", "pk"),
                "costs": visit.costs.order_by("item", "spent_on", "pk"),
                "today": clock.today(),
                "home": {
                    "name_zh": settings.HOME_INSTITUTION_NAME_ZH,
                    "office_zh": settings.OFFICE_NAME_ZH,
                },
            },
        )
    return pdf_from_html(html)
