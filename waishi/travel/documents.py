"""Documents out of the travel app: the approval document (批件) as PDF, the iCalendar feed."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation

from waishi.core.models import User
from waishi.travel.models import Trip

if TYPE_CHECKING:
    from waishi.workflow.models import ApprovalStep


def approval_pdf(trip: Trip) -> bytes:
    """The 批件 in Chinese, with the delegation, destinations, dates and approval chain."""
    from weasyprint import HTML

    with translation.override("zh-hans"):
        html = render_to_string(
            "travel/trip/approval_pdf.html",
            {
                "trip": trip,
                "travellers": trip.travellers.select_related("person", "unit"),
                "destinations": trip.destinations.select_related("country", "institution"),
                "steps": _approved_steps(trip),
            },
        )
    return HTML(string=html).write_pdf()


def _approved_steps(trip: Trip) -> list[ApprovalStep]:
    """The steps of the last round of the trip's latest approval request."""
    from waishi.travel.approval import request_of

    request = request_of(trip)
    if request is None:
        return []
    return list(
        request.steps.filter(round=request.round)
        .select_related("decided_by", "unit")
        .order_by("order")
    )


def calendar_ics(user: User, base_url: str) -> bytes:
    """The user's trips (and approved trips, for the office) as all-day events, and the
    events later apps add for the user (`hooks.register_calendar`)."""
    from icalendar import Calendar, Event

    from waishi.travel.services import trips_of_calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Waishi//travel//")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Waishi trips")
    trips = trips_of_calendar(user).prefetch_related("destinations__country")
    for trip in trips:
        event = Event()
        event.add("uid", f"trip-{trip.pk}@waishi")
        places = ", ".join(f"{d.city} ({d.country.name})" for d in trip.destinations.all())
        event.add("summary", f"{trip.title} – {places}" if places else trip.title)
        event.add("dtstart", trip.departure)
        event.add("dtend", trip.return_date + datetime.timedelta(days=1))
        event.add(
            "status",
            "CONFIRMED"
            if trip.status in ("approved", "back", "reported", "closed")
            else "TENTATIVE",
        )
        event.add("url", base_url.rstrip("/") + trip.get_absolute_url())
        calendar.add_component(event)
    # What later apps add to the same feed (the itinerary of a visit one takes part in).
    from waishi.travel.hooks import calendar_events

    for event in calendar_events(user, base_url):
        calendar.add_component(event)
    return calendar.to_ical()
